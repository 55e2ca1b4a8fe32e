from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import operand
from perflint.selfeval.verdicts import deducted, has_reason, target_status


@register
class TableDeductionWithoutReason(Rule):
    """Points were deducted and the 偏差原因 cell is empty.

    **What it checks.** A 三级指标 scored below its 分值 whose reason cell
    (偏差原因分析及改进措施, 未完成原因分析, 说明) is empty or says only ``无``, in a table
    that has that column. A target met by its figures with a deduction is PF408's
    finding, so this one covers missed and qualitative targets.

    **Why.** The form asks for the reason of every deviation and the measure against it;
    an empty cell after a deduction is a part of the form left unfilled.
    """

    code = "PF410"
    name = "table-deduction-without-reason"
    severity = Severity.WARNING
    messages = {
        "default": (
            "“{name}”扣分（{score}/{points}）但未填写偏差原因",
            "“{name}” lost points ({score} of {points}) and no reason is given",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.table_spec
        for table in ctx.tables_checked_by(self.code):
            if "reason" not in table.indicator_columns:
                continue
            for indicator in table.indicators:
                if not deducted(indicator) or has_reason(indicator, spec):
                    continue
                status = target_status(indicator, spec)
                if status is not None and status.met:
                    continue  # PF408's
                assert indicator.score is not None and indicator.points is not None
                anchor = indicator.reason.span if indicator.reason is not None else indicator.score.span
                yield self.report(
                    ctx,
                    anchor,
                    name=indicator.name.text,
                    score=indicator.score.text,
                    points=indicator.points.text,
                    evidence=Evidence(
                        stated=indicator.score.text, expected=indicator.points.text, operands=[operand("分值", indicator.points)]
                    ),
                )
