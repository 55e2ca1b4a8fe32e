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
from test_cli import err, out, run_here

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


WORD_TEXT = """\
2023年部门整体支出绩效自评报告
部门名称:广东省测试中心
| 年度资金总额 | 100 | 120.00% |
"""


def office_results() -> list[FileResult]:
    """A Word report (a finding in a paragraph, with a safe fix --fix will not make,
    and one in a table cell) and a PDF report (a finding on page 3)."""
    from perflint.origins import Origin, OriginMap

    word = source_from_text(WORD_TEXT, "reports/word.docx", "docx")
    table = word.text.index("| 年度资金总额")
    word.origins = OriginMap(
        [(0, Origin(paragraph=1)), (word.text.index("部门名称"), Origin(paragraph=3)), (table, Origin(table=1, row=2, cell=3))]
    )
    colon = word.text.index(":")
    rate = word.text.index("120.00%")
    pdf = source_from_text("2023年项目支出绩效自评报告\n（二）项目绩效目标\n", "reports/scan.pdf", "pdf")
    pdf.origins = OriginMap([(0, Origin(page=1)), (pdf.text.index("（二）"), Origin(page=3))])
    heading = pdf.text.index("（二）")
    return [
        FileResult(
            word.path,
            word,
            "gd-dept-overall",
            findings=[
                Finding(
                    "PF304",
                    "halfwidth-punctuation",
                    Severity.INFO,
                    "中文中使用了半角标点“:”，应为全角“：”",
                    (colon, colon + 1),
                    fix=Fix("safe", [Edit((colon, colon + 1), "：")], "改为全角"),
                ),
                Finding("PF405", "table-execution-rate", Severity.ERROR, "执行率 120.00% 与 执行数 ÷ 预算数 不符", (rate, rate + 7)),
            ],
        ),
        FileResult(
            pdf.path,
            pdf,
            "national-project",
            findings=[
                Finding("PF003", "heading-numbering", Severity.WARNING, "标题编号不连续：“（二）”之前缺少编号 1", (heading, heading + 3))
            ],
        ),
    ]


def fixed_results() -> list[FileResult]:
    """Five files: one with findings of every severity (a path with ',' and ':'), one
    clean, one unreadable, a Word and a PDF report (office_results)."""
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
        *office_results(),
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
    assert [r["ruleId"] for r in run_["results"]] == ["PF005", "PF003", "PF903", "PF304", "PF405", "PF003"]
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
    assert len(lines) == 7


# -- JUnit, json-lines ------------------------------------------------------------------------


def test_junit_is_well_formed_with_counts():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(formatter("junit")(fixed_results()[:3], RenderOptions()).encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "1", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reports/a,b:c.md", "reports/clean.md", "reports/broken.md"]
    assert suites[0].find("testcase/failure").get("message") == "表头字段“部门名称”未填写"


def _junit_cases(results: list[FileResult]) -> list[tuple[str, str]]:
    """(test case name, failure or passed) for each finding of a JUnit document."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(formatter("junit")(results, RenderOptions()).encode("utf-8"))
    return [(case.get("name"), "failure" if case.find("failure") is not None else "passed") for case in root.iter("testcase")]


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [("error", {"PF005"}), ("warning", {"PF005", "PF003"}), ("info", {"PF005", "PF003", "PF903"}), ("never", set())],
)
def test_junit_fails_exactly_the_findings_that_fail_the_run(fail_on: str, failing: set[str]):
    """Under the report's fail-on, a finding below it is a passing case that says what it
    found (system-out); the suite's failures count the others, as the exit status does."""
    from perflint.results import FileFacts

    [result] = fixed_results()[:1]
    result.facts = FileFacts(fail_on=fail_on)
    cases = _junit_cases([result])
    assert {name.split()[0] for name, state in cases if state == "failure"} == failing
    assert len(cases) == 3


def test_junit_from_the_command_line_agrees_with_the_exit_status(tmp_path: Path):
    """The README's case: a report with warnings only passes under the default fail-on,
    in the exit status and in the JUnit XML alike; with --fail-on warning it fails in both."""
    import xml.etree.ElementTree as ET

    report = FIXTURES / "gd-dept-overall" / "numbering-skip.md"  # one PF003 warning
    default = run_here("--output-format", "junit", str(report))
    assert default.returncode == 0
    root = ET.fromstring(default.stdout)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert "PF003 warning" in root.find("testsuite/testcase/system-out").text
    strict = run_here("--output-format", "junit", "--fail-on", "warning", str(report))
    assert strict.returncode == 1
    assert ET.fromstring(strict.stdout).get("failures") == "1"


# -- Word and PDF reports: where a finding is in the document ------------------------------


def test_concise_and_github_say_where_a_finding_is_in_the_document():
    concise = formatter("concise")(office_results(), RenderOptions()).splitlines()
    assert concise[:3] == [
        "reports/word.docx:2:5: PF304 info 中文中使用了半角标点“:”，应为全角“：”（段落 3）",
        "reports/word.docx:3:18: PF405 error 执行率 120.00% 与 执行数 ÷ 预算数 不符（表 1 第 2 行 第 3 格）",
        "reports/scan.pdf:2:1: PF003 warning 标题编号不连续：“（二）”之前缺少编号 1（第 3 页）",
    ]
    english = formatter("concise")(office_results(), RenderOptions(lang="en")).splitlines()
    assert english[1].endswith(" (table 1, row 2, cell 3)")
    github = formatter("github")(office_results(), RenderOptions()).splitlines()
    # No line of the extracted text: in a binary file it points nowhere.
    assert (
        github[2]
        == "::warning title=perflint PF003 (heading-numbering),file=reports/scan.pdf::PF003 标题编号不连续：“（二）”之前缺少编号 1（第 3 页）"
    )
    assert all("line=" not in line for line in github)


def test_sarif_gives_the_origin_as_a_logical_location_and_a_property():
    document = sarif(office_results())
    jsonschema.validate(document, SARIF_SCHEMA)
    results = document["runs"][0]["results"]
    assert [r["properties"]["origin"] for r in results] == [{"paragraph": 3}, {"table": 1, "row": 2, "cell": 3}, {"page": 3}]
    assert [r["locations"][0]["logicalLocations"] for r in results] == [
        [{"name": "段落 3", "fullyQualifiedName": "paragraph 3", "kind": "element"}],
        [{"name": "表 1 第 2 行 第 3 格", "fullyQualifiedName": "table 1, row 2, cell 3", "kind": "element"}],
        [{"name": "第 3 页", "fullyQualifiedName": "page 3"}],
    ]
    text_only = sarif(fixed_results()[:1])["runs"][0]["results"]
    assert all("logicalLocations" not in r["locations"][0] and "origin" not in r.get("properties", {}) for r in text_only)


def test_junit_says_where_a_finding_is_in_the_document():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(formatter("junit")(office_results(), RenderOptions()).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "执行率 120.00% 与 执行数 ÷ 预算数 不符（表 1 第 2 行 第 3 格）"
    assert all(case.get("line") is None for case in root.iter("testcase"))
    assert root.findall("testsuite")[1].find("testcase/system-out").text.endswith("（第 3 页）")


def test_office_findings_from_the_command_line_carry_their_origin():
    """The Word and PDF fixtures, linted for real: the origin reaches every format."""
    from officefiles import OFFICE

    files = [str(OFFICE / "numbering-skip.docx"), str(OFFICE / "numbering-skip.pdf")]
    concise = out(run_here("--output-format", "concise", *files)).splitlines()
    assert concise[0].endswith("编号 3（段落 12）") and concise[1].endswith("编号 3（第 1 页）")
    github = out(run_here("--output-format", "github", *files)).splitlines()
    assert github[0].endswith("（段落 12）") and "line=" not in github[0]
    [first, second] = json.loads(out(run_here("--output-format", "sarif", *files)))["runs"][0]["results"]
    assert (first["properties"]["origin"], second["properties"]["origin"]) == ({"paragraph": 12}, {"page": 1})


def test_json_lines_is_one_finding_per_line_with_its_filename():
    lines = formatter("json-lines")(fixed_results()[:3], RenderOptions()).splitlines()
    assert len(lines) == 3
    entries = [json.loads(line) for line in lines]
    assert {e["filename"] for e in entries} == {"reports/a,b:c.md"}
    assert entries[1]["fix"]["applicability"] == "safe"
    assert entries[1]["location"] == {"row": 8, "column": 1}


# -- statistics and output files ---------------------------------------------------------------


def test_statistics_text_and_json():
    results = fixed_results()[:3]
    results[0].findings.append(Finding("PF003", "heading-numbering", Severity.WARNING, "又一处", (0, 1)))
    assert (
        render_statistics(results, as_json=False)
        == "2\tPF003\theading-numbering\n1\tPF005\tmissing-header-field\n1\tPF903\tunused-suppression\n"
    )
    rows = json.loads(render_statistics(results, as_json=True))
    assert rows[0] == {"code": "PF003", "name": "heading-numbering", "count": 2, "fixable": False, "fixable_count": 1}


def test_statistics_do_not_count_fixes_of_word_and_pdf_reports_as_fixable():
    rows = json.loads(render_statistics(office_results(), as_json=True))
    assert {row["code"]: row["fixable_count"] for row in rows} == {"PF304": 0, "PF405": 0, "PF003": 0}


def test_statistics_and_output_file_from_the_command_line(tmp_path: Path):
    reports = [str(FIXTURES / "gd-dept-overall" / n) for n in ("missing-section.md", "missing-item.md", "numbering-skip.md")]
    proc = run_here("--statistics", *reports)
    assert proc.returncode == 1
    assert out(proc) == "2\tPF001\tmissing-section\n1\tPF003\theading-numbering\n"
    proc = run_here("--statistics", "--output-format", "json", *reports)
    assert [row["count"] for row in json.loads(out(proc))] == [2, 1]

    target = tmp_path / "out" / "perflint.sarif"
    proc = run_here("--output-format", "sarif", "--output-file", str(target), *reports)
    assert proc.returncode == 1 and out(proc) == "" and err(proc) == ""
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), SARIF_SCHEMA)


def test_unwritable_output_file_is_exit_two(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_here("-o", str(blocker / "sub" / "out.txt"), str(FIXTURES / "gd-dept-overall" / "clean.md"))
    assert proc.returncode == 2
    assert err(proc).startswith(f"perflint: error: {blocker / 'sub' / 'out.txt'}: cannot write output")
