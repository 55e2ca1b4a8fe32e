from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import operand
from perflint.selfeval.verdicts import deducted, has_reason, target_status


@register
class TableMetTargetDeducted(Rule):
    """A target met by its figures lost points, and no reason is given.

    **What it checks.** A 三级指标 with a quantitative target — a figure with its operator
    (``≥45处``, ``≤6.8万元``, ``=100%``; a bare ``100%`` is a floor, except for cost and time
    indicators) or a date (``2023年11月30日前``) — and an actual of the same unit that meets
    it, scored below its 分值 with the 偏差原因 cell empty (or ``无``). Targets in words are
    qualitative: forms score them 100–80% when met, so a deduction there is no slip.

    **Why.** Points are deducted for a deviation; a met target with a deduction and no
    reason is either a wrong score or a wrong actual value, and reviewers query it.
    """

    code = "PF408"
    name = "table-met-target-deducted"
    severity = Severity.ERROR
    messages = {
        "default": (
            "“{name}”完成值 {actual} 已达到目标 {target}，却只得 {score} 分（分值 {points}），且未说明扣分原因",
            "“{name}” met its target {target} with {actual}, yet scores {score} of {points} points with no reason given",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.table_spec
        for table in ctx.tables_checked_by(self.code):
            for indicator in table.indicators:
                if not deducted(indicator) or has_reason(indicator, spec):
                    continue
                status = target_status(indicator, spec)
                if status is None or not status.met:
                    continue
                assert indicator.score is not None and indicator.points is not None
                yield self.report(
                    ctx,
                    indicator.score.span,
                    name=indicator.name.text,
                    actual=status.actual.text,
                    target=status.target.text,
                    score=indicator.score.text,
                    points=indicator.points.text,
                    evidence=Evidence(
                        stated=indicator.score.text,
                        expected=indicator.points.text,
                        operands=[operand("年度指标值", status.target), operand("实际完成值", status.actual)],
                    ),
                )
