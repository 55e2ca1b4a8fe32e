from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.intervals import Interval
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.model import FundsRow, SelfEvaluationTable
from perflint.selfeval.verdicts import capped_score, check_rate, empty_total, execution_rates, number, rate_value, sources_execution_rates


@register
class TableExecutionScore(Rule):
    """The execution-rate score is not min(执行率, 100%) × its points.

    **What it checks.** The 得分 of the 年度资金总额 row against its 分值 times the
    execution rate, capped at the points (95% × 10 = 9.5; 103% × 10 = 10). The rate is
    the one 执行数 ÷ 预算数 gives, or the one the table states: a score that fits either
    passes (a wrong rate is PF405's finding). Scores stand for the intervals their digits
    allow (9.91 written 9.9 or 10 passes). A source row scored on its own (a department's
    基本支出 and 项目支出, each with its 分值 and 得分) is checked the same way. When the
    total row is left empty (its amounts blank or 0) and its sources, all of the total,
    carry the money, the rate is their sums' 执行数 ÷ 预算数 (PF407 reports the empty
    total itself). A form that scores the rate otherwise turns this check off
    (``execution-score = "off"`` in its ``[[table.forms]]``).

    **Why.** The execution score is arithmetic, not judgement; a wrong one moves the
    总分 and sometimes the grade.
    """

    code = "PF406"
    name = "table-execution-score"
    severity = Severity.ERROR
    messages = {
        "default": (
            "执行率得分 {stated} 与 {rate} × {points} 分 = {computed} 不符",
            "the execution score {stated} does not match {rate} × {points} points = {computed}",
        ),
        "row": (
            "“{row}”的执行率得分 {stated} 与 {rate} × {points} 分 = {computed} 不符",
            "“{row}”: the execution score {stated} does not match {rate} × {points} points = {computed}",
        ),
        "sources": (
            "执行率得分 {stated} 与各来源行合计的执行率 {rate} × {points} 分 = {computed} 不符",
            "the execution score {stated} does not match the rate its source rows give together, {rate} × {points} points = {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            if table.form.execution_score != "linear":
                continue
            for row in table.funds:
                yield from self._row(ctx, table, row)

    def _row(self, ctx: Context, table: SelfEvaluationTable, row: FundsRow) -> Iterator[Finding]:
        points, score = row.points, row.score
        if not number(points) or not number(score) or points is None or score is None:
            return
        stated = rate_value(row.rate, table)
        rates: list[tuple[str, Interval]] = []
        key = "default" if row.is_total else "row"
        if row.is_total and empty_total(table):
            # 0 ÷ 0 gives no rate: a 0 stated beside an empty total is no rate either.
            key = "sources"
            rates = [(f"{midpoint(rate, 2)}%", rate) for rate in sources_execution_rates(table)]
            if stated is not None and stated.number == 0:
                stated = None
        elif (verdict := check_rate(row, table)) is not None:
            rates.append((f"{midpoint(verdict.computed, 2)}%", verdict.computed))
        elif stated is None:
            rates = [(f"{midpoint(rate, 2)}%", rate) for rate in execution_rates(row, table)]
        if stated is not None:
            rates.append((stated.text, stated.interval()))
        if not rates:
            return
        expected = [(text, capped_score(rate, points)) for text, rate in rates]
        if any(interval.meets(score.interval()) for _, interval in expected):
            return
        rate_text, interval = expected[0]
        places = max(score.decimals, 2)
        computed = midpoint(interval, places)
        operands = [operand("分值", points)]
        if stated is not None:
            operands.append(operand(table.header("rate", "执行率"), stated))
        yield self.report(
            ctx,
            score.span,
            key,
            row=row.label.text,
            stated=score.text,
            rate=rate_text,
            points=points.text,
            computed=computed,
            evidence=Evidence(stated=score.text, computed=computed, interval=bounds(interval, places), operands=operands),
        )
