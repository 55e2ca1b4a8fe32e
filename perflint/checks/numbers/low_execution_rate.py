from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import midpoint_text
from perflint.facts.display import operand, shown
from perflint.facts.execution import Reasons, of_another_period
from perflint.facts.intervals import percent_ratio
from perflint.results import Evidence, Finding, Severity
from perflint.validation import KEBAB_CASE


@register
class LowExecutionRate(Rule):
    """A budget execution rate is below the template's threshold and no reason is given.

    **What it checks.** A stated execution rate (``完成预算的 86.50%``, ``执行率为 85%``)
    below the profile's ``low-execution-rate`` (90% in the shipped profiles); where no
    rate is stated, the rate computed from the executed amount and the budgets (below
    the threshold against every budget stated: spent 87.06 of 239 万元 is 36.43%).
    Exactly at the threshold passes. A rate the text gives as a target (``执行率目标值为
    70%``, ``≥90%``) is not the rate found: the percentage after it is (``实际完成 76%``).
    A low rate is not reported when its reason is given: a sentence with a word of the
    profile's ``numbers.reason-markers`` (由于, 原因 …) that speaks of the money
    (``numbers.reason-subjects``: 资金, 结余, 进度 …, or a budget or executed word), in the
    rate's sentence or after it in its paragraph or section, before the next claim; or
    where the report states the same rate again (the problems section, the text beside
    the table's row); or in a sentence on why the execution rate is low (执行率低的原因
    是…, （1）执行率低。 and the sentence after it). Not reported either: an interim rate
    (截至…6月), last year's, an investment's progress, 三公经费 kept under budget, and
    income collected (事业收入).

    **Why.** Forms ask for a written reason when execution falls below 90%, and the
    execution score drops with it; a reviewer checks that the reason is there.
    """

    code = "PF106"
    name = "low-execution-rate"
    severity = Severity.WARNING
    messages = {
        "stated": (
            "预算执行率 {rate} 低于 {threshold}%，请说明原因",
            "the budget execution rate {rate} is below {threshold}%: give the reason",
        ),
        "computed": (
            "预算执行率为 {rate}（{executed} ÷ {budget}），低于 {threshold}%，请说明原因",
            "the budget execution rate is {rate} ({executed} ÷ {budget}), below {threshold}%: give the reason",
        ),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        low_execution_rate: Decimal
        """A budget execution rate below this (in %) needs a reason; forms ask for one
        below 90%."""

        def __post_init__(self) -> None:
            if not 0 <= self.low_execution_rate <= 100:
                raise ValueError("low-execution-rate must be between 0 and 100")

    def check(self, ctx: Context) -> Iterator[Finding]:
        threshold = self.options(ctx).low_execution_rate
        shown_threshold = format(threshold.normalize(), "f")
        reasons = Reasons(ctx.document, ctx.numbers)
        year = ctx.content_facts.fiscal_year
        fiscal_year = year.year if year is not None else None
        claims = sorted(ctx.facts.executions, key=lambda execution: execution.span)
        starts = [execution.span[0] for execution in claims]
        for position, execution in enumerate(claims):
            # A reason is the claim's own between the claim before it and the next one.
            following = bisect_right(starts, execution.span[1])
            until = starts[following] if following < len(starts) else None
            since = claims[position - 1].span[1] if position else 0
            if execution.economy or execution.income:
                continue  # 三公经费 under budget is a saving; income is collected, not spent
            rate = execution.rate
            if rate is not None and of_another_period(ctx.text, rate.span, fiscal_year, ctx.numbers):
                continue
            if rate is not None and rate.exact:
                if rate.interval().hi < threshold and not reasons.given(rate.span, since, until):
                    yield self.report(
                        ctx,
                        rate.span,
                        "stated",
                        rate=shown(rate),
                        threshold=shown_threshold,
                        evidence=Evidence(stated=shown(rate), expected=f"≥ {shown_threshold}%"),
                    )
                continue
            executed = execution.executed
            budgets = [b for b in execution.budgets if b.amount.exact]
            if executed is None or not executed.amount.exact or not budgets:
                continue
            # Low only if low against every budget: the highest ratio is the one to judge.
            ratios = [(b, r) for b in budgets if (r := percent_ratio(executed.amount.yuan_interval(), b.amount.yuan_interval()))]
            if not ratios:
                continue
            budget, computed = max(ratios, key=lambda item: item[1].hi)
            if computed.hi >= threshold or reasons.given(executed.amount.span, since, until):
                continue
            yield self.report(
                ctx,
                executed.amount.span,
                "computed",
                rate=midpoint_text(computed, 2, "%"),
                executed=shown(executed.amount),
                budget=shown(budget.amount),
                threshold=shown_threshold,
                evidence=Evidence(
                    computed=midpoint_text(computed, 2, "%"),
                    expected=f"≥ {shown_threshold}%",
                    operands=[operand(executed.name, executed.amount), operand(budget.name, budget.amount)],
                ),
            )
