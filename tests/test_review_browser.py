"""The html review page in a real browser: Debian's headless Chromium, driven by the
playwright package (its own browsers are never downloaded), opens the page that
``perflint --output-format html -o review.html`` writes for a folder of fixtures.

Locally these tests skip when Chromium or playwright is missing, saying which; in CI
(``CI`` set, as .ci/run runs) a missing browser is a failure, never a skip. The browser is
``$PERFLINT_CHROMIUM`` if set, else Debian's /usr/bin/chromium. The
screenshots of the summary and of one report are written under the test's output
folder; with ``PERFLINT_SCREENSHOTS=DIR`` they are also copied there (docs/ holds the
README's copies).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from test_cli import run_here

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REVIEW_DATA = ROOT / "tests" / "data" / "review"
HOSTILE_NAME = "报告 <b>&'\"x.md"  # a file name that is markup, quotes and an ampersand
VIEWPORT = {"width": 1400, "height": 1000}


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs chromium)", pytrace=False)
    pytest.skip(reason)


def _chromium() -> str:
    """The browser: $PERFLINT_CHROMIUM, or Debian's."""
    candidates = [os.environ["PERFLINT_CHROMIUM"]] if os.environ.get("PERFLINT_CHROMIUM") else list(CHROMIUM_CANDIDATES)
    found = next((path for path in candidates if os.access(path, os.X_OK)), None)
    if found is None:
        _unavailable("needs Debian's Chromium (apt-get install chromium); not found at " + ", ".join(candidates))
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The fixtures, the review data and a report with a hostile name, in one folder."""
    reports = tmp_path_factory.mktemp("review") / "reports"
    reports.mkdir()
    for path in sorted((FIXTURES / "gd-dept-overall").iterdir()):
        if path.suffix in (".md", ".txt"):
            shutil.copy(path, reports / path.name)
    for path in sorted((FIXTURES / "office").iterdir()):
        if path.suffix in (".docx", ".pdf"):
            shutil.copy(path, reports / path.name)
    shutil.copy(ROOT / "examples" / "dept-overall-2023.md", reports / "dept-overall-2023.md")  # the README's example: nine findings
    for path in sorted(REVIEW_DATA.glob("*.md")):
        shutil.copy(path, reports / (HOSTILE_NAME if path.name == "hostile-markup.md" else path.name))
    return reports


@pytest.fixture(scope="module")
def page_file(folder: Path) -> Path:
    target = folder.parent / "out" / "review.html"
    proc = run_here("--output-format", "html", "-o", str(target), folder.name, cwd=folder.parent)
    assert proc.returncode == 1, proc.stderr.decode()  # some fixtures have errors
    assert proc.stdout == b"" and target.stat().st_size > 0
    return target


@pytest.fixture(scope="module")
def facts(folder: Path) -> dict[str, dict]:
    """The JSON output of the same run, by file name."""
    proc = run_here("--output-format", "json", folder.name, cwd=folder.parent)
    return {Path(entry["filename"]).name: entry for entry in json.loads(proc.stdout.decode("utf-8"))["files"]}


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("needs the playwright package (pip install '.[test]')")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="perflint-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT, locale="zh-CN"
        )
        context.set_offline(True)  # the page must need nothing from the network
        try:
            yield context
        finally:
            context.close()


class Visit:
    """One page load, with what the page printed and asked for."""

    def __init__(self, context, path: Path) -> None:
        self.page = context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def visit(browser, page_file: Path):
    opened = Visit(browser, page_file)
    yield opened
    opened.close()


def rows(page) -> list[dict[str, str]]:
    """The summary's visible rows: each column's key → the cell's sort value and text."""
    return page.evaluate(
        """() => {
        const keys = Array.from(document.querySelectorAll('#summary-table thead th')).map(th => th.className.split(' ')[0].slice(2));
        return Array.from(document.querySelectorAll('#summary-table tbody tr')).filter(tr => !tr.hidden).map(tr => {
            const row = {};
            Array.from(tr.cells).forEach((cell, i) => { row[keys[i]] = cell.getAttribute('data-v'); row[keys[i] + ':text'] = cell.textContent.trim(); });
            return row;
        });
    }"""
    )


def test_the_page_loads_offline_with_no_console_error(visit: Visit):
    page = visit.page
    page.wait_for_load_state("load")
    assert visit.errors == [] and [m for m in visit.console if m[0] in ("error", "warning")] == []
    assert visit.requests == [visit.url]  # the page itself, nothing else: no font, script or image from anywhere
    assert visit.dialogs == []
    assert page.evaluate("() => window.pwned") is None  # the hostile report's markup never ran
    assert page.evaluate("() => document.scripts.length") == 1
    assert page.locator("img").count() == 0


def test_the_summary_has_one_row_per_report_with_the_numbers_of_the_json(visit: Visit, facts: dict[str, dict]):
    shown = rows(visit.page)
    assert len(shown) == len(facts) > 50
    for row in shown:
        entry = facts[Path(row["file"]).name]
        fact = entry["facts"]
        assert row["score"] == (fact["score"] or "")
        assert row["execution_rate"] == (fact["execution_rate"] or "")
        assert row["year"] == (str(fact["year"]) if fact["year"] is not None else "")
        assert row["grade:text"] == (fact["grade"] or "—")
        assert row["unit:text"] == (fact["unit"] or "—")
        assert row["template"] == (entry["profile"] or "")
        counts = [sum(1 for f in entry["findings"] if f["severity"] == severity) for severity in ("error", "warning", "info")]
        assert (
            [int(row[key]) for key in ("errors", "warnings", "infos")]
            == counts
            == [fact["counts"][s] for s in ("error", "warning", "info")]
        )
        assert row["result"] == {True: "pass", False: "fail", None: "not-checked"}[fact["passed"]]
    rates = {Path(row["file"]).name: row["execution_rate"] for row in shown}
    assert rates["dept-overall-rate.md"] == "97.42" and rates["dept-low-rate.md"] == "84.20" and rates["clean.md"] == ""


def test_sorting_by_score_orders_the_rows(visit: Visit):
    page = visit.page
    button = page.locator("#summary-table thead th.c-score button")
    button.click()
    scores = [row["score"] for row in rows(page)]
    stated = [score for score in scores if score]
    assert stated == sorted(stated, key=float) and len(set(stated)) > 3
    assert scores == stated + [""] * (len(scores) - len(stated))  # reports without a score last
    assert page.locator("#summary-table thead th.c-score").get_attribute("aria-sort") == "ascending"
    button.click()
    again = [row["score"] for row in rows(page) if row["score"]]
    assert again == sorted(stated, key=float, reverse=True)
    page.locator("#summary-table thead th.c-year button").press("Enter")  # the keyboard sorts too
    years = [row["year"] for row in rows(page) if row["year"]]
    assert years == sorted(years) and years[0] != years[-1]
    assert page.locator("#summary-table thead th.c-year").get_attribute("aria-sort") == "ascending"
    assert page.locator("#summary-table thead th.c-score").get_attribute("aria-sort") is None


def test_filters_by_rule_severity_template_and_result(visit: Visit, facts: dict[str, dict]):
    page = visit.page
    page.select_option("#f-rule", "PF001")
    with_rule = {name for name, entry in facts.items() if any(f["code"] == "PF001" for f in entry["findings"])}
    assert {Path(row["file"]).name for row in rows(page)} == with_rule and with_rule
    hidden_reports = page.evaluate("() => Array.from(document.querySelectorAll('article.report')).filter(a => a.hidden).length")
    assert hidden_reports == len(facts) - len(with_rule)
    assert page.locator("#shown").text_content() == f"显示 {len(with_rule)} / {len(facts)} 份报告"
    page.select_option("#f-rule", "")
    page.select_option("#f-severity", "info")
    with_infos = {name for name, entry in facts.items() if any(f["severity"] == "info" for f in entry["findings"])}
    assert {Path(row["file"]).name for row in rows(page)} == with_infos
    page.select_option("#f-severity", "")
    page.select_option("#f-result", "fail")
    failing = {name for name, entry in facts.items() if entry["facts"] and entry["facts"]["passed"] is False}
    assert {Path(row["file"]).name for row in rows(page)} == failing
    page.select_option("#f-result", "")
    page.select_option("#f-template", "gd-dept-overall")
    assert len(rows(page)) == sum(1 for entry in facts.values() if entry["profile"] == "gd-dept-overall")
    page.fill("#f-search", "气象")
    assert [Path(row["file"]).name for row in rows(page)] == ["dept-overall-rate.md"]
    page.click("#filters button[type=reset]")
    page.wait_for_function("() => document.querySelectorAll('#summary-table tbody tr[hidden]').length === 0")


def test_clicking_a_finding_brings_its_highlighted_span_into_view(visit: Visit):
    page = visit.page
    last = page.locator("article.report").filter(has=page.locator("a.jump")).last
    link = last.locator("a.jump").last
    target = link.get_attribute("href")[1:]
    severity = last.locator(".finding").last.get_attribute("class").split("s-")[1]
    message = last.locator(".finding .message").last.text_content()
    link.click()
    mark = page.locator(f"#{target} + mark, #{target} ~ mark").first
    box = page.evaluate(
        "id => { let n = document.getElementById(id).nextElementSibling; while (n.classList.contains('anchor')) n = n.nextElementSibling;"
        " const r = n.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: window.innerHeight, focused: document.activeElement === n,"
        " cls: n.className}; }",
        target,
    )
    assert 0 <= box["top"] and box["bottom"] <= box["height"], box
    assert box["focused"] and f"s-{severity}" in box["cls"]
    assert mark.is_visible()
    popover = page.locator("#popover")
    assert popover.is_visible() and message in popover.text_content()
    page.keyboard.press("Escape")
    assert popover.is_hidden()


def test_a_mark_opens_its_details_from_the_keyboard_and_shows_the_evidence(visit: Visit):
    page = visit.page
    marks = page.locator("mark.m.s-error[tabindex='0']")
    assert marks.count() > 0
    report = page.locator("article.report", has=page.locator("mark.m[tabindex='0'][title*='PF102']")).first
    mark = report.locator("mark.m[tabindex='0'][title*='PF102']").first
    assert "报告所写" in mark.get_attribute("title")  # hovering shows the message and the evidence
    mark.focus()
    page.keyboard.press("Enter")
    popover = page.locator("#popover")
    assert popover.is_visible()
    text = popover.text_content()
    assert "PF102" in text and "计算结果" in text and "运算数" in text
    assert page.evaluate("() => document.activeElement.classList.contains('close')")
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    assert page.evaluate("() => document.activeElement.tagName") == "MARK"  # focus goes back to the mark


def test_word_and_pdf_findings_say_where_they_came_from(visit: Visit):
    page = visit.page
    docx = page.locator("article.report", has=page.locator("h3", has_text="numbering-skip.docx"))
    assert "段落 12" in docx.locator(".finding .where").first.text_content()
    pdf = page.locator("article.report", has=page.locator("h3", has_text="numbering-skip.pdf"))
    assert "第 " in pdf.locator(".finding .where").first.text_content() and "页" in pdf.locator(".finding .where").first.text_content()
    assert "从 PDF 文件提取的文本" in pdf.locator("section.text h4").text_content()
    pages = pdf.locator("ol.source li[data-page]")  # where the printed PDF turns a page, in the text
    assert [pages.nth(i).get_attribute("data-page") for i in range(pages.count())] == ["1", "2", "3"]
    label = page.evaluate("li => getComputedStyle(li, '::before').content", pages.nth(1).element_handle())
    assert label == '"第 2 页"'  # drawn by the style, not part of the text


def test_report_text_and_names_render_as_text(visit: Visit):
    page = visit.page
    report = page.locator("article.report", has=page.locator("h3", has_text="报告 <b>&'\"x.md"))
    assert report.count() == 1
    assert report.locator(".facts dd").first.text_content() == "<script>window.pwned = 1</script>测试&amp;中心 \"甲\" '乙'"
    text = report.locator("ol.source").text_content()
    assert '<img src=x onerror="window.pwned = 2"> 本段包含 <b>标签</b>、&lt;实体&gt; 与 A&B 符号' in text
    assert report.locator("ol.source b, ol.source img, ol.source script").count() == 0


def test_chinese_text_is_drawn_in_a_chinese_font_of_the_stack(visit: Visit):
    page = visit.page
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip():
        _unavailable("needs a Chinese font (apt-get install fonts-noto-cjk)")
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]
    node = session.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": "ol.source li:nth-child(1)"})["nodeId"]
    fonts = [font["familyName"] for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    assert any("CJK" in name or "WenQuanYi" in name for name in fonts), fonts


def test_the_page_prints_each_report_on_its_own_pages(visit: Visit, tmp_path: Path):
    page = visit.page
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => ({
        filters: getComputedStyle(document.getElementById('filters')).display,
        breakBefore: getComputedStyle(document.querySelector('article.report')).breakBefore,
        sign: getComputedStyle(document.querySelector('.sign')).display,
        mark: getComputedStyle(document.querySelector('mark.m')).backgroundColor,
    })"""
    )
    assert style["filters"] == "none" and style["breakBefore"] == "page" and style["sign"] == "block"
    assert style["mark"] not in ("rgba(0, 0, 0, 0)", "transparent")
    pdf = tmp_path / "review.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages > page.locator("article.report").count()  # the summary, then every report from a new page
    page.emulate_media(media="screen")


def test_screenshots_of_the_summary_and_of_a_report(visit: Visit, tmp_path: Path):
    """For a person to look at (and, with PERFLINT_SCREENSHOTS=docs, the README's)."""
    page = visit.page
    errors = page.locator("#summary-table thead th.c-errors button")
    errors.click()
    errors.click()  # the reports with the most errors first, as a reviewer looks
    summary = tmp_path / "review-summary.png"
    page.screenshot(path=str(summary))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 1240})
    report_id = page.evaluate(
        "() => Array.from(document.querySelectorAll('article.report')).find(a => a.querySelector('h3').textContent.includes('dept-overall-2023.md')).id"
    )
    page.evaluate(f"document.getElementById('{report_id}').scrollIntoView()")
    page.locator(f"#{report_id} mark.m[title*='PF102']").first.click()  # its details open below it
    report = tmp_path / "review-report.png"
    page.screenshot(path=str(report))
    page.set_viewport_size(VIEWPORT)
    for shot in (summary, report):
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    print(f"screenshots: {summary} {report}", file=sys.stderr)
    copy_to = os.environ.get("PERFLINT_SCREENSHOTS")
    if copy_to:
        Path(copy_to).mkdir(parents=True, exist_ok=True)
        for shot in (summary, report):
            shutil.copy(shot, Path(copy_to) / shot.name)
