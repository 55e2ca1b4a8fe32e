from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import operand
from perflint.selfeval.values import Value
from perflint.selfeval.verdicts import filled, number


@register
class TableBlankCell(Rule):
    """实际完成值 or 得分 left blank on a row of the table that has points.

    **What it checks.** Every row with a 分值 (权重) above 0 — the execution rate's and
    each 三级指标's — must have its 得分, and an indicator its 实际完成值 (完成值), when the
    table has those columns. A dash or a slash in the cell counts as blank. Placeholder
    rows are PF413's.

    **Why.** A blank score or actual value is a form not filled in: the 总分 cannot be
    checked, and a published table with empty cells says the evaluation was not done.
    """

    code = "PF412"
    name = "table-blank-cell"
    severity = Severity.ERROR
    messages = {
        "default": (
            "“{name}”有分值 {points}，但{cells}未填写",
            "“{name}” has {points} points but its {cells_en} left blank",
        ),
    }
    _NAMES = {"actual": ("实际完成值", "actual value"), "score": ("得分", "score")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            rows: list[tuple[str, Value | None, dict[str, Value | None]]] = []
            funds = table.funds_total
            if funds is not None and "score" in table.funds_columns:
                rows.append((funds.label.text, funds.points, {"score": funds.score}))
            for indicator in table.indicators:
                if indicator.placeholder:
                    continue
                columns: dict[str, Value | None] = {
                    role: getattr(indicator, role) for role in ("actual", "score") if role in table.indicator_columns
                }
                rows.append((indicator.name.text, indicator.points, columns))
            for name, points, cells in rows:
                if not number(points) or points is None or points.number is None or points.number <= 0:
                    continue
                blank = [(role, value) for role, value in cells.items() if not filled(value)]
                if not blank:
                    continue
                role, first = blank[0]
                anchor = first.span if first is not None else points.span
                yield self.report(
                    ctx,
                    anchor,
                    name=name,
                    points=points.text,
                    cells="、".join(table.header(role, self._NAMES[role][0]) for role, _ in blank),
                    cells_en=" and ".join(self._NAMES[role][1] for role, _ in blank) + (" are" if len(blank) > 1 else " is"),
                    evidence=Evidence(operands=[operand("分值", points)]),
                )
