"""The README's configuration, suppression, pre-commit and GitHub Actions examples are real."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import _PROFILES, _RULES, FIXTURES, ROOT
from test_cli import err, run


def block(language: str, containing: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for match in re.finditer(rf"```{language}\n(.*?)```", readme, re.S):
        if containing in match.group(1):
            return match.group(1)
    raise AssertionError(f"README has no ```{language} block containing {containing!r}")


def test_config_example_is_valid(tmp_path: Path):
    text = block("toml", "[rules.PF003]")
    (tmp_path / "perflint-base.toml").write_text("", encoding="utf-8")
    reports = tmp_path / "reports"
    (reports / "templates").mkdir(parents=True)
    shipped = (ROOT / "rules" / "gd-dept-overall.toml").read_text(encoding="utf-8")
    assert tomllib.loads(shipped)["id"] == "gd-dept-overall"
    (reports / "templates" / "city-dept.toml").write_text(shipped.replace('id = "gd-dept-overall"', 'id = "city-dept"'), encoding="utf-8")
    (reports / "perflint.toml").write_text(text, encoding="utf-8")
    (reports / "r.md").write_text((FIXTURES / "gd-dept-overall" / "numbering-skip.md").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run("--output-format", "concise", str(reports / "r.md"))
    assert err(proc) == ""
    assert " PF003 error " in proc.stdout.decode("utf-8")  # the severity override applied
    assert proc.returncode == 1


def test_config_error_example_is_what_perflint_prints(tmp_path: Path):
    expected = block("text", "unknown option").strip()
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "perflint.toml").write_text('[rules.PF306]\nspacing = "closed"\n', encoding="utf-8")
    (reports / "r.md").write_text((FIXTURES / "gd-dept-overall" / "clean.md").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run("reports", cwd=tmp_path)
    assert proc.returncode == 2
    assert err(proc).strip() == expected


def test_suppression_example_directives_parse():
    from perflint.engine import Linter
    from perflint.sources import source_from_text

    example = block("markdown", "perflint: disable-next-line")
    text = (FIXTURES / "gd-dept-overall" / "numbering-skip.md").read_text(encoding="utf-8")
    text = text.replace(
        "（四）部门整体支出绩效目标\n", example.split("\n（四）部门整体支出绩效目标\n")[0] + "\n（四）部门整体支出绩效目标\n", 1
    )
    result = Linter(_PROFILES, _RULES).lint(source_from_text(text, "r.md"))
    assert result.findings == []  # the PF003 is suppressed, and the directive is used


def test_precommit_example_is_a_valid_config(tmp_path: Path):
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit (a test dependency) is not installed")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block("yaml", "id: perflint"), encoding="utf-8")
    [repo] = clientlib.load_config(str(config))["repos"]
    assert repo["hooks"][0]["id"] == "perflint"


def test_github_actions_example_uses_real_options():
    yaml = pytest.importorskip("yaml", reason="PyYAML (installed with pre-commit) is not available")
    workflow = yaml.safe_load(block("yaml", "runs-on: ubuntu-latest"))
    commands = [step["run"] for step in workflow["jobs"]["reports"]["steps"] if "run" in step and step["run"].startswith("perflint ")]
    assert any("--output-format github" in c for c in commands)
    from perflint.cli import _check_parser

    for command in commands:
        _check_parser().parse_args(command.split()[1:])  # exits on an unknown option
