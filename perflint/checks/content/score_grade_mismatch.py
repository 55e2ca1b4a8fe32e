from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Operand, Severity


@register
class ScoreGradeMismatch(Rule):
    """The stated grade is not the grade the stated score gives.

    **What it checks.** The report's score (``自评得分 86 分``, ``得分为 85.5``,
    ``综合评分为 95 分``, ``自评总分(分) 97.6``) against its grade, by the profile's
    half-open bands (by default 90 and above 优, 80 to under 90 良, 60 to under 80 中,
    under 60 差). Conclusion-section statements are compared first. Scores outside the
    scale are PF204's; two different scores or grades are PF205's.

    **Why.** The grade follows from the score (财预〔2020〕10号); a report that says 86
    分 and 优秀 is wrong in one of them.
    """

    code = "PF203"
    name = "score-grade-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": (
            "自评等级“{word}”与得分 {score} 不符：{band}应为“{expected}”",
            "the grade “{word}” does not match the score {score}: {band_en} is “{expected}”",
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        conclusion = ctx.content_facts.conclusion
        spec = ctx.content.conclusion
        scores = sorted(conclusion.scores, key=lambda s: not s.in_conclusion)
        grades = sorted(conclusion.grades, key=lambda g: not g.in_conclusion)
        if not scores or not grades:
            return
        score, grade = scores[0], grades[0]
        expected = spec.grade_for(score.value)
        if expected is None or expected.grade == grade.grade.grade:
            return
        low, high, inclusive = spec.band(expected)
        low_text, high_text = format(low.normalize(), "f"), format(high.normalize(), "f")
        band = f"{low_text} 分至 {high_text} 分" + ("" if inclusive else f"（不含 {high_text} 分）")
        band_en = f"{low_text} to {'' if inclusive else 'under '}{high_text}"
        shown = ctx.text[score.span[0] : score.span[1]]
        yield self.report(
            ctx,
            grade.span,
            word=grade.word,
            score=shown,
            band=band,
            band_en=band_en,
            expected=expected.grade,
            evidence=Evidence(
                stated=grade.grade.grade,
                computed=expected.grade,
                interval=[low_text, high_text],
                operands=[Operand(score.label, shown, score.span)],
            ),
        )
