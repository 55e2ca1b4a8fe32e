"""Table carriers in the line grammar: Markdown rows with or without the outer bars,
tab-separated rows, one cell a line ending in " |"; and lines that are never headings
(a table cell, a figure alone on its line)."""

import textwrap

import pytest

from perflint.document import Heading, Paragraph, Table
from perflint.parse import parse


def doc(text: str):
    return parse(textwrap.dedent(text).lstrip("\n"))


def tables(document) -> list[Table]:
    return [block for _, block in document.blocks() if isinstance(block, Table)]


def cells(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows if not row.is_rule]


def test_rows_without_outer_bars_are_a_table():
    document = doc(
        """
        一、项目资金
        资金来源 | 全年预算数 | 全年执行数
        --- | --- | ---
        年度资金总额 | 120.00 | 118.20 |
        其中：当年财政拨款 | 120.00 | 118.20
        """
    )
    [table] = tables(document)
    assert table.carrier == "pipes"
    assert cells(table) == [
        ["资金来源", "全年预算数", "全年执行数"],
        ["年度资金总额", "120.00", "118.20"],
        ["其中：当年财政拨款", "120.00", "118.20"],
    ]
    for row in table.rows:
        for cell in row.cells:
            assert document.text[cell.span[0] : cell.span[1]] == cell.text


def test_tab_separated_rows_are_a_table_with_empty_cells_kept():
    document = doc("一、项目资金\n年度资金总额\t80.00\t\t76.40\n\t数量指标\t3.5\t\n")
    [table] = tables(document)
    assert table.carrier == "tabs"
    assert cells(table) == [["年度资金总额", "80.00", "", "76.40"], ["", "数量指标", "3.5", ""]]
    span = table.rows[0].cells[3].span
    assert document.text[span[0] : span[1]] == "76.40"


def test_one_cell_a_line_is_a_table_of_cell_lines():
    document = doc(
        """
        报表编号:A-001 |
        |
        1.项目年度目标完成情况 |
        全年预算数 |
        37.24 |
        ||||
        """
    )
    [table] = tables(document)
    assert table.carrier == "cells"
    assert [texts for texts in cells(table) if any(texts)] == [["报表编号:A-001"], ["1.项目年度目标完成情况"], ["全年预算数"], ["37.24"]]
    assert document.sections == []  # "1.项目年度目标完成情况 |" is a cell, not a heading


@pytest.mark.parametrize(
    "line",
    ["1.1 项目概况\t10\t9.5", "（一）部门职能 | 10 | 9", "一、基本情况 | 20 | 20 |", "2.预算执行 |"],
)
def test_a_table_cell_is_never_a_heading(line):
    document = parse(f"某项目支出绩效自评表\n\n{line}\n{line}\n")
    assert document.sections == []
    assert len(tables(document)) == 1


def test_a_lone_tab_line_or_cell_line_is_text():
    document = doc(
        """
        一、情况
        单位：万元\t\t填报人：张三

        说明 |
        """
    )
    assert tables(document) == []
    assert [b.text for b in document.sections[0].blocks] == ["单位：万元\t\t填报人：张三", "说明 |"]


def test_tab_separated_header_field_lines_are_header_fields():
    document = doc(
        """
        2023年度项目支出绩效自评报告
        项目名称：乡村道路养护\t\t主管部门：某县交通运输局
        实施单位：某县公路中心\t\t填报日期：2024年3月1日

        一、基本情况
        """
    )
    assert [(f.name, f.value) for f in document.fields] == [
        ("项目名称", "乡村道路养护"),
        ("主管部门", "某县交通运输局"),
        ("实施单位", "某县公路中心"),
        ("填报日期", "2024年3月1日"),
    ]
    assert tables(document) == []


@pytest.mark.parametrize("figure", ["37.24", "0.00", "43.2", "8.80", "12.64", "３７．２４"])
def test_a_figure_alone_on_its_line_is_not_a_heading(figure):
    document = doc(
        f"""
        一、经费控制情况
        公用经费
        {figure}
        办公经费
        """
    )
    [section] = document.sections
    assert section.children == []
    assert figure in section.blocks[0].text


def test_a_short_decimal_over_a_figure_is_a_figure_too():
    document = doc(
        """
        一、得分情况
        9.5
        10
        """
    )
    [section] = document.sections
    assert section.children == []
    assert [b.text for b in section.blocks if isinstance(b, Paragraph)] == ["9.5", "10"]


@pytest.mark.parametrize(("number", "title"), [("1.1", "项目概况"), ("2.3", "绩效目标"), ("1.10", "其他"), ("3.2.1", "投入")])
def test_a_decimal_heading_number_alone_still_takes_the_next_line(number, title):
    document = doc(
        f"""
        一、基本情况
        {number}
        {title}
        正文。
        """
    )
    [child] = document.sections[0].children
    assert isinstance(child.heading, Heading)
    assert (child.heading.number, child.title) == (number, title)


@pytest.mark.parametrize("number", ["(50)", "（30）", "50.", "45、"])
def test_a_large_number_alone_is_not_a_heading(number):
    """ "(50)" under 产出指标 in a table flattened one cell a line is its points."""
    document = doc(
        f"""
        一、绩效指标
        产出指标
        {number}
        数量指标
        """
    )
    assert document.sections[0].children == []


@pytest.mark.parametrize("number", ["(3)", "（12）", "3.", "12、"])
def test_a_small_number_alone_still_takes_its_title(number):
    document = doc(
        f"""
        一、基本情况
        {number}
        资金投入
        正文。
        """
    )
    [child] = document.sections[0].children
    assert child.title == "资金投入"


def test_one_line_of_web_chrome_with_bars_is_text():
    document = doc("一、情况\n首页|新闻中心|政务公开|下载中心\n正文，内容。\n")
    assert tables(document) == []


def test_a_report_that_is_only_a_table_takes_its_title_from_a_cell():
    document = doc(
        """
        报表编号:A-001 |
        部门预算项目支出绩效自评表(2023年度) |
        项目名称 |
        某县乡村道路养护 |
        """
    )
    assert document.title is not None and document.title.text == "部门预算项目支出绩效自评表(2023年度)"
    assert document.text[document.title.span[0] : document.title.span[1]] == document.title.text
