"""The number claims of one report judged once, each problem owned by exactly one rule.

The claims overlap: a total and its parts, the parts' shares, the shares' sum, a rate
and the amounts it divides. One wrong figure can break several of them, and the reader
should hear of it once, at the figure to correct. ``judge_numbers`` checks every claim
(``Context.verdicts`` calls it once per report) and gives each problem it finds to
one rule, which only formats it:

- an amount that makes the claim hold when read 10,000 times larger or smaller (元
  written for 万元) is a unit slip, PF107, named once however many claims it breaks;
  the sum, or the share or rate, it explains is not reported again;
- parts that do not add up are PF101, at the total, or at the figure the shares single
  out: the total when the shares fit the parts' sum, one part's amount when only its
  share disagrees with the total;
- a share that is not part ÷ total is PF102, unless PF101 already blames the total or
  that part's amount;
- shares of a whole that do not add up to 100% are PF103, unless some share is wrong
  on its own (PF102, PF107 or PF101 name that share's figure); so are shares of parts
  stated without their total that add up to more than 100%;
- parts stated with shares and no total whose amount ÷ share imply totals that cannot
  agree are PF102, at the one share the others single out, else at the last one;
- a rate that is not executed ÷ budget is PF104; an executed amount over every
  budget is PF105.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal, TypeVar

from perflint.facts import Facts
from perflint.facts.arithmetic import (
    SumVerdict,
    UnitSlip,
    check_implied,
    check_rate,
    check_share,
    check_shares_sum,
    check_sum,
    expected_amount,
    likely_slip,
    over_budget,
)
from perflint.facts.breakdowns import Breakdown, Part
from perflint.facts.execution import Execution, Labelled
from perflint.facts.intervals import HUNDRED, Interval, interval_sum
from perflint.facts.quantities import Quantity
from perflint.profiles import NumbersSpec


@dataclass(frozen=True)
class Blame:
    """The one figure of a breakdown that the others single out, and what it must be."""

    figure: Quantity
    expected: Interval  # in 元
    part: Part | None = None  # the part whose amount is the figure; None: the total


@dataclass(frozen=True)
class SumProblem:
    """The parts do not add up to the total (a subset: they exceed it)."""

    owner: ClassVar[str] = "PF101"
    breakdown: Breakdown
    total: Quantity
    complete: bool  # False: the parts may be a subset, which only must not exceed the total
    computed: Interval  # the parts' sum, in 元
    blame: Blame | None = None  # None: nothing tells which figure is off


@dataclass(frozen=True)
class ShareProblem:
    """A stated share (the figure to correct) is not its part's amount ÷ the total."""

    owner: ClassVar[str] = "PF102"
    breakdown: Breakdown
    part: Part
    computed: Interval  # part ÷ total × 100


@dataclass(frozen=True)
class ImpliedTotalProblem:
    """Parts stated with shares and no total: the totals their amount ÷ share imply
    cannot agree, so some share (or amount) is wrong."""

    owner: ClassVar[str] = "PF102"
    breakdown: Breakdown
    implied: tuple[tuple[Part, Interval], ...]  # each part with the total it implies, in 元
    odd: Part | None  # the part whose implied total alone disagrees; None: no single one


@dataclass(frozen=True)
class SharesSumProblem:
    """The shares of a complete breakdown do not add up to 100%, or those of parts that
    may be a subset add up to more."""

    owner: ClassVar[str] = "PF103"
    breakdown: Breakdown
    computed: Interval  # the shares' sum, in %
    complete: bool = True  # False: the parts may be a subset; their shares exceed 100%


@dataclass(frozen=True)
class RateProblem:
    """A stated execution rate is not executed ÷ any of the budgets stated with it."""

    owner: ClassVar[str] = "PF104"
    execution: Execution
    rate: Quantity
    executed: Labelled
    budget: Labelled  # the budget whose ratio is closest to the stated rate
    computed: Interval  # executed ÷ budget × 100


@dataclass(frozen=True)
class OverBudgetProblem:
    """The executed amount exceeds every budget stated with it, beyond rounding."""

    owner: ClassVar[str] = "PF105"
    execution: Execution
    executed: Labelled
    budget: Labelled  # the largest budget


@dataclass(frozen=True)
class UnitSlipProblem:
    """An amount whose unit looks wrong: read as ``slip`` suggests, the claim holds."""

    owner: ClassVar[str] = "PF107"
    slip: UnitSlip
    claim: Literal["sum", "share", "rate"]  # the claim the suggested unit makes hold
    figure: Quantity | None = None  # the share or rate that then matches; None for a sum


NumberProblem = SumProblem | ShareProblem | ImpliedTotalProblem | SharesSumProblem | RateProblem | OverBudgetProblem | UnitSlipProblem
P = TypeVar("P", SumProblem, ShareProblem, ImpliedTotalProblem, SharesSumProblem, RateProblem, OverBudgetProblem, UnitSlipProblem)


@dataclass(frozen=True)
class Verdicts:
    """Every problem with the number claims of one report, in the order of the claims."""

    problems: tuple[NumberProblem, ...] = ()

    def of(self, kind: type[P]) -> list[P]:
        """The problems of one kind, which its owning rule reports."""
        return [problem for problem in self.problems if isinstance(problem, kind)]


def judge_numbers(facts: Facts, vocab: NumbersSpec) -> Verdicts:
    """Judge every breakdown and execution claim once and assign each problem its owner."""
    dominant_unit = facts.dominant_money_unit
    problems: list[NumberProblem] = []
    for breakdown in facts.breakdowns:
        problems.extend(_breakdown_problems(breakdown, vocab, dominant_unit))
    for execution in facts.executions:
        problems.extend(_execution_problems(execution, dominant_unit))
    return Verdicts(tuple(_each_slip_once(problems)))


def _implied_problems(breakdown: Breakdown) -> Iterator[NumberProblem]:
    shares = [p.share for p in breakdown.parts if p.share is not None and p.share.exact]
    if len(shares) == len(breakdown.parts):
        total = interval_sum([s.interval() for s in shares])
        if total.lo > HUNDRED:
            yield SharesSumProblem(breakdown, total, complete=False)
            return
    verdict = check_implied(breakdown)
    if verdict is not None and not verdict.ok:
        yield ImpliedTotalProblem(breakdown, tuple(verdict.implied), verdict.odd)


def _breakdown_problems(breakdown: Breakdown, vocab: NumbersSpec, dominant_unit: str) -> Iterator[NumberProblem]:
    if breakdown.origin == "implied":
        yield from _implied_problems(breakdown)
        return
    sums = check_sum(breakdown)
    shares = [check_share(part, breakdown, vocab, sums) for part in breakdown.parts]
    sum_slip = sums is not None and bool(sums.unit_slips)
    if sums is not None and not sums.ok:
        if sums.unit_slips:
            yield UnitSlipProblem(likely_slip(sums.unit_slips, dominant_unit), "sum")
        else:
            yield SumProblem(breakdown, sums.total, sums.complete, sums.computed, _blame(breakdown, sums))
    for part, share in zip(breakdown.parts, shares, strict=True):
        if share is None or share.ok:
            continue
        if share.unit_slips:
            # A slip that breaks the sum breaks the shares too: it is named for the sum.
            if not sum_slip:
                yield UnitSlipProblem(likely_slip(share.unit_slips, dominant_unit), "share", part.share)
        elif sums is None or not (sums.total_suspect or sums.suspect_part is part):
            yield ShareProblem(breakdown, part, share.computed)
    shares_sum = check_shares_sum(breakdown, vocab)
    if shares_sum is not None and not shares_sum.contains(HUNDRED) and all(share is None or share.ok for share in shares):
        yield SharesSumProblem(breakdown, shares_sum)


def _blame(breakdown: Breakdown, sums: SumVerdict) -> Blame | None:
    if sums.total_suspect:
        return Blame(sums.total, sums.computed)
    part = sums.suspect_part
    if part is not None and part.amount is not None:
        return Blame(part.amount, expected_amount(breakdown, part), part)
    return None


def _execution_problems(execution: Execution, dominant_unit: str) -> Iterator[NumberProblem]:
    rate = check_rate(execution)
    if rate is not None and not rate.ok:
        if rate.unit_slips:
            yield UnitSlipProblem(likely_slip(rate.unit_slips, dominant_unit), "rate", rate.rate)
        else:
            yield RateProblem(execution, rate.rate, rate.executed, rate.budget, rate.computed)
    budget = None if execution.income else over_budget(execution)  # more income than budgeted is no overspending
    if budget is not None and execution.executed is not None:
        yield OverBudgetProblem(execution, execution.executed, budget)


def _each_slip_once(problems: list[NumberProblem]) -> Iterator[NumberProblem]:
    """Drop a unit slip already named for an earlier claim: one misread amount, one finding."""
    named: set[int] = set()
    for problem in problems:
        if isinstance(problem, UnitSlipProblem):
            if id(problem.slip.quantity) in named:
                continue
            named.add(id(problem.slip.quantity))
        yield problem


__all__ = [
    "Blame",
    "ImpliedTotalProblem",
    "NumberProblem",
    "OverBudgetProblem",
    "RateProblem",
    "ShareProblem",
    "SharesSumProblem",
    "SumProblem",
    "UnitSlipProblem",
    "Verdicts",
    "judge_numbers",
]
