"""Every output format pinned byte for byte on one fixed set of results, plus what each
format promises: SARIF valid against the OASIS schema with edit-proof fingerprints,
GitHub annotations escaped as actions/toolkit escapes them, statistics, output files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter
from perflint.output.github import escape_data, escape_property
from perflint.output.statistics import render_statistics
from perflint.results import Edit, FileResult, Finding, Fix, Severity
from perflint.sources import source_from_text

from conftest import FIXTURES, ROOT
from test_cli import err, out, run

DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "output"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

REPORT = """\
2023年部门整体支出绩效自评报告
部门名称：
填报日期：2024年4月18日

一、部门基本情况
（一）部门职能
占总支出的 100% 以上。
（三）部门整体支出情况
"""


def fixed_results() -> list[FileResult]:
    """Three files: one with findings of every severity (a path with ',' and ':'), one
    clean, one unreadable."""
    source = source_from_text(REPORT, "reports/a,b:c.md")
    text = source.text

    def span(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return (start, start + len(needle))

    findings = [
        Finding("PF005", "missing-header-field", Severity.ERROR, "表头字段“部门名称”未填写", span("部门名称"), section=[]),
        Finding(
            "PF003",
            "heading-numbering",
            Severity.WARNING,
            "标题编号不连续：“（三）”之前缺少编号 2",
            span("（三）部门整体支出情况"),
            section=["一、部门基本情况", "（三）部门整体支出情况"],
            fix=Fix("safe", [Edit(span("（三）"), "（二）")], "改为（二）"),
        ),
        Finding(
            "PF903",
            "unused-suppression",
            Severity.INFO,
            "100% 的说明,\n第二行: 结束",
            span("100%"),
            section=["一、部门基本情况", "（一）部门职能"],
        ),
    ]
    clean = source_from_text("2023年部门整体支出绩效自评报告\n", "reports/clean.md")
    return [
        FileResult(source.path, source, "gd-dept-overall", findings=findings),
        FileResult(clean.path, clean, "gd-dept-overall"),
        FileResult("reports/broken.md", error="binary file (contains NUL bytes), not a text report"),
    ]


@pytest.mark.parametrize("name", OUTPUT_FORMATS)
def test_format_matches_golden_bytes(name: str):
    text = formatter(name)(fixed_results(), RenderOptions())
    golden = GOLDEN / f"{name}.golden"
    if os.environ.get("PERFLINT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert golden.exists(), f"no golden file {golden.name}; run with PERFLINT_UPDATE_GOLDEN=1 and review it"
    assert text.encode("utf-8") == golden.read_bytes()


# -- SARIF ------------------------------------------------------------------------------


def sarif(results: list[FileResult]) -> dict:
    return json.loads(formatter("sarif")(results, RenderOptions()))


def test_sarif_validates_against_the_oasis_schema():
    document = sarif(fixed_results())
    jsonschema.validate(document, SARIF_SCHEMA)
    run_ = document["runs"][0]
    assert document["version"] == "2.1.0"
    # What GitHub code scanning requires of each rule and result.
    for rule in run_["tool"]["driver"]["rules"]:
        assert rule["id"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    assert [r["ruleId"] for r in run_["results"]] == ["PF005", "PF003", "PF903"]
    for result in run_["results"]:
        assert result["message"]["text"]
        assert result["partialFingerprints"]["primaryLocationLineHash"]
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert run_["invocations"][0]["executionSuccessful"] is False  # broken.md


def test_sarif_of_every_fixture_validates():
    from perflint.engine import Linter
    from perflint.sources import load_path

    from conftest import _PROFILES, _RULES

    linter = Linter(_PROFILES, _RULES)
    results = [linter.lint(load_path(p, display=p.relative_to(ROOT).as_posix())) for p in sorted(FIXTURES.rglob("*.md"))]
    document = sarif(results)
    jsonschema.validate(document, SARIF_SCHEMA)
    assert document["runs"][0]["results"]
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is True


def _fingerprints_and_lines(text: str) -> list[tuple[str, int]]:
    from perflint.engine import Linter

    from conftest import _PROFILES, _RULES

    result = Linter(_PROFILES, _RULES).lint(source_from_text(text, "r.md"))
    return [
        (r["partialFingerprints"]["primaryLocationLineHash"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in sarif([result])["runs"][0]["results"]
    ]


def test_sarif_fingerprints_survive_edits_elsewhere():
    original = (FIXTURES / "gd-dept-overall" / "numbering-skip.md").read_text(encoding="utf-8")
    edited = original.replace("（一）部门职能\n", "（一）部门职能\n\n新增的一段说明文字，共 3 行。\n第二行。\n第三行。\n", 1)
    edited = edited.replace("所属下级预算单位数量：0", "所属下级预算单位数量：2")
    [(before, line_before)] = _fingerprints_and_lines(original)
    [(after, line_after)] = _fingerprints_and_lines(edited)
    assert line_after == line_before + 4
    assert after == before
    # A different violation gets a different fingerprint.
    other = original.replace("（四）部门整体支出绩效目标", "（一）部门整体支出绩效目标", 1)
    assert all(fp != before for fp, _ in _fingerprints_and_lines(other))


def test_sarif_uri_is_relative_to_the_working_directory(tmp_path: Path, monkeypatch):
    from perflint.output.sarif import artifact_location

    monkeypatch.chdir(tmp_path)
    assert artifact_location(str(tmp_path / "reports" / "a.md")) == {"uri": "reports/a.md", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("reports/a.md") == {"uri": "reports/a.md", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("/elsewhere/b.md")["uri"] == "file:///elsewhere/b.md"


# -- GitHub -------------------------------------------------------------------------------


def test_github_escaping_matches_actions_toolkit():
    # actions/toolkit packages/core/src/command.ts: escapeData and escapeProperty.
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert escape_data("%0A") == "%250A"  # % first, so escapes are not escaped twice


def test_github_annotation_with_comma_and_colon_in_the_path():
    lines = formatter("github")(fixed_results(), RenderOptions()).splitlines()
    assert lines[0] == (
        "::error title=perflint PF005 (missing-header-field),file=reports/a%2Cb%3Ac.md,line=2,col=1,endLine=2,endColumn=5"
        "::PF005 表头字段“部门名称”未填写"
    )
    assert lines[2].startswith("::notice ")
    assert lines[2].endswith("::PF903 100%25 的说明,%0A第二行: 结束")
    assert lines[3] == "::error title=perflint,file=reports/broken.md::binary file (contains NUL bytes), not a text report"
    assert len(lines) == 4


# -- JUnit, json-lines ------------------------------------------------------------------------


def test_junit_is_well_formed_with_counts():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(formatter("junit")(fixed_results(), RenderOptions()).encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "3", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reports/a,b:c.md", "reports/clean.md", "reports/broken.md"]
    assert suites[0].find("testcase/failure").get("message") == "表头字段“部门名称”未填写"


def test_json_lines_is_one_finding_per_line_with_its_filename():
    lines = formatter("json-lines")(fixed_results(), RenderOptions()).splitlines()
    assert len(lines) == 3
    entries = [json.loads(line) for line in lines]
    assert {e["filename"] for e in entries} == {"reports/a,b:c.md"}
    assert entries[1]["fix"]["applicability"] == "safe"
    assert entries[1]["location"] == {"row": 8, "column": 1}


# -- statistics and output files ---------------------------------------------------------------


def test_statistics_text_and_json():
    results = fixed_results()
    results[0].findings.append(Finding("PF003", "heading-numbering", Severity.WARNING, "又一处", (0, 1)))
    assert (
        render_statistics(results, as_json=False)
        == "2\tPF003\theading-numbering\n1\tPF005\tmissing-header-field\n1\tPF903\tunused-suppression\n"
    )
    rows = json.loads(render_statistics(results, as_json=True))
    assert rows[0] == {"code": "PF003", "name": "heading-numbering", "count": 2, "fixable": False, "fixable_count": 1}


def test_statistics_and_output_file_from_the_command_line(tmp_path: Path):
    reports = [str(FIXTURES / "gd-dept-overall" / n) for n in ("missing-section.md", "missing-item.md", "numbering-skip.md")]
    proc = run("--statistics", *reports)
    assert proc.returncode == 1
    assert out(proc) == "2\tPF001\tmissing-section\n1\tPF003\theading-numbering\n"
    proc = run("--statistics", "--output-format", "json", *reports)
    assert [row["count"] for row in json.loads(out(proc))] == [2, 1]

    target = tmp_path / "out" / "perflint.sarif"
    proc = run("--output-format", "sarif", "--output-file", str(target), *reports)
    assert proc.returncode == 1 and out(proc) == "" and err(proc) == ""
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), SARIF_SCHEMA)


def test_unwritable_output_file_is_exit_two(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run("-o", str(blocker / "sub" / "out.txt"), str(FIXTURES / "gd-dept-overall" / "clean.md"))
    assert proc.returncode == 2
    assert err(proc).startswith(f"perflint: error: {blocker / 'sub' / 'out.txt'}: cannot write output")
