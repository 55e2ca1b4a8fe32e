from __future__ import annotations

import json

import jsonschema
import pytest

from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter
from perflint.output.json_model import SCHEMA_PATH, schema_text
from perflint.results import Evidence, FileResult, Finding, Operand, Severity
from perflint.sources import REPORT_SUFFIXES, load_path, source_from_text
from perflint.text import display_width

from conftest import FIXTURES, lint_text


def test_committed_schema_is_generated_from_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m perflint.output.json_model"


def test_json_output_of_every_fixture_validates_against_the_schema():
    from perflint.engine import Linter

    from conftest import _PROFILES, _RULES

    linter = Linter(_PROFILES, _RULES)
    results = [linter.lint(load_path(p)) for p in sorted(FIXTURES.rglob("*")) if p.suffix in REPORT_SUFFIXES]
    results.append(FileResult("broken.md", error="binary file (contains NUL bytes), not a text report"))
    document = json.loads(formatter("json")(results, RenderOptions()))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert document["version"] == 1
    assert document["files"][-1] == {
        "filename": "broken.md",
        "profile": None,
        "profile_reason": None,
        "profile_candidates": [],
        "error": "binary file (contains NUL bytes), not a text report",
        "findings": [],
        "facts": None,
    }


def test_json_evidence_and_fix_shapes_validate():
    from perflint.results import Edit, Fix

    source = source_from_text("第一行\n占总支出的25.57%。\n", "r.md")
    start = source.text.index("25.57%")
    finding = Finding(
        "PF102",
        "share-mismatch",
        Severity.ERROR,
        "占比不符",
        (start, start + 6),
        section=["一、部门基本情况"],
        evidence=Evidence(
            stated="25.57%",
            computed="22.57%",
            interval=["22.565", "22.575"],
            operands=[Operand("基本支出", "719.75", (0, 3))],
        ),
        fix=Fix("display-only", [Edit((start, start + 6), "22.57%")], "改为 22.57%"),
    )
    document = json.loads(formatter("json")([FileResult("r.md", source, None, findings=[finding])], RenderOptions()))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    entry = document["files"][0]["findings"][0]
    assert entry["location"] == {"row": 2, "column": 6}
    assert entry["end_location"] == {"row": 2, "column": 12}
    assert entry["evidence"]["operands"] == [{"label": "基本支出", "text": "719.75", "location": {"row": 1, "column": 1}}]
    assert entry["fix"]["edits"][0]["content"] == "22.57%"


def _one_finding(text: str, needle: str) -> FileResult:
    source = source_from_text(text, "r.md")
    start = source.text.index(needle)
    finding = Finding("PF003", "heading-numbering", Severity.WARNING, "消息", (start, start + len(needle)))
    return FileResult("r.md", source, None, findings=[finding])


def test_full_format_aligns_the_underline_by_display_width():
    result = _one_finding("（一）部门职能 abc 目标词 其后\n", "目标词")
    lines = formatter("full")([result], RenderOptions()).splitlines()
    source_line, marks = lines[2], lines[3]
    assert source_line == "1 | （一）部门职能 abc 目标词 其后"
    caret_start = marks.index("^")
    assert caret_start == len("1 | ") + display_width("（一）部门职能 abc ")
    assert marks[caret_start:] == "^" * 6


def test_full_format_windows_long_lines_around_the_span():
    text = "甲" * 300 + "目标" + "乙" * 300 + "\n"
    result = _one_finding(text, "目标")
    lines = formatter("full")([result], RenderOptions()).splitlines()
    shown = lines[2]
    assert "目标" in shown and shown.startswith("1 | …") and shown.endswith("…")
    assert display_width(shown) <= 110
    assert lines[3].index("^") == display_width(shown[: shown.index("目标")])


def test_full_format_with_an_empty_span_at_the_end_of_the_text():
    source = source_from_text("标题", "r.md")
    finding = Finding("PF901", "profile-not-detected", Severity.INFO, "消息", (2, 2))
    text = formatter("full")([FileResult("r.md", source, None, findings=[finding])], RenderOptions())
    assert "r.md:1:3: PF901 info 消息" in text


@pytest.mark.parametrize("name", OUTPUT_FORMATS)
def test_every_format_handles_an_empty_run(name):
    assert isinstance(formatter(name)([], RenderOptions()), str)


def test_english_summary():
    result = lint_text("2023年部门整体支出绩效自评报告\n")
    text = formatter("concise")([result], RenderOptions(lang="en"))
    assert text.splitlines()[-1].startswith("Found ")


def test_plain_json_output_is_exactly_what_the_models_describe():
    """The JSON is built without pydantic for speed; the models must read it back unchanged."""
    from perflint.engine import Linter
    from perflint.output.json_model import Report
    from perflint.output.json_output import report_dict

    from conftest import _PROFILES, _RULES

    linter = Linter(_PROFILES, _RULES)
    reports = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt", ".docx", ".pdf"))
    results = [linter.lint(load_path(p)) for p in reports]
    results.append(FileResult("broken.md", error="binary file (contains NUL bytes), not a text report"))
    plain = report_dict(results)
    assert any(f["evidence"] for entry in plain["files"] for f in entry["findings"])
    assert any(f["origin"] for entry in plain["files"] for f in entry["findings"])
    assert Report.model_validate(plain).model_dump(mode="json") == plain
