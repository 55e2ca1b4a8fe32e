"""The text builder the Word and PDF readers share."""

from __future__ import annotations

from perflint.origins import Origin
from perflint.readers.extracted import TextBuilder


def test_a_table_is_a_block_with_a_delimiter_row_after_its_first_row_with_cells():
    builder = TextBuilder()
    builder.add_block("前言", Origin(paragraph=1))
    rows = [
        [],  # a row without cells leaves no line and does not take the delimiter
        [("项目", Origin(table=1, row=2, cell=1)), ("金额", Origin(table=1, row=2, cell=2))],
        [("合计", Origin(table=1, row=3, cell=1)), ("", None)],
    ]
    builder.add_table(rows, Origin(table=1))
    builder.add_block("结语", Origin(paragraph=2))
    source = builder.build("report.docx", "docx")
    assert source.text == "前言\n\n| 项目 | 金额 |\n| --- | --- |\n| 合计 |  |\n\n结语\n"
    assert source.origin_at(source.text.index("金额")) == Origin(table=1, row=2, cell=2)
    assert source.origin_at(source.text.index("---")) == Origin(table=1)
    assert source.origin_at(source.text.index("合计")) == Origin(table=1, row=3, cell=1)
