from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class TablePlaceholderRow(Rule):
    """A placeholder row of the form (指标1, ……) left in the self-evaluation table.

    **What it checks.** A 三级指标 cell that is only the form's placeholder: ``指标1``,
    ``指标2：``, ``……`` (the profile's ``table.placeholder-patterns``), with or without
    figures beside it. ``XX`` and ``20XX`` anywhere in the report are PF009's. A named
    indicator numbered by the unit (``指标1：新建道路``) is not a placeholder.

    **Why.** The form ships with example rows to be replaced; one left in shows the
    table was not finished, and its points (if any) count for nothing.
    """

    code = "PF413"
    name = "table-placeholder-row"
    severity = Severity.ERROR
    messages = {
        "default": ("自评表中留有模板占位行“{text}”", "a placeholder row of the form, “{text}”, is left in the table"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        leftovers = [leftover.span for leftover in ctx.content_facts.template_leftovers]
        for table in ctx.tables:
            if table.is_off(self.code):
                continue
            for indicator in table.indicators:
                start, end = indicator.name.span
                if indicator.placeholder and not any(a < end and start < b for a, b in leftovers):
                    yield self.report(ctx, indicator.name.span, text=indicator.name.text)
