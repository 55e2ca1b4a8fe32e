from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class InvalidDate(Rule):
    """The filing date is not a real date.

    **What it checks.** The value of the filing-date header field (``填报日期``, or the
    profile's ``content.dates.filing-date-labels``) read as a date — ``2024年5月6日``,
    ``2024-05-06``, ``2024.5.6``, ``二〇二四年五月六日``, or year and month alone. A day
    the calendar does not have (``2024年2月30日``, ``2023年2月29日``, ``13月``) or a value
    with no date in it is reported. An empty field is PF005's; a placeholder such as
    ``20XX年X月X日`` is PF009's.

    **Why.** The filing date shows when the unit evaluated itself; an impossible date is
    a typing slip a reader notices at once on the published report.
    """

    code = "PF006"
    name = "invalid-date"
    severity = Severity.ERROR
    messages = {
        "impossible": ("{field}“{date}”不是真实的日期", "{field} “{date}” is not a real date"),
        "unreadable": ("{field}“{date}”不是日期", "{field} “{date}” is not a date"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        found = ctx.content_facts.filing_date
        if found is None:
            return
        name, date = found
        if date.status not in ("impossible", "unreadable"):
            return
        if any(left.span[0] < date.span[1] and date.span[0] < left.span[1] for left in ctx.content_facts.template_leftovers):
            return  # a placeholder left in: PF009 names it
        text = ctx.text[date.span[0] : date.span[1]]
        yield self.report(ctx, date.span, date.status, field=name, date=text, evidence=Evidence(stated=text))
