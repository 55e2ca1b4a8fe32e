from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.rectification import NOT_STATED
from perflint.results import Evidence, Finding, Severity


@register
class RectificationNotStated(Rule):
    """The rectification section does not say whether last year's problems were fixed.

    **What it checks.** The text of the profile's previous-year rectification section
    (上年度绩效自评整改情况) is classified by the profile's phrase lists
    (``content.rectification``): completed (``已于2023年9月完成整改``), in progress or
    partly done (``正在整改``, ``部分完成``), not done (``尚未整改``) or nothing to rectify
    (``上年度未发现问题``, ``无``). A section that fits none of them — one that talks around
    the question (``高度重视，认真研究，积极整改``) — is reported. The status is also in the
    JSON output as the file's ``facts.rectification``. An empty section is PF004's.

    **Why.** Guangdong's instructions ask what was rectified, how, and by when; a
    paragraph of attitude answers none of it.
    """

    code = "PF207"
    name = "rectification-not-stated"
    severity = Severity.WARNING
    needs_profile = True
    messages = {
        "default": (
            "“{title}”没有说明整改是否完成（已完成、正在整改、未整改或无需整改）",
            "“{title}” does not say whether rectification was completed, is in progress, was not done, or was not needed",
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        rectification = ctx.content_facts.rectification
        if rectification is None or rectification.status != NOT_STATED or rectification.body is None:
            return
        yield self.report(ctx, rectification.body, title=rectification.section.heading.label, evidence=Evidence(stated=NOT_STATED))
