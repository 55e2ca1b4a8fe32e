from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import operand, plain
from perflint.selfeval.values import Value
from perflint.selfeval.verdicts import number


@register
class TableScoreOverPoints(Rule):
    """A score in the self-evaluation table lies outside 0 to its points.

    **What it checks.** Each 得分 of the table — the execution rate's and every
    三级指标's — against its own 分值 (权重): a score is at least 0 and at most its points,
    compared as written (10.5 of 10 is over, however it was rounded).

    **Why.** Points are the most an item can score; a score above them inflates the
    总分 and usually means a typing slip or points changed after scoring.
    """

    code = "PF403"
    name = "table-score-over-points"
    severity = Severity.ERROR
    messages = {
        "over": ("“{name}”得分 {score} 超过其分值 {points}", "“{name}” scores {score}, more than its {points} points"),
        "negative": ("“{name}”得分 {score} 小于 0", "“{name}” scores {score}, less than 0"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            rows: list[tuple[str, Value | None, Value | None]] = []
            funds = table.funds_total
            if funds is not None:
                rows.append((funds.label.text, funds.points, funds.score))
            rows.extend((i.name.text, i.points, i.score) for i in table.indicators)
            for name, points, score in rows:
                if not number(points) or not number(score) or points is None or score is None:
                    continue
                assert points.number is not None and score.number is not None
                if score.number < 0:
                    key = "negative"
                elif score.number > points.number:
                    key = "over"
                else:
                    continue
                yield self.report(
                    ctx,
                    score.span,
                    key,
                    name=name,
                    score=score.text,
                    points=points.text,
                    evidence=Evidence(stated=score.text, interval=["0", plain(points.number)], operands=[operand("分值", points)]),
                )
