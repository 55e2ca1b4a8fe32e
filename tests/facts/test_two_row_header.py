"""The indicator block's two-row header (Yunnan's 公开14表): 绩效指标 over 一级指标 …
三级指标 and 年度指标值 over 指标性质 | 指标值 | 度量单位 on the second row, read in
column order whether the two rows arrive as two or joined into one (a web copy that
lost the row breaks around the header too). Units, names and figures are invented."""

import pytest

from perflint.parse import parse
from perflint.profiles import default_content, default_table
from perflint.selfeval.reading import read_tables

from conftest import lint_text

GRADES = frozenset(default_content().conclusion.grade_words)
TITLE = "2023年度项目支出绩效自评表 农村学校校舍维修专项资金(某县第二小学)"
FUNDS = [
    ["项目资金 (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "48.50", "48.50", "48.50", "10", "100%", "10"],
]
GOAL = ["年度总体目标", "预期目标", "实际完成情况", "完成24间校舍维修,消除安全隐患", "完成24间校舍维修,消除安全隐患"]
ROW_ONE = ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
ROW_TWO = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
# Data rows as web copies give them: the merged 一级 cell on its first row only, the
# blank reason cells dropped.
DATA = [
    ["产出指标", "数量指标", "校舍维修间数", "≥", "24", "间", "24", "20", "20"],
    ["质量指标", "维修工程验收合格率", "=", "100", "%", "100%", "20", "20"],
    ["时效指标", "维修资金拨付及时率", "≥", "100", "%", "100%", "10", "6"],
    ["效益指标", "社会效益指标", "校舍安全隐患消除率", "=", "100", "%", "100%", "30", "30"],
    ["满意度指标", "服务对象满意度指标", "师生满意度", "≥", "90", "%", "96%", "10", "10"],
]
TOTAL = ["总分", "100", "96", "优"]
EXPECTED = [
    ("校舍维修间数", "≥", "24", "间", "24", "20", "20"),
    ("维修工程验收合格率", "=", "100", "%", "100%", "20", "20"),
    ("维修资金拨付及时率", "≥", "100", "%", "100%", "10", "6"),
    ("校舍安全隐患消除率", "=", "100", "%", "100%", "30", "30"),
    ("师生满意度", "≥", "90", "%", "96%", "10", "10"),
]


def pipes(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def joined() -> str:
    """The goal block, both header rows and the first data row on one line."""
    return pipes([*FUNDS, [*GOAL, *ROW_ONE, *ROW_TWO, *DATA[0]], *DATA[1:], TOTAL])


def header_line() -> str:
    """Both header rows on one line of their own."""
    return pipes([*FUNDS, GOAL, [*ROW_ONE, *ROW_TWO], *DATA, TOTAL])


def two_lines() -> str:
    """The two header rows as two rows, the vertically merged cells given once."""
    return pipes([*FUNDS, GOAL, ROW_ONE, ROW_TWO, *DATA, TOTAL])


def cell_lines() -> str:
    """One cell a line, each ending " |"."""
    rows = [*FUNDS, GOAL, ROW_ONE, ROW_TWO, *DATA, TOTAL]
    return "\n".join(f"{cell} |" for cells in rows for cell in cells)


def spaces() -> str:
    """Flattened into the text: the whole table on one line, a space between cells."""
    return " ".join(cell for cells in [*FUNDS, GOAL, ROW_ONE, ROW_TWO, *DATA, TOTAL] for cell in cells)


def report(table: str) -> str:
    return f"{TITLE}\n\n{table}\n"


def read(table: str):
    [found] = read_tables(parse(report(table)), default_table(), GRADES)
    return found


LAYOUTS = [joined, header_line, two_lines, cell_lines, spaces]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.__name__ for layout in LAYOUTS])
def test_the_two_row_header_puts_the_cells_on_their_columns(layout):
    table = read(layout())
    assert [
        (i.name.text, i.operator.text, i.target.text, i.unit.text, i.actual.text, i.points.text, i.score.text) for i in table.indicators
    ] == EXPECTED
    assert [i.category.name for i in table.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    # (Blank reason cells vanish from a text flattened with spaces: not claimed there.)
    assert table.indicator_columns >= {"operator", "target", "unit", "actual", "points", "score"}
    assert table.total is not None and (table.total.points.text, table.total.score.text) == ("100", "96")
    assert table.complete


def test_the_cells_joined_before_and_after_the_header_are_rows_of_their_own():
    table = read(joined())
    assert table.goal is not None and table.goal.goal.text == GOAL[3]
    assert [row.label.text for row in table.funds] == ["年度资金总额"]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.__name__ for layout in LAYOUTS])
def test_a_met_target_deducted_under_a_joined_header_is_found(layout):
    result = lint_text(report(layout()), dedent=False)
    codes = [(f.code, result.source.text[f.span[0] : f.span[1]]) for f in result.findings if f.code.startswith("PF4")]
    assert codes == [("PF408", "6")]


def test_a_consistent_table_under_the_joined_header_raises_nothing():
    text = joined().replace("| 10 | 6 |", "| 10 | 10 |").replace("| 100 | 96 | 优 |", "| 100 | 100 | 优 |")
    assert [f.code for f in lint_text(report(text), dedent=False).findings if f.code.startswith("PF4")] == []


def test_a_heading_with_its_columns_right_after_it_is_left_as_it_is():
    """The national form: 绩效指标 merged down its block, 一级指标 … in the same row."""
    text = pipes([["绩效指标", *ROW_TWO, "实际完成值", "分值", "得分"], ["", *DATA[0][:-1], "20"]])
    [table] = read_tables(parse(report(text)), default_table(), GRADES)
    [indicator] = table.indicators
    assert (indicator.name.text, indicator.target.text, indicator.score.text) == ("校舍维修间数", "24", "20")
