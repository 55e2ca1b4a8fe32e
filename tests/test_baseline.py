"""Baselines: record today's findings, report only new ones, survive edits elsewhere."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from perflint.baseline import apply_baseline, write_baseline
from perflint.results import FileResult, Finding, Severity
from perflint.sources import source_from_text

from conftest import FIXTURES
from test_cli import err, out
from test_cli import run_here as run

OLD = ["missing-section.md", "missing-item.md", "numbering-skip.md", "section-order.md", "clean.md"]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder of old reports with findings of several rules."""
    folder = tmp_path / "reports" / "2023"
    folder.mkdir(parents=True)
    for name in OLD:
        shutil.copy(FIXTURES / "gd-dept-overall" / name, folder / name)
    return folder


def codes(proc) -> list[tuple[str, str]]:
    data = json.loads(out(proc))
    return [(Path(f["filename"]).name, finding["code"]) for f in data["files"] for finding in f["findings"]]


def write(reports: Path, baseline: Path) -> None:
    proc = run("--write-baseline", str(baseline), str(reports))
    assert proc.returncode == 0, err(proc)
    assert out(proc).startswith(f"perflint: recorded 4 findings from 5 files in {baseline}")


def test_baseline_hides_recorded_findings(reports: Path, tmp_path: Path):
    baseline = tmp_path / "perflint-baseline.json"
    assert run(str(reports)).returncode == 1
    write(reports, baseline)
    proc = run("--output-format", "json", "--baseline", str(baseline), str(reports))
    assert proc.returncode == 0, out(proc)
    assert codes(proc) == []
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["lang"] == "zh"
    assert sorted(data["files"]) == [f"reports/2023/{n}" for n in sorted(OLD) if n != "clean.md"]


def test_editing_elsewhere_does_not_resurrect_baselined_findings(reports: Path, tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    write(reports, baseline)
    skip = reports / "numbering-skip.md"
    text = skip.read_text(encoding="utf-8")
    # New paragraphs above the finding (its line number moves), a changed figure, a
    # re-worded paragraph elsewhere, and different spacing on the finding's own line.
    text = text.replace("（一）部门职能\n", "（一）部门职能\n\n补充说明：本年度新增职能 2 项。\n\n另起一段，说明机构改革情况。\n", 1)
    text = text.replace("1286.47万元", "1286.48万元").replace("整编成果合格率达到100%", "整编成果合格率达到99%")
    text = text.replace("（四）部门整体支出绩效目标", "（四） 部门整体支出绩效目标")
    skip.write_text(text, encoding="utf-8")
    missing = reports / "missing-section.md"
    missing.write_text(missing.read_text(encoding="utf-8").replace("部门职能", "部门职能与机构", 1) + "\n附件：无。\n", encoding="utf-8")
    proc = run("--output-format", "json", "--baseline", str(baseline), str(reports))
    assert codes(proc) == []
    assert proc.returncode == 0


def test_a_second_finding_of_the_same_rule_in_the_same_section_is_new(reports: Path, tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    write(reports, baseline)
    skip = reports / "numbering-skip.md"
    # （一）（二）（四）（五） had one skip; make it （一）（二）（四）（六): a second PF003 among the same siblings.
    skip.write_text(skip.read_text(encoding="utf-8").replace("（五）部门整体支出情况", "（六）部门整体支出情况", 1), encoding="utf-8")
    proc = run("--output-format", "json", "--baseline", str(baseline), str(reports))
    assert codes(proc) == [("numbering-skip.md", "PF003")]
    [finding] = [f for entry in json.loads(out(proc))["files"] for f in entry["findings"]]
    assert "（六）" in finding["message"]
    assert proc.returncode == 0  # a warning


def test_a_new_error_fails_the_run(reports: Path, tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    write(reports, baseline)
    clean = reports / "clean.md"
    clean.write_text(clean.read_text(encoding="utf-8").replace("四、上年度绩效自评整改情况", "四、其他说明"), encoding="utf-8")
    proc = run("--output-format", "json", "--baseline", str(baseline), str(reports))
    assert codes(proc) == [("clean.md", "PF001")]
    assert proc.returncode == 1


def test_baseline_works_from_another_directory(reports: Path, tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    write(reports, baseline)
    proc = run("--output-format", "json", "--baseline", "../baseline.json", "2023", cwd=reports.parent)
    assert proc.returncode == 0 and codes(proc) == []


def _result(lines: list[str], needle: str, times: int) -> FileResult:
    source = source_from_text("\n".join(lines) + "\n", "r.md")
    start = 0
    findings = []
    for _ in range(times):
        start = source.text.index(needle, start)
        findings.append(
            Finding("PF003", "heading-numbering", Severity.WARNING, "标题编号重复", (start, start + len(needle)), section=["一、基本情况"])
        )
        start += 1
    return FileResult("r.md", source, None, findings=findings)


def test_identical_findings_are_counted(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "b.json"
    lines = ["一、基本情况", "4. 绩效管理", "4. 绩效管理", "4. 绩效管理"]
    assert write_baseline([_result(lines, "4. 绩效管理", 1)], baseline, "zh") == 1
    later = _result(lines, "4. 绩效管理", 2)  # the same finding twice now: one is new
    assert apply_baseline([later], baseline, "zh") == 1
    assert len(later.findings) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("{not json", "not a perflint baseline (invalid JSON"),
        ('{"version": 1, "lang": "zh"}', "not a perflint baseline (files: Field required)"),
        ('{"version": 9, "lang": "zh", "files": {}}', "baseline version 9 is not supported"),
        ('{"version": 1, "lang": "en", "files": {}}', "baseline was written with --lang en"),
    ],
)
def test_bad_baseline_is_one_line_and_exit_two(tmp_path: Path, content, message):
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    proc = run("--baseline", str(baseline), str(FIXTURES / "gd-dept-overall" / "clean.md"))
    assert proc.returncode == 2
    [line] = err(proc).splitlines()
    assert line.startswith(f"perflint: error: {baseline}: ") and message in line
