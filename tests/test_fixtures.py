"""Every report in fixtures/ against its golden ``*.expected.json``.

The golden file holds the profile and the findings exactly as the JSON output
gives them. After a deliberate change, regenerate with
``PERFLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_fixtures.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from perflint.engine import Linter
from perflint.output.json_output import report_dict
from perflint.sources import REPORT_SUFFIXES, load_path

from conftest import _PROFILES, _RULES, FIXTURES, ROOT

REPORTS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in REPORT_SUFFIXES)


def golden_path(report: Path) -> Path:
    return report.with_name(report.name + ".expected.json")


def actual(report: Path) -> dict:
    linter = Linter(_PROFILES, _RULES)
    result = linter.lint(load_path(report, display=report.relative_to(ROOT).as_posix()))
    entry = report_dict([result])["files"][0]
    return {"profile": entry["profile"], "findings": entry["findings"]}


@pytest.mark.parametrize("report", REPORTS, ids=[p.relative_to(FIXTURES).as_posix() for p in REPORTS])
def test_fixture_matches_golden(report: Path):
    got = actual(report)
    golden = golden_path(report)
    if os.environ.get("PERFLINT_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with PERFLINT_UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_every_golden_file_has_its_report():
    orphans = [p.name for p in FIXTURES.rglob("*.expected.json") if not p.with_name(p.name.removesuffix(".expected.json")).exists()]
    assert orphans == []


def test_clean_fixtures_have_no_error_or_warning():
    for report in REPORTS:
        if report.name.startswith("clean"):
            severities = {f["severity"] for f in actual(report)["findings"]}
            assert severities <= {"info"}, report.name


@pytest.mark.parametrize(
    ("name", "code", "needle"),
    [
        ("missing-section.md", "PF001", "上年度绩效自评整改情况"),
        ("missing-item.md", "PF001", "采购管理"),
        ("numbering-skip.md", "PF003", "（四）"),
        ("missing-dept-name.md", "PF005", "部门名称"),
        ("empty-dept-name.md", "PF005", "部门名称"),
        ("section-order.md", "PF002", "其他自评情况"),
        ("empty-section.md", "PF004", "其他自评情况"),
        ("numbers-wrong-share.md", "PF102", "41.98%"),
        ("numbers-parts-sum.md", "PF101", "1268.47万元"),
        ("numbers-shares-sum.md", "PF103", "103.00%"),
        ("numbers-wrong-rate.md", "PF104", "98.02%"),
        ("numbers-over-execution.md", "PF105", "296.63万元"),
        ("numbers-low-execution.md", "PF106", "85.00%"),
        ("numbers-unit-mixup.md", "PF107", "538.92元"),
        ("typography-latin-word.md", "PF302", "“and”"),
        ("typography-broken-paragraph.md", "PF303", "“、”"),
        ("content-impossible-date.md", "PF006", "2024年2月30日"),
        ("content-filed-early.md", "PF007", "2023年12月20日"),
        ("content-year-mismatch.md", "PF008", "2022 年"),
        ("content-template-text.md", "PF009", "（200字以内）"),
        ("content-missing-grade.md", "PF201", "自评结论"),
        ("content-invalid-grade.md", "PF202", "合格"),
        ("content-score-grade.md", "PF203", "良好"),
        ("content-two-scores.md", "PF205", "90.30分"),
        ("content-problem-no-measure.md", "PF206", "发现的问题及原因"),
        ("content-rectification-vague.md", "PF207", "上年度绩效自评整改情况"),
        ("content-rectification-unfinished.md", "PF208", "仍在整改"),
        ("content-count-list.md", "PF210", "4个内设机构"),
    ],
)
def test_each_variant_has_exactly_its_finding(name, code, needle):
    # The variants are clean.md with one change: beyond clean.md's own findings (an
    # info, PF209 on 服务对象总体满意), each must give exactly the one it was made for.
    baseline = {(f["code"], f["message"]) for f in actual(FIXTURES / "gd-dept-overall" / "clean.md")["findings"]}
    findings = [f for f in actual(FIXTURES / "gd-dept-overall" / name)["findings"] if (f["code"], f["message"]) not in baseline]
    assert [f["code"] for f in findings] == [code]
    assert needle in findings[0]["message"]


def test_nothing_to_rectify_stated_properly_adds_no_finding():
    baseline = actual(FIXTURES / "gd-dept-overall" / "clean.md")["findings"]
    assert actual(FIXTURES / "gd-dept-overall" / "content-nothing-to-rectify.md")["findings"] == baseline


def rectification_of(report: Path) -> str | None:
    linter = Linter(_PROFILES, _RULES)
    return linter.lint(load_path(report)).facts.rectification


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("content-rectification-vague.md", "not-stated"),
        ("content-rectification-unfinished.md", "in-progress"),
        ("content-nothing-to-rectify.md", "nothing-to-rectify"),
        ("missing-section.md", "not-stated"),
    ],
)
def test_rectification_status_of_the_variants(name, status):
    assert rectification_of(FIXTURES / "gd-dept-overall" / name) == status


def test_clean_fixtures_rectification_is_completed():
    # Only Guangdong's department template has a previous-year rectification section.
    clean = [report for report in REPORTS if report.name.startswith("clean") and report.parent.name in ("gd-dept-overall", "office")]
    assert clean and {report.name: rectification_of(report) for report in clean} == {report.name: "completed" for report in clean}
