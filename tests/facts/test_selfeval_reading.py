"""Reading the self-evaluation table into the typed model (perflint.selfeval)."""

from decimal import Decimal

import pytest

from perflint.parse import parse
from perflint.profiles import default_content, default_table
from perflint.readers.docx import read_docx
from perflint.readers.pdf import read_pdf
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.reading import read_tables
from perflint.selfeval.values import read_text

from national_table import NationalTable
from table_office import docx_bytes, pdf_bytes

GRADES = frozenset(default_content().conclusion.grade_words)


def tables_of(text: str) -> list[SelfEvaluationTable]:
    return read_tables(parse(text), default_table(), GRADES)


def summary(table: SelfEvaluationTable) -> dict:
    def text(value):
        return value.text if value is not None else None

    return {
        "funds": [
            (r.label.text, r.is_total, text(r.initial_budget), text(r.budget), text(r.executed), text(r.rate), text(r.score))
            for r in table.funds
        ],
        "indicators": [
            (i.category.name if i.category else "", i.level_two, i.name.text, text(i.target), text(i.actual), text(i.points), text(i.score))
            for i in table.indicators
        ],
        "total": (text(table.total.points), text(table.total.score)) if table.total else None,
        "grade": text(table.grade),
        "unit": table.unit,
    }


CLEAN = NationalTable()
EXPECTED = summary(tables_of(CLEAN.markdown())[0])


def test_the_markdown_table_reads_as_written():
    assert EXPECTED["funds"][0] == ("年度资金总额", True, "100.00", "120.00", "114.00", "95.00%", "9.5")
    assert [row[0] for row in EXPECTED["funds"][1:]] == ["其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert EXPECTED["indicators"][1] == ("产出指标", "数量指标", "配套健身器材套数", "≥36套", "30套", "10", "8.3")
    # 成本指标 under 产出指标 is a 二级指标, the merged 一级 and 二级 cells carried down.
    assert EXPECTED["indicators"][4][:3] == ("产出指标", "成本指标", "单个广场建设成本")
    assert EXPECTED["indicators"][7][:3] == ("满意度指标", "服务对象满意度指标", "群众满意度")
    assert EXPECTED["total"] == ("100", "97.8")
    assert EXPECTED["grade"] == "优"
    assert EXPECTED["unit"] == "万元"  # from the caption （单位：万元）


@pytest.mark.parametrize(
    "text",
    [CLEAN.markdown(outer_bars=False), CLEAN.tabs(), CLEAN.cell_lines()],
    ids=["no-outer-bars", "tabs", "one-cell-a-line"],
)
def test_every_text_carrier_reads_the_same(text):
    [table] = tables_of(text)
    assert summary(table) == EXPECTED
    assert table.complete


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_word_and_pdf_read_the_same(kind):
    before, grid, after = CLEAN.paragraphs_before(), CLEAN.grid(), CLEAN.after()
    if kind == "docx":
        source = read_docx(docx_bytes(before, grid, after), "t.docx")
    else:
        source = read_pdf(pdf_bytes(before, grid, after), "t.pdf")
    [table] = tables_of(source.text)
    assert summary(table) == EXPECTED


def test_each_value_keeps_its_span():
    text = CLEAN.markdown()
    [table] = tables_of(text)
    for row in table.funds:
        for value in (row.label, row.budget, row.executed, row.rate):
            assert value is not None and text[value.span[0] : value.span[1]] == value.text
    for indicator in table.indicators:
        for value in (indicator.name, indicator.target, indicator.points, indicator.score):
            assert value is not None and text[value.span[0] : value.span[1]] == value.text


@pytest.mark.parametrize(
    ("header", "caption", "cell", "unit", "source"),
    [
        ("项目资金（万元）", "", "120.00", "万元", "header"),
        ("项目资金", "（单位：元）", "1200000.00", "元", "caption"),
        ("项目资金", "", "120.00万元", "万元", "cells"),
        ("项目资金", "", "120.00", "", ""),
    ],
)
def test_the_unit_comes_from_header_caption_or_cells(header, caption, cell, unit, source):
    text = f"二、自评表\n\n{caption}\n\n| {header} | 全年预算数 | 全年执行数 | 执行率 |\n|---|---|---|---|\n| 年度资金总额 | {cell} | {cell} | 100% |\n"
    [table] = tables_of(text)
    assert (table.unit, table.unit_source) == (unit, source)


def test_tables_that_are_not_self_evaluation_tables_are_not_read():
    text = "| 项目 | 金额（万元） | 占比 |\n|---|---|---|\n| 基本支出 | 538.92 | 41.89% |\n| 项目支出 | 747.55 | 58.11% |\n"
    assert tables_of(text) == []


def test_a_header_mixed_with_data_is_not_a_header():
    """A scrambled copy: the two header rows joined with the first data row, but the
    second lacks the 指标性质 | 指标值 | 度量单位 that the rows fill, so an operator alone
    lands on 年度指标值 and a unit on 分值; no row is read, nor the table."""
    text = (
        "| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 一级指标 | 二级指标 | 三级指标 | 产出指标 | 数量指标 | 学生人数 | ≥ | 735 | 10 | 10 |\n"
        "| 质量指标 | 覆盖率 | ≥ | 100 | % | 100% | 10 | 10 |\n"
    )
    assert tables_of(text) == []


def test_a_sichuan_table_one_cell_a_line_is_rebuilt_into_rows():
    lines = [
        "预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因",
        "总额", "58.10", "61.20", "61.20", "100.00%", "10", "", "1.预算执行率=预算执行数/调整后预算数;2.其他资金包括:社会投入资金、银行贷款.",
        "其中:财政资金", "58.10", "61.20", "61.20", "100.00%", "/", "/",
        "其他资金", "", "", "", "", "/", "/",
        "绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析",
        "产出指标", "数量指标", "补贴发放覆盖率", "=", "100", "%", "", "60", "", "",
        "效益指标", "社会效益指标", "补贴足额率", "=", "100", "%", "", "30", "", "",
        "合计", "100", "", "",
        "评价结论", "项目按规定执行。",
    ]  # fmt: skip
    text = "部门预算项目支出绩效自评表(2023年度) |\n" + "".join(f"{cell} |\n" if cell else "|\n" for cell in lines)
    [table] = tables_of(text)
    assert table.form.id == "sichuan" and table.carrier == "cells"
    assert table.unit == "万元"  # from 年度预算数(万元), the block label before the header run
    assert [row.label.text for row in table.funds] == ["总额", "其中:财政资金", "其他资金"]  # the note is no row
    total = table.funds_total
    assert total is not None and (total.budget.text, total.executed.text, total.points.text) == ("61.20", "61.20", "10")
    assert total.score is not None and total.score.is_blank
    assert [(i.name.text, i.target_operator, i.target.text, i.unit_text, i.points.text) for i in table.indicators] == [
        ("补贴发放覆盖率", "=", "100", "%", "60"),
        ("补贴足额率", "=", "100", "%", "30"),
    ]
    assert table.total is not None and table.total.points.text == "100"


@pytest.mark.parametrize(
    ("text", "kind", "number", "unit", "operator"),
    [
        ("≥45处", "number", "45", "处", "≥"),
        ("≤6.8万元", "number", "6.8", "万元", "≤"),
        ("=100%", "number", "100", "%", "="),
        ("100%", "number", "100", "%", ""),
        ("不少于12种", "number", "12", "种", "≥"),
        ("95%以上", "number", "95", "%", "≥"),
        ("≧ 95", "number", "95", "", "≥"),
        ("３，１８９．１４", "number", "3189.14", "", ""),
        ("0.0900000762939453", "number", "0.0900000762939453", "", ""),
        ("2024年11月30日前", "date", None, "", "≤"),
        ("有效提升", "text", None, "", ""),
        ("7,00.0,77", "text", None, "", ""),
        ("—", "blank", None, "", ""),
        ("/", "blank", None, "", ""),
    ],
)
def test_a_cell_states_a_figure_a_date_words_or_nothing(text, kind, number, unit, operator):
    value = read_text(text, (0, len(text)), default_table().empty_keys)
    assert value.kind == kind
    assert value.number == (Decimal(number) if number else None)
    assert (value.unit, value.operator) == (unit, operator)


def test_two_tables_pasted_one_after_the_other_are_two_tables():
    """The tail of one project's table (indicators, 合计) and the head of the next (its
    funds) in one block: the second funds header starts another table."""
    text = (
        "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"
        "产出指标 | 数量指标 | 设备采购台数 | ≥ | 12 | 台 | 12 | 90 | 90 | |\n"
        "合计 | 100 | 99 |\n"
        "部门预算项目支出绩效自评表(2023年度) |\n"
        "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |\n"
        "总额 | 0.00 | 4.20 | 4.20 | 100.00% | 10 | 10 | |\n"
    )
    first, second = tables_of(text)
    assert [i.name.text for i in first.indicators] == ["设备采购台数"] and first.funds == []
    assert first.total is not None and (first.total.points.text, first.total.score.text) == ("100", "99")
    assert [r.label.text for r in second.funds] == ["总额"] and second.indicators == []
    assert first.span[1] <= second.span[0]


def test_a_table_cut_before_its_funds_is_not_summed():
    """Without the funds block the execution points are unknown: 90 under a 合计 of
    100 is no slip there."""
    from conftest import lint_text

    text = (
        "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"
        "产出指标 | 数量指标 | 设备采购台数 | ≥ | 12 | 台 | 12 | 60 | 60 | |\n"
        "效益指标 | 社会效益指标 | 服务人次 | ≥ | 300 | 人次 | 320 | 30 | 30 | |\n"
        "合计 | 100 | 100 |\n"
    )
    assert [f.code for f in lint_text(text, dedent=False).findings if f.code.startswith("PF4")] == []


DEPARTMENT_FUNDS = """2022年度部门整体支出绩效自评表

部门（单位）总体资金（万元） | 资金来源 | 年初预算数（A） | 全年执行数（B） | 分值（10分） | 得分 | 得分计算方法 | |
年度资金总额： | 512.40 | 530.12 | 10 | 10 | 执行率×该指标分值 | |
基本支出 | 402.40 | 380.02 |
10 | 9.44 | | |
项目支出 | 110.00 | 150.10 | 10 | 10 | | |
其他 | | | | | | |
"""


def test_a_department_funds_row_broken_over_two_lines_is_read_whole():
    table = tables_of(DEPARTMENT_FUNDS)[0]
    rows = [(r.label.text, r.is_total, r.initial_budget, r.executed, r.points, r.score) for r in table.funds]
    assert [(label, total) for label, total, *_ in rows] == [
        ("年度资金总额：", True),
        ("基本支出", False),
        ("项目支出", False),
        ("其他", False),
    ]
    basic = table.funds[1]
    assert (basic.initial_budget.text, basic.executed.text, basic.points.text, basic.score.text) == ("402.40", "380.02", "10", "9.44")
    assert table.funds[2].score.text == "10" and table.funds[3].is_remainder


def test_figures_without_a_label_after_a_full_row_are_no_part_of_it():
    text = DEPARTMENT_FUNDS.replace(
        "基本支出 | 402.40 | 380.02 |\n10 | 9.44 | | |", "基本支出 | 402.40 | 380.02 | 10 | 9.44 | | |\n10 | 9.44 | | |"
    )
    table = tables_of(text)[0]
    assert [r.label.text for r in table.funds] == ["年度资金总额：", "基本支出"]  # the stray figures end the block
