from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class UnknownGrade(Rule):
    """The conclusion states a grade that is not one of the template's grades.

    **What it checks.** In the conclusion section, a word in a grade slot
    (``自评等级为…``, ``评价结论为“…”``, ``绩效等级：…``, a table row ``评价等级 | …``)
    that is not in the profile's grade vocabulary (``content.conclusion.grades``: 优/优秀,
    良/良好, 中/中等/一般, 差/较差 by default; traditional 優 counts as 优).

    **Why.** Grades are fixed by 财预〔2020〕10号; 合格, 达标 or A say something else and
    cannot be recorded.
    """

    code = "PF202"
    name = "unknown-grade"
    severity = Severity.ERROR
    messages = {
        "default": ("自评等级“{word}”不是模板规定的等级（{grades}）", "the grade “{word}” is not one of the template's grades ({grades})")
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.content.conclusion
        grades = "、".join("/".join(g.words) for g in spec.by_floor)
        for unknown in ctx.content_facts.conclusion.unknown_grades:
            yield self.report(ctx, unknown.span, word=unknown.word, grades=grades, evidence=Evidence(stated=unknown.word, expected=grades))
