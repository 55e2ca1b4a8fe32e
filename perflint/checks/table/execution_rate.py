from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.verdicts import budgets, check_rate


@register
class TableExecutionRate(Rule):
    """An execution rate in the self-evaluation table is not 执行数 ÷ 预算数.

    **What it checks.** The 执行率 of the 年度资金总额 row and of each source row
    (当年财政拨款, 上年结转资金 …) against that row's 全年执行数 ÷ its budget. Forms divide
    by different budgets: the rate passes if it matches any budget column the table has
    (年初预算数 or 全年预算数 / 调整后预算数), unless the table's form names one (Sichuan
    and Chongqing divide by the adjusted budget). Figures stand for the intervals their
    digits allow, so 99% passes for 65.07 ÷ 65.66 = 99.10%. A row with a budget of 0 (an
    empty source) is not checked. The unit comes from the cells, the header
    (项目资金（万元）) or a caption above the table (（单位：万元）).

    **Why.** The execution rate is scored (执行率 × 10 points), so a wrong rate changes
    the evaluation.
    """

    code = "PF405"
    name = "table-execution-rate"
    severity = Severity.ERROR
    messages = {
        "default": (
            "“{row}”执行率 {stated} 与 {executed} ÷ {budget} = {computed} 不符",
            "“{row}”: the execution rate {stated} does not match {executed} ÷ {budget} = {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            for row in table.funds:
                verdict = check_rate(row, table)
                if verdict is None or verdict.ok:
                    continue
                places = max(verdict.rate.decimals, 2)
                computed = midpoint(verdict.computed, places) + "%"
                executed_name = table.header("executed", "执行数")
                budget_name = table.header("budget" if verdict.budget is row.budget else "initial_budget", "预算数")
                yield self.report(
                    ctx,
                    verdict.rate.span,
                    row=row.label.text,
                    stated=verdict.rate.text,
                    executed=f"{executed_name} {verdict.executed.text}",
                    budget=f"{budget_name} {verdict.budget.text}",
                    computed=computed,
                    evidence=Evidence(
                        stated=verdict.rate.text,
                        computed=computed,
                        interval=bounds(verdict.computed, places + 2),
                        operands=[operand(executed_name, verdict.executed)]
                        + [
                            operand(table.header("budget" if b is row.budget else "initial_budget", "预算数"), b)
                            for b in budgets(row, table)
                        ],
                    ),
                )
