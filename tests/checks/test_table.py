"""PF4xx: the self-evaluation table, read in every carrier and checked.

Each variant plants one slip in a national table of our own writing (national_table)
and expects exactly the finding(s) it causes, at the cell it is in: the line and the
cell text in Markdown, the Word or PDF table, row and cell for .docx and .pdf.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from perflint.engine import Linter
from perflint.origins import Origin
from perflint.readers.docx import read_docx
from perflint.readers.pdf import read_pdf
from perflint.results import FileResult

import conftest
from conftest import lint_text
from national_table import NationalTable, grid_position, word_cell
from table_office import docx_bytes, pdf_bytes

NOT_TABLE = {"PF901"}  # a report whose title names no kind gets no template


def findings(result: FileResult) -> list[tuple[str, str]]:
    """(code, text under the finding) of every finding but PF901."""
    text = result.source.text if result.source else ""
    return [(f.code, text[f.span[0] : f.span[1]]) for f in result.findings if f.code not in NOT_TABLE]


def lint_office(kind: str, table: NationalTable) -> FileResult:
    if kind == "docx":
        source = read_docx(docx_bytes(table.paragraphs_before(), table.grid(), table.after()), "table.docx")
    else:
        source = read_pdf(pdf_bytes(table.paragraphs_before(), table.grid(), table.after()), "table.pdf")
    return Linter(conftest._PROFILES, conftest._RULES).lint(source)


# -- the clean table, in every carrier ---------------------------------------------------

CARRIERS: dict[str, Callable[[NationalTable], str]] = {
    "markdown": lambda t: t.markdown(),
    "no-outer-bars": lambda t: t.markdown(outer_bars=False),
    "tabs": lambda t: t.tabs(),
    "one-cell-a-line": lambda t: t.cell_lines(),
}


@pytest.mark.parametrize("carrier", CARRIERS)
def test_the_clean_table_has_no_finding_in_any_text_carrier(carrier):
    result = lint_text(CARRIERS[carrier](NationalTable()), dedent=False)
    assert findings(result) == []


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_clean_table_has_no_finding_in_word_or_pdf(kind):
    assert findings(lint_office(kind, NationalTable())) == []


# -- one slip at a time, in Markdown -------------------------------------------------------


@dataclass
class Slip:
    """A slip planted in the clean table: the findings it must cause, each with the
    text of the cell it points at (and that cell's place, for Word and PDF)."""

    plant: Callable[[NationalTable], None]
    expected: list[tuple[str, str]]
    place: tuple[str, int, str] | None = None  # (block, row index, column header) of the first finding


def _indicator(table: NationalTable, name: str):
    return next(i for i in table.indicators if i.name == name)


def _retotal(table: NationalTable, score: str) -> None:
    table.total[1] = score
    table.text_score = score


def total_points(t):
    t.total[0] = "90"


def category_label(t):
    for indicator in t.indicators:
        if indicator.level_one == "产出指标(50分)":
            indicator.level_one = "产出指标(60分)"


def moved_weight(t):
    for indicator in t.indicators:
        indicator.level_one = indicator.level_one.replace("(50分)", "(55分)").replace("(30分)", "(25分)")
    square, people = _indicator(t, "新建文化广场数量"), _indicator(t, "受益群众人数")
    square.points = square.score = "20"
    people.points = people.score = "10"


def score_over_points(t):
    _indicator(t, "工程验收合格率").score = "12"
    _retotal(t, "99.8")


def total_not_sum(t):
    _retotal(t, "96.8")


def wrong_rate(t):
    t.funds[0][5] = "97.00%"


def wrong_execution_score(t):
    t.funds[0][6] = "8.5"
    _retotal(t, "96.8")


def funds_not_sum(t):
    t.funds[2][1] = "25.00"


def met_but_deducted(t):
    _indicator(t, "工程验收合格率").score = "7"
    _retotal(t, "94.8")


def missed_full_points(t):
    _indicator(t, "配套健身器材套数").score = "10"
    _retotal(t, "99.5")


def deducted_no_reason(t):
    people = _indicator(t, "受益群众人数")
    people.actual, people.score = "5800人", "14"
    _retotal(t, "96.8")


def above_pro_rata(t):
    _indicator(t, "配套健身器材套数").score = "9.5"
    _retotal(t, "99.0")


def blank_actual(t):
    _indicator(t, "受益群众人数").actual = ""


def placeholder_row(t):
    # A scored row left under the form's placeholder name (an empty spare row is no slip).
    t.indicators[3].name = "指标2"


def grade_band(t):
    t.total[2] = "良"


def text_score(t):
    t.text_score = "95"


def text_rate(t):
    t.text_execution = "全年预算数120.00万元，执行数118.32万元，预算执行率98.60%。"


SLIPS = {
    "points-total": Slip(total_points, [("PF401", "90")], ("total", 0, "分值")),
    "points-category": Slip(category_label, [("PF401", "60")]),
    "category-weights": Slip(moved_weight, [("PF402", "产出指标(55分)"), ("PF402", "效益指标(25分)")]),
    "score-over-points": Slip(score_over_points, [("PF403", "12")], ("indicator", 2, "得分")),
    "total-not-sum": Slip(total_not_sum, [("PF404", "96.8")], ("total", 0, "得分")),
    "execution-rate": Slip(wrong_rate, [("PF405", "97.00%")], ("funds", 0, "执行率")),
    "execution-score": Slip(wrong_execution_score, [("PF406", "8.5")], ("funds", 0, "得分")),
    "funds-rows": Slip(funds_not_sum, [("PF407", "100.00")], ("funds", 0, "年初预算数")),
    "met-deducted": Slip(met_but_deducted, [("PF408", "7")], ("indicator", 2, "得分")),
    "missed-full": Slip(missed_full_points, [("PF409", "10")], ("indicator", 1, "得分")),
    "no-reason": Slip(deducted_no_reason, [("PF410", "")]),
    "pro-rata": Slip(above_pro_rata, [("PF411", "9.5")]),
    "blank-actual": Slip(blank_actual, [("PF412", "")], ("indicator", 5, "实际完成值")),
    "placeholder": Slip(placeholder_row, [("PF413", "指标2")], ("indicator", 3, "三级指标")),
    "grade-band": Slip(grade_band, [("PF414", "良")]),
    "text-score": Slip(text_score, [("PF415", "95分")]),
    "text-rate": Slip(text_rate, [("PF416", "98.60%")]),
}


def planted(name: str) -> NationalTable:
    table = NationalTable()
    SLIPS[name].plant(table)
    return table


@pytest.mark.parametrize("name", SLIPS)
def test_each_slip_is_found_once_at_its_cell_in_markdown(name):
    result = lint_text(planted(name).markdown(), dedent=False)
    assert findings(result) == SLIPS[name].expected


@pytest.mark.parametrize("name", [n for n, slip in SLIPS.items() if slip.place is not None])
def test_each_slip_is_on_its_row_in_markdown(name):
    table = planted(name)
    result = lint_text(table.markdown(), dedent=False)
    [finding] = [f for f in result.findings if f.code not in NOT_TABLE][:1]
    line = result.source.text[: finding.span[0]].count("\n")
    row_text = result.source.text.splitlines()[line]
    block, index, _ = SLIPS[name].place
    if block == "total":
        assert row_text.startswith("| 总分 |")
    elif block == "funds":
        assert row_text.startswith(f"| {table.funds[index][0]} |")
    else:
        assert f"| {table.indicators[index].name} |" in row_text


@pytest.mark.parametrize("carrier", ["no-outer-bars", "tabs", "one-cell-a-line"])
@pytest.mark.parametrize("name", ["total-not-sum", "execution-rate", "funds-rows", "missed-full", "blank-actual", "placeholder"])
def test_slips_are_found_in_the_other_text_carriers(carrier, name):
    result = lint_text(CARRIERS[carrier](planted(name)), dedent=False)
    assert findings(result) == SLIPS[name].expected


# -- the slips the issue lists, in Word and PDF ---------------------------------------------

OFFICE_SLIPS = [
    "points-total",
    "score-over-points",
    "total-not-sum",
    "execution-rate",
    "execution-score",
    "funds-rows",
    "met-deducted",
    "missed-full",
    "blank-actual",
    "placeholder",
]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("name", OFFICE_SLIPS)
def test_each_slip_is_found_at_its_table_row_and_cell_in_word_and_pdf(kind, name):
    table = planted(name)
    result = lint_office(kind, table)
    assert findings(result) == SLIPS[name].expected
    finding = next(f for f in result.findings if f.code not in NOT_TABLE)
    assert result.source is not None and SLIPS[name].place is not None
    row, column = grid_position(table, *SLIPS[name].place)
    cell = word_cell(table.grid(), row, column) if kind == "docx" else column + 1
    page = {"page": 1} if kind == "pdf" else {}
    assert result.source.origin_at(finding.span[0]) == Origin(table=1, row=row + 1, cell=cell, **page)


# -- local forms ------------------------------------------------------------------------------

SICHUAN = """部门预算项目支出绩效自评表（2023年度）

项目名称 | 某县农村饮水安全巩固提升工程 |
主管部门 | 某县水利局 | 实施单位 | 某县农村供水站 |
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
总额 | 60.00 | 64.00 | 60.80 | 95.00% | 10 | 9.5 | 部分管网工程款按合同留存质保金 |
其中：财政资金 | 60.00 | 64.00 | 60.80 | 95.00% | / | / |
财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
其他资金 | / | / |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 改造供水管网长度 | ≥ | 18 | 公里 | 18.6 | 30 | 30 | |
产出指标 | 质量指标 | 水质检测合格率 | ≥ | 95 | % | 97 | 20 | 20 | |
效益指标 | 社会效益指标 | 受益人口 | ≥ | 5000 | 人 | 5200 | 30 | 30 | |
满意度指标 | 服务对象满意度指标 | 受益群众满意度 | ≥ | 90 | % | 92 | 10 | 10 | |
合计 | 100 | 99.5 |
评价结论 | 项目按计划实施，自评得分99.5分。 |
"""

CHONGQING = """# 某区文化和旅游发展委员会2023年度部门整体绩效自评表

| 主管部门 | 某区文化和旅游发展委员会 | 自评总分(分) | 97.5 |
| --- | --- | --- | --- |

| 资金情况（万元） | 年初预算数 | 全年（调整）预算数 | 全年执行数 | 执行率 | 执行率权重 | 执行率得分 |
| --- | --- | --- | --- | --- | --- | --- |
| 年度总金额 | 500.00 | 520.00 | 494.00 | 95.00% | 10 | 9.5 |
| 其中：财政拨款 | 500.00 | 520.00 | 494.00 | 95.00% | — | — |

| 指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分) | 是否核心指标 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 文物保护单位巡查次数 | 次 | ≥ | 24 | 24 | 26 | 100 | 20 | 20 | 是 |
| 公共图书馆年流通人次 | 万人次 | ≥ | 30 | 28 | 27.3 | 90 | 20 | 18 | 是 |
| 文化惠民演出场次 | 场 | ≥ | 120 | 120 | 126 | 100 | 20 | 20 | 否 |
| 旅游投诉按时办结率 | % | ≥ | 98 | 98 | 100 | 100 | 15 | 15 | 否 |
| 群众文化活动满意度 | % | ≥ | 90 | 90 | 95 | 100 | 15 | 15 | 是 |
"""


def test_a_sichuan_table_is_read_with_its_form_and_is_clean():
    result = lint_text(SICHUAN, dedent=False)
    assert findings(result) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # The rate divides by 调整后预算数 in Sichuan: 60.80 ÷ 60.00 would be 101.33%.
        ("总额 | 60.00 | 64.00 | 60.80 | 95.00%", "总额 | 60.00 | 64.00 | 60.80 | 101.33%", [("PF405", "101.33%")]),
        # 权重 30 with 得分 30 for a length short of its target.
        ("| 18 | 公里 | 18.6 | 30 | 30 |", "| 18 | 公里 | 16.2 | 30 | 30 |", [("PF409", "30")]),
        # 合计 that is not the sum.
        ("合计 | 100 | 99.5 |", "合计 | 100 | 98.5 |", [("PF404", "98.5")]),
    ],
)
def test_sichuan_slips(old, new, expected):
    assert old in SICHUAN
    assert findings(lint_text(SICHUAN.replace(old, new), dedent=False)) == expected


def test_a_sichuan_table_spreads_its_90_points_freely():
    """30 + 20 + 30 + 10 under 绩效指标(90分) is no weight slip: the national 50/30/10 do not apply."""
    result = lint_text(SICHUAN, dedent=False)
    assert not [f for f in result.findings if f.code == "PF402"]


def test_a_chongqing_table_is_read_with_its_form_and_is_clean():
    assert findings(lint_text(CHONGQING, dedent=False)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # 得分系数 80% × 指标权重 20 = 16, not 18.
        ("| 90 | 20 | 18 | 是 |", "| 80 | 20 | 18 | 是 |", [("PF417", "18")]),
        # 自评总分 against 9.5 + 20 + 18 + 20 + 15 + 15 = 97.5.
        ("| 自评总分(分) | 97.5 |", "| 自评总分(分) | 96.5 |", [("PF404", "96.5")]),
        # 执行率 against 494.00 ÷ 520.00 (the adjusted budget).
        ("| 494.00 | 95.00% | 10 |", "| 494.00 | 98.80% | 10 |", [("PF405", "98.80%")]),
    ],
)
def test_chongqing_slips(old, new, expected):
    assert old in CHONGQING
    assert findings(lint_text(CHONGQING.replace(old, new), dedent=False)) == expected


# -- other tables: PF104 reads a unit from a caption or the text ------------------------------


def number_findings(result: FileResult) -> list[tuple[str, str]]:
    """The number and table findings (these snippets lack the parts their template asks for)."""
    return [(code, text) for code, text in findings(result) if code.startswith(("PF1", "PF4"))]


EXECUTION_TABLE = """| 项目 | 全年预算数 | 全年执行数 | 执行率 |
| --- | --- | --- | --- |
| 道路养护 | 286.00 | 274.63 | 98.02% |
| 桥梁检测 | 214.00 | 214.00 | 100.00% |
"""


@pytest.mark.parametrize(
    "before",
    ["一、项目资金使用情况\n\n（单位：万元）\n\n", "一、项目资金使用情况\n\n本年度项目资金共计500.00万元，具体如下。\n\n"],
    ids=["caption", "text-unit"],
)
def test_an_execution_table_with_plain_headers_is_checked(before):
    result = lint_text("# 某局2023年度项目支出绩效自评报告\n\n" + before + EXECUTION_TABLE, dedent=False)
    assert number_findings(result) == [("PF104", "98.02%")]


def test_an_execution_table_with_no_unit_anywhere_is_not_guessed():
    result = lint_text("# 某局2023年度项目支出绩效自评报告\n\n一、项目资金使用情况\n\n" + EXECUTION_TABLE, dedent=False)
    assert number_findings(result) == []


# -- the table against the text ------------------------------------------------------------------


def test_a_rate_stated_alone_in_the_text_is_compared_with_the_table():
    table = NationalTable()
    table.text_execution = "项目预算执行率为98%。"
    assert findings(lint_text(table.markdown(), dedent=False)) == [("PF416", "98%")]


def test_a_grade_stated_alone_in_the_text_is_compared_with_the_table_total():
    table = NationalTable()
    text = table.markdown().replace("项目自评得分97.8分，自评等级为优。", "项目自评等级为良好。")
    assert findings(lint_text(text, dedent=False)) == [("PF415", "良好")]


def test_a_department_report_with_a_project_table_inside_is_not_compared():
    """部门整体支出绩效自评报告: its score is the department's, not the project table's."""
    table = NationalTable()
    table.text_score = "88"
    table.text_grade = "良"
    text = table.markdown().replace("# 2023年度乡村文化广场建设项目支出绩效自评表", "# 某县文化馆2023年度部门整体支出绩效自评报告")
    assert [code for code, _ in findings(lint_text(text, dedent=False)) if code.startswith("PF4")] == []


def test_a_missed_deadline_with_full_points_is_found():
    table = NationalTable()
    next(i for i in table.indicators if i.name == "项目完工时间").actual = "2023年12月10日"
    assert findings(lint_text(table.markdown(), dedent=False)) == [("PF409", "5")]


# -- the reviewer's table: seven slips at once ---------------------------------------------------


def seven_slips() -> NationalTable:
    table = NationalTable()
    wrong_rate(table)
    funds_not_sum(table)
    _indicator(table, "新建文化广场数量").score = "17"  # over its 15 points
    _indicator(table, "配套健身器材套数").score = "10"  # 30 of 36 sets, full points
    _indicator(table, "工程验收合格率").score = "7"  # 100% of =100%, 3 points off, no reason
    blank_actual(table)
    placeholder_row(table)
    _retotal(table, "98.5")  # the 总分 follows the scores
    return table


SEVEN = [("PF407", "100.00"), ("PF405", "97.00%"), ("PF403", "17"), ("PF409", "10"), ("PF408", "7"), ("PF413", "指标2"), ("PF412", "")]


def test_seven_slips_in_one_table_are_seven_findings_in_markdown():
    result = lint_text(seven_slips().markdown(), dedent=False)
    assert findings(result) == SEVEN
    assert all(f.severity.value == "error" for f in result.findings if f.code.startswith("PF4"))


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_seven_slips_in_one_table_are_seven_findings_in_word_and_pdf(kind):
    assert findings(lint_office(kind, seven_slips())) == SEVEN


def test_the_reviewers_table_fails_the_run(tmp_path):
    from test_cli import run_here

    report = tmp_path / "report.md"
    report.write_text(seven_slips().markdown(), encoding="utf-8")
    proc = run_here("--output-format", "concise", str(report))
    assert proc.returncode == 1
    assert sorted(line.split()[1] for line in proc.stdout.decode().splitlines() if " PF4" in line) == sorted(code for code, _ in SEVEN)


TRADITIONAL = str.maketrans(
    "预执绩标实际总资额当财拨结转进级满数质时经济会项书划务产设备监测费养护广场与测验收设计务营运组织维护",
    "預執績標實際總資額當財撥結轉進級滿數質時經濟會項書劃務產設備監測費養護廣場與測驗收設計務營運組織維護",
)


def test_a_table_in_traditional_characters_is_read_and_checked():
    text = planted("execution-rate").markdown().translate(TRADITIONAL)
    assert "全年預算數" in text and "執行率" in text
    assert findings(lint_text(text, dedent=False)) == [("PF405", "97.00%")]


def test_an_xx_placeholder_row_is_reported_once_by_pf009():
    from national_table import Indicator

    table = NationalTable()
    table.indicators.insert(3, Indicator("产出指标(50分)", "质量指标", "XX", "", "", "", ""))
    result = lint_text(table.markdown(), dedent=False)
    assert findings(result) == [("PF009", "XX")]
