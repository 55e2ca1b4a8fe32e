"""Merged table cells in Word and PDF: the value belongs to every row and column the
cell spans, and each copy maps back to the place it stands in."""

import pytest

from perflint.document import Table
from perflint.origins import Origin
from perflint.parse import parse
from perflint.readers.docx import read_docx
from perflint.readers.pdf import read_pdf

from officefiles import minimal_docx, paragraph_xml
from table_office import ABOVE, LEFT, docx_bytes, pdf_bytes

TITLE = "2023年度项目支出绩效自评表"
GRID = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "得分"],
    [ABOVE, "产出指标", "数量指标", "培训人次", "20", "20"],
    [ABOVE, ABOVE, ABOVE, "覆盖乡镇", "10", "9"],
    [ABOVE, "效益指标", "社会效益指标", "就业人数", "30", "30"],
    ["总分", LEFT, LEFT, LEFT, "100", "95"],
]
EXPECTED = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "得分"],
    ["绩效指标", "产出指标", "数量指标", "培训人次", "20", "20"],
    ["绩效指标", "产出指标", "数量指标", "覆盖乡镇", "10", "9"],
    ["绩效指标", "效益指标", "社会效益指标", "就业人数", "30", "30"],
    ["总分", "总分", "总分", "总分", "100", "95"],
]


def read(kind: str):
    if kind == "docx":
        return read_docx(docx_bytes([TITLE], GRID, ["以上为自评表。"]), "t.docx")
    return read_pdf(pdf_bytes([TITLE], GRID, ["以上为自评表。"]), "t.pdf")


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_merged_value_fills_every_row_and_column_it_spans(kind):
    source = read(kind)
    [table] = [block for _, block in parse(source.text).blocks() if isinstance(block, Table)]
    assert [[cell.text for cell in row.cells] for row in table.rows if not row.is_rule] == EXPECTED


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_each_copy_maps_to_the_row_it_stands_in(kind):
    source = read(kind)
    page = {"page": 1} if kind == "pdf" else {}
    row_three = source.text.splitlines()[5]  # title, blank, header, rule, row 2, row 3
    assert row_three.startswith("| 绩效指标 | 产出指标 | 数量指标 | 覆盖乡镇")
    start = source.text.index(row_three)
    copy = start + row_three.index("产出指标")
    assert source.origin_at(copy) == Origin(table=1, row=3, cell=2, **page)
    assert source.origin_at(start + row_three.index("9 |")) == Origin(table=1, row=3, cell=6, **page)


def test_a_word_row_with_columns_left_out_before_it_stays_on_the_grid():
    def cell(text: str) -> str:
        return f"<w:tc>{paragraph_xml(text)}</w:tc>"

    body = (
        "<w:tbl>"
        f"<w:tr>{cell('项目')}{cell('分值')}{cell('得分')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{cell("20")}{cell("18")}</w:tr>'
        "</w:tbl>"
    )
    text = read_docx(minimal_docx(body), "t.docx").text
    assert "|  | 20 | 18 |" in text.splitlines()
