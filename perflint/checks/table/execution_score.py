from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.verdicts import capped_score, check_rate, number, rate_value


@register
class TableExecutionScore(Rule):
    """The execution-rate score is not min(执行率, 100%) × its points.

    **What it checks.** The 得分 of the 年度资金总额 row against its 分值 times the
    execution rate, capped at the points (95% × 10 = 9.5; 103% × 10 = 10). The rate is
    the one 执行数 ÷ 预算数 gives, or the one the table states: a score that fits either
    passes (a wrong rate is PF405's finding). Scores stand for the intervals their digits
    allow (9.91 written 9.9 or 10 passes). A form that scores the rate otherwise turns
    this check off (``execution-score = "off"`` in its ``[[table.forms]]``).

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
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables:
            row = table.funds_total
            if table.is_off(self.code) or table.form.execution_score != "linear" or row is None:
                continue
            points, score = row.points, row.score
            if not number(points) or not number(score) or points is None or score is None:
                continue
            rates = []
            verdict = check_rate(row, table)
            if verdict is not None:
                rates.append((f"{midpoint(verdict.computed, 2)}%", verdict.computed))
            stated = rate_value(row.rate, table)
            if stated is not None:
                rates.append((stated.text, stated.interval()))
            if not rates:
                continue
            expected = [(text, capped_score(rate, points)) for text, rate in rates]
            if any(interval.meets(score.interval()) for _, interval in expected):
                continue
            rate_text, interval = expected[0]
            places = max(score.decimals, 2)
            computed = midpoint(interval, places)
            operands = [operand("分值", points)]
            if stated is not None:
                operands.append(operand(table.header("rate", "执行率"), stated))
            yield self.report(
                ctx,
                score.span,
                stated=score.text,
                rate=rate_text,
                points=points.text,
                computed=computed,
                evidence=Evidence(stated=score.text, computed=computed, interval=bounds(interval, places), operands=operands),
            )
