from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import operand
from perflint.selfeval.verdicts import full_points, target_status


@register
class TableMissedTargetFullPoints(Rule):
    """A target missed by its figures still got full points.

    **What it checks.** A 三级指标 whose actual value falls short of its quantitative
    target — by the target's operator (``≥95%`` and 72.74%; ``≤6.8万元`` and 7.2万元; a
    date passed) — scored its whole 分值. A bare target (``100%``) is a floor, except for
    cost and time indicators, which are not judged without an operator. The actual and
    the target must share a unit.

    **Why.** A missed target is scored pro rata or by the evaluator's judgement, never in
    full; full points there inflate the 总分, and a reviewer sends it back.
    """

    code = "PF409"
    name = "table-missed-target-full-points"
    severity = Severity.ERROR
    messages = {
        "default": (
            "“{name}”完成值 {actual} 未达到目标 {target}，却得满分 {score} 分",
            "“{name}” missed its target {target} with {actual}, yet scores the full {score} points",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.table_spec
        for table in ctx.tables_checked_by(self.code):
            for indicator in table.indicators:
                if not full_points(indicator):
                    continue
                status = target_status(indicator, spec)
                if status is None or status.met:
                    continue
                assert indicator.score is not None and indicator.points is not None
                yield self.report(
                    ctx,
                    indicator.score.span,
                    name=indicator.name.text,
                    actual=status.actual.text,
                    target=status.target.text,
                    score=indicator.score.text,
                    evidence=Evidence(
                        stated=indicator.score.text,
                        operands=[
                            operand("年度指标值", status.target),
                            operand("实际完成值", status.actual),
                            operand("分值", indicator.points),
                        ],
                    ),
                )
