from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Operand, Severity


@register
class CountBreakdownMismatch(Rule):
    """A total count disagrees with the itemised counts given with it.

    **What it checks.** ``共15个项目，其中基建项目6个、信息化项目5个、其他项目5个`` and
    ``甲类6个、乙类5个、丙类5个，共15个``: the itemised counts, in the same measure word,
    must add up to the total. After 其中 the items may be a subset, so they are only
    checked for exceeding the total unless the list says it is complete: 分别为 (also
    after 其中: ``其中基建、信息化项目分别为6个、5个``), a remainder (其他, 其余), or the
    number of its items closing it (``…信息化项目5个两类``). Approximate counts (60多个,
    70余个) are not checked.

    **Why.** Seen in published reports: ``共15个项目`` where the items give 16.
    """

    code = "PF211"
    name = "count-breakdown-mismatch"
    severity = Severity.WARNING
    messages = {
        "default": ("合计 {total}，但分项之和为 {parts}{unit}", "the total is {total} but the items add up to {parts}{unit}"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for breakdown in ctx.content_facts.count_breakdowns:
            if not breakdown.contradicts:
                continue
            total = breakdown.total
            total_text = ctx.text[total.span[0] : total.span[1]]
            yield self.report(
                ctx,
                total.span,
                total=total_text,
                parts=breakdown.parts_sum,
                unit=total.unit,
                evidence=Evidence(
                    stated=total_text,
                    computed=f"{breakdown.parts_sum}{total.unit}",
                    operands=[Operand(p.label.strip() or p.noun, ctx.text[p.span[0] : p.span[1]], p.span) for p in breakdown.parts],
                ),
            )
