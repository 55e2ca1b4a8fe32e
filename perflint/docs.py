"""Rule documentation from the one source: each rule's docstring, metadata and cases.

The docstring says what the rule checks and why; its Bad and Good examples are the
cases so marked in its case file (perflint.rule_cases), which the tests run, so no
example in the documentation can go stale. ``perflint rule CODE`` (text or JSON),
SARIF's ``rules[]`` and ``docs/rules.md`` are all generated here. Regenerate the
Markdown after changing a rule or its cases with ``python -m perflint.docs``; a test
keeps the committed file equal to the output.
"""

import inspect
import re
import typing
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from perflint.checks.base import Rule, all_rules
from perflint.options import attribute_docs
from perflint.profiles import default_rule_options
from perflint.rule_cases import Case, CaseFile, load_cases
from perflint.validation import kebab

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def explanation(rule: type[Rule]) -> str:
    """The docstring without its summary line, then the Bad and Good examples."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    _, _, body = doc.partition("\n")
    examples = examples_markdown(rule)
    return body.strip() + (f"\n\n{examples}" if examples else "")


def examples_markdown(rule: type[Rule]) -> str:
    """The rule's documented examples ("" for a rule without a case file)."""
    cases = load_cases(rule)
    return "" if cases is None else cases_markdown(cases)


def cases_markdown(cases: CaseFile) -> str:
    """The documented Bad and Good cases, and what ``--fix`` makes of the bad one."""
    bad, good = cases.bad, cases.good
    blocks = [_example("Bad", bad)]
    good_note = ""
    previous = bad.report
    for flags, fixed in (("--fix", bad.fixed), ("--fix --unsafe-fixes", bad.unsafe_fixed)):
        if fixed is None or fixed == previous:
            continue  # the flags change nothing more
        previous = fixed
        if fixed == good.report:
            good_note = f"This is what `perflint {flags}` makes of the bad example."
        else:
            blocks.append(f"**After `perflint {flags}`.**\n\n{_fenced(fixed)}")
    blocks.append(_example("Good", good, good_note))
    return "\n\n".join(blocks)


def _example(label: str, case: Case, extra: str = "") -> str:
    words = [f"**{label}.**"]
    words += [text for text in (extra, case.note) if text]
    if case.profile:
        words.append(f"(With `--profile {case.profile}`.)")
    return " ".join(words) + "\n\n" + _fenced(case.shown)


def _fenced(report: str) -> str:
    """A Markdown code block holding the report, its fence longer than any backtick run in it."""
    longest = max((len(run) for run in re.findall(r"`+", report)), default=0)
    fence = "`" * max(3, longest + 1)
    body = report.rstrip("\n")
    return f"{fence}markdown\n{body}\n{fence}"


def _type_name(value: Any) -> str:
    """A type as a TOML writer thinks of it: ``boolean``, ``array of strings``, ``"a" or "b"``."""
    origin = typing.get_origin(value)
    if origin is typing.Literal:
        return " or ".join(f'"{choice}"' for choice in typing.get_args(value))
    if origin in (tuple, list):
        return f"array of {_type_name(typing.get_args(value)[0])}s"
    return {bool: "boolean", int: "integer", Decimal: "number", str: "string"}.get(value, getattr(value, "__name__", str(value)))


def options_of(rule: type[Rule]) -> list[dict[str, Any]]:
    """A rule's options: name, type, default (rules/_defaults.toml's value, which a
    template may change) and help (the docstring under the field)."""
    if rule.Options is None:
        return []
    defaults = default_rule_options()[rule.code]
    docs = attribute_docs(rule.Options)
    hints = typing.get_type_hints(rule.Options)
    return [
        {
            "name": kebab(field.name),
            "type": _type_name(hints[field.name]),
            "default": _plain(getattr(defaults, field.name)),
            "help": docs.get(field.name, ""),
        }
        for field in fields(rule.Options)
    ]


def _plain(value: Any) -> Any:
    """An option's value as TOML and JSON write it."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def rule_json(rule: type[Rule]) -> dict[str, Any]:
    """One rule as ``perflint rule --output-format json`` prints it (ruff's keys where they fit)."""
    return {
        "name": rule.name,
        "code": rule.code,
        "linter": rule.family(),
        "summary": rule.summary(),
        "severity": rule.severity.value,
        "message_formats": [{"key": key, "zh": zh, "en": en} for key, (zh, en) in rule.messages.items()],
        "options": options_of(rule),
        "explanation": explanation(rule),
    }


def _options_text(rule: type[Rule]) -> str:
    if rule.Options is None:
        return ""
    lines = ["", "## Options", ""]
    for option in options_of(rule):
        default = _toml_value(option["default"])
        lines.append(f"- `{option['name']}` ({option['type']}, default `{default}`): {option['help']}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def rule_text(rule: type[Rule]) -> str:
    """One rule as ``perflint rule CODE`` prints it."""
    return (
        f"# {rule.name} ({rule.code})\n\n"
        f"{rule.summary()}\n\n"
        f"Family: {rule.family()}. Default severity: {rule.severity.value}.\n\n"
        f"{explanation(rule)}\n"
        f"{_options_text(rule)}"
    )


def rules_markdown(rules: list[type[Rule]] | None = None) -> str:
    """The whole of ``docs/rules.md``."""
    rules = rules if rules is not None else all_rules()
    out = [
        "# perflint rules",
        "",
        "<!-- Generated by `python -m perflint.docs` from each rule's docstring, metadata and case file. Do not edit. -->",
        "",
        "Select rules by code (`PF003`), prefix (`PF0`), name (`heading-numbering`) or `ALL`;",
        "see the README for configuration and suppression.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code}-{rule.name}".lower()
        out.append(f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.severity.value} | {rule.summary()} |")
    for rule in rules:
        out += [
            "",
            f"## {rule.code} {rule.name}",
            "",
            rule.summary(),
            "",
            f"Family: {rule.family()} · default severity: {rule.severity.value}",
            "",
        ]
        out.append(explanation(rule))
        if rule.Options is not None:
            out += ["", "| option | type | default | meaning |", "|---|---|---|---|"]
            for option in options_of(rule):
                out.append(f"| `{option['name']}` | {option['type']} | `{_toml_value(option['default'])}` | {option['help']} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    DOCS_PATH.parent.mkdir(exist_ok=True)
    DOCS_PATH.write_text(rules_markdown(), encoding="utf-8")
    print(f"wrote {DOCS_PATH}")
