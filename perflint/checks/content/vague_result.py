from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class VagueResult(Rule):
    """A result is claimed without a figure: satisfaction or completion in words only.

    **What it checks.** Phrases from the profile's ``content.vague.phrases``
    (``总体满意``, ``基本满意``, ``基本完成``, ``较好地完成`` …) in a sentence of running text (a
    table cell answers a qualitative indicator in words) that gives no
    figure (a year or a date is not one), in the sections where the template expects
    measured results (``content.measured-sections``: 履职效能分析 and 其他自评情况 in the
    Guangdong profile; the whole report when none are named).

    **Why.** The template asks for actual values against targets; 服务对象总体满意 cannot
    be checked, 满意度为 96.5% can.
    """

    code = "PF209"
    name = "vague-result"
    severity = Severity.INFO
    messages = {"default": ("“{phrase}”没有数据支撑，请给出实际值", "“{phrase}” is not backed by a figure: give the measured value")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        for claim in ctx.content_facts.vague_claims:
            yield self.report(ctx, claim.span, phrase=claim.phrase)
