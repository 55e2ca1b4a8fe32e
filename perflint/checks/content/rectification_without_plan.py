from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.rectification import IN_PROGRESS, NOT_DONE
from perflint.results import Evidence, Finding, Severity


@register
class RectificationWithoutPlan(Rule):
    """Rectification is unfinished and the report gives neither a reason nor a plan.

    **What it checks.** When the rectification section says rectification is in
    progress, partly done or not done (see PF207), it must give a reason
    (``由于``, ``受…影响``, ``原因``) or a deadline or plan (``计划``, ``预计``,
    ``6月底前完成``, a year and month). Markers are the profile's
    ``content.rectification.reason-markers`` and ``plan-markers``.

    **Why.** Guangdong's instructions ask for the measure and a completion deadline;
    an open item with no date is never closed.
    """

    code = "PF208"
    name = "rectification-without-plan"
    severity = Severity.WARNING
    needs_profile = True
    messages = {
        "default": (
            "整改“{phrase}”，但没有说明原因或完成时限",
            "rectification “{phrase}” with neither a reason nor a deadline or plan",
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        rectification = ctx.content_facts.rectification
        if rectification is None or rectification.status not in (IN_PROGRESS, NOT_DONE):
            return
        if rectification.has_reason or rectification.has_plan:
            return
        phrase = rectification.phrases_of(IN_PROGRESS, NOT_DONE)[0]
        text = ctx.text[phrase.span[0] : phrase.span[1]]
        yield self.report(ctx, phrase.span, phrase=text, evidence=Evidence(stated=rectification.status))
