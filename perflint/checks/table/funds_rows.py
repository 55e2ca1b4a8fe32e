from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.quantities import MONEY_UNITS
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.verdicts import check_funds_column

_COLUMNS = (("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))


@register
class TableFundsRows(Rule):
    """The source rows of the funds block do not add up to 年度资金总额.

    **What it checks.** Column by column (年初预算数, 全年预算数 / 调整后预算数,
    全年执行数), the source rows under the total — 当年财政拨款, 上年结转资金, 其他资金
    (Sichuan: 财政资金, 财政专户管理资金, 单位资金, 其他资金) — against the 年度资金总额
    row. A blank or ``—`` source counts 0. With two sources or more, or a 其他资金 row,
    they are all of the total and must add up to it; a single ``其中`` row must only not
    exceed it. Figures stand for the intervals their digits allow.

    **Why.** A total that contradicts its own sources (total 0, the 财政拨款 row 90) is one
    of the slips reviewers find most often in published tables.
    """

    code = "PF407"
    name = "table-funds-rows"
    severity = Severity.ERROR
    messages = {
        "sum": (
            "{row}的{column} {stated} 与各来源之和 {computed} 不符（{parts}）",
            "{row}: {column} {stated} is not the sum of its sources, {computed} ({parts})",
        ),
        "exceeds": (
            "{row}的{column} {stated} 小于其中所列来源 {computed}（{parts}）",
            "{row}: {column} {stated} is less than the sources listed under it, {computed} ({parts})",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            total_row = table.funds_total
            if total_row is None:
                continue
            for column, default in _COLUMNS:
                verdict = check_funds_column(table, column)
                if verdict is None or verdict.ok:
                    continue
                name = table.header(column, default)
                unit = verdict.total.unit if verdict.total.unit in MONEY_UNITS else table.unit
                computed_interval = verdict.computed.scaled(1 / MONEY_UNITS[unit]) if unit in MONEY_UNITS else verdict.computed
                places = max(value.decimals for value in (verdict.total, *verdict.parts))
                computed = midpoint(computed_interval, places)
                parts = " + ".join(value.text for value in verdict.parts)
                yield self.report(
                    ctx,
                    verdict.total.span,
                    "sum" if verdict.complete else "exceeds",
                    row=total_row.label.text,
                    column=name,
                    stated=verdict.total.text,
                    computed=computed,
                    parts=parts,
                    evidence=Evidence(
                        stated=verdict.total.text,
                        computed=computed,
                        interval=bounds(computed_interval, places),
                        operands=[operand(name, value) for value in verdict.parts],
                    ),
                )
