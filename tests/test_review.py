"""The reviewer's outputs without a browser: the csv facts table against the JSON
facts, the html page's escaping, self-containment and text view, how the command
line writes both, and the progress bar staying out of ``-o`` files.
(tests/test_review_browser.py opens the page in Chromium.)"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_batch import ManualClock, Terminal, lint_in_process, patch_lint

from perflint import progress
from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter, keeps_whole_text
from perflint.output.csv_columns import COLUMNS, RECTIFICATION_ZH
from perflint.output.html_text import Gap, Line, text_view
from perflint.results import Edit, Evidence, FileFacts, FileResult, Finding, Fix, Operand, Severity
from perflint.sources import Source, source_from_text

from conftest import FIXTURES, ROOT, lint_text
from test_cli import out
from test_cli import run as run_process
from test_cli import run_here as run

REVIEW = ROOT / "tests" / "data" / "review"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Every fixture and the review reports, and a file that cannot be read."""
    reports = tmp_path_factory.mktemp("csv") / "reports"
    shutil.copytree(FIXTURES, reports / "fixtures", ignore=shutil.ignore_patterns("*.json", "*.py", "*.toml"))
    shutil.copytree(REVIEW, reports / "review")
    (reports / "broken.md").write_bytes(b"\x00\x01binary")
    return reports


@pytest.fixture(scope="module")
def json_files(folder: Path) -> dict[str, dict]:
    proc = run("--output-format", "json", "reports", cwd=folder.parent)
    return {entry["filename"]: entry for entry in json.loads(out(proc))["files"]}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- csv ----------------------------------------------------------------------------------


def test_csv_opens_with_the_csv_module_and_matches_the_json_facts(folder: Path, json_files: dict[str, dict]):
    proc = run("--output-format", "csv", "--lang", "en", "reports", cwd=folder.parent)
    assert proc.returncode == 2  # broken.md could not be read
    data = proc.stdout
    assert data.split(b"\r\n")[0].decode("utf-8-sig").split(",") == [column.key for column in COLUMNS]
    rows = csv_rows(data)
    assert [row["file"] for row in rows] == list(json_files) and len(rows) > 50
    for row in rows:
        entry = json_files[row["file"]]
        facts = entry["facts"]
        if facts is None:
            assert row["result"] == "not-checked" and row["read_error"] == entry["error"] and row["errors"] == ""
            continue
        for key in ("unit", "kind", "score", "grade", "execution_rate", "rectification", "fail_on"):
            assert row[key] == (facts[key] or ""), (row["file"], key)
        assert row["year"] == (str(facts["year"]) if facts["year"] is not None else "")
        assert row["template"] == (entry["profile"] or "")
        assert [row["errors"], row["warnings"], row["infos"]] == [str(facts["counts"][s]) for s in ("error", "warning", "info")]
        assert row["result"] == ("pass" if facts["passed"] else "fail") and row["read_error"] == ""
        assert {key: value for key, value in row.items() if key.startswith("table_")} == first_table_columns(facts), row["file"]
    assert {row["execution_rate"] for row in rows} >= {"97.42", "84.20", ""}
    assert {row["table_form"] for row in rows} >= {"national", "sichuan", ""}
    assert {row["table_execution_rate"] for row in rows if row["table_count"] != "0"} - {""}  # the total rows' rates are read


def first_table_columns(facts: dict) -> dict[str, str]:
    """The csv's table columns as the JSON gives them: the first of ``facts.tables``."""
    keys = ("form", "unit", "initial_budget", "budget", "executed", "execution_rate", "indicators", "total_points", "total_score", "grade")
    if not facts["tables"]:
        return {"table_count": "0"} | {f"table_{key}": "" for key in keys}
    table = facts["tables"][0]
    total = next((row for row in table["funds"] if row["total"]), {})

    def figure(cell: dict | None) -> str:
        return "" if cell is None else cell["value"] if cell["value"] is not None else cell["text"]

    return {
        "table_count": str(len(facts["tables"])),
        "table_form": table["form"],
        "table_unit": table["unit"] or "",
        "table_initial_budget": figure(total.get("initial_budget")),
        "table_budget": figure(total.get("budget")),
        "table_executed": figure(total.get("executed")),
        "table_execution_rate": figure(total.get("rate")),
        "table_indicators": str(len(table["indicators"])),
        "table_total_points": figure(table["total_points"]),
        "table_total_score": figure(table["total_score"]),
        "table_grade": table["grade"]["text"] if table["grade"] else "",
    }


def test_csv_in_chinese_names_its_columns_and_values_for_the_spreadsheet(folder: Path, json_files: dict[str, dict]):
    target = folder.parent / "facts.csv"
    proc = run("--output-format", "csv", "-o", str(target), "reports", cwd=folder.parent)
    assert proc.stdout == b""
    data = target.read_bytes()
    assert data.count(b"\r\n") == len(json_files) + 1 and b"\r\r\n" not in data
    rows = {row["文件"]: row for row in csv_rows(data)}
    assert list(next(iter(rows.values()))) == [column.zh for column in COLUMNS]
    clean = rows["reports/fixtures/gd-dept-overall/clean.md"]
    assert (clean["单位"], clean["类型"], clean["得分"], clean["等级"], clean["整改情况"], clean["结论"]) == (
        "广东省水文资料整编中心",
        "部门整体支出",
        "92.30",
        "优",
        "已完成",
        "通过",
    )
    assert rows["reports/broken.md"]["结论"] == "未检查"
    sichuan = rows["reports/fixtures/sc-project/clean.md"]
    assert (sichuan["自评表数"], sichuan["自评表格式"], sichuan["自评表执行率(%)"]) == ("1", "四川省部门预算项目支出绩效自评表", "98.00")
    for name, row in rows.items():
        facts = json_files[name]["facts"]
        if facts is not None and facts["rectification"] is not None:
            assert row["整改情况"] == RECTIFICATION_ZH[facts["rectification"]]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted():
    source = source_from_text("2023年部门整体支出绩效自评报告\n", "=cmd|'/c calc'!A1.md")
    result = FileResult(source.path, source, None, facts=FileFacts(unit="+SUM(A1:A9)", score=None))
    row = next(csv.reader(io.StringIO(formatter("csv")([result], RenderOptions(lang="en")).removeprefix("\ufeff").splitlines()[1])))
    assert row[0] == "'=cmd|'/c calc'!A1.md" and row[1] == "'+SUM(A1:A9)"


# -- html: escaping, self-containment ----------------------------------------------------------

HOSTILE = "<script>alert('x')</script> & \"引号\" 'single' </mark></li>"


def hostile_result() -> FileResult:
    """A report whose name, text, message, evidence and fix are all markup, with lone
    surrogates (an undecodable file name, text built in-process)."""
    text = f"2023年部门整体支出绩效自评报告\n部门名称：{HOSTILE}\n正文 {HOSTILE} 结束\ud800\n"
    source = Source("报告<b>\udcff.md", text)
    start = text.index("正文") + 3
    span = (start, start + len(HOSTILE))
    finding = Finding(
        "PF102",
        "share-mismatch",
        Severity.ERROR,
        f"消息 {HOSTILE}",
        span,
        section=[f"一、{HOSTILE}"],
        evidence=Evidence(stated=HOSTILE, computed="1 < 2 & 3 > 2", operands=[Operand(HOSTILE, "<i>5</i>", span)]),
        fix=Fix("display-only", [Edit(span, '"><script>alert(1)</script>')], HOSTILE),
    )
    facts = FileFacts(unit=HOSTILE, kind="dept-overall", year=2023)
    return FileResult(source.path, source, "gd-dept-overall", findings=[finding], facts=facts)


class Page(HTMLParser):
    """The page's elements and text, as a browser's parser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_report_text_renders_as_text_whatever_it_holds():
    html = formatter("html")([hostile_result()], RenderOptions())
    html.encode("utf-8")  # lone surrogates were replaced: the page can be written
    page = Page(html)
    assert page.tags.count("script") == 1 and "i" not in page.tags and "b" not in page.tags
    text = "".join(page.text)
    assert text.count(HOSTILE) >= 5  # unit, text, message, evidence, operand, fix message: all as text
    assert '"><script>alert(1)</script>' in text and "1 < 2 & 3 > 2" in text
    assert "报告<b>\ufffd.md" in text and "结束\ufffd" in text
    assert "<script>alert(" not in html and "</mark></li>" not in html.replace("</mark></li>\n", "")
    titles = [value for name, value in page.attributes if name == "title" and value and "PF102" in value]
    assert titles and all(HOSTILE in title for title in titles)  # a mark's tooltip, unescaped back to text


def test_the_page_loads_nothing_and_runs_only_its_own_script():
    html = formatter("html")([hostile_result()], RenderOptions())
    policy = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)[1])
    assert policy.startswith("default-src 'none';")
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S)[1]
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy
    page = Page(html)
    links = [value for name, value in page.attributes if name in ("src", "href")]
    assert all(value.startswith("#") for value in links)  # only jumps inside the page
    assert "url(" not in html and "@import" not in html and "http://" not in html and "https://" not in html


def test_the_page_is_the_same_bytes_for_the_same_run():
    results = [lint_text((FIXTURES / "gd-dept-overall" / "numbers-wrong-share.md").read_text(encoding="utf-8"), dedent=False)]
    assert formatter("html")(results, RenderOptions()) == formatter("html")(results, RenderOptions())


def test_the_page_in_english():
    result = lint_text((FIXTURES / "gd-dept-overall" / "missing-section.md").read_text(encoding="utf-8"), dedent=False)
    html = formatter("html")([result], RenderOptions(lang="en"))
    assert '<html lang="en">' in html and "Execution rate (%)" in html and "department overall expenditure" in html
    assert "绩效自评报告审阅" not in html


def test_fonts_are_the_systems_chinese_fonts():
    css = (ROOT / "perflint" / "output" / "templates" / "review.css").read_text(encoding="utf-8")
    stack = re.search(r"--text: ([^;]+);", css)[1]
    for font in ("Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert f'"{font}"' in stack
    assert "@font-face" not in css and "@media print" in css


# -- html: the text view ---------------------------------------------------------------------


def finding(span: tuple[int, int], severity: Severity = Severity.ERROR) -> Finding:
    return Finding("PF001", "x", severity, "m", span)


def pieces(line: Line) -> list[tuple[str, tuple[int, ...], tuple[int, ...], str | None]]:
    return [(p.text, p.findings, p.anchors, p.severity) for p in line.pieces]


def test_overlapping_spans_are_cut_into_pieces_marked_by_the_most_severe():
    text = "一二三四五六"
    lines = text_view(text, [finding((1, 4), Severity.INFO), finding((2, 5), Severity.ERROR)])
    assert pieces(lines[0]) == [
        ("一", (), (), None),
        ("二", (0,), (0,), "info"),
        ("三四", (0, 1), (1,), "error"),
        ("五", (1,), (), "error"),
        ("六", (), (), None),
    ]


def test_a_span_across_lines_marks_each_line_and_is_anchored_once():
    text = "第一行\n第二行\n第三行"
    [first, second, third] = text_view(text, [finding((2, 9))])
    assert pieces(first) == [("第一", (), (), None), ("行", (0,), (0,), "error")]
    assert pieces(second) == [("第二行", (0,), (), "error")]
    assert pieces(third) == [("第", (0,), (), "error"), ("三行", (), (), None)]


def test_empty_spans_and_spans_over_line_ends_only_become_carets():
    text = "标题\n\n正文"
    lines = text_view(text, [finding((2, 2), Severity.WARNING), finding((2, 3), Severity.INFO), finding((len(text), len(text)))])
    assert [(p.text, p.caret, p.findings) for p in lines[0].pieces] == [("标题", False, ()), ("", True, (0,))]
    assert [(p.caret, p.findings) for p in lines[1].pieces] == [(True, (1,))]  # it covered the first line's end
    assert [(p.text, p.caret, p.findings) for p in lines[2].pieces] == [("正文", False, ()), ("", True, (2,))]
    anchored = sorted(index for line in lines for p in line.pieces for index in p.anchors)
    assert anchored == [0, 1, 2]  # every finding has exactly one place to jump to


def test_long_runs_of_empty_lines_fold_into_a_gap_keeping_the_line_numbers():
    text = "一\n\n二" + "\n" * 6 + "三"
    shown = text_view(text, [finding((len(text) - 1, len(text)))])
    assert [type(item).__name__ for item in shown] == ["Line", "Line", "Line", "Gap", "Line"]
    gap = shown[3]
    assert isinstance(gap, Gap) and (gap.first, gap.last, gap.count) == (4, 8, 5)
    assert isinstance(shown[4], Line) and shown[4].number == 9


# -- the command line --------------------------------------------------------------------------


def test_html_and_csv_are_whole_run_formats_that_keep_whole_texts():
    assert {"html", "csv"} <= set(OUTPUT_FORMATS)
    assert keeps_whole_text("html") and not keeps_whole_text("csv") and not keeps_whole_text("json")


def test_the_page_shows_every_line_of_each_report(tmp_path: Path):
    report = FIXTURES / "gd-dept-overall" / "numbering-skip.md"
    proc = run("--output-format", "html", str(report), str(FIXTURES / "gd-dept-overall" / "clean.md"))
    html = out(proc)
    page = "".join(Page(html).text)
    for line in report.read_text(encoding="utf-8").splitlines():
        assert line.strip() in page  # lines far from any finding too: the report as read


def test_a_report_over_the_whole_text_limit_shows_the_lines_of_its_findings(monkeypatch, tmp_path: Path):
    from perflint import batch

    monkeypatch.setattr(batch, "WHOLE_TEXT_LIMIT", 100)
    report = tmp_path / "r.md"
    shutil.copy(FIXTURES / "gd-dept-overall" / "numbering-skip.md", report)
    status, stdout, _ = lint_in_process("--output-format", "html", str(report))
    page = "".join(Page(stdout).text)
    assert status == 0 and "⋯ 第 24–96 行未显示 ⋯" in page  # the lines between two findings
    assert "中心同时承担全省水文年鉴" not in page  # a line with no finding was not kept


@pytest.mark.parametrize("output_format", ["html", "csv"])
def test_html_and_csv_are_utf8_whatever_stdouts_encoding(output_format: str):
    proc = run_process("--output-format", output_format, str(FIXTURES / "gd-dept-overall" / "clean.md"), PYTHONIOENCODING="gb18030")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")  # not GB18030
    assert "广东省水文资料整编中心" in text
    if output_format == "csv":
        assert proc.stdout.startswith(b"\xef\xbb\xbf") and text.count("\ufeff") == 1
    else:
        assert '<meta charset="utf-8">' in text and "\ufeff" not in text


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals (os.openpty)")
@pytest.mark.parametrize("output_format", ["html", "csv", "full"])
def test_progress_is_drawn_on_stderr_and_never_mixes_into_the_output_file(monkeypatch, tmp_path: Path, output_format: str):

    folder = tmp_path / "reports"
    folder.mkdir()
    for number, name in enumerate(["clean.md", "missing-section.md", "numbering-skip.md", "missing-item.md"] * 2):
        shutil.copy(FIXTURES / "gd-dept-overall" / name, folder / f"{number:02d}-{name}")
    quiet = tmp_path / f"quiet.{output_format}"
    lint_in_process("--output-format", output_format, "--no-progress", "-o", str(quiet), str(folder))

    terminal = Terminal()
    clock = ManualClock()
    monkeypatch.setattr(progress, "CLOCK", clock)
    patch_lint(monkeypatch, lambda source: clock.advance(0.2))  # 8 files: well over the one second the bar waits
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    target = tmp_path / f"review.{output_format}"
    lint_in_process("--output-format", output_format, "-o", str(target), str(folder), stderr=terminal.stream)
    drawn = terminal.close()
    assert "perflint" in drawn and "/8" in drawn  # the bar, on the terminal
    assert target.read_bytes() == quiet.read_bytes()  # and nothing of it in the file
    assert b"\x1b[" not in target.read_bytes()


def test_the_readme_documents_the_csv_columns_in_their_order_and_shows_the_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| column (`--lang en`) | header (default) | value |") :].split("\n\n")[0]
    documented = []
    for line in table.splitlines()[2:]:
        keys = re.findall(r"`([a-z_]+)`", line.split("|")[1])
        headers = [header.strip() for header in line.split("|")[2].split(",")]
        documented += list(zip(keys, headers))
    assert documented == [(column.key, column.zh) for column in COLUMNS]
    for shot in ("docs/review-summary.png", "docs/review-report.png"):
        assert f"]({shot})" in readme and (ROOT / shot).read_bytes().startswith(b"\x89PNG")


def test_the_charts_bin_scores_and_rates_and_mark_the_thresholds():
    from decimal import Decimal

    from perflint.output.html_charts import rate_chart, rules_chart, score_chart

    def result(score: str | None, rate: str | None, codes: tuple[str, ...] = ()) -> FileResult:
        facts = FileFacts(score=Decimal(score) if score else None, execution_rate=Decimal(rate) if rate else None)
        findings = [Finding(code, code.lower(), Severity.WARNING if code == "PF106" else Severity.ERROR, "m", (0, 0)) for code in codes]
        return FileResult("r.md", facts=facts, findings=findings)

    results = [
        result("59.5", "65", ("PF106",)),
        result("60", "89.99", ("PF106", "PF001")),
        result("89.99", "90"),
        result("90", "100", ("PF106",)),
        result("100", "103.72"),
        result(None, None),
    ]
    rates = rate_chart(results, "zh")
    assert {bar.label: bar.count for bar in rates.bars if bar.count} == {"<70": 1, "85–90": 1, "90–95": 1, "100": 1, ">100": 1}
    assert [bar.css for bar in rates.bars if bar.count] == ["r-low", "r-low", "r-ok", "r-ok", "r-over"]
    [threshold] = rates.markers
    boundary = next(bar for bar in rates.bars if bar.label == "90–95").x - 3  # between 85–90 and 90–95
    assert (threshold.label, threshold.x) == ("90%", boundary)
    assert rates.summary == "5 份报告写明了总体预算执行率，其中 2 份低于 90%"
    scores = score_chart(results, "zh")
    assert {bar.label: bar.count for bar in scores.bars if bar.count} == {"<60": 1, "60–65": 1, "85–90": 1, "90–95": 1, "≥95": 1}
    assert [marker.label for marker in scores.markers] == ["优 ≥90", "良 ≥80", "中 ≥60"]
    tallest = max(bar.height for bar in scores.bars)
    assert all(bar.height == tallest for bar in scores.bars if bar.count)  # one each: all as tall
    rules = rules_chart(results, "en")
    assert [(bar.rule, bar.count, bar.css) for bar in rules.bars] == [("PF106", 3, "s-warning"), ("PF001", 1, "s-error")]
    assert rules.bars[0].width > rules.bars[1].width
    empty = rate_chart([result(None, None)], "zh")
    assert empty.markers == [] and not any(bar.count for bar in empty.bars)


def test_a_status_in_the_evidence_is_named_as_the_summary_names_it():
    # PF207's evidence carries the JSON's key (not-stated); the page says 未说明, as its summary does.
    result = lint_text((ROOT / "examples" / "dept-overall-2023.md").read_text(encoding="utf-8"), dedent=False)
    [finding] = [f for f in result.findings if f.code == "PF207"]
    assert finding.evidence is not None and finding.evidence.stated == "not-stated"
    page = formatter("html")([result], RenderOptions())
    assert "报告所写: 未说明" in page and ": not-stated" not in page and "<dd>not-stated</dd>" not in page
    english = formatter("html")([result], RenderOptions(lang="en"))
    assert ": not-stated" in english
