"""The self-evaluation tables as the file-level facts of the JSON output."""

from perflint.positions import LineIndex
from perflint.results import TableFacts, TableFundsRow, TableIndicatorRow, TableValue
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.values import Value
from perflint.sources import Source


class _Cells:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.index = LineIndex(source.text)

    def value(self, value: Value | None, money_unit: str = "") -> TableValue | None:
        if value is None:
            return None
        figure = format(value.number, "f") if value.kind == "number" and value.number is not None else None
        unit = value.unit or (money_unit if figure is not None else "")
        row, column = self.index.row_column(value.span[0])
        origin = self.source.origin_at(value.span[0])
        return TableValue(value.text, row, column, figure, unit, value.operator, origin.as_dict() if origin is not None else None)


def tables_facts(tables: list[SelfEvaluationTable], source: Source) -> list[TableFacts]:
    """The tables as the JSON output's ``facts.tables`` (places computed once per file)."""
    if not tables:
        return []
    cells = _Cells(source)
    return [_table_facts(table, cells) for table in tables]


def _table_facts(table: SelfEvaluationTable, cells: _Cells) -> TableFacts:
    unit = table.unit
    row, column = cells.index.row_column(table.span[0])
    facts = TableFacts(table.form.id, row, column, unit)
    for funds in table.funds:
        label = cells.value(funds.label)
        assert label is not None
        facts.funds.append(
            TableFundsRow(
                label,
                funds.is_total,
                cells.value(funds.initial_budget, unit),
                cells.value(funds.budget, unit),
                cells.value(funds.executed, unit),
                cells.value(funds.rate, table.rate_unit),
                cells.value(funds.points),
                cells.value(funds.score),
            )
        )
    for indicator in table.indicators:
        name = cells.value(indicator.name)
        assert name is not None
        facts.indicators.append(
            TableIndicatorRow(
                name,
                indicator.category.name if indicator.category else indicator.level_one,
                indicator.level_two,
                cells.value(indicator.target),
                cells.value(indicator.actual),
                cells.value(indicator.points),
                cells.value(indicator.score),
                cells.value(indicator.reason),
            )
        )
    if table.total is not None:
        facts.total_points = cells.value(table.total.points)
        facts.total_score = cells.value(table.total.score)
    facts.grade = cells.value(table.grade)
    return facts
