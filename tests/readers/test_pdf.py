"""PDF reports: paragraphs rejoined across layout breaks, running headers and page
numbers dropped, tables as rows, pages in the origin map, clear errors otherwise."""

from __future__ import annotations

import pytest

from perflint.origins import Origin
from perflint.parse import parse
from perflint.readers.pdf import read_pdf
from perflint.sources import LoadError, load_path

from officefiles import OFFICE, PdfText, draw_pdf, wrap

TITLE = "2023年部门整体支出绩效自评报告"
FIRST = "本中心主要承担全省水文监测资料的收集、审查、整编和汇交工作，负责全省水文数据库的建设、运行和维护，为防汛抗旱提供基础数据服务。"
SECOND = "全年完成资料整编任务，整编成果经复审全部合格。"
THIRD = "2023年中心财政性实际支出合计1286.47万元，其中基本支出538.92万元，占总支出的41.89%；项目支出747.55万元，占总支出的58.11%。"


def three_pages() -> list[list[PdfText]]:
    """A report laid out on three pages, with a running header and page numbers in three styles."""
    page1 = [PdfText("广东省水文资料整编中心", 40, x=230, size=10), PdfText(TITLE, 90, size=16), PdfText("一、部门基本情况", 130)]
    page1 += wrap(FIRST, top=150)
    page1 += [PdfText("（一）部门职能", 230)]
    page1 += wrap(SECOND, top=250)
    page1 += wrap(THIRD[:72], top=290)  # this paragraph runs on to the next page
    page1 += [PdfText("第 1 页", 810, x=280, size=9)]
    page2 = [PdfText("广东省水文资料整编中心", 40, x=230, size=10)]
    page2 += wrap(THIRD[72:], first_indent=False, top=80)
    page2 += [PdfText("（二）年度重点工作", 140), PdfText("按时完成年度整编。", 160, x=96), PdfText("- 2 -", 810, x=285, size=9)]
    page3 = [
        PdfText("广东省水文资料整编中心", 40, x=230, size=10),
        PdfText("二、绩效自评情况", 80),
        PdfText("自评等级为优秀。", 100, x=96),
        PdfText("3", 810, x=295, size=9),
    ]
    return [page1, page2, page3]


def test_layout_breaks_are_rejoined_and_margins_dropped():
    source = read_pdf(draw_pdf(three_pages()), "r.pdf")
    assert source.text.split("\n\n") == [
        TITLE,
        "一、部门基本情况",
        FIRST,
        "（一）部门职能",
        SECOND,
        THIRD,
        "（二）年度重点工作",
        "按时完成年度整编。",
        "二、绩效自评情况",
        "自评等级为优秀。\n",
    ]
    assert "广东省水文资料整编中心" not in source.text  # the running header
    assert "页" not in source.text and "- 2 -" not in source.text


def test_every_line_maps_to_its_page():
    source = read_pdf(draw_pdf(three_pages()), "r.pdf")
    assert source.origin_at(source.text.index("一、部门基本情况")) == Origin(page=1)
    start = source.text.index(THIRD)
    assert source.origin_at(start) == Origin(page=1)
    assert source.origin_at(start + 71) == Origin(page=1)
    assert source.origin_at(start + 72) == Origin(page=2)  # the paragraph's tail is on page 2
    assert source.origin_at(source.text.index("自评等级")) == Origin(page=3)


def test_a_full_line_before_a_heading_is_not_joined_to_it():
    body = "本中心承担全省水文资料整编工作" * 10
    lines = [PdfText(TITLE, 60, size=16)] + wrap(body[:72], top=100) + [PdfText("（二）年度重点工作", 136, x=72)]
    # The paragraph's last line is full (35 + 37 characters) yet the heading starts afresh.
    text = read_pdf(draw_pdf([lines]), "r.pdf").text
    assert text.endswith("\n\n（二）年度重点工作\n")


def test_a_lone_page_has_its_number_dropped_but_its_header_kept():
    lines = [
        PdfText("广东省水文资料整编中心", 40, x=230, size=10),
        PdfText(TITLE, 90, size=16),
        PdfText("正文一段。", 130),
        PdfText("1", 810, x=295, size=9),
    ]
    text = read_pdf(draw_pdf([lines]), "r.pdf").text
    assert text == f"广东省水文资料整编中心\n\n{TITLE}\n\n正文一段。\n"  # nothing repeats on one page


def test_ruled_tables_become_table_rows():
    rows = [["项目", "金额（万元）", "占比"], ["基本支出", "538.92", "41.89%"], ["项目支出", "747.55", "58.11%"]]
    lines = [PdfText(TITLE, 60, size=16), PdfText("（四）部门整体支出情况", 100)]
    source = read_pdf(draw_pdf([lines], tables={0: rows}), "r.pdf")
    assert "| 基本支出 | 538.92 | 41.89% |" in source.text.splitlines()
    assert source.origin_at(source.text.index("747.55")) == Origin(page=1, table=1, row=3, cell=2)
    tables = [b for _, b in parse(source.text).blocks() if hasattr(b, "rows")]
    assert [[c.text for c in r.cells] for r in tables[0].rows if not r.is_rule] == rows


def test_word_exported_pdf_reads_like_its_docx():
    pdf = load_path(OFFICE / "clean-markdown.pdf")
    docx = load_path(OFFICE / "clean-markdown.docx")
    assert pdf.text == docx.text


def test_a_scanned_pdf_is_an_error_that_says_so():
    with pytest.raises(LoadError, match=r"no text layer.*2 pages.*OCR"):
        read_pdf(draw_pdf([[], []], images_only=True), "scan.pdf")


LATIN = [
    PdfText("Performance self-evaluation report 2023", 60, font="Helvetica"),
    PdfText("Budget executed in full.", 100, font="Helvetica"),
]


def test_a_pdf_that_needs_a_password_is_an_error():
    with pytest.raises(LoadError, match="encrypted PDF"):
        read_pdf(draw_pdf([LATIN], user_password="secret"), "locked.pdf")


def test_a_pdf_restricted_only_by_an_owner_password_is_read():
    # Many published reports forbid editing but open without a password.
    text = read_pdf(draw_pdf([LATIN], user_password=""), "restricted.pdf").text
    assert text == "Performance self-evaluation report 2023\n\nBudget executed in full.\n"


def test_glyphs_without_characters_are_an_error():
    # reportlab's encrypted CID fonts lose their character mapping for pdfminer: all "(cid:N)".
    with pytest.raises(LoadError, match="no ToUnicode"):
        read_pdf(draw_pdf([[PdfText(TITLE, 60)]], user_password=""), "cid.pdf")


def test_overprinted_fake_bold_is_read_once():
    # Some writers embolden by printing each line twice, a fraction of a point apart.
    lines = [PdfText(TITLE, 60, size=16), PdfText(TITLE, 60.2, x=72.3, size=16), PdfText("正文一段。", 100)]
    assert read_pdf(draw_pdf([lines]), "bold.pdf").text == f"{TITLE}\n\n正文一段。\n"
