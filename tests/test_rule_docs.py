"""Rule documentation: ``perflint rule`` and docs/rules.md, from one source."""

from __future__ import annotations

import json

from perflint import docs
from perflint.checks.base import all_rules
from perflint.docs import cases_markdown, explanation, rules_markdown
from perflint.rule_cases import CaseFileError, load_cases, parse_cases
from perflint.rule_command import run_rule

from conftest import ROOT
from test_cli import err, out
from test_cli import run_here as run


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
    assert "## Options" not in text  # PF003 takes none


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


def test_each_rule_shows_its_documented_cases():
    for rule in all_rules():
        cases = load_cases(rule)
        text = explanation(rule)
        assert cases is not None
        bad, good = text.index("**Bad.**"), text.index("**Good.**")
        assert text.index(cases.bad.shown.rstrip("\n"), bad) < good < text.index(cases.good.shown.rstrip("\n"), good)
        assert text.count("**Bad.**") == text.count("**Good.**") == 1, "the docstring keeps no Bad/Good paragraph of its own"


CASES = """
[[case]]
name = "bad"
doc = "bad"
report = "甲,乙\\n"
raises = true
fixed = "甲，乙\\n"
unsafe-fixed = "甲，乙。\\n"

[[case]]
name = "good"
doc = "good"
note = "Full-width:"
report = "甲，乙。\\n"
raises = false
"""


def test_examples_show_the_fixes_that_the_good_example_does_not():
    text = cases_markdown(parse_cases(CASES))
    assert text == (
        "**Bad.**\n\n```markdown\n甲,乙\n```\n\n"
        "**After `perflint --fix`.**\n\n```markdown\n甲，乙\n```\n\n"
        "**Good.** This is what `perflint --fix --unsafe-fixes` makes of the bad example. Full-width:\n\n```markdown\n甲，乙。\n```"
    )
    same = cases_markdown(parse_cases(CASES.replace('unsafe-fixed = "甲，乙。\\n"', 'unsafe-fixed = "甲，乙\\n"')))
    assert "--unsafe-fixes" not in same and "**After `perflint --fix`.**" in same


def test_an_example_with_backticks_gets_a_longer_fence():
    text = cases_markdown(parse_cases(CASES.replace('report = "甲,乙\\n"', 'report = "执行 ```a,b``` 命令\\n"')))
    assert "````markdown\n执行 ```a,b``` 命令\n````" in text


def test_a_broken_case_file_is_one_line_and_exit_two(monkeypatch, capsys):
    def broken(rule):
        raise CaseFileError(f"{rule.code}.toml: invalid TOML")

    monkeypatch.setattr(docs, "load_cases", broken)
    assert run_rule(["PF003"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "perflint: error: PF003.toml: invalid TOML\n"


def test_the_readme_lists_every_rule_with_its_name_and_severity():
    import re

    from perflint.checks.base import all_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {m[1]: (m[2], m[3]) for m in re.finditer(r"^\| (PF\d{3}) \| ([a-z-]+) \| (\w+) \|", readme, re.M)}
    assert listed == {rule.code: (rule.name, rule.severity.value) for rule in all_rules()}
