from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class ConflictingConclusions(Rule):
    """The report states two different scores or two different grades for itself.

    **What it checks.** All the report's own grade and score statements — in the
    conclusion section, and elsewhere where the clause says it is the self-evaluation
    (自评, 绩效评价) — must agree: one grade (优秀 and 优 are the same), one score (92.3
    and 92.30 are the same). A grade given to something else (档案检查被评为“优秀”等级),
    a previous year's grade and, in templates that evaluate projects separately, a
    project's score do not count.

    **Why.** A report with two conclusions has none; it is usually an edited figure
    that was not changed everywhere.
    """

    code = "PF205"
    name = "conflicting-conclusions"
    severity = Severity.ERROR
    messages = {
        "grade": ("自评等级“{word}”与前文的“{first}”不一致", "the grade “{word}” differs from “{first}” stated before"),
        "score": ("自评得分 {score} 与前文的 {first} 不一致", "the score {score} differs from {first} stated before"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        conclusion = ctx.content_facts.conclusion
        if conclusion.grades:
            first = conclusion.grades[0]
            other = next((g for g in conclusion.grades if g.grade.grade != first.grade.grade), None)
            if other is not None:
                yield self.report(
                    ctx,
                    other.span,
                    "grade",
                    word=other.word,
                    first=first.word,
                    evidence=Evidence(stated=other.grade.grade, expected=first.grade.grade),
                )
        if conclusion.scores:
            first_score = conclusion.scores[0]
            other_score = next((s for s in conclusion.scores if s.value != first_score.value), None)
            if other_score is not None:
                shown = ctx.text[other_score.span[0] : other_score.span[1]]
                first_shown = ctx.text[first_score.span[0] : first_score.span[1]]
                yield self.report(
                    ctx, other_score.span, "score", score=shown, first=first_shown, evidence=Evidence(stated=shown, expected=first_shown)
                )
