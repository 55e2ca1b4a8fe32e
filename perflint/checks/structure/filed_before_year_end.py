from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class FiledBeforeYearEnd(Rule):
    """The filing date falls before the end of the year the report evaluates.

    **What it checks.** The filing date (``填报日期``) against the fiscal year in the
    title (``2023年部门整体支出绩效自评报告``, ``2023年度…``): a self-evaluation of 2023
    filed on or before 31 December 2023 is reported. A date with year and month only
    counts as the month's last day.

    **Why.** A self-evaluation reviews a closed year; a report dated inside that year
    has a wrong date or a wrong year in its title (often last year's form reused).
    """

    code = "PF007"
    name = "filed-before-year-end"
    severity = Severity.ERROR
    messages = {
        "default": (
            "{field}“{date}”早于报告年度 {year} 年结束，自评应在年度结束后填报",
            "{field} “{date}” is before the end of the report's year {year}; a self-evaluation is filed after the year ends",
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        facts = ctx.content_facts
        if facts.fiscal_year is None or facts.filing_date is None:
            return
        name, date = facts.filing_date
        last_day = date.last_day
        year = facts.fiscal_year.year
        if last_day is None or last_day > (year, 12, 31):
            return
        text = ctx.text[date.span[0] : date.span[1]]
        yield self.report(ctx, date.span, field=name, date=text, year=year, evidence=Evidence(stated=text, expected=f"≥ {year + 1}-01-01"))
