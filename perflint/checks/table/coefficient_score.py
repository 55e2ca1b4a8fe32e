from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.intervals import HUNDRED
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.verdicts import number


@register
class TableCoefficientScore(Rule):
    """An indicator's score is not its 得分系数 × 指标权重 (forms that score so).

    **What it checks.** In a table whose form scores an indicator as a coefficient of
    its weight — Chongqing's 部门整体绩效自评表: ``得分系数(%) | 指标权重(分) | 指标得分(分)``
    — each 指标得分 against 得分系数 ÷ 100 × 指标权重, with the tolerance the digits of
    the coefficient and of the score allow. Other forms are not checked.

    **Why.** The score is arithmetic on two cells of the same row; when it differs, one
    of the three was changed without the others.
    """

    code = "PF417"
    name = "table-coefficient-score"
    severity = Severity.ERROR
    messages = {
        "default": (
            "“{name}”得分 {score} 与得分系数 {coefficient} × 权重 {points} = {computed} 不符",
            "“{name}” scores {score}, but its coefficient {coefficient} × weight {points} = {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            if table.form.indicator_score != "coefficient":
                continue
            for indicator in table.indicators:
                coefficient, points, score = indicator.coefficient, indicator.points, indicator.score
                if not (number(coefficient) and number(points) and number(score)):
                    continue
                assert coefficient is not None and points is not None and score is not None and points.number is not None
                expected = coefficient.interval().scaled(points.number / HUNDRED)
                if expected.meets(score.interval()):
                    continue
                places = max(score.decimals, 2)
                computed = midpoint(expected, places)
                yield self.report(
                    ctx,
                    score.span,
                    name=indicator.name.text,
                    score=score.text,
                    coefficient=coefficient.text,
                    points=points.text,
                    computed=computed,
                    evidence=Evidence(
                        stated=score.text,
                        computed=computed,
                        interval=bounds(expected, places),
                        operands=[
                            operand(table.header("coefficient", "得分系数"), coefficient),
                            operand(table.header("points", "指标权重"), points),
                        ],
                    ),
                )
