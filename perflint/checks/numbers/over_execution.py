from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.display import operand, shown
from perflint.facts.verdicts import OverBudgetProblem
from perflint.results import Evidence, Finding, Severity


@register
class OverExecution(Rule):
    """More was spent than budgeted.

    **What it checks.** In a budget execution claim, an executed amount larger than
    every budget stated with it, beyond rounding (``全年预算数 100.00 万元，执行数 104.50
    万元``). A report that gives several budgets (年初, 调整后, 全年) is compared with
    the largest.

    **Why.** Spending beyond the budget needs an explanation (an adjustment not
    reflected in the figures, or a typo); either way a reviewer asks.
    """

    code = "PF105"
    name = "over-execution"
    severity = Severity.WARNING
    messages = {
        "default": ("执行数 {executed} 超过{budget_name} {budget}", "the executed amount {executed} exceeds the {budget_name} {budget}")
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for problem in ctx.verdicts.of(OverBudgetProblem):
            budget, executed = problem.budget, problem.executed.amount
            yield self.report(
                ctx,
                executed.span,
                executed=shown(executed),
                budget_name=budget.name or "预算数",
                budget=shown(budget.amount),
                evidence=Evidence(
                    stated=shown(executed),
                    expected=f"≤ {shown(budget.amount)}",
                    operands=[operand(problem.executed.name, executed), operand(budget.name, budget.amount)],
                ),
            )
