"""The arithmetic of the number claims: do parts sum to the total, shares and rates match?

Each function judges one claim in isolation. ``perflint.facts.verdicts`` calls them
once per report and decides which rule reports each problem they find.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from perflint.facts.breakdowns import Breakdown, Part
from perflint.facts.execution import Execution, Labelled
from perflint.facts.intervals import HUNDRED, Interval, interval_sum, percent_ratio, round_to
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import MONEY_UNITS, Quantity
from perflint.text import fold_key

TEN_THOUSAND = Decimal(10_000)
_SLIP_FACTORS = (TEN_THOUSAND, 1 / TEN_THOUSAND)


@dataclass(slots=True)
class UnitSlip:
    """An amount whose unit looks wrong: the claim holds if it is ``factor`` times larger."""

    quantity: Quantity
    factor: Decimal

    @property
    def suggested_unit(self) -> str:
        target = MONEY_UNITS[self.quantity.unit] * self.factor
        return next((unit for unit, size in MONEY_UNITS.items() if size == target), "")


@dataclass(slots=True)
class SumVerdict:
    ok: bool
    complete: bool  # False: the parts may be a subset, and only must not exceed the total
    total: Quantity
    computed: Interval  # the parts' sum, in 元
    unit_slips: tuple[UnitSlip, ...] = ()
    total_suspect: bool = False  # the shares agree with the parts' sum: the total is the odd one
    suspect_part: Part | None = None  # the one part whose share disagrees: its amount is the odd one


@dataclass(slots=True)
class ShareVerdict:
    ok: bool
    part: Part
    computed: Interval  # part ÷ total × 100
    unit_slips: tuple[UnitSlip, ...] = ()


@dataclass(slots=True)
class ImpliedVerdict:
    """Parts with shares and no written total: the total each amount ÷ share implies."""

    ok: bool
    implied: list[tuple[Part, Interval]]  # each part with the total it implies, in 元
    odd: Part | None = None  # the one part whose implied total disagrees when all others agree


@dataclass(slots=True)
class RateVerdict:
    ok: bool
    rate: Quantity
    executed: Labelled
    budget: Labelled  # the budget the message names (the one closest to the stated rate)
    computed: Interval
    unit_slips: tuple[UnitSlip, ...] = ()


def _exact_money(quantity: Quantity | None) -> bool:
    return quantity is not None and quantity.is_money and quantity.exact and quantity.value >= 0


def _slips(quantities: list[Quantity], holds: Callable[[dict[int, Interval]], bool]) -> tuple[UnitSlip, ...]:
    """Every amount that, scaled by 10⁴ or 10⁻⁴ alone, makes ``holds`` true. Scaled down,
    an amount must matter: when the claim holds with it at zero as well, the smaller unit
    only says the amount plays no part in it (a figure read into a list it does not
    belong to), which is no sign of a wrong unit."""
    found = []
    zero = Interval.exact(Decimal(0))
    for quantity in quantities:
        if quantity.value == 0:
            continue  # 0.00 is 0 in any unit
        for factor in _SLIP_FACTORS:
            slip = UnitSlip(quantity, factor)
            if not slip.suggested_unit or not holds({id(quantity): quantity.yuan_interval().scaled(factor)}):
                continue
            if factor < 1 and holds({id(quantity): zero}):
                continue
            found.append(slip)
    return tuple(found)


def likely_slip(slips: tuple[UnitSlip, ...], dominant_unit: str) -> UnitSlip:
    """Which of several (at least one) explaining amounts to name: a ratio holds whether
    its numerator is scaled up or its denominator down. Prefer an amount written in a
    unit the report seldom uses, then one that is too large (a 元 figure pasted into 万元
    text)."""
    return min(slips, key=lambda s: (s.quantity.unit == dominant_unit, s.factor > 1))


def _yuan(quantity: Quantity, overrides: dict[int, Interval]) -> Interval:
    return overrides.get(id(quantity)) or quantity.yuan_interval()


def _listed_interval(part: Quantity, total: Quantity) -> Interval:
    """A part's interval in 元. A whole number listed under a total written with
    decimals in the same unit (30万元 under 89.97万元) is that whole amount, not 29.5 to
    30.5: a report that gives its total to the cent writes a round allocation of 300,000
    元 as 30万元, and would write a rounded figure with its cents."""
    if part.decimals == 0 and total.decimals > 0 and part.unit == total.unit:
        return Interval.exact(part.value).scaled(MONEY_UNITS[part.unit])
    return part.yuan_interval()


def check_sum(breakdown: Breakdown) -> SumVerdict | None:
    """Parts against the total; None when the claim cannot be checked exactly."""
    total = breakdown.total
    amounts = [part.amount for part in breakdown.parts]
    if not _exact_money(total) or len(amounts) < 2 or not all(_exact_money(a) for a in amounts):
        return None
    assert total is not None
    parts: list[Quantity] = [a for a in amounts if a is not None]
    part_intervals = {id(q): _listed_interval(q, total) for q in parts}
    computed = interval_sum(list(part_intervals.values()))

    def holds(overrides: dict[int, Interval]) -> bool:
        # The sum with the overridden parts swapped in, not summed again: the unit-slip
        # search asks once per part, and a breakdown may have thousands of them.
        changed = computed
        for key, interval in overrides.items():
            if key in part_intervals:
                base = part_intervals[key]
                changed = Interval(changed.lo - base.lo + interval.lo, changed.hi - base.hi + interval.hi)
        stated = _yuan(total, overrides)
        return changed.meets(stated) if breakdown.complete else changed.lo <= stated.hi

    if holds({}):
        return SumVerdict(True, breakdown.complete, total, computed)
    # Only an equality can single out a wrong unit: a subset fits any total made large.
    slips = _slips([total, *parts], holds) if breakdown.complete else ()
    if slips or not breakdown.complete:
        return SumVerdict(False, breakdown.complete, total, computed, slips)
    if _share_misfits(breakdown, computed) == []:  # the shares fit the parts: the total is off
        return SumVerdict(False, True, total, computed, total_suspect=True)
    return SumVerdict(False, True, total, computed, suspect_part=_odd_part(breakdown))


def _odd_part(breakdown: Breakdown) -> Part | None:
    """The single part whose stated share disagrees with its amount ÷ total, when
    every other part agrees: then the total and the shares stand, the amount is off."""
    if breakdown.total is None:
        return None
    odd = _share_misfits(breakdown, breakdown.total.yuan_interval())
    return odd[0] if odd is not None and len(odd) == 1 else None


def _share_misfits(breakdown: Breakdown, base: Interval) -> list[Part] | None:
    """The parts whose stated share disagrees with their amount ÷ ``base``; None unless
    every part states an exact share."""
    if any(p.share is None or not p.share.exact for p in breakdown.parts):
        return None
    misfits = []
    for part in breakdown.parts:
        assert part.amount is not None and part.share is not None
        ratio = percent_ratio(part.amount.yuan_interval(), base)
        if ratio is None or not part.share.interval().meets(ratio):
            misfits.append(part)
    return misfits


def expected_amount(breakdown: Breakdown, part: Part) -> Interval:
    """What ``part`` must be, in 元, for the parts to add up to the total."""
    assert breakdown.total is not None
    others = interval_sum([p.amount.yuan_interval() for p in breakdown.parts if p is not part and p.amount is not None])
    total = breakdown.total.yuan_interval()
    return Interval(total.lo - others.hi, total.hi - others.lo)


def share_base_is_total(part: Part, breakdown: Breakdown, vocab: NumbersSpec) -> bool:
    """Whether the share is stated "of" the breakdown's total: "占比", "占总支出的" (a
    whole named generically), or a whole named like the total ("占政府采购支出总额的"
    under 政府采购支出总额, not under 授予中小企业合同金额)."""
    base = fold_key(part.share_base)
    if not base:
        return True
    total_name = fold_key(breakdown.total_name)
    if total_name and (base in total_name or total_name in base):
        return True
    generic = [fold_key(word) for word in vocab.share_total_bases]
    if base in generic:
        return True
    ending = next((word for word in sorted(generic, key=len, reverse=True) if base.endswith(word)), "")
    return bool(ending) and (not total_name or total_name.endswith(ending))


def check_share(part: Part, breakdown: Breakdown, vocab: NumbersSpec, sums: SumVerdict | None) -> ShareVerdict | None:
    """The stated share against part ÷ total; ``sums`` is ``check_sum(breakdown)``. A
    wrong unit is only suspected when the amounts do not already add up: if they do,
    their units agree and the share is off."""
    share, total = part.share, breakdown.total
    if share is None or not share.exact or not _exact_money(part.amount) or not _exact_money(total):
        return None
    assert part.amount is not None and total is not None
    if not share_base_is_total(part, breakdown, vocab):
        return None

    def ratio(overrides: dict[int, Interval]) -> Interval | None:
        return percent_ratio(_yuan(part.amount, overrides), _yuan(total, overrides))  # type: ignore[arg-type]

    computed = ratio({})
    if computed is None:
        return None
    if share.interval().meets(computed):
        return ShareVerdict(True, part, computed)
    if sums is not None and sums.ok:
        return ShareVerdict(False, part, computed)
    slips = _slips([total, part.amount], lambda o: (r := ratio(o)) is not None and share.interval().meets(r))
    return ShareVerdict(False, part, computed, slips)


def check_shares_sum(breakdown: Breakdown, vocab: NumbersSpec) -> Interval | None:
    """The shares' interval sum when the parts are complete and all have exact shares of
    the total (占项目预算的 92.61% is a share of something else)."""
    shares = [p.share for p in breakdown.parts]
    if not breakdown.complete or len(shares) < 2 or not all(s is not None and s.exact and s.is_percent for s in shares):
        return None
    if breakdown.total is not None and not all(share_base_is_total(part, breakdown, vocab) for part in breakdown.parts):
        return None
    return interval_sum([s.interval() for s in shares if s is not None])


def implied_total(part: Part) -> Interval | None:
    """The total, in 元, that a part's amount and its share imply (amount ÷ share × 100)."""
    share = part.share
    if share is None or not share.exact or not share.is_percent or not _exact_money(part.amount):
        return None
    assert part.amount is not None
    stated = share.interval()
    amount = part.amount.yuan_interval()
    if stated.lo <= 0 or amount.lo <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        return Interval(HUNDRED * amount.lo / stated.hi, HUNDRED * amount.hi / stated.lo)


def _common(intervals: list[Interval]) -> bool:
    return max(i.lo for i in intervals) <= min(i.hi for i in intervals)


def check_implied(breakdown: Breakdown) -> ImpliedVerdict | None:
    """Whether the totals implied by parts stated with shares and no total can agree."""
    if breakdown.total is not None:
        return None
    implied = [(part, total) for part in breakdown.parts if (total := implied_total(part)) is not None]
    if len(implied) < 2:
        return None
    if _common([total for _, total in implied]):
        return ImpliedVerdict(True, implied)
    odd = [part for part, _ in implied if len(implied) > 2 and _common([total for other, total in implied if other is not part])]
    return ImpliedVerdict(False, implied, odd[0] if len(odd) == 1 else None)


def check_rate(execution: Execution) -> RateVerdict | None:
    rate, executed = execution.rate, execution.executed
    budgets = [b for b in execution.budgets if _exact_money(b.amount)]
    if rate is None or not rate.exact or executed is None or not _exact_money(executed.amount) or not budgets:
        return None

    def ratios(overrides: dict[int, Interval], among: list[Labelled] = budgets) -> list[tuple[Labelled, Interval]]:
        out = []
        for budget in among:
            r = percent_ratio(_yuan(executed.amount, overrides), _yuan(budget.amount, overrides))
            if r is not None:
                out.append((budget, r))
        return out

    computed = ratios({})
    if not computed:
        return None
    stated = rate.interval()
    for budget, interval in computed:
        if stated.meets(interval):
            return RateVerdict(True, rate, executed, budget, interval)

    budgets_of: dict[int, list[Labelled]] = {}
    for budget in budgets:
        budgets_of.setdefault(id(budget.amount), []).append(budget)

    def holds(overrides: dict[int, Interval]) -> bool:
        # No ratio meets the rate as stated: only those whose amounts are rescaled can.
        among = budgets if id(executed.amount) in overrides else [b for key in overrides for b in budgets_of.get(key, ())]
        return any(stated.meets(r) for _, r in ratios(overrides, among))

    quantities = [executed.amount] + [b.amount for b in budgets]
    slips = _slips(quantities, holds)
    midpoint = (stated.lo + stated.hi) / 2
    budget, interval = min(computed, key=lambda item: abs((item[1].lo + item[1].hi) / 2 - midpoint))
    return RateVerdict(False, rate, executed, budget, interval, slips)


def over_budget(execution: Execution) -> Labelled | None:
    """The budget the executed amount exceeds beyond rounding, if it exceeds all of them."""
    executed = execution.executed
    budgets = [b for b in execution.budgets if _exact_money(b.amount)]
    if executed is None or not _exact_money(executed.amount) or not budgets:
        return None
    spent = executed.amount.yuan_interval()
    if all(spent.lo > b.amount.yuan_interval().hi for b in budgets):
        return max(budgets, key=lambda b: b.amount.yuan_interval().hi)
    return None


def midpoint_text(interval: Interval, places: int, unit: str = "") -> str:
    """The interval's midpoint rounded half up to ``places`` decimals, with a unit."""
    return f"{round_to((interval.lo + interval.hi) / 2, places)}{unit}"


def as_unit(interval: Interval, unit: str) -> Interval:
    """An interval in 元 expressed in ``unit``."""
    return interval.scaled(1 / MONEY_UNITS[unit])


__all__ = [
    "ImpliedVerdict",
    "RateVerdict",
    "ShareVerdict",
    "SumVerdict",
    "UnitSlip",
    "as_unit",
    "check_implied",
    "check_rate",
    "check_share",
    "check_shares_sum",
    "check_sum",
    "expected_amount",
    "implied_total",
    "likely_slip",
    "midpoint_text",
    "over_budget",
    "share_base_is_total",
]
