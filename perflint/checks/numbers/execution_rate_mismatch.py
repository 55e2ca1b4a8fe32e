from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import midpoint_text
from perflint.facts.display import corrected_figure, operand, outward, shown
from perflint.facts.verdicts import RateProblem
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
        for problem in ctx.verdicts.of(RateProblem):
            rate, execution = problem.rate, problem.execution
            computed = midpoint_text(problem.computed, rate.decimals, "%")
            corrected = midpoint_text(problem.computed, rate.decimals)
            fix = None
            if len(execution.budgets) == 1:
                fix = corrected_figure(rate, corrected, "执行率", "rate", ctx.lang)
            yield self.report(
                ctx,
                rate.span,
                stated=shown(rate),
                executed=f"{problem.executed.name} {shown(problem.executed.amount)}",
                budget=f"{problem.budget.name} {shown(problem.budget.amount)}",
                computed=computed,
                evidence=Evidence(
                    stated=shown(rate),
                    computed=computed,
                    interval=outward(problem.computed, rate.decimals + 2),
                    operands=[operand(problem.executed.name, problem.executed.amount)]
                    + [operand(b.name, b.amount) for b in execution.budgets],
                ),
                fix=fix,
            )
