"""The arithmetic of the self-evaluation table, on the intervals the digits allow.

A figure written with d decimals stands for v ± ½·10⁻ᵈ (perflint.facts.intervals):
amounts add up to their total when the intervals meet, a rate agrees with executed ÷
budget when its interval meets the quotient's, a score with rate × points when its
interval meets the product's. Points and scores are the table's own figures, added as
written: their sum must fall within the interval of the total's digits (scores of 9.91
and 84 make a 总分 of 94), but ten whole-number scores do not buy ±5 of tolerance — a
reviewer adds the printed scores, and a 总分 of 94 over scores adding to 93 is wrong.
A score above its points is over, however it is rounded. Decimal only.
"""

from dataclasses import dataclass
from decimal import Decimal, localcontext

from perflint.facts.content_vocabulary import ConclusionSpec, GradeSpec
from perflint.facts.intervals import HUNDRED, Interval, interval_sum, percent_ratio
from perflint.facts.quantities import MONEY_UNITS
from perflint.selfeval.model import FundsRow, Indicator, SelfEvaluationTable
from perflint.selfeval.spec import TableSpec
from perflint.selfeval.values import Value
from perflint.text import fold_key

ONE = Decimal(1)


def number(value: Value | None) -> bool:
    """A value that is a bare figure (points, a score, an amount)."""
    return value is not None and value.kind == "number" and not value.operator


def stated_sum(values: list[Value]) -> Interval:
    """The exact sum of figures as written (points, scores)."""
    total = Decimal(0)
    for value in values:
        assert value.number is not None
        total += value.number
    return Interval.exact(total)


def filled(value: Value | None) -> bool:
    return value is not None and not value.is_blank


def scored(table: SelfEvaluationTable) -> list[Indicator]:
    """The indicators that take part in the points and scores: those with either
    (a row with neither, such as an empty 生态效益指标 line, is not counted)."""
    return [i for i in table.indicators if filled(i.points) or filled(i.score)]


def amount(value: Value, table: SelfEvaluationTable) -> Interval:
    """An amount's interval in 元 when its unit is known (its own, else the table's);
    in the table's own unnamed unit otherwise (all of a table's bare amounts share one)."""
    unit = value.unit if value.unit in MONEY_UNITS else table.unit
    interval = value.interval()
    return interval.scaled(MONEY_UNITS[unit]) if unit in MONEY_UNITS else interval


def comparable_amounts(values: list[Value], table: SelfEvaluationTable) -> bool:
    """Whether amounts can be compared: all in money units, or all bare in one table."""
    units = {value.unit if value.unit in MONEY_UNITS else "" for value in values}
    return len(units) == 1 or ("" not in units or table.unit in MONEY_UNITS)


def table_grade(grade: Value, spec: ConclusionSpec) -> GradeSpec | None:
    """The grade a table's grade cell states (优, （良）…); None for a word that is none."""
    return spec.grade_words.get(fold_key(grade.text).strip("()"))


def rate_value(value: Value | None, table: SelfEvaluationTable) -> Value | None:
    """A stated execution rate in % (95.00%, or a bare 95.00 under a % header)."""
    if value is None or value.kind != "number" or value.operator or value.prefix:
        return None
    if value.unit == "%" or (not value.unit and "%" in table.rate_unit):
        return value
    return None


@dataclass(slots=True)
class RateCheck:
    ok: bool
    rate: Value
    executed: Value
    budget: Value  # the budget the rate is closest to (the one named in messages)
    computed: Interval  # executed ÷ budget × 100


def budgets(row: FundsRow, table: SelfEvaluationTable) -> list[Value]:
    """The budgets a rate may divide by, as the table's form says (any, or one column)."""
    base = table.form.rate_base
    candidates = {"any": (row.budget, row.initial_budget), "budget": (row.budget,), "initial-budget": (row.initial_budget,)}[base]
    return [value for value in candidates if number(value) and value is not None and value.number is not None and value.number > 0]


def check_rate(row: FundsRow, table: SelfEvaluationTable) -> RateCheck | None:
    """The stated rate against executed ÷ each budget the form allows; None when the
    row does not state all three, or a budget is 0 (0 ÷ 0 is an empty source)."""
    rate = rate_value(row.rate, table)
    executed = row.executed
    if rate is None or executed is None or not number(executed) or executed.number is None or executed.number < 0:
        return None
    computed = []
    for budget in budgets(row, table):
        if not comparable_amounts([executed, budget], table):
            continue
        quotient = percent_ratio(amount(executed, table), amount(budget, table))
        if quotient is not None:
            computed.append((budget, quotient))
    if not computed:
        return None
    stated = rate.interval()
    for budget, quotient in computed:
        if stated.meets(quotient):
            return RateCheck(True, rate, executed, budget, quotient)
    middle = (stated.lo + stated.hi) / 2
    budget, quotient = min(computed, key=lambda item: abs((item[1].lo + item[1].hi) / 2 - middle))
    return RateCheck(False, rate, executed, budget, quotient)


def quotients(executed: Value | None, row_budgets: list[Value], table: SelfEvaluationTable) -> list[Interval]:
    """executed ÷ each budget × 100, for the amounts that can be compared."""
    if executed is None or not number(executed) or executed.number is None or executed.number < 0:
        return []
    found = []
    for budget in row_budgets:
        if comparable_amounts([executed, budget], table):
            quotient = percent_ratio(amount(executed, table), amount(budget, table))
            if quotient is not None:
                found.append(quotient)
    return found


def execution_rates(row: FundsRow, table: SelfEvaluationTable) -> list[Interval]:
    """The row's execution rates in %: its 执行数 ÷ each budget the form allows."""
    return quotients(row.executed, budgets(row, table), table)


def _nothing(value: Value | None) -> bool:
    return value is None or value.is_blank or (number(value) and value.number == 0)


def sources_sum(table: SelfEvaluationTable, column: str) -> Interval | None:
    """The sum of the source rows' figures in ``column`` (a blank counts 0), when they are
    all of the total (two sources or more, or a 其他资金 row) and every one is read."""
    parts = table.funds_parts
    if len(parts) < 2 and not any(row.is_remainder for row in parts):
        return None
    values: list[Value | None] = [getattr(row, column) for row in parts]
    if any(v is not None and not (v.is_blank or number(v)) for v in values):
        return None
    figures = [v for v in values if v is not None and number(v)]
    if not figures or not comparable_amounts(figures, table):
        return None
    return interval_sum([amount(v, table) for v in figures])


def empty_total(table: SelfEvaluationTable) -> bool:
    """The 年度资金总额 row states no money (its amounts blank or 0) while its sources do:
    a total row left unfilled."""
    total = table.funds_total
    if total is None or not all(_nothing(getattr(total, column)) for column in ("initial_budget", "budget", "executed")):
        return False
    executed = sources_sum(table, "executed")
    return executed is not None and executed.lo > 0


def sources_execution_rates(table: SelfEvaluationTable) -> list[Interval]:
    """The execution rates the sources give together when the total row is empty
    (``empty_total``): the sum of their 执行数 ÷ the sum of each budget the form allows."""
    executed = sources_sum(table, "executed")
    if not empty_total(table) or executed is None:
        return []
    columns = {"any": ("budget", "initial_budget"), "budget": ("budget",), "initial-budget": ("initial_budget",)}[table.form.rate_base]
    found = []
    for column in columns:
        budget = sources_sum(table, column)
        figures = [getattr(row, name) for row in table.funds_parts for name in ("executed", column)]
        if budget is None or not comparable_amounts([v for v in figures if v is not None and number(v)], table):
            continue
        quotient = percent_ratio(executed, budget)
        if quotient is not None:
            found.append(quotient)
    return found


def capped_score(rate: Interval, points: Value) -> Interval:
    """min(rate, 100%) × points, for a rate in %."""
    with localcontext() as ctx:
        ctx.prec = 34
        lo, hi = min(rate.lo / HUNDRED, ONE), min(rate.hi / HUNDRED, ONE)
        assert points.number is not None
        return Interval(lo * points.number, hi * points.number)


@dataclass(slots=True)
class SumCheck:
    ok: bool
    complete: bool  # the parts are all of the total (else they must only not exceed it)
    total: Value
    parts: list[Value]
    computed: Interval


def check_funds_column(table: SelfEvaluationTable, column: str) -> SumCheck | None:
    """The parts' figures in ``column`` against the total's (a blank part counts 0)."""
    total_row = table.funds_total
    parts = table.funds_parts
    if total_row is None or not parts:
        return None
    total = getattr(total_row, column)
    values: list[Value | None] = [getattr(row, column) for row in parts]
    if not number(total) or any(v is not None and not (v.is_blank or number(v)) for v in values):
        return None
    figures = [v for v in values if v is not None and number(v)]
    if not figures or not comparable_amounts([total, *figures], table):
        return None
    complete = len(parts) >= 2 or any(row.is_remainder for row in parts)
    computed = interval_sum([amount(v, table) for v in figures])
    stated = amount(total, table)
    ok = computed.meets(stated) if complete else computed.lo <= stated.hi
    return SumCheck(ok, complete, total, figures, computed)


# -- indicators --------------------------------------------------------------------------


@dataclass(slots=True)
class TargetStatus:
    """Whether an indicator's actual value reaches its target, read from the figures."""

    met: bool
    operator: str  # ≥ ≤ = > < (a bare target reads as ≥)
    target: Value
    actual: Value


def _unit(value: Value, indicator: Indicator) -> str:
    return value.unit or indicator.unit_text


def target_status(indicator: Indicator, spec: TableSpec) -> TargetStatus | None:
    """Met or missed for a quantitative target (a figure, or a date) with an actual of
    the same kind and unit; None when it cannot be judged from the figures."""
    target, actual = indicator.target, indicator.actual
    if target is None or actual is None:
        return None
    operator = indicator.target_operator
    if not operator:
        words = fold_key(indicator.name.text + indicator.level_two)
        if any(fold_key(word) in words for word in spec.ceiling_words):
            return None
        operator = "≥"
    if target.kind == "date" and actual.kind == "date" and target.when and actual.when:
        if operator == "≥":
            operator = "≤" if not target.operator else operator  # a bare date is a deadline
        met = _compare(Decimal(actual.when.toordinal()), Decimal(target.when.toordinal()), operator)
        return TargetStatus(met, operator, target, actual)
    if target.kind != "number" or actual.kind != "number" or actual.operator:
        return None
    if target.prefix != actual.prefix or _unit(target, indicator) != _unit(actual, indicator):
        return None
    assert target.number is not None and actual.number is not None
    if not indicator.target_operator and target.number < 0:
        return None  # a bare -0.5%: a reduction, which way is better the figure does not say
    if operator == "=" and actual.number > target.number:
        return None  # more than an exact target: neither a miss nor plainly met
    return TargetStatus(_compare(actual.number, target.number, operator), operator, target, actual)


def _compare(actual: Decimal, target: Decimal, operator: str) -> bool:
    if operator == "≥":
        return actual >= target
    if operator == "≤":
        return actual <= target
    if operator == ">":
        return actual > target
    if operator == "<":
        return actual < target
    return actual == target


def deducted(indicator: Indicator) -> bool:
    """Points and a lower score, both stated as figures."""
    points, score = indicator.points, indicator.score
    if not number(points) or not number(score) or points is None or score is None:
        return False
    assert points.number is not None and score.number is not None
    return score.number < points.number


def full_points(indicator: Indicator) -> bool:
    points, score = indicator.points, indicator.score
    if not number(points) or not number(score) or points is None or score is None:
        return False
    assert points.number is not None and score.number is not None
    return score.number == points.number and points.number > 0


def has_reason(indicator: Indicator, spec: TableSpec) -> bool:
    reason = indicator.reason
    return reason is not None and fold_key(reason.text) not in spec.no_reason_keys


def pro_rata(status: TargetStatus, points: Value) -> Interval | None:
    """actual ÷ target × points for a floor, target ÷ actual × points for a ceiling;
    None for a date, an equality target or a target of 0."""
    target, actual = status.target, status.actual
    if target.kind != "number" or actual.kind != "number" or points.number is None:
        return None
    if status.operator in ("≥", ">", "="):
        ratio = percent_ratio(actual.interval(), target.interval())
    else:
        ratio = percent_ratio(target.interval(), actual.interval())
    if ratio is None:
        return None
    return capped_score(ratio, points)
