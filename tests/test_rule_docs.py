"""Rule documentation: ``perflint rule`` and docs/rules.md, from one source."""

from __future__ import annotations

import json

from perflint.checks.base import all_rules
from perflint.docs import rules_markdown

from conftest import ROOT
from test_cli import err, out, run


def test_docs_rules_md_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), "run: python -m perflint.docs"


def test_docs_cover_every_rule_with_its_sections():
    text = rules_markdown()
    for rule in all_rules():
        assert f"## {rule.code} {rule.name}" in text
        assert f"](#{rule.code.lower()}-{rule.name})" in text


def test_rule_by_code_as_text():
    proc = run("rule", "PF003")
    assert proc.returncode == 0
    text = out(proc)
    assert text.startswith("# heading-numbering (PF003)\n\nHeading numbers skip or repeat within a level.\n")
    assert "Default severity: warning." in text
    assert "**What it checks.**" in text and "**Bad.**" in text
    assert "`check-start` (boolean, default `true`)" in text


def test_rule_by_name_as_json():
    proc = run("rule", "missing-section", "--output-format", "json")
    data = json.loads(out(proc))
    assert data["code"] == "PF001" and data["name"] == "missing-section"
    assert data["linter"] == "structure" and data["severity"] == "error"
    assert data["summary"] == "A section or item that the report template requires is missing."
    assert {m["key"] for m in data["message_formats"]} == {"top", "child"}
    assert data["explanation"].startswith("**What it checks.**")
    assert data["options"] == []


def test_rule_all_text_and_json():
    codes = [rule.code for rule in all_rules()]
    text = out(run("rule", "--all"))
    assert [line.split("(")[-1].rstrip(")") for line in text.splitlines() if line.startswith("# ")] == codes
    data = json.loads(out(run("rule", "--all", "--output-format", "json")))
    assert [entry["code"] for entry in data] == codes


def test_unknown_rule_is_exit_two():
    proc = run("rule", "PF999")
    assert proc.returncode == 2
    assert err(proc).strip() == "perflint: error: unknown rule 'PF999' (see 'perflint rule --all')"
    assert run("rule").returncode == 2
