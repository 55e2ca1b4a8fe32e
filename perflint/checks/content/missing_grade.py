from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class MissingGrade(Rule):
    """The self-evaluation conclusion states no grade.

    **What it checks.** The profile's conclusion section (自评结论) must state a grade
    of the profile's vocabulary: ``自评良好``, ``自评等级为优秀``, ``绩效等级良``,
    ``评价结果为“中”``, a table row ``评价等级 | 优``, or the grade word alone. A score
    without a grade is reported too, with the grade its score would give. A grade word
    outside the vocabulary is PF202's; a missing or empty section is PF001's or PF004's.

    **Why.** The template asks for the grade; it is what the finance department
    records and publishes for the unit.
    """

    code = "PF201"
    name = "missing-grade"
    severity = Severity.ERROR
    needs_profile = True
    messages = {
        "default": ("“{title}”没有写明自评等级（{grades}）", "“{title}” states no grade ({grades})"),
        "score-only": (
            "“{title}”只给出得分 {score}，没有写明自评等级（按得分应为“{grade}”）",
            "“{title}” gives the score {score} but no grade (the score gives “{grade}”)",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        conclusion = ctx.content_facts.conclusion
        section = conclusion.section
        if section is None or not section.has_content():
            return
        if any(g.in_conclusion for g in conclusion.grades) or conclusion.unknown_grades:
            return
        spec = ctx.content.conclusion
        grades = "、".join(g.grade for g in spec.by_floor)
        score = next((s for s in conclusion.scores if s.in_conclusion), None)
        expected = spec.grade_for(score.value) if score is not None else None
        if score is not None and expected is not None:
            shown = ctx.text[score.span[0] : score.span[1]]
            yield self.report(
                ctx,
                section.heading.span,
                "score-only",
                title=section.heading.label,
                score=shown,
                grade=expected.grade,
                evidence=Evidence(stated=shown, expected=expected.grade),
            )
            return
        yield self.report(ctx, section.heading.span, title=section.heading.label, grades=grades)
