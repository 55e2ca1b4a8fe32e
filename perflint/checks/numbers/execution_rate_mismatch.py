from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import check_rate, midpoint_text
from perflint.facts.display import corrected_figure, operand, outward, shown
from perflint.results import Evidence, Finding, Severity


@register
class ExecutionRateMismatch(Rule):
    """A stated budget execution rate does not match executed ÷ budget.

    **What it checks.** Claims such as ``全年预算数 651.04 万元，执行数 651.04 万元，完成预算的
    100%``, ``预算执行率为 98.6%`` or a table with 预算数, 执行数 and 执行率 columns. Forms
    divide by different budgets (全年预算数, 调整后预算数, 年初预算数): where several are
    given, the rate passes if it matches any of them. Figures stand for the intervals
    their digits allow, so 100% passes for 651.04 ÷ 651.04 and 96.0% for 274.63 ÷ 286.00.
    The display-only fix gives the recomputed rate when there is one budget.

    **Why.** The execution rate is scored (执行率 × 10 points), so a wrong rate changes
    the evaluation.
    """

    code = "PF104"
    name = "execution-rate-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": (
            "执行率 {stated} 与 {executed} ÷ {budget} = {computed} 不符",
            "the execution rate {stated} does not match {executed} ÷ {budget} = {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for execution in ctx.facts.executions:
            verdict = check_rate(execution)
            if verdict is None or verdict.ok or verdict.unit_slips:
                continue
            rate = verdict.rate
            computed = midpoint_text(verdict.computed, rate.decimals, "%")
            corrected = midpoint_text(verdict.computed, rate.decimals)
            fix = None
            if len(execution.budgets) == 1:
                fix = corrected_figure(rate, corrected, "执行率")
            yield self.report(
                ctx,
                rate.span,
                stated=shown(rate),
                executed=f"{verdict.executed.name} {shown(verdict.executed.amount)}",
                budget=f"{verdict.budget.name} {shown(verdict.budget.amount)}",
                computed=computed,
                evidence=Evidence(
                    stated=shown(rate),
                    computed=computed,
                    interval=outward(verdict.computed, rate.decimals + 2),
                    operands=[operand(verdict.executed.name, verdict.executed.amount)]
                    + [operand(b.name, b.amount) for b in execution.budgets],
                ),
                fix=fix,
            )
