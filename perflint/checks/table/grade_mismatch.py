from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Operand, Severity
from perflint.selfeval.display import plain
from perflint.selfeval.verdicts import number, table_grade


@register
class TableGradeMismatch(Rule):
    """The grade in the self-evaluation table is not the one its 总分 gives.

    **What it checks.** A grade written in the table (``| 总分 | … | 100 | 86.5 | 优 |``,
    or a 等级 cell after the total) against the band of the table's 总分 得分, by the
    profile's half-open bands (90 and above 优, 80 to under 90 良, 60 to under 80 中,
    under 60 差).

    **Why.** The grade follows from the score (财预〔2020〕10号); a table that gives 86.5
    and 优 is wrong in one of them.
    """

    code = "PF414"
    name = "table-grade-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": (
            "自评表等级“{word}”与总分 {score} 不符：应为“{expected}”",
            "the table's grade “{word}” does not match its total score {score}: it is “{expected}”",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.content.conclusion
        for table in ctx.tables_checked_by(self.code):
            total, grade = table.total, table.grade
            if total is None or grade is None or not number(total.score) or total.score is None:
                continue
            assert total.score.number is not None
            stated = table_grade(grade, spec)
            expected = spec.grade_for(total.score.number)
            if stated is None or expected is None or stated.grade == expected.grade:
                continue
            low, high, _ = spec.band(expected)
            yield self.report(
                ctx,
                grade.span,
                word=grade.text,
                score=total.score.text,
                expected=expected.grade,
                evidence=Evidence(
                    stated=stated.grade,
                    computed=expected.grade,
                    interval=[plain(low), plain(high)],
                    operands=[Operand("总分", total.score.text, total.score.span)],
                ),
            )
