from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.verdicts import full_points, number, pro_rata, target_status


@register
class TableProRataScore(Rule):
    """A missed target scored more than its completion ratio gives.

    **What it checks.** A 三级指标 whose actual value misses its quantitative target,
    scored above actual ÷ target × 分值 (target ÷ actual for a ceiling such as
    ``≤6.8万元``) beyond what rounding allows. A lower score is the evaluator's judgement
    and passes; full points are PF409's finding.

    **Why.** Forms score a missed quantitative target in proportion to its completion
    (按完成比例计算得分); a score above the ratio contradicts the figures next to it. Forms
    differ, so this is a warning.
    """

    code = "PF411"
    name = "table-pro-rata-score"
    severity = Severity.WARNING
    messages = {
        "default": (
            "“{name}”完成 {actual}（目标 {target}），按比例应得 {computed} 分，表中为 {score} 分",
            "“{name}” reached {actual} of its target {target}: pro rata it scores {computed}, the table gives {score}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.table_spec
        for table in ctx.tables_checked_by(self.code):
            for indicator in table.indicators:
                points, score = indicator.points, indicator.score
                if not number(points) or not number(score) or points is None or score is None or full_points(indicator):
                    continue
                status = target_status(indicator, spec)
                if status is None or status.met:
                    continue
                expected = pro_rata(status, points)
                if expected is None or score.interval().lo <= expected.hi:
                    continue
                places = max(score.decimals, 2)
                computed = midpoint(expected, places)
                yield self.report(
                    ctx,
                    score.span,
                    name=indicator.name.text,
                    actual=status.actual.text,
                    target=status.target.text,
                    computed=computed,
                    score=score.text,
                    evidence=Evidence(
                        stated=score.text,
                        computed=computed,
                        interval=bounds(expected, places),
                        operands=[operand("年度指标值", status.target), operand("实际完成值", status.actual), operand("分值", points)],
                    ),
                )
