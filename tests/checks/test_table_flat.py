"""PF4xx on self-evaluation tables flattened into text (perflint.selfeval.flat).

The national table of our own writing (national_table), printed as web pages print a
rendered .xls or .pdf (flat_table): on one line, a row a line, one cell a paragraph.
The clean table gives no finding in any shape; each slip of the Markdown tests
(test_table.SLIPS) planted in it is found at the same cell text. Where the text is
ambiguous nothing is read, and nothing is said.
"""

from collections.abc import Callable

import pytest

from perflint.parse import parse
from perflint.profiles import default_content, default_table
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.reading import read_tables

import flat_table
from conftest import lint_text
from national_table import NationalTable
from test_table import SLIPS, planted
from test_table import findings as all_findings

GRADES = frozenset(default_content().conclusion.grade_words)
SHAPES: dict[str, Callable[[NationalTable], str]] = {
    "one-line": flat_table.one_line,
    "one-line-sources-amounts-only": lambda t: flat_table.one_line(t, source_amounts_only=True),
    "row-lines": flat_table.row_lines,
    "cell-paragraphs": flat_table.cell_paragraphs,
}
# A blank reason cannot be told from a row that lost a cell once blank cells are gone:
# flattened tables do not claim their reasons, and PF410 says nothing on them.
NOT_ON_FLAT = {"no-reason"}


def findings(result) -> list[tuple[str, str]]:
    """(code, text under it) of the table findings. Other rules read the flattened line
    as prose (PF306 takes ``10 时效指标`` for 10 hours, a false alarm of issue 16 that
    is not the table reader's)."""
    return [(code, under) for code, under in all_findings(result) if code.startswith("PF4")]


def tables_of(text: str) -> list[SelfEvaluationTable]:
    return read_tables(parse(text), default_table(), GRADES)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_clean_table_has_no_finding_in_any_flattened_shape(shape):
    assert findings(lint_text(SHAPES[shape](NationalTable()), dedent=False)) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_a_flattened_table_reads_as_the_markdown_one(shape):
    [markdown] = tables_of(NationalTable().markdown())
    [flat] = tables_of(SHAPES[shape](NationalTable()))
    assert flat.carrier == "flat" and flat.complete and flat.unit == "万元"
    assert [(r.label.text, r.is_total) for r in flat.funds] == [(r.label.text, r.is_total) for r in markdown.funds]
    assert flat.funds[0].budget is not None and flat.funds[0].budget.text == "120.00"
    assert [(i.category, i.level_two.replace("\n", ""), i.name.text, i.points.text if i.points else None) for i in flat.indicators] == [
        (i.category, i.level_two, i.name.text, i.points.text if i.points else None) for i in markdown.indicators
    ]
    assert flat.total is not None and flat.total.score is not None and flat.total.score.text == "97.8"
    assert flat.grade is not None and flat.grade.text == "优"
    assert [(c.category.name, c.points.text) for c in flat.categories] == [("产出指标", "50"), ("效益指标", "30"), ("满意度指标", "10")]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", [name for name in SLIPS if name not in NOT_ON_FLAT])
def test_each_slip_is_found_at_its_cell_in_every_flattened_shape(shape, name):
    text = SHAPES[shape](planted(name))
    if name == "blank-actual":
        # The blank cell is gone from the flattened row: the row no longer fits its
        # header, so it is not read, the table is not wholly read, and nothing is said.
        [table] = tables_of(text)
        assert "受益群众人数" not in [i.name.text for i in table.indicators] and not table.complete
        assert findings(lint_text(text, dedent=False)) == []
        return
    assert findings(lint_text(text, dedent=False)) == SLIPS[name].expected


def test_a_deduction_without_reason_is_not_claimed_on_a_flattened_table():
    assert findings(lint_text(flat_table.one_line(planted("no-reason")), dedent=False)) == []


def test_a_total_contradicting_its_sources_is_found_at_each_of_its_figures():
    """The slip of published tables: 年度资金总额 0 0 0, its source row 90 89.974 89.974."""
    table = NationalTable()
    table.funds = [
        ["年度资金总额：", "0", "0", "0", "10", "0", "0"],
        ["其中：本年财政拨款", "90", "89.974", "89.974"],
        ["上年结转资金"],
        ["其他资金"],
    ]
    table.total = ["100", "88.3", "良"]  # the indicators' 88.3 and an execution score of 0
    table.text_score, table.text_grade = "88.3", "良"
    text = flat_table.one_line(table)
    got = [(f.code, f.message, text[f.span[0] : f.span[1]]) for f in lint_text(text, dedent=False).findings if f.code.startswith("PF4")]
    assert sorted((code, under) for code, _, under in got) == [("PF406", "0")] + [("PF407", "0")] * 3
    assert sorted(message for _, message, _ in got) == [
        "年度资金总额的全年执行数 0 与各来源之和 89.974 不符（89.974）",
        "年度资金总额的全年预算数 0 与各来源之和 89.974 不符（89.974）",
        "年度资金总额的年初预算数 0 与各来源之和 90 不符（90）",
        # The execution score, once: the sources' 89.974 ÷ 89.974 = 100% makes it 10.
        "执行率得分 0 与各来源行合计的执行率 100.00% × 10 分 = 10.00 不符",
    ]
    spans = sorted(f.span[0] for f in lint_text(text, dedent=False).findings if f.code == "PF407")
    line_start = text.index("年度资金总额：")
    assert [text[start : start + 2] for start in spans] == ["0 "] * 3 and all(start > line_start for start in spans)


# -- what is not read ------------------------------------------------------------------


def _one_line_with(replace: dict[str, str]) -> str:
    text = flat_table.one_line(NationalTable())
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    "damage",
    [
        # a total row with a figure missing: which column lost it is a guess
        {"年度资金总额 100.00 120.00 114.00 10 95.00% 9.5": "年度资金总额 100.00 120.00 114.00 10 9.5"},
        # a target written with a space: the row has a token too many
        {"≥36套 30套 10 8.3": "≥36 套 30套 10 8.3"},
        # a source row with one figure too many
        {"上年结转资金 20.00 20.00 18.00 — 90.00% —": "上年结转资金 20.00 20.00 18.00 — 90.00% — 7"},
        # a total row cut short
        {"总分 100 97.8 优": "总分 100"},
    ],
)
def test_a_row_that_does_not_fit_its_header_is_not_read_and_nothing_is_said(damage):
    text = _one_line_with(damage)
    assert findings(lint_text(text, dedent=False)) == []
    [table] = tables_of(text)
    assert not table.complete or len(table.funds) < 4


def test_rows_that_split_two_ways_are_not_read():
    """A form without points (Hunan's 年度指标值 | 全年完成值 | 未完成原因和改进措施): in
    ``指标1 524m 524m 指标2 5719m 5719m`` the second name may be the first row's reason,
    and nothing tells which: neither row is read."""
    text = "\n".join(
        [
            "# 2021年度专项资金绩效目标自评表",
            "",
            "项目资金(万元) 全年预算数(A) 全年执行数(B) 执行率(B/A) 年度资金总额: 372.29 372.29 100% "
            "一级指标 二级指标 三级指标 年度指标值 全年完成值 未完成原因和改进措施 "
            "产出指标 数量指标 指标1:新建道路 524m 524m 指标2:硬化道路 5719m 5719m "
            "时效指标 道路完工时间 2021年 2021年",
        ]
    )
    [table] = tables_of(text)
    assert [i.name.text for i in table.indicators] == ["道路完工时间"]
    assert not table.complete


def test_a_table_without_its_total_row_is_not_wholly_read():
    text = _one_line_with({" 总分 100 97.8 优": ""})
    [table] = tables_of(text)
    assert len(table.indicators) == 8 and not table.complete
    assert findings(lint_text(text, dedent=False)) == []


def test_prose_naming_the_columns_is_no_table():
    text = "# 2023年度项目支出绩效自评报告\n\n全年预算数、全年执行数和执行率见附表，年初预算数 全年预算数 未变。\n"
    assert tables_of(text) == []


# -- a merged left column printed first --------------------------------------------------

# A mirror of an .xlsx prints the merged label column before the header, then the
# figures (our own unit and figures, in the layout of such a page).
LABELS_FIRST = (
    "# 2024年度项目支出绩效自评表\n\n"
    "项目名称 城乡居民医保参保补助 主管部门 某县医疗保障局 项目资金 年初预算数 (万元) "
    "年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
    "{total} 80.00 78.40 — 98% — 上年结转资金 — — 其他资金 — —\n"
)


def test_the_total_row_of_labels_printed_before_the_header_is_read():
    text = LABELS_FIRST.format(total="80.00 78.40 10 98% 9")
    [table] = tables_of(text)
    total = table.funds_total
    assert total is not None and total.label.text == "年度资金总额"
    cells = (total.budget, total.executed, total.points, total.rate, total.score)
    assert [v.text for v in cells if v] == ["80.00", "78.40", "10", "98%", "9"]
    assert len(table.funds) == 1 and not table.complete
    # 78.40 ÷ 80.00 = 98.00%: the score is 9.8, and 9 is found.
    assert findings(lint_text(text, dedent=False)) == [("PF406", "9")]
    assert findings(lint_text(LABELS_FIRST.format(total="80.00 78.40 10 98% 9.8"), dedent=False)) == []


@pytest.mark.parametrize(
    "total",
    [
        "80.00 78.40 — 98% —",  # no points or score: a source row as well as the total
        "80.00 78.40 10 98%",  # a figure short: which column lost it is a guess
    ],
)
def test_figures_after_the_header_that_are_not_surely_the_total_are_not_read(total):
    text = LABELS_FIRST.format(total=total)
    assert all(table.funds_total is None for table in tables_of(text))
    assert findings(lint_text(text, dedent=False)) == []


def test_figures_after_the_header_are_not_read_when_two_totals_could_be_theirs():
    text = LABELS_FIRST.format(total="80.00 78.40 10 98% 9").replace("年度资金总额", "年度资金总额 资金总额")
    assert all(table.funds_total is None for table in tables_of(text))
    assert findings(lint_text(text, dedent=False)) == []
