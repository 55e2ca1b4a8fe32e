"""The template format's JSON Schema and documentation are generated from the code and
kept in step with it; the shipped templates are valid by that schema."""

import json
import tomllib

import jsonschema
import pytest

from perflint.resources import resource_dir
from perflint.template_docs import DOCS_PATH, SCHEMA_PATH, markdown, schema_text

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
TEMPLATES = sorted(path for path in resource_dir("rules").glob("*.toml") if not path.name.startswith("_"))


def test_the_committed_schema_is_what_the_code_generates():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run python -m perflint.template_docs"


def test_the_committed_documentation_is_what_the_code_generates():
    assert DOCS_PATH.read_text(encoding="utf-8") == markdown(), "run python -m perflint.template_docs"


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.stem for path in TEMPLATES])
def test_every_shipped_template_is_valid_by_the_schema(path):
    jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize(
    "toml",
    [
        'name = "no id"\n',
        'id = "x"\nname = "x"\noutline-anywere = true\n',
        'id = "x"\nname = "x"\n[[sections]]\ntitle = "a section without its id"\n',
        'id = "x"\nname = "x"\n[rules.PF306]\nnumber-unit-spacing = "sideways"\n',
        'id = "x"\nname = "x"\n[rules.PF999]\nanything = 1\n',
        'id = "x"\nname = "x"\n[numbers]\ntotal-markers = "合计"\n',
    ],
)
def test_an_editor_is_told_what_is_wrong(toml):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(toml), SCHEMA)


def test_a_template_stating_only_how_it_differs_is_valid():
    jsonschema.validate(
        tomllib.loads('id = "x"\nname = "x"\nextends = "national-project"\n[content.conclusion]\nscore-max = 100\n'), SCHEMA
    )
    assert "numbers" in SCHEMA["properties"] and SCHEMA["properties"]["rules"]["properties"]["PF306"]["properties"]
