from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class CountListMismatch(Rule):
    """A stated count does not match the list of names given with it, or a name repeats.

    **What it checks.** ``8个内设机构，即办公室、…`` (``：``, ``分别为``, ``包括``), the
    same with the noun first (``直属事业单位10个，即…``), and ``内设办公室、…、…5个内设机构``
    (``下设``, ``下属``, ``设有``): the number of names, separated by 、 with the last
    joined by 和/及, must equal the count; a name 和-joined that may be one name
    (人事和教育科) is read both ways. Counts joined by 和/及 count the list together
    (``下设4个科和1个事业单位，分别为…`` five names). A list ending in 等, or with 等 in
    its last name (``…、离退办等内设机构30个``), may be partial and is skipped; a numeral
    inside a name (``侦查监督一处、侦查监督二处``) is no count. A name listed twice is
    reported at its second mention. Measure words, intros and leads are the profile's
    ``content.counts``.

    **Why.** Seen in published reports: ``8个内设机构`` followed by nine names, one of
    them twice.
    """

    code = "PF210"
    name = "count-list-mismatch"
    severity = Severity.WARNING
    messages = {
        "count": ("声明 {count}，但列出了 {listed} 个名称", "{count} are stated but {listed} names are listed"),
        "duplicate": ("“{name}”在名单中重复出现", "“{name}” is listed twice"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for listed in ctx.content_facts.counted_lists:
            written = ctx.text[listed.count.span[0] : listed.count.span[1]]
            # Joined counts end with the last one's noun already (3个科和1个事业单位).
            count_text = written if written.endswith(listed.count.noun) else written + listed.count.noun
            if not listed.matches:
                shown = "或".join(str(n) for n in sorted(listed.readings))
                yield self.report(
                    ctx,
                    listed.count.span,
                    "count",
                    count=count_text,
                    listed=shown,
                    evidence=Evidence(stated=str(listed.count.value), computed=shown),
                )
            for name, span in listed.duplicates:
                yield self.report(ctx, span, "duplicate", name=name)
