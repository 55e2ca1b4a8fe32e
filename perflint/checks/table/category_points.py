from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.intervals import Interval
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import midpoint, operand, plain
from perflint.selfeval.verdicts import number, scored, stated_sum


@register
class TableCategoryPoints(Rule):
    """The points of the execution rate or of a 一级指标 differ from what the form sets.

    **What it checks.** Where the table's form fixes the weights — the national
    项目支出绩效自评表 sets, in principle, 预算执行率 10, 产出指标 50, 效益指标 30,
    满意度指标 10 — the 分值 of the execution rate and the sum of each category's
    indicator points against them. Forms that spread the points freely (Sichuan's
    绩效指标 90, Chongqing's 指标权重) are not checked; a profile may change the weights
    (``[table.forms]``). A category with no indicators in the table is not reported.

    **Why.** A weight moved from 效益 to 产出 changes what the score measures; the form
    allows it only for a stated reason, so a reviewer asks for one.
    """

    code = "PF402"
    name = "table-category-points"
    severity = Severity.WARNING
    messages = {
        "category": (
            "“{category}”各指标分值之和为 {computed}，表式规定为 {expected} 分",
            "the points of “{category}” add up to {computed}; the form sets {expected}",
        ),
        "execution": (
            "预算执行率分值为 {stated}，表式规定为 {expected} 分",
            "the execution rate is worth {stated} points; the form sets {expected}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            form = table.form
            if not table.complete:
                continue
            funds = table.funds_total
            if form.execution_points is not None and funds is not None and number(funds.points) and funds.points is not None:
                if funds.points.number != form.execution_points:
                    expected = plain(form.execution_points)
                    yield self.report(
                        ctx,
                        funds.points.span,
                        "execution",
                        stated=funds.points.text,
                        expected=expected,
                        evidence=Evidence(stated=funds.points.text, expected=expected),
                    )
            for name, fixed in form.category_points.items():
                indicators = [i for i in scored(table) if i.category is not None and i.category.name == name]
                if not indicators or not all(number(i.points) for i in indicators):
                    continue
                values = [i.points for i in indicators if i.points is not None]
                computed = stated_sum(values)
                if computed.meets(Interval.exact(fixed)):
                    continue
                shown = midpoint(computed, max(v.decimals for v in values))
                anchor = indicators[0].level_one_span or indicators[0].name.span
                yield self.report(
                    ctx,
                    anchor,
                    "category",
                    category=name,
                    computed=shown,
                    expected=plain(fixed),
                    evidence=Evidence(computed=shown, expected=plain(fixed), operands=[operand("分值", v) for v in values]),
                )
