from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import midpoint_text
from perflint.facts.display import operand, shown
from perflint.facts.intervals import percent_ratio
from perflint.results import Evidence, Finding, Severity
from perflint.validation import KEBAB_CASE


@register
class LowExecutionRate(Rule):
    """A budget execution rate is below the template's threshold.

    **What it checks.** A stated execution rate (``完成预算的 86.50%``, ``执行率为 85%``)
    below the profile's ``numbers.low-execution-rate`` (90% in the shipped profiles);
    where no rate is stated, the rate computed from the executed amount and the budget.
    Exactly at the threshold passes.

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
        for execution in ctx.facts.executions:
            rate = execution.rate
            if rate is not None and rate.exact:
                if rate.interval().hi < threshold:
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
            budget = budgets[-1]  # the last stated budget is the most current one (全年/调整后)
            computed = percent_ratio(executed.amount.yuan_interval(), budget.amount.yuan_interval())
            if computed is None or computed.hi >= threshold:
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
