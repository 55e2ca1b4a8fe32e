from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity
from perflint.selfeval.model import Indicator, SelfEvaluationTable
from perflint.selfeval.values import Value

# The cells of an indicator row beside its name.
_VALUE_CELLS = ("operator", "target", "unit", "actual", "points", "score", "coefficient", "reason")


@register
class TablePlaceholderRow(Rule):
    """A placeholder of the form (指标1, ……), or a bare figure for words, left in the table.

    **What it checks.** A 三级指标 cell that is only the form's placeholder: ``指标1``,
    ``指标2：``, ``……`` (the profile's ``table.placeholder-patterns``) in a row that has
    something in it (a target, an actual, points, a score). ``XX`` and ``20XX`` anywhere
    in the report are PF009's. A named indicator numbered by the unit
    (``指标1：新建道路``) is not a placeholder, and a spare row the form ships with, left
    empty in every cell, says nothing: it carries no points and claims nothing.

    Two warnings for cells the form means to be written in words: the 年度总体目标
    block's goal (预期目标) or achievement (实际完成情况) that is only a figure, with or
    without its unit (``43.2``, ``37.24万元``), where the form wants the goal stated and
    what was done described; and a 偏差原因分析及改进措施 cell holding only a figure (a
    ``0`` filled in where there is no deviation), which reads as a number in a column
    of text. ``无`` is fine there: it says there was no deviation.

    **Why.** The form ships with example rows and cells to be replaced; one left in, or
    filled with a figure, shows the table was not finished, and its points (if any)
    count for nothing. A goal that is only the budget, and an achievement that is only
    the spending, state no goal and no result the indicators could be measured against.
    """

    code = "PF413"
    name = "table-placeholder-row"
    severity = Severity.ERROR
    messages = {
        "default": ("自评表中留有模板占位行“{text}”", "a placeholder row of the form, “{text}”, is left in the table"),
        "goal-figure": (
            "年度总体目标的“{header}”只填了数字“{text}”，应写明目标或完成情况",
            "the 年度总体目标 cell “{header}” holds only the figure “{text}”: state the goal or what was achieved",
        ),
        "reason-figure": (
            "“{name}”的偏差原因分析栏只填了数字“{text}”，应写明原因或填“无”",
            "the deviation-reason cell of “{name}” holds only the figure “{text}”: give a reason, or 无",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        leftovers = [leftover.span for leftover in ctx.content_facts.template_leftovers]
        money_units = ctx.table_spec.money_units
        for table in ctx.tables_checked_by(self.code):
            yield from self.goal_figures(ctx, table, money_units)
            for indicator in table.indicators:
                start, end = indicator.name.span
                if indicator.placeholder:
                    if _filled(indicator) and not any(a < end and start < b for a, b in leftovers):
                        yield self.report(ctx, indicator.name.span, text=indicator.name.text)
                elif indicator.reason is not None and indicator.reason.is_plain_number:
                    name = indicator.name.text
                    yield self.report(
                        ctx, indicator.reason.span, "reason-figure", severity=Severity.WARNING, name=name, text=indicator.reason.text
                    )

    def goal_figures(self, ctx: Context, table: SelfEvaluationTable, money_units: tuple[str, ...]) -> Iterator[Finding]:
        goal = table.goal
        if goal is None:
            return
        for value, header in ((goal.goal, goal.goal_header), (goal.achieved, goal.achieved_header)):
            if _only_a_figure(value, money_units):
                yield self.report(ctx, value.span, "goal-figure", severity=Severity.WARNING, header=header, text=value.text)


def _filled(indicator: Indicator) -> bool:
    values = (getattr(indicator, role) for role in _VALUE_CELLS)
    return any(value is not None and not value.is_blank for value in values)


def _only_a_figure(value: Value, money_units: tuple[str, ...]) -> bool:
    """A figure and at most its unit (43.2, 37.24万元, 95%, 12个): no words with it."""
    if not value.is_number or value.operator or value.prefix:
        return False
    return value.unit in ("", "%", "‰", "分") or value.unit in money_units or len(value.unit) == 1
