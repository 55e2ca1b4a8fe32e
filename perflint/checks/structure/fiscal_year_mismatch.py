from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class FiscalYearMismatch(Rule):
    """The report's spending is stated for another year than the one in its title.

    **What it checks.** The year that governs the report's own spending and budget
    statements — every sentence with an amount in the expenditure section
    (部门整体支出情况), and elsewhere sentences with 本年/年度/全年 wording or an execution
    rate (``2022年上级下达…资金共计547.615万元，实际支出…，资金执行率100%``) — against the
    fiscal year in the title. Years that are not the spending's year are left alone: a
    year in a document title or a quotation (《关于做好2024年…的通知》, “…(2023年)项目”),
    a date (2023年12月), a comparison (较2022年), a year naming a notice (根据2024年省财政厅
    通知要求), a later year in a plan (2024年将…), and anything in the previous-year
    rectification section. A sentence comparing two years passes if one is the title's.

    **Why.** A report copied from last year's often keeps last year's year in its
    figures; the reader cannot tell which year the money belongs to.
    """

    code = "PF008"
    name = "fiscal-year-mismatch"
    severity = Severity.WARNING
    messages = {
        "default": (
            "支出数据归属 {stated} 年，与报告年度 {year} 年（标题）不一致",
            "spending is stated for {stated}, but the report's year (title) is {year}",
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        facts = ctx.content_facts
        if facts.fiscal_year is None:
            return
        year = facts.fiscal_year.year
        for sentence in facts.spending_sentences:
            if any(m.year == year for m in sentence.years):
                continue
            first = sentence.years[0]
            yield self.report(ctx, first.span, stated=first.year, year=year, evidence=Evidence(stated=str(first.year), expected=str(year)))
