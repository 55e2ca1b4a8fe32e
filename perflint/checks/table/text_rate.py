from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.checks.table.text_conclusion import outside, table_report
from perflint.facts.execution import Execution
from perflint.facts.intervals import Interval, percent_ratio
from perflint.results import Evidence, Finding, Operand, Severity
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.verdicts import amount, check_rate, comparable_amounts, number, quotients, rate_value


def _consistent(claim: Execution) -> bool:
    """The text's rate agrees with its own executed ÷ budget (or states no amounts)."""
    if claim.rate is None or claim.executed is None or not claim.budgets:
        return True
    ratios = [percent_ratio(claim.executed.amount.yuan_interval(), b.amount.yuan_interval()) for b in claim.budgets if b.amount.is_money]
    return any(r is not None and claim.rate.interval().meets(r) for r in ratios) if claim.executed.amount.is_money else True


def _same_project(claim: Execution, table: SelfEvaluationTable) -> bool:
    """The text's budget or executed amount is the table's total row's."""
    row = table.funds_total
    if row is None or table.unit == "" and not any(v is not None and v.unit for v in (row.budget, row.executed)):
        return False
    table_amounts = [v for v in (row.initial_budget, row.budget, row.executed) if number(v) and v is not None]
    if not table_amounts or not comparable_amounts(table_amounts, table):
        return False
    stated = [b.amount for b in claim.budgets] + ([claim.executed.amount] if claim.executed else [])
    intervals: list[Interval] = [q.yuan_interval() for q in stated if q.is_money and q.exact]
    return any(a.meets(amount(v, table)) for a in intervals for v in table_amounts)


@register
class TableTextRateMismatch(Rule):
    """The execution rate the text states is not the self-evaluation table's.

    **What it checks.** A rate in the text (``预算执行率为 98.6%``, ``完成预算的 95%``) about
    the table's project — its budget or executed amount is the 年度资金总额 row's, or, in
    a project report with one table, the only rate the text states — against the table's
    执行率, with the tolerance the digits allow. A rate that contradicts its own amounts
    is PF104's finding, and a table rate that contradicts the table's is PF405's.

    **Why.** The text and the table are two copies of one figure; when they differ, one
    of them was not updated (often the executed amount after the accounts closed).
    """

    code = "PF416"
    name = "table-text-rate-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": (
            "正文执行率 {stated} 与自评表执行率 {table} 不符",
            "the execution rate in the text, {stated}, differs from the table's, {table}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        tables = [
            t for t in ctx.tables_checked_by(self.code) if t.funds_total is not None and rate_value(t.funds_total.rate, t) is not None
        ]
        tables = [t for t in tables if (verdict := check_rate(t.funds_total, t)) is None or verdict.ok]  # type: ignore[arg-type]
        if not tables:
            return
        claims = [c for c in ctx.facts.executions if c.rate is not None and c.rate.is_percent and outside(c.rate.span, ctx.tables)]
        claims = [c for c in claims if _consistent(c)]
        alone = table_report(ctx) and len(ctx.tables) == 1 and len({c.rate.value for c in claims if c.rate is not None}) == 1
        for claim in claims:
            assert claim.rate is not None
            matched = [t for t in tables if _same_project(claim, t)]
            if not matched and alone and not claim.budgets and claim.executed is None:
                matched = tables
            if len(matched) != 1:
                continue
            row = matched[0].funds_total
            assert row is not None
            rate = rate_value(row.rate, matched[0])
            assert rate is not None
            if claim.rate.interval().meets(rate.interval()):
                continue
            # 228 ÷ 年初预算数 200 = 114%: the text may divide by another of the row's budgets.
            budgets = [b for b in (row.budget, row.initial_budget) if b is not None and number(b)]
            if any(claim.rate.interval().meets(q) for q in quotients(row.executed, budgets, matched[0])):
                continue
            stated = ctx.text[claim.rate.span[0] : claim.rate.span[1]]
            yield self.report(
                ctx,
                claim.rate.span,
                stated=stated,
                table=rate.text,
                evidence=Evidence(
                    stated=stated, expected=rate.text, operands=[Operand(matched[0].header("rate", "执行率"), rate.text, rate.span)]
                ),
            )
