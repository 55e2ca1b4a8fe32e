"""Claims in tables: a column of amounts with its 合计 row, and execution rows.

A table's first row names its columns. A column is read as amounts when its header
names a money unit (金额（万元）), its cells carry one, or a caption line above the
table gives it (（单位：万元）); as shares when its header says 占比/比例/%; and as
budget, executed or rate when its header matches the execution vocabulary. A
self-evaluation table is not read here: the PF4xx rules check it (perflint.selfeval). Rows labelled 合计/总计 total the rows of their column (rows
labelled "其中…" are details of the row above and are left out of the sum).
"""

from dataclasses import replace

from perflint.document import Table, TableCell
from perflint.facts.breakdowns import Breakdown, Part
from perflint.facts.execution import Execution, Labelled
from perflint.facts.mentions import has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import MONEY_UNITS, Quantity, scan
from perflint.patterns import lazy
from perflint.text import fold_chars

_UNIT_WORDS = ("亿元", "万元", "千元", "元")
# A money unit a caption or a header cell gives: （单位：万元）, 项目资金（万元）, 金额单位：元.
_UNIT_IN_BRACKETS = lazy(r"[（(]\s*(?:金额)?(?:单位\s*[:：]?)?\s*(亿元|万元|千元|元)\s*[）)]")
_UNIT_LABEL = lazy(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)")
# A caption line above a table is at most this long.
CAPTION_MAX = 40


def money_unit(text: str) -> str:
    """The money unit a caption or header cell names, or ""."""
    folded = fold_chars(text)
    match = _UNIT_IN_BRACKETS.search(folded) or _UNIT_LABEL.search(folded)
    return match.group(1) if match else ""


def caption_unit(text: str, start: int) -> str:
    """The unit a caption line right above a table at ``start`` gives: （单位：万元）."""
    before = text[:start].rstrip()
    line = before[before.rfind("\n") + 1 :]
    return money_unit(line) if len(line.strip()) <= CAPTION_MAX else ""


def _header_unit(header: str, caption: str = "") -> str:
    folded = fold_chars(header)
    for unit in _UNIT_WORDS:
        if unit in folded:
            return unit
    return "%" if ("%" in folded or "占比" in folded or "比例" in folded or "比重" in folded) else caption


def _cell_quantity(cell: TableCell, unit: str) -> Quantity | None:
    quantities = scan(cell.text, cell.span[0])
    if len(quantities) != 1:
        return None
    quantity = quantities[0]
    if quantity.unit:
        return quantity
    if not unit:
        return None
    return replace(quantity, unit=unit)


def _rows(table: Table) -> list[list[TableCell]]:
    return [row.cells for row in table.rows if not row.is_rule]


def table_breakdowns(table: Table, vocab: NumbersSpec, caption_unit: str = "") -> list[Breakdown]:
    """Total rows against their column's other rows; ``caption_unit`` is the unit a
    caption above the table gives its amounts."""
    rows = _rows(table)
    if len(rows) < 3:
        return []
    header, body = rows[0], rows[1:]
    label_of = [row[0].text if row else "" for row in body]
    total_rows = [i for i, label in enumerate(label_of) if has_any(label, vocab.total_markers) and not label.startswith("其中")]
    if len(total_rows) != 1:
        return []
    total_row = total_rows[0]
    part_rows = [i for i in range(len(body)) if i != total_row and not fold_chars(label_of[i]).lstrip().startswith("其中")]
    if len(part_rows) < 2:
        return []
    units = [_header_unit(cell.text, caption_unit) for cell in header]
    share_columns = [c for c, u in enumerate(units) if u == "%"]
    found = []
    for column in range(1, len(header)):
        if units[column] == "%" or has_any(header[column].text, vocab.rate_labels):
            continue
        cells = [row[column] if column < len(row) else None for row in body]
        quantities = [_cell_quantity(cell, units[column]) if cell else None for cell in cells]
        total = quantities[total_row]
        if total is None or not total.is_money or any(not (q := quantities[i]) or not q.is_money for i in part_rows):
            continue
        parts = []
        for i in part_rows:
            share = None
            if len(share_columns) == 1 and share_columns[0] < len(body[i]):
                share = _cell_quantity(body[i][share_columns[0]], "%")
            parts.append(Part(label_of[i], quantities[i], share, ""))
        found.append(Breakdown(total, label_of[total_row], parts, complete=True, origin="table"))
    return found


def table_executions(table: Table, vocab: NumbersSpec, caption_unit: str = "", text_unit: str = "") -> list[Execution]:
    """Rows stating a budget, an executed amount or a rate, under execution headers.
    A budget or executed column with no unit in its header, a caption or its cells
    (``全年预算数`` over bare figures) is in ``text_unit``, the unit of the report's text:
    a rate is the same whatever the unit both amounts share."""
    rows = _rows(table)
    if len(rows) < 2:
        return []
    header = rows[0]
    roles: dict[int, str] = {}
    words: dict[int, str] = {}
    for column, cell in enumerate(header):
        if has_any(cell.text, vocab.rate_labels):
            roles[column] = "rate"
            continue
        budget = longest_match(cell.text, vocab.budget_labels)
        executed = longest_match(cell.text, vocab.executed_labels)
        if budget or executed:
            roles[column] = "executed" if len(executed) > len(budget) else "budget"
            words[column] = max(budget, executed, key=len)
    if "rate" not in roles.values() and not ({"budget", "executed"} <= set(roles.values())):
        return []
    units = [_header_unit(cell.text, caption_unit) or (text_unit if column in roles else "") for column, cell in enumerate(header)]
    found = []
    for row in rows[1:]:
        claim = Execution(subject=row[0].text if row else "")
        for column, role in roles.items():
            if column >= len(row):
                continue
            quantity = _cell_quantity(row[column], "%" if role == "rate" else units[column])
            if quantity is None or not quantity.exact:
                continue
            if role == "rate" and quantity.is_percent:
                claim.rate = quantity
            elif role == "budget" and quantity.unit in MONEY_UNITS:
                claim.budgets.append(Labelled(words[column], quantity))
            elif role == "executed" and quantity.unit in MONEY_UNITS and claim.executed is None:
                claim.executed = Labelled(words[column], quantity)
        if claim.budgets or claim.executed or claim.rate:
            found.append(claim)
    return found
