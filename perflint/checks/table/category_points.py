import re
from collections.abc import Iterator
from decimal import Decimal

from perflint.checks.base import Context, Rule, register
from perflint.document import Span
from perflint.facts.intervals import Interval
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import midpoint, operand, plain
from perflint.selfeval.values import Value
from perflint.selfeval.verdicts import number, scored, stated_sum
from perflint.text import fold_chars, fold_key


@register
class TableCategoryPoints(Rule):
    """The points of the execution rate or of a 一级指标 differ from what the form sets.

    **What it checks.** Where the table's form fixes the weights — the national
    项目支出绩效自评表 sets, in principle, 预算执行率 10, 产出指标 50, 效益指标 30,
    满意度指标 10 — the 分值 of the execution rate and each category's points against
    them: the sum of its indicators' points, or, where its rows could not be read, the
    points its 一级指标 label states (``产出指标(70分)``). A report that is such a table
    on its own is checked on those labels even where all its cells run together past
    reading (a web page that fused them). Forms that spread the points freely (Sichuan's 绩效指标 90,
    Chongqing's 指标权重) are not checked; a profile may change the weights
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
        "stated": (
            "“{category}”标明 {stated} 分，表式规定为 {expected} 分",
            "“{category}” states {stated} points; the form sets {expected}",
        ),
        "execution": (
            "预算执行率分值为 {stated}，表式规定为 {expected} 分",
            "the execution rate is worth {stated} points; the form sets {expected}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.tables and ctx.profile is not None and ctx.profile.form == "table":
            yield from self._labels_in_text(ctx)
        for table in ctx.tables_checked_by(self.code):
            form = table.form
            stated = {points.category.name: points.points for points in table.categories}
            if not table.complete:  # some rows not read: only what the labels state
                yield from self._labels(ctx, stated, form.category_points)
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
                    yield from self._labels(ctx, stated, {name: fixed})  # its rows not read
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

    def _labels(self, ctx: Context, stated: dict[str, Value], fixed_points: dict[str, Decimal]) -> Iterator[Finding]:
        """The points the 一级指标 labels state (产出指标(70分)) against the form's."""
        for name, fixed in fixed_points.items():
            label = stated.get(name)
            if label is not None and number(label) and label.number != fixed:
                yield self._stated(ctx, name, label.text, label.span, fixed)

    def _stated(self, ctx: Context, category: str, points: str, span: Span, fixed: Decimal) -> Finding:
        expected = plain(fixed)
        return self.report(
            ctx, span, "stated", category=category, stated=points, expected=expected, evidence=Evidence(stated=points, expected=expected)
        )

    def _labels_in_text(self, ctx: Context) -> Iterator[Finding]:
        """The category labels of a table perflint could not read, in a report that is the
        table alone: 产出指标(70分) against the form the text's words mark."""
        spec = ctx.table_spec
        text = ctx.text
        folded = fold_chars(text)  # same length: positions stand
        key = fold_key(text)
        form = spec.form_for({word for f in spec.forms for word in f.detect_keys if word in key})
        for category in spec.categories:
            fixed = form.category_points.get(category.name)
            if fixed is None:
                continue
            words = "|".join(re.escape(word) for word in sorted({category.name, *category.words}, key=len, reverse=True))
            match = re.search(rf"(?:{words})\s*[(]\s*(\d+(?:\.\d+)?)\s*分\s*[)]", folded)
            if match is not None and Decimal(match.group(1)) != fixed:
                yield self._stated(ctx, category.name, text[match.start(1) : match.end(1)], match.span(1), fixed)
