"""Property tests of the PF4xx checks: a consistent table generated at random gives no
finding; perturbing one of its numbers is found at that number."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.parse import parse
from perflint.profiles import default_content, default_table
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.reading import read_tables
from perflint.selfeval.values import Value

from conftest import lint_text
from national_table import Indicator, NationalTable

UNITS = ["个", "人", "套", "处", "%", "场"]
CATEGORIES = [
    ("产出指标(50分)", 50, ["数量指标", "质量指标", "时效指标"]),
    ("效益指标(30分)", 30, ["社会效益指标", "经济效益指标"]),
    ("满意度指标(10分)", 10, ["服务对象满意度指标"]),
]
CENT = Decimal("0.01")


def money(cents: int) -> str:
    return format(Decimal(cents) * CENT, "f")


def split(total: int, parts: int, draw) -> list[int]:
    """``total`` in ``parts`` positive integers, at random."""
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True))) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def consistent_tables(draw) -> NationalTable:
    table = NationalTable()
    # Funds: a budget and an executed amount split over two or three sources.
    sources = draw(st.integers(2, 3))
    budget = draw(st.integers(10_000, 5_000_000))  # cents
    initial = draw(st.integers(budget // 2, budget))
    labels = ["其中：当年财政拨款", "上年结转资金", "其他资金"][:sources]
    budget_parts = _split_amount(budget, sources, draw)
    # Each source spent at 90% or more: a lower rate is PF106's (a reason is due).
    executed_parts = [draw(st.integers(-(-part * 9 // 10), part)) for part in budget_parts]
    executed = sum(executed_parts)
    initial_parts = _split_amount(initial, sources, draw)
    rate = (Decimal(executed) / Decimal(budget) * 100).quantize(CENT, ROUND_HALF_UP)
    execution_score = (min(rate, Decimal(100)) / 10).quantize(CENT, ROUND_HALF_UP)
    table.funds = [["年度资金总额", money(initial), money(budget), money(executed), "10", f"{rate}%", str(execution_score)]]
    for label, a0, b, e in zip(labels, initial_parts, budget_parts, executed_parts):
        part_rate = f"{(Decimal(e) / Decimal(b) * 100).quantize(CENT, ROUND_HALF_UP)}%" if b else "—"
        table.funds.append([label, money(a0), money(b), money(e), "—", part_rate, "—"])
    # Indicators: each category's points spread over its rows; a target met scores in
    # full, a missed one pro rata (rounded down) with a reason.
    table.indicators = []
    total = execution_score
    for level_one, points, level_twos in CATEGORIES:
        rows = draw(st.integers(1, min(4, points)))
        for index, share in enumerate(split(points, rows, draw)):
            unit = draw(st.sampled_from(UNITS))
            target = draw(st.integers(10, 1000))
            met = draw(st.booleans())
            actual = draw(st.integers(target, target * 2)) if met else draw(st.integers(1, target - 1))
            score = Decimal(share) if met else (Decimal(actual) / Decimal(target) * share).quantize(Decimal("0.1"), ROUND_DOWN)
            total += score
            table.indicators.append(
                Indicator(
                    level_one,
                    level_twos[index % len(level_twos)],
                    f"{level_one[:2]}指标第{len(table.indicators) + 1}项",
                    f"≥{target}{unit}",
                    f"{actual}{unit}",
                    str(share),
                    str(score),
                    "" if met else "部分任务受天气影响顺延",
                )
            )
    grade = default_content().conclusion.grade_for(total)
    assert grade is not None
    table.total = ["100", str(total), grade.grade]
    table.text_score, table.text_grade = str(total), grade.grade
    return table


def _split_amount(total: int, parts: int, draw) -> list[int]:
    if total < parts * 2:
        return [total, *([0] * (parts - 1))]
    return split(total, parts, draw)


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(consistent_tables())
def test_a_consistent_table_gives_no_finding(table):
    result = lint_text(table.markdown(), dedent=False)
    assert [(f.code, f.message) for f in result.findings if f.code != "PF901"] == []


PERTURBABLE = ["total score", "rate", "execution score", "budget", "met score", "over points"]


def perturb(read: SelfEvaluationTable, table: NationalTable, what: str, delta: Decimal) -> tuple[Value, str] | None:
    """The value of ``read`` to change and what to write instead, so that one rule must
    fire at it (None when the table has no met indicator to change)."""
    funds = read.funds_total
    assert funds is not None and read.total is not None
    value: Value | None
    if what == "total score":
        value, new = read.total.score, str(Decimal(table.total[1]) + delta)
    elif what == "rate":
        value, new = funds.rate, f"{Decimal(table.funds[0][5].rstrip('%')) - delta}%"
    elif what == "execution score":
        value, new = funds.score, str(Decimal(table.funds[0][6]) - delta)
    elif what == "budget":
        value, new = funds.budget, money(int(Decimal(table.funds[0][2]) * 100 + delta * 1000))
    else:
        met = [i for i in read.indicators if i.score is not None and i.points is not None and i.score.text == i.points.text]
        if not met:
            return None
        value = met[0].score
        assert value is not None
        change = min(delta, Decimal(value.text) / 2) if what == "met score" else -delta
        new = str(Decimal(value.text) - change)
    assert value is not None
    return value, new


@PROPERTY
@given(consistent_tables(), st.sampled_from(PERTURBABLE), st.sampled_from([Decimal("0.7"), Decimal("1.5"), Decimal("3")]))
def test_a_perturbed_number_is_found_where_it_stands(table, what, delta):
    text = table.markdown()
    [read] = read_tables(parse(text), default_table(), frozenset())
    perturbation = perturb(read, table, what, delta)
    if perturbation is None:
        return
    value, new = perturbation
    perturbed = text[: value.span[0]] + new + text[value.span[1] :]
    result = lint_text(perturbed, dedent=False)
    spans = {(f.span[0], f.code) for f in result.findings}
    assert any(start == value.span[0] for start, _ in spans), (what, new, [(f.code, f.message) for f in result.findings])


WORDS = [
    "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分", "权重", "一级指标", "二级指标", "三级指标",
    "年度指标值", "实际完成值", "偏差原因分析及改进措施", "指标性质", "度量单位", "年度资金总额", "其中：当年财政拨款",
    "其他资金", "产出指标(50分)", "效益指标", "数量指标", "成本指标", "总分", "合计", "自评总分(分)", "优", "良好",
    "指标1", "……", "—", "/", "", "≥", "=", "%", "10", "9.5", "100", "0", "0.00", "95.00%", "≥90%", "2023年12月31日前",
    "12个", "项目资金（万元）", "绩效指标", "有效提升", "达成预期指标", "-3", "1e5", "7,00.0,77",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=11), min_size=1, max_size=14),
    st.sampled_from(["pipes", "bare", "tabs", "cells"]),
)
def test_any_table_of_form_words_goes_through_without_an_error(rows, carrier):
    if carrier == "pipes":
        body = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    elif carrier == "bare":
        body = "\n".join(" | ".join(row) + " |" for row in rows)
    elif carrier == "tabs":
        body = "\n".join("\t".join(row) + "\t" for row in rows)
    else:
        body = "\n".join(f"{cell} |" if cell else "|" for row in rows for cell in row)
    result = lint_text("# 2023年度项目支出绩效自评报告\n\n项目自评得分90分。\n\n" + body + "\n", dedent=False)
    assert not result.had_internal_error, [f.message for f in result.findings if f.code == "PF900"]
