"""The template format, documented from the one source: the dataclasses that hold a
template (perflint.profiles and the vocabularies next to their facts) and the rules'
option declarations.

``perflint/schema/template.json`` is a JSON Schema of a template file, for editors
(Taplo / Even Better TOML read a ``#:schema`` line); ``docs/templates.md`` documents
every key. Regenerate both with ``python -m perflint.template_docs``; a test keeps the
committed files equal to what this module generates.
"""

import json
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from perflint.checks.base import all_rules
from perflint.options import attribute_docs
from perflint.profiles import Profile, ProfileSet
from perflint.validation import kebab

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "template.json"
DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "templates.md"

# Fields of Profile that are how perflint holds a template, not keys of its file.
_NOT_KEYS = frozenset({"source", "rule_options"})


def _dataclasses(root: type) -> dict[str, type]:
    """Every dataclass reachable from ``root`` through its fields, by name."""
    found: dict[str, type] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and is_dataclass(annotation):
            if annotation.__name__ in found:
                return
            found[annotation.__name__] = annotation
            for hint in typing.get_type_hints(annotation).values():
                visit(hint)
        for argument in typing.get_args(annotation):
            visit(argument)

    visit(root)
    return found


def _tables(root: type) -> set[str]:
    """The dataclasses a file writes as TOML tables (merged key by key over what the
    template extends, so no key of theirs is required), as opposed to array items."""
    tables: set[str] = set()

    def visit(cls: type) -> None:
        for name, hint in typing.get_type_hints(cls).items():
            if isinstance(hint, type) and is_dataclass(hint) and name not in _NOT_KEYS:
                tables.add(hint.__name__)
                visit(hint)

    visit(root)
    return tables


def schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    generated: dict[str, Any] = TypeAdapter(Profile).json_schema(by_alias=True)
    definitions = generated.setdefault("$defs", {})
    classes = _dataclasses(Profile)
    tables = _tables(Profile)
    for name, cls in classes.items():
        target = generated if cls is Profile else definitions.get(name)
        if target is None:
            continue
        docs = attribute_docs(cls)
        for field in fields(cls):
            key = kebab(field.name)
            if field.name in _NOT_KEYS:
                target["properties"].pop(key, None)
            elif key in target.get("properties", {}) and field.name in docs:
                target["properties"][key]["description"] = docs[field.name]
        if cls is not Profile and name in tables:
            target.pop("required", None)
    generated["required"] = ["id", "name"]
    generated["properties"]["rules"] = _rules_schema()
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    generated["$id"] = "https://perflint.invalid/schema/template.json"
    generated["title"] = "perflint report template (rules/*.toml)"
    generated["description"] = (
        "A report template: how it is recognised, what it requires, the vocabularies of its checks and its rules' options. "
        "A template that extends another states only how it differs. See docs/templates.md."
    )
    return generated


def _rules_schema() -> dict[str, Any]:
    """``[rules.CODE]`` (or ``[rules.name]``) tables: each rule's options."""
    from pydantic import TypeAdapter

    properties: dict[str, Any] = {}
    for rule in all_rules():
        if rule.Options is None:
            continue
        option_schema = TypeAdapter(rule.Options).json_schema(by_alias=True)
        option_schema.pop("required", None)
        option_schema.pop("title", None)
        docs = attribute_docs(rule.Options)
        for field in fields(rule.Options):
            if field.name in docs:
                option_schema["properties"][kebab(field.name)]["description"] = docs[field.name]
        option_schema["description"] = f"{rule.code} {rule.name}: {rule.summary()}"
        properties[rule.code] = option_schema
        properties[rule.name] = {"$ref": f"#/properties/rules/properties/{rule.code}"}
    return {
        "type": "object",
        "description": "Rule options under this template, by rule code or name (perflint rule CODE lists them).",
        "properties": properties,
        "additionalProperties": False,
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


# -- the Markdown documentation -------------------------------------------------------------

_INTRO = """\
# Report templates

A template (`rules/*.toml`, or a file of your own) describes one form of report: how
perflint recognises a report that follows it, the header fields and the outline it
requires, the vocabularies of its checks and its rules' options. This page is generated
from the code (`python -m perflint.template_docs`); `perflint profiles` lists the
templates perflint knows and how each is recognised, `perflint profiles show ID` prints
one with everything it inherits resolved.

## How a template is chosen

The title names the kind of report — 部门整体 / 单位整体 (`dept-overall`), 项目支出 /
专项资金 (`project`) — and whether it is a report or the self-evaluation table alone
(自评表 without 报告): that picks the national template of that kind and form (one that
extends no other; its `detect.title` words name the kind, the longest word found winning).
A template that extends it is chosen instead when the report shows at least
`detect.min-share` of what sets it apart: the top-level sections it adds to those it
extends, and its `detect.words` (a column such as 调整后预算数, a phrase of its form).
Without a kind in the title no template is chosen: PF901 says so and names the templates
the outline is close to. `--profile ID`, or `profile = "ID"` in the config, overrides all
of this. JSON output gives the reason in `profile_reason`; `full` output says it once per
file.

## Writing your own

A template states only how it differs from the one it `extends`: tables (`[numbers]`,
`[content]`, `[detect]`, `[rules.CODE]`) merge key by key, arrays (`sections`,
`header-fields`) replace the inherited ones whole. Load your templates with
`profile-paths = ["templates"]` (every `*.toml` of a folder) or
`extra-profiles = ["templates/mine.toml"]` in `perflint.toml`. A template with an error
stops the run with one line naming the file and the key. For completion and checking in
an editor, start the file with

```toml
#:schema https://perflint.invalid/schema/template.json
```

(or point your editor at `perflint/schema/template.json` of your installation).

```toml
id = "qh-dept-overall"
name = "青禾市部门整体支出绩效自评报告"
extends = "national-dept-overall"
outline-anywhere = false          # parts in this order, where the outline puts them

[detect]
words = ["青禾市财政局印发"]       # what sets this form apart, besides its own sections
min-share = 0.5

[[header-fields]]
name = "部门名称"

[[sections]]
id = "basic-info"
title = "部门基本情况"

[[sections]]
id = "conclusion"
title = "自评结论"

[[sections]]
id = "city-review"
title = "市级复核意见"

[rules.low-execution-rate]
low-execution-rate = 85
```

## Keys
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Literal:
        return " or ".join(f'`"{choice}"`' for choice in arguments)
    if origin in (tuple, list):
        item = arguments[0]
        if isinstance(item, type) and is_dataclass(item):
            return "array of tables"
        return f"array of {_type_name(item)}s"
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return " or ".join(_type_name(argument) for argument in arguments if argument is not type(None))
    if isinstance(annotation, type) and is_dataclass(annotation):
        return "table"
    names = {bool: "boolean", int: "integer", str: "string", dict: "table"}
    return names.get(annotation, "number" if getattr(annotation, "__name__", "") == "Decimal" else str(annotation))


def _paths(root: type) -> dict[str, str]:
    """Each dataclass's place in a template file, as TOML writes its header."""
    paths: dict[str, str] = {}

    def visit(cls: type, prefix: str) -> None:
        for name, hint in typing.get_type_hints(cls).items():
            if name in _NOT_KEYS:
                continue
            key = f"{prefix}{kebab(name)}"
            item = typing.get_args(hint)[0] if typing.get_origin(hint) in (tuple, list) and typing.get_args(hint) else None
            if isinstance(hint, type) and is_dataclass(hint) and hint.__name__ not in paths:
                paths[hint.__name__] = f"[{key}]"
                visit(hint, key + ".")
            elif isinstance(item, type) and is_dataclass(item) and item.__name__ not in paths:
                paths[item.__name__] = f"[[{key}]]"
                visit(item, key + ".")

    visit(root, "")
    return paths


def markdown() -> str:
    out = [_INTRO]
    classes = _dataclasses(Profile)
    tables = _tables(Profile)
    paths = _paths(Profile)
    for name, cls in classes.items():
        where = "the top level of the file" if cls is Profile else ("a table" if name in tables else "an item of an array of tables")
        out.append(f"### {paths.get(name, 'top level')}\n")
        doc = (cls.__doc__ or "").strip()
        if doc and not doc.startswith(f"{name}("):
            out.append(" ".join(doc.split()) + "\n")
        out.append(f"Keys of {where}:\n")
        out.append("| key | type | meaning |\n|---|---|---|")
        docs = attribute_docs(cls)
        hints = typing.get_type_hints(cls)
        for field in fields(cls):
            if field.name in _NOT_KEYS:
                continue
            meaning = docs.get(field.name, "").replace("|", "\\|")
            out.append(f"| `{kebab(field.name)}` | {_type_name(hints[field.name])} | {meaning} |")
        out.append("")
    out.append("### [rules.CODE]\n")
    out.append(
        "`[rules.CODE]` (or `[rules.rule-name]`) tables set the options of a rule under this template; "
        "[docs/rules.md](rules.md) lists every rule's options with its type, default and meaning.\n"
    )
    out.append("## The shipped templates\n")
    profiles = ProfileSet.load()
    from perflint.profiles_command import detected_by

    out.append("| id | name | kind | form | extends | recognised by |\n|---|---|---|---|---|---|")
    for profile in sorted(profiles, key=lambda p: [a.id for a in reversed(profiles.ancestors(p))] + [p.id]):
        out.append(
            f"| `{profile.id}` | {profile.name} | {profile.kind} | {profile.form} | {profile.extends or ''} | {detected_by(profile, profiles)} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    DOCS_PATH.write_text(markdown(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH} and {DOCS_PATH}")
