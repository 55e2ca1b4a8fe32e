"""perflint on real published reports (tests/data/real/): every warning and error it
raises has been judged by a reviewer, true or false, and every true one stays found.

A new finding nobody judged fails the test: look at it in the report, and record it in
the report's .toml as a [[finding]] with verdict "true" (the report is wrong there,
checked with a calculator where it is about figures), "false" (a false alarm: then
better, fix the rule) or "cut" (about text the excerpt left out). scripts/corpus_report.py prints precision and recall.
"""

from pathlib import Path

import pytest

from real_corpus import compare, corpus_reports

ROOT = Path(__file__).resolve().parent / "data" / "real"
REPORTS = corpus_reports(ROOT)


@pytest.fixture(scope="module")
def workspace():
    from perflint.config import Overrides
    from perflint.workspace import Workspace

    return Workspace(Overrides(), None)


def test_the_corpus_is_large_enough():
    assert len(REPORTS) >= 40
    provinces = {report.meta["province"][:2] for report in REPORTS}
    assert len(provinces) >= 10


@pytest.mark.parametrize("report", REPORTS, ids=[report.path.stem for report in REPORTS])
def test_every_finding_on_a_real_report_is_judged(report, workspace):
    from perflint.sources import load_path

    linter, _ = workspace.linter_for(report.path)
    outcome = compare(report, linter.lint(load_path(report.path)))
    unjudged = [f'code = "{r.code}", at = {r.at!r}, line = {r.line}  # {r.message}' for r in outcome.unjudged]
    assert unjudged == [], "new findings to judge in " + report.path.with_suffix(".toml").name
    assert [(j.code, j.at, j.line) for j in outcome.lost] == [], "true findings no longer raised"
    assert [(j.code, j.at, j.line) for j in outcome.stale] == [], "false alarms no longer raised: delete their entries"


@pytest.mark.parametrize("report", REPORTS, ids=[report.path.stem for report in REPORTS])
def test_the_transfer_template_goes_to_the_transfer_outline_only(report, workspace):
    # A report the reviewer found on the transfer-payment outline gets its template,
    # unless perflint finds no title at all (then no template, by design); a report on
    # any other outline never gets it.
    from perflint.sources import load_path

    linter, _ = workspace.linter_for(report.path)
    result = linter.lint(load_path(report.path))
    if report.meta["outline"] == "national-transfer":
        assert result.profile == "national-transfer" or (result.profile is None and "未找到报告标题" in (result.profile_reason or "")), (
            result.profile_reason
        )
    else:
        assert result.profile != "national-transfer", result.profile_reason
