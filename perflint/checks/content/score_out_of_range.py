from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class ScoreOutOfRange(Rule):
    """A stated self-evaluation score lies outside the scale (0–100).

    **What it checks.** Every score the report states as its own (``自评得分``,
    ``综合评分``, ``自评总分`` …) against the profile's ``score-min`` and ``score-max``.

    **Why.** Self-evaluation is scored out of 100; 105 分 or a negative score is a slip
    that also leaves the grade undetermined.
    """

    code = "PF204"
    name = "score-out-of-range"
    severity = Severity.ERROR
    messages = {"default": ("自评得分 {score} 超出 {low}–{high} 分的范围", "the score {score} is outside {low}–{high}")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.content.conclusion
        low, high = format(spec.score_min.normalize(), "f"), format(spec.score_max.normalize(), "f")
        for score in ctx.content_facts.conclusion.scores:
            if spec.score_min <= score.value <= spec.score_max:
                continue
            shown = ctx.text[score.span[0] : score.span[1]]
            yield self.report(ctx, score.span, score=shown, low=low, high=high, evidence=Evidence(stated=shown, interval=[low, high]))
