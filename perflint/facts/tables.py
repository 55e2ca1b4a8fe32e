"""Claims in tables: a column of amounts with its 合计 row, and execution rows.

A table's first row names its columns. A column is read as amounts when its header
names a money unit (金额（万元）), its cells carry one, or a caption line above the
table gives it (（单位：万元）); as shares when its header names a share (占比, 比重 —
执行率（%） and 增减（%） are rates), each share column of the amount column its header
names when there are several; and as budget, executed or rate when its header matches
the execution vocabulary. A self-evaluation table is not read here: the PF4xx rules
check it (perflint.selfeval). Rows labelled 合计/总计 total the rows of their column,
leaving out a 小计 and the details of the row above: a row labelled "其中…", the rows of
its partition after it (其中：人员经费 / 公用经费), and rows numbered at a lower rank than the
table's top rows (1. under 一、). A 三公经费 table's rows are savings and an income
table's rows are collection (no low execution, no overspending).
"""

from dataclasses import replace

from perflint.document import Table, TableCell
from perflint.facts.breakdowns import Breakdown, Part, partition_item
from perflint.facts.execution import Execution, Labelled
from perflint.facts.mentions import has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import MONEY_UNITS, Quantity, scan
from perflint.heading_numbers import ARABIC_NUMBER, CN_HEADING, DIGIT, PAREN_ARABIC, PAREN_CN
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
    part_rows = _top_rows([i for i in range(len(body)) if i != total_row], label_of, vocab)
    if len(part_rows) < 2:
        return []
    units = [_header_unit(cell.text, caption_unit) for cell in header]
    # A share column names a share (占比, 比重); 执行率（%）, 增减（%） hold other rates.
    share_columns = [c for c, u in enumerate(units) if u == "%" and has_any(header[c].text, vocab.share_markers)]
    amount_columns = [c for c in range(1, len(header)) if units[c] != "%" and not has_any(header[c].text, vocab.rate_labels)]
    found = []
    for column in amount_columns:
        cells = [row[column] if column < len(row) else None for row in body]
        quantities = [_cell_quantity(cell, units[column]) if cell else None for cell in cells]
        total = quantities[total_row]
        if total is None or not total.is_money or any(not (q := quantities[i]) or not q.is_money for i in part_rows):
            continue
        shares = _shares_of(column, share_columns, amount_columns, header)
        parts = []
        for i in part_rows:
            share = _cell_quantity(body[i][shares], "%") if shares is not None and shares < len(body[i]) else None
            parts.append(Part(label_of[i], quantities[i], share, ""))
        found.append(Breakdown(total, label_of[total_row], parts, complete=True, origin="table"))
    return found


def _shares_of(column: int, share_columns: list[int], amount_columns: list[int], header: list[TableCell]) -> int | None:
    """The share column of an amount column: the only one, when the table has one amount
    column or the share's header names this column (2023年占比 beside 2022年 and 2023年)."""
    if len(share_columns) != 1:
        return None
    share = share_columns[0]
    if len(amount_columns) == 1:
        return share
    name = fold_chars(header[column].text).split("(")[0].strip()
    return share if name and name in fold_chars(header[share].text) else None


def _top_rows(rows: list[int], label_of: list[str], vocab: NumbersSpec) -> list[int]:
    """The rows that are parts of the 合计: not a 小计 (it sums rows beside it), not a
    detail of the row above it — a row labelled 其中…, the rows of the same partition after
    it (其中：人员经费 / 公用经费 under 基本支出, until 项目支出), and rows numbered at a lower
    rank than the table's top rows (1. under 一、)."""
    ranks = {i: _row_rank(label_of[i]) for i in rows}
    top_rank = min((r for r in ranks.values() if r is not None), default=None)
    indents = {i: len(label_of[i]) - len(label_of[i].lstrip(" \t\u3000")) for i in rows}
    top_indent = min(indents.values(), default=0)
    kept = []
    detail_partition = None  # the partition of the 其中 rows being passed over
    for i in rows:
        label = fold_chars(label_of[i]).strip()
        if has_any(label, vocab.subtotal_markers):
            continue
        if label.startswith("其中"):
            item = partition_item(label.removeprefix("其中").lstrip(":： "), vocab)
            detail_partition = item[0] if item is not None else None
            continue
        if detail_partition is not None:
            item = partition_item(label, vocab)
            if item is not None and item[0] is detail_partition:
                continue
            detail_partition = None
        rank = ranks[i]
        if (top_rank is not None and rank is not None and rank > top_rank) or indents[i] > top_indent:
            continue  # 1. under 一、, or a label indented under the row above
        kept.append(i)
    return kept


# The numbers of a table's row labels: 一、 holds （一） holds 1. holds （1）, as in headings.
_ROW_NUMBER = lazy(
    r"^\s*(?:"
    + f"(?P<cn>{CN_HEADING})|(?P<paren_cn>{PAREN_CN})|(?P<arabic>{ARABIC_NUMBER}[、.．](?!{DIGIT}))|(?P<paren>{PAREN_ARABIC})"
    + ")"
)
_RANKS = {"cn": 1, "paren_cn": 2, "arabic": 3, "paren": 4}


def _row_rank(label: str) -> int | None:
    match = _ROW_NUMBER.match(fold_chars(label))
    return _RANKS[match.lastgroup] if match and match.lastgroup else None


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
    # A 三公经费 table (its rows name them) or an income table (收入项目 | 预算数 | 决算数):
    # every row of it, the 合计 too, is a saving kept or money collected.
    subjects = [row[0].text for row in rows if row]
    economy_table = any(has_any(subject, vocab.economy_items) for subject in subjects)
    income_table = bool(subjects) and has_any(subjects[0], vocab.income_words)
    found = []
    for row in rows[1:]:
        subject = row[0].text if row else ""
        claim = Execution(
            subject=subject,
            economy=economy_table or has_any(subject, vocab.economy_items),
            income=income_table or has_any(subject, vocab.income_words),
        )
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
