"""The README's configuration, suppression, pre-commit and GitHub Actions examples are real."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import _PROFILES, _RULES, FIXTURES, ROOT
from test_cli import err, out
from test_cli import run_here as run


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


def _section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    return readme[start : readme.index("\n## ", start + 1)]


def test_set_up_says_the_example_exits_1_on_purpose_and_shows_exit_zero():
    """The first command a new user runs fails a `set -e` script: the README says so next
    to it, and its --exit-zero command gives the same report with status 0."""
    section = _section("Set-up")
    first = section.index(".venv/bin/perflint examples/dept-overall-2023.md")
    note = section[first : first + 600]
    assert "exits with status 1, on purpose" in note and "set -e" in note
    [command] = re.findall(r"^\.venv/bin/(perflint --exit-zero \S+)$", section, re.M)
    words = command.split()[1:]
    report = run(*words)
    assert report.returncode == 0
    plain = run(*[word for word in words if word != "--exit-zero"])
    assert plain.returncode == 1 and plain.stdout == report.stdout


PF3_REPORT = (
    "2023年部门整体支出绩效自评报告\n\n一、部门基本情况\n\n（一）部门职能\n\n(二) 年度工作\n\n中心承担全省测试事务。。\n\n"
    "中心按照要求开展了全年的预算执行监控和绩效运行监控工作并形成分析报告上报主管部门\n\n经审核后予以公开。\n"
)
TYPO_REPORT = (
    "2023年部门整体支出绩效自评报告\n\n部门名称:广东省测试中心\n\n一、部门基本情况\n\n(一) 部门职能\n\n中心承担全省测试事务。。\n\n"
    "（二）年度总体工作和重点工作任务\n\n中心完成了采购管理、资产管理、\n\n运行成本管理等工作，资料 and 文书已归档。\n"
)


def _example(first_line: str) -> tuple[list[str], list[str]]:
    """A ```text block of the Fixes section starting with ``$ first_line``: its command's
    words and the lines it shows."""
    for text in re.findall(r"```text\n(.*?)```", _section("Fixes"), re.S):
        lines = text.splitlines()
        if lines[0].startswith(f"$ {first_line}"):
            return lines[0].removeprefix("$ ").split(), lines[1:]
    raise AssertionError(f"the Fixes section has no example of {first_line!r}")


def test_fixes_examples_are_what_perflint_prints(tmp_path: Path):
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / "r.md"
    report.write_text(PF3_REPORT, encoding="utf-8")
    command, shown = _example("perflint --output-format concise")
    assert out(run(*command[1:], cwd=tmp_path)).splitlines() == shown

    report.write_text(TYPO_REPORT, encoding="utf-8")
    command, shown = _example("perflint --fix --show-fixes")
    proc = run(*command[1 : command.index(">")], cwd=tmp_path)
    assert err(proc).splitlines() == shown

    from officefiles import minimal_docx, paragraph_xml

    word = tmp_path / "reports" / "r.docx"
    word.write_bytes(minimal_docx("".join(paragraph_xml(line) for line in TYPO_REPORT.splitlines() if line)))
    command, shown = _example("perflint --fix reports/r.docx")
    assert err(run(*command[1 : command.index(">")], cwd=tmp_path)).splitlines() == shown


def test_the_baseline_note_is_the_one_perflint_prints(tmp_path: Path):
    [said] = re.findall(r"`(perflint: the baseline \S+ hid \d+ findings)`", _section("Baseline"))
    assert re.fullmatch(r"perflint: the baseline perflint-baseline\.json hid \d+ findings", said)
    report = tmp_path / "r.md"
    report.write_text(TYPO_REPORT, encoding="utf-8")
    assert run("--write-baseline", "perflint-baseline.json", "r.md", cwd=tmp_path).returncode == 0
    proc = run("--baseline", "perflint-baseline.json", "r.md", cwd=tmp_path)
    assert re.fullmatch(said.replace("12", r"\d+").replace(".", r"\.") + "\n", err(proc))


def test_the_jobs_note_is_the_one_perflint_prints():
    [said] = re.findall(r"\(`(perflint: -j 1000: using 4\s+processes, 2 per CPU available \(2\))`\)", _section("Many files"))
    from perflint.cli import MAX_JOBS_PER_CPU

    assert " ".join(said.split()) == f"perflint: -j 1000: using {2 * MAX_JOBS_PER_CPU} processes, {MAX_JOBS_PER_CPU} per CPU available (2)"
