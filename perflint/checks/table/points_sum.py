from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand, plain
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.values import Value
from perflint.selfeval.verdicts import number, scored, stated_sum


@register
class TablePointsSum(Rule):
    """The points (分值) of a self-evaluation table do not add up.

    **What it checks.** In a 项目支出绩效自评表 (and its local forms), the 分值 of the
    execution rate and of every 三级指标 against the 总分 row's 分值 (100), or against the
    scale when the table has no 总分 row; and the points a 一级指标 label states
    (``产出指标(50分)``) against the 三级指标 under it. The points are added as written; the
    total may round their sum to its own digits (three weights of 33.33 make 100). A
    table with a row perflint could not put on its columns is not checked.

    **Why.** The points are the scale of the evaluation: when they add up to 110 the
    总分 is out of 110, and every score in the table is suspect.
    """

    code = "PF401"
    name = "table-points-sum"
    severity = Severity.ERROR
    messages = {
        "total": (
            "自评表各项分值之和为 {computed}，与总分行的分值 {stated} 不符",
            "the table's points add up to {computed}, not to the {stated} of its total row",
        ),
        "scale": (
            "自评表各项分值之和为 {computed}，不是满分 {scale}",
            "the table's points add up to {computed}, not to the full {scale}",
        ),
        "category": (
            "“{category}”标明 {stated} 分，其下各指标分值之和为 {computed}",
            "“{category}” states {stated} points, but its indicators' points add up to {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            if not table.complete:
                continue
            yield from self._categories(ctx, table)
            yield from self._whole(ctx, table)

    def _categories(self, ctx: Context, table: SelfEvaluationTable) -> Iterator[Finding]:
        for stated in table.categories:
            points = [i.points for i in scored(table) if i.category is stated.category]
            if not points or not all(number(p) for p in points):
                continue
            values = [p for p in points if p is not None]
            computed = stated_sum(values)
            if computed.meets(stated.points.interval()):
                continue
            shown = midpoint(computed, max(p.decimals for p in values))
            yield self.report(
                ctx,
                stated.points.span,
                "category",
                category=stated.category.name,
                stated=stated.points.text,
                computed=shown,
                evidence=Evidence(stated=stated.points.text, computed=shown, operands=[operand("分值", p) for p in values]),
            )

    def _whole(self, ctx: Context, table: SelfEvaluationTable) -> Iterator[Finding]:
        if not table.funds:
            return  # the funds block cut off (or on another page): the execution points are unknown
        indicators = scored(table)
        if len(indicators) < 2 or "points" not in table.indicator_columns or not all(number(i.points) for i in indicators):
            return
        values: list[Value] = [i.points for i in indicators if i.points is not None]
        funds = table.funds_total
        if funds is not None and "points" in table.funds_columns:
            if not number(funds.points) or funds.points is None:
                return
            values.insert(0, funds.points)
        computed = stated_sum(values)
        shown = midpoint(computed, max(v.decimals for v in values))
        operands = [operand("分值", v) for v in values]
        total = table.total
        if total is not None and number(total.points) and total.points is not None:
            if not computed.meets(total.points.interval()):
                yield self.report(
                    ctx,
                    total.points.span,
                    "total",
                    computed=shown,
                    stated=total.points.text,
                    evidence=Evidence(stated=total.points.text, computed=shown, interval=bounds(computed, 2), operands=operands),
                )
            elif not total.points.interval().contains(ctx.table_spec.scale):
                yield self.report(
                    ctx,
                    total.points.span,
                    "scale",
                    computed=shown,
                    scale=plain(ctx.table_spec.scale),
                    evidence=Evidence(stated=total.points.text, computed=shown, expected=plain(ctx.table_spec.scale), operands=operands),
                )
            return
        if funds is None or "points" not in table.funds_columns or computed.contains(ctx.table_spec.scale):
            return  # without a 总分 row, only a table whose execution points are there is whole
        anchor = values[-1]
        yield self.report(
            ctx,
            anchor.span,
            "scale",
            computed=shown,
            scale=plain(ctx.table_spec.scale),
            evidence=Evidence(computed=shown, expected=plain(ctx.table_spec.scale), operands=operands),
        )
