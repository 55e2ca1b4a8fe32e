"""Finding the self-evaluation table in a document and reading it into the typed model.

Any table block can be one, whatever the template: it is recognised by its header
rows, whose cells name the columns in the profile's vocabulary (年初预算数, 全年执行数,
执行率, 分值 / 权重, 得分; 一级指标 … 三级指标, 年度指标值, 实际完成值, 偏差原因分析…).
Consecutive table blocks with nothing but blank lines between them are one table (a
funds table and an indicator table written apart), and so are a funds-only table and
the indicator table after it with a short caption line between.

Rows are put on the header's columns by their labels, not by counting cells, because
copies of the same form differ in which merged cells they repeat: a Word table repeats
项目资金（万元） and 一级指标 down every row (perflint.readers.docx), a web page gives
them once and starts the rows below with the next column, and a Sichuan header has a
block label (预算执行情况(10分)) that its rows lack. A funds row is anchored at its
label (年度资金总额, 其中：当年财政拨款 …), an indicator row at its 三级指标, found after
the 一级 and 二级 indicator words it repeats or not. A row whose points or score land
on something other than a figure, or whose target or actual is an operator alone (≥: the
指标性质 column its header lacks), was not read right: it is kept aside, and the checks
that need every row say nothing for that table.

A two-row header (Yunnan's: 绩效指标 | 年度指标值 | 实际完成值 …, then 一级指标 … 三级指标 |
指标性质 | 指标值 | 度量单位 under the first two) is read in column order, the spanned
columns in their heading's place (``header-spans``), whether its rows arrive as two or
joined into one; a copy that joined them joined the goal block before and the first data
row after them too, and those are split off.

A table written one cell a line (``carrier == "cells"``) has lost its rows; they are
rebuilt from the header runs: a funds row is its label and the cells up to the next
label, an indicator row its indicator words, its name and as many cells as the header
has columns after the name.

A table flattened into the text itself, cells separated by spaces (on one line, a row
a line, or a cell a paragraph), is no table block: perflint.selfeval.flat finds it in
the text around the blocks and rebuilds its rows (``carrier == "flat"``), and it is read
here like the others.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from perflint.document import Document, Paragraph, Span, Table, TableCell
from perflint.facts.tables import CAPTION_MAX, caption_unit, money_unit
from perflint.patterns import lazy
from perflint.selfeval.flat import flat_tables
from perflint.selfeval.goal import GoalReader
from perflint.selfeval.labels import LEVEL_ROLES, funds_label, header_kind, header_roles, total_label, unspanned
from perflint.selfeval.model import CategoryPoints, FundsRow, Indicator, SelfEvaluationTable, TotalRow
from perflint.selfeval.spec import TableSpec, header_key
from perflint.selfeval.values import Value, read_text, read_value
from perflint.text import fold_chars, fold_key

FUNDS_ROLES = frozenset({"initial_budget", "budget", "executed", "rate", "points", "score", "reason"})
_STATED_POINTS = lazy(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]")


def read_tables(document: Document, spec: TableSpec, grade_keys: frozenset[str]) -> list[SelfEvaluationTable]:
    """Every self-evaluation table of the document, in order."""
    found = []
    for tables in _groups(document, spec):
        rows = [row.cells for table in tables for row in table.rows if not row.is_rule]
        carrier = tables[0].carrier
        if carrier == "cells":
            rows = _reflow([_line_cell(row.cells, row.span) for table in tables for row in table.rows], spec)
        else:
            rows = _unjoined(rows, spec)
        unit = caption_unit(document.text, tables[0].span[0])
        segments = _segments(rows, spec)
        for index, segment in enumerate(segments):
            # The first segment starts with the first table block, the last ends with
            # the last; between them, a segment runs from its first cell to its last.
            cells = [cell for row in segment for cell in row]
            start = tables[0].span[0] if index == 0 else min(c.span[0] for c in cells)
            end = tables[-1].span[1] if index == len(segments) - 1 else max(c.span[1] for c in cells)
            table = _Reader(spec, grade_keys, carrier, (start, end), unit).read(segment)
            if table is not None:
                found.append(table)
    for flat in flat_tables(document, spec, grade_keys):
        table = _Reader(spec, grade_keys, "flat", flat.span, "").read(flat.rows)
        if table is not None:
            table.unreadable_rows.extend(flat.unreadable)
            # Blank cells vanish from a flattened row: a reason cell left blank cannot
            # be told from a row that lost another cell, so blank reasons are not claimed.
            table.indicator_columns -= {"reason"}
            found.append(table)
    return sorted(found, key=lambda table: table.span[0])


def _segments(rows: list[list[TableCell]], spec: TableSpec) -> list[list[list[TableCell]]]:
    """Rows split where another table begins: a header of a kind already seen, or a
    funds header after indicators (two projects' tables pasted one after the other)."""
    segments: list[list[list[TableCell]]] = [[]]
    seen: set[str] = set()
    for row in rows:
        roles = header_roles(row, spec)
        kind = header_kind(set(roles.values())) if roles is not None else ""
        if kind and (kind in seen or (kind == "funds" and "indicators" in seen)):
            segments.append([])
            seen = set()
        if kind:
            seen.add(kind)
        segments[-1].append(row)
    return [segment for segment in segments if segment]


def _unjoined(rows: list[list[TableCell]], spec: TableSpec) -> list[list[TableCell]]:
    """Rows with the form's two-row header (``header-spans``) read as one header in
    column order, whether its rows arrive as two rows or joined into one; a copy that
    joined the two joined the rows around them too, and those are split off: the cells
    before the header (another block's) and after it (the first data row)."""
    out: list[list[TableCell]] = []
    for cells in rows:
        filled = [cell for cell in out[-1] if cell.text] if out else []
        if filled and all(_heading(cell, spec) for cell in filled):
            run = next((i for i, cell in enumerate(cells) if not _heading(cell, spec)), len(cells))
            header = unspanned([*filled, *cells[:run]], spec) if run else None
            if header is not None and header_roles(header, spec) is not None:
                out[-1], cells = header, cells[run:]
        if cells:
            out.extend(_split_at_header(cells, spec))
    return out


def _split_at_header(cells: list[TableCell], spec: TableSpec) -> list[list[TableCell]]:
    i = 0
    while i < len(cells):
        end = i
        while end < len(cells) and _heading(cells[end], spec):
            end += 1
        header = unspanned(cells[i:end], spec) if end > i else None
        if header is not None and header_roles(header, spec) is not None:
            return [part for part in (cells[:i], header, cells[end:]) if part]
        i = max(end, i + 1)
    return [cells]


def _heading(cell: TableCell, spec: TableSpec) -> bool:
    """A cell of a header row: a column's name or a block's label."""
    key = header_key(cell.text)
    return key in spec.columns.by_key or key in spec.block_keys


# -- which table blocks make one table -------------------------------------------------


def _groups(document: Document, spec: TableSpec) -> list[list[Table]]:
    groups: list[list[Table]] = []
    between: list[Paragraph] = []
    for _, block in document.blocks():
        if isinstance(block, Paragraph):
            between.append(block)
            continue
        if groups and _continues(document.text, groups[-1], block, between, spec):
            groups[-1].append(block)
        else:
            groups.append([block])
        between = []
    return groups


def _continues(text: str, group: list[Table], table: Table, between: list[Paragraph], spec: TableSpec) -> bool:
    if group[-1].carrier != table.carrier and "cells" in (group[-1].carrier, table.carrier):
        return False
    if not text[group[-1].span[1] : table.span[0]].strip():
        return True
    # A funds table, a short caption, then the indicator table.
    if len(between) != 1 or "\n" in between[0].text.strip() or len(between[0].text.strip()) > CAPTION_MAX:
        return False
    return _has_header(group, spec, "funds") and not _has_header(group, spec, "indicators") and _has_header([table], spec, "indicators")


def _has_header(tables: list[Table], spec: TableSpec, kind: str) -> bool:
    for table in tables:
        for row in table.rows:
            roles = header_roles(row.cells, spec)
            if roles is not None and header_kind(set(roles.values())) == kind:
                return True
    return False


# -- one cell a line -------------------------------------------------------------------


def _line_cell(cells: list[TableCell], span: Span) -> TableCell:
    """A line of a one-cell-a-line table as its one cell (a bare "|" is an empty cell)."""
    filled = [cell for cell in cells if cell.text]
    return filled[0] if filled else TableCell((span[0], span[0]), "")


def _reflow(stream: list[TableCell], spec: TableSpec) -> list[list[TableCell]]:
    """Rows rebuilt from a table written one cell a line (see the module docstring)."""
    rows: list[list[TableCell]] = []
    by_key = spec.columns.by_key
    kind = ""
    width = 0
    i = 0
    while i < len(stream):
        run = i
        while run < len(stream) and by_key.get(header_key(stream[run].text)):
            run += 1
        header = stream[i:run]
        if len(header) >= 3 and header_kind({by_key[header_key(c.text)] for c in header}):
            kind = header_kind({by_key[header_key(c.text)] for c in header})
            # The block labels just before the run belong to its header row
            # (预算执行情况(10分), 年度预算数(万元): where the unit is).
            while rows and len(rows[-1]) == 1 and (header_key(rows[-1][0].text) in spec.block_keys or money_unit(rows[-1][0].text)):
                header = [rows.pop()[0], *header]
            header = unspanned(header, spec) or header
            rows.append(header)
            roles = [role for c in header if (role := by_key.get(header_key(c.text)))]
            width = len(roles) if kind == "funds" else len(roles) - 1 - max(roles.index(r) for r in roles if r in LEVEL_ROLES)
            i = run
            continue
        cell = stream[i]
        if kind == "funds" and funds_label(cell.text, spec) is not None:
            end = i + 1
            while end < len(stream) and end - i <= width and not _starts_row(stream[end], spec):
                end += 1
            rows.append(stream[i:end])
            i = end
            continue
        if total_label(cell.text, spec):
            end = i + 1
            while end < len(stream) and end - i <= 3 and not _starts_row(stream[end], spec):
                end += 1
            rows.append(stream[i:end])
            kind = ""
            i = end
            continue
        if kind == "indicators" and cell.text and header_key(cell.text) not in spec.block_keys:
            end = i
            if end < len(stream) and spec.category(stream[end].text):
                end += 1
            if end < len(stream) and header_key(stream[end].text) in spec.level_two_keys:
                end += 1
            name = end
            end = min(len(stream), name + 1 + width)
            stop = next((j for j in range(name + 1, end) if _starts_row(stream[j], spec)), end)
            rows.append(stream[i:stop])
            i = stop
            continue
        rows.append([cell])
        i += 1
    return rows


def _starts_row(cell: TableCell, spec: TableSpec) -> bool:
    key = header_key(cell.text)
    return bool(key) and (
        key in spec.block_keys
        or spec.category(cell.text) is not None
        or funds_label(cell.text, spec) is not None
        or total_label(cell.text, spec)
    )


# -- reading ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    roles: dict[int, str]
    width: int

    def column(self, role: str) -> int | None:
        return next((index for index, r in self.roles.items() if r == role), None)


class _Reader:
    def __init__(self, spec: TableSpec, grade_keys: frozenset[str], carrier: str, span: Span, caption_unit: str) -> None:
        self.spec = spec
        self.grade_keys = grade_keys
        self.carrier = carrier
        self.span = span
        self.caption_unit = caption_unit

    def value(self, cell: TableCell) -> Value:
        return read_value(cell, self.spec.empty_keys)

    def read(self, rows: list[list[TableCell]]) -> SelfEvaluationTable | None:
        spec = self.spec
        keys = {header_key(cell.text) for row in rows for cell in row}
        table = SelfEvaluationTable(self.span, spec.form_for(keys), self.carrier)
        funds: _Header | None = None
        indicators: _Header | None = None
        kind = ""
        header_unit = ""
        level_one, level_two = "", ""
        after_total = False
        last_funds: list[TableCell] = []  # the cells of the last funds row read
        goal = GoalReader(spec)
        for cells in rows:
            if not any(cell.text for cell in cells):
                continue
            if goal.row(cells):
                kind = ""
                continue
            roles = header_roles(cells, spec)
            if roles is not None:
                kind = header_kind(set(roles.values()))
                header = _Header(roles, len(cells))
                for index, role in roles.items():
                    table.headers.setdefault(role, cells[index].text)
                if kind == "funds":
                    funds = header
                    table.funds_columns = frozenset(roles.values())
                    if any(role == "rate" and "%" in fold_chars(cells[index].text) for index, role in roles.items()):
                        table.rate_unit = "%"
                    header_unit = header_unit or next((u for cell in cells if (u := money_unit(cell.text))), "")
                else:
                    indicators = header
                    table.indicator_columns = frozenset(roles.values())
                    level_one = level_two = ""
                continue
            if after_total and table.grade is None:
                self.grade_row(cells, table)
            total = self.total_row(cells, indicators, table)
            if total:
                kind, after_total = "", True
                continue
            if kind == "funds" and funds is not None:
                header_unit = header_unit or next((u for cell in cells[:1] if (u := money_unit(cell.text))), "")
                row = self.funds_row(cells, funds)
                if row is not None:
                    table.funds.append(row)
                    last_funds = cells
                    continue
                joined = self.broken_row(last_funds, cells, funds)
                if joined is not None:
                    table.funds[-1] = joined
                    last_funds = []
                    continue
                kind = ""
            elif kind == "indicators" and indicators is not None:
                read = self.indicator_row(cells, indicators, level_one, level_two, table)
                if read is None:
                    kind = ""
                elif isinstance(read, Indicator):
                    if read.level_one_span is None and table.indicators and read.level_one == table.indicators[-1].level_one:
                        read.level_one_span = table.indicators[-1].level_one_span
                    table.indicators.append(read)
                    level_one, level_two = read.level_one, read.level_two
        if not table.funds and not table.indicators:
            return None
        goal.close()
        table.goal = goal.block
        self.set_unit(table, header_unit)
        return table

    # -- funds -------------------------------------------------------------------------

    def funds_row(self, cells: list[TableCell], header: _Header) -> FundsRow | None:
        label_index = None
        kind = None
        for index, cell in enumerate(cells):
            if fold_key(cell.text) == "其中":
                continue
            kind = funds_label(cell.text, self.spec)
            if kind is not None:
                label_index = index
                break
            if cell.text and header_key(cell.text) not in self.spec.block_keys:
                return None
        if label_index is None or kind is None:
            return None
        # Figures follow the label from the header's first column (a row that lost its
        # merged cells); a label spanning two columns, the second empty or repeating it in
        # the row and no column in the header (年度资金总额 | (empty) | 200.00 …), keeps the
        # header's columns.
        after = label_index + 1
        spans_two = (
            len(cells) == header.width
            and after < len(cells)
            and cells[after].text in ("", cells[label_index].text)  # Word repeats a merged cell's text
            and after not in header.roles
        )
        first = after if spans_two else min(header.roles)
        span = (cells[0].span[0], cells[-1].span[1])
        row = FundsRow(self.value(cells[label_index]), span, is_total=kind == "total", is_remainder=kind == "remainder")
        for offset, cell in enumerate(cells[label_index + 1 :]):
            role = header.roles.get(first + offset)
            if role in FUNDS_ROLES:
                setattr(row, role, self.value(cell))
        return row

    def broken_row(self, last: list[TableCell], cells: list[TableCell], header: _Header) -> FundsRow | None:
        """The last funds row with ``cells`` as its rest, when a line break split it: the
        row stopped short of the header's columns, and ``cells`` are figures without a
        label that fill the columns it lacks (a row of their own would need a label)."""
        filled = len(cells)
        while filled and not cells[filled - 1].text:
            filled -= 1
        rest = cells[:filled]
        if not last or not rest or len(last) + len(rest) > header.width or len(last) >= header.width:
            return None
        if not all(self.value(cell).is_number or self.value(cell).is_blank for cell in rest) or not self.value(rest[0]).is_number:
            return None
        return self.funds_row([*last, *rest], header)

    # -- indicators --------------------------------------------------------------------

    def indicator_row(
        self, cells: list[TableCell], header: _Header, level_one: str, level_two: str, table: SelfEvaluationTable
    ) -> Indicator | bool | None:
        """The row's indicator; True for a row to pass over (blank, a heading of the
        block); None for a row that ends the block."""
        spec = self.spec
        name_column = header.column("name")
        if name_column is None:
            levels = [index for index, role in header.roles.items() if role in ("level_one", "level_two")]
            name_column = max(levels) + 1 if levels else None
        if name_column is None:
            return None
        # Cells merged down the block (绩效指标) or left empty under a merged one.
        i = 0
        while i < len(cells) and (not cells[i].text or header_key(cells[i].text) in spec.block_keys):
            i += 1
        new_one = new_two = ""
        one_span = None
        category = None
        if i < len(cells) and (category := spec.category(cells[i].text)) is not None and not self.second_level(cells, i, level_one):
            new_one, one_span = cells[i].text, cells[i].span
            self.category_points(cells[i], table)
            i += 1
        if i < len(cells) and header_key(cells[i].text) in spec.level_two_keys:
            new_two = cells[i].text
            i += 1
        if not new_one and not new_two and len(cells) == header.width and i > name_column:
            i = name_column  # the grid kept, with its name cell empty
        if i >= len(cells) or not cells[i].text:
            return True if not any(cell.text for cell in cells[i:]) else self.unreadable(cells, table)
        name_key = header_key(cells[i].text)
        if name_key in spec.block_keys or funds_label(cells[i].text, spec) == "total":
            return None
        span = (cells[0].span[0], cells[-1].span[1])
        if new_one:
            level_one, level_two = new_one, new_two
        elif new_two:
            level_two = new_two
        indicator = Indicator(
            self.value(cells[i]),
            span,
            level_one=level_one,
            level_one_span=one_span,
            category=category if new_one else spec.category(level_one) if level_one else None,
            level_two=level_two,
            placeholder=any(p.match(fold_chars(cells[i].text).strip()) for p in spec.placeholders),
        )
        for offset, cell in enumerate(cells[i + 1 :], start=1):
            role = header.roles.get(name_column + offset)
            if role in ("operator", "target", "unit", "actual", "points", "score", "coefficient", "reason"):
                setattr(indicator, role, self.value(cell))
        for number in (indicator.points, indicator.score):
            if number is not None and not (number.is_blank or number.is_plain_number):
                return self.unreadable(cells, table)
        # An operator alone where a figure belongs: the 指标性质 column the header lacks.
        if any(value is not None and value.is_bare_operator for value in (indicator.target, indicator.actual)):
            return self.unreadable(cells, table)
        return indicator

    def second_level(self, cells: list[TableCell], index: int, level_one: str) -> bool:
        """Whether a word that names a category and a 二级指标 both (成本指标) is the
        second level here: under a category already open, with no 二级指标 after it."""
        spec = self.spec
        if header_key(cells[index].text) not in spec.level_two_keys or not level_one:
            return False
        return index + 1 >= len(cells) or header_key(cells[index + 1].text) not in spec.level_two_keys

    def unreadable(self, cells: list[TableCell], table: SelfEvaluationTable) -> bool:
        table.unreadable_rows.append((cells[0].span[0], cells[-1].span[1]))
        return True

    def category_points(self, cell: TableCell, table: SelfEvaluationTable) -> None:
        """产出指标(50分): the points the label states for its category, once per category."""
        category = self.spec.category(cell.text)
        match = _STATED_POINTS.search(fold_chars(cell.text))
        if category is None or match is None or any(c.category is category for c in table.categories):
            return
        start = cell.span[0] + match.start(1)
        table.categories.append(CategoryPoints(category, read_text(match.group(1), (start, start + len(match.group(1))), frozenset())))

    # -- total and grade ---------------------------------------------------------------

    def total_row(self, cells: list[TableCell], header: _Header | None, table: SelfEvaluationTable) -> bool:
        spec = self.spec
        label_index = next((i for i, cell in enumerate(cells) if header_key(cell.text) in spec.score_only_keys), None)
        score_only = label_index is not None
        if label_index is None:
            label_index = next((i for i, cell in enumerate(cells) if cell.text), None)
            if label_index is None or header is None or header_key(cells[label_index].text) not in spec.score_total_keys:
                return False
        label = cells[label_index]
        span = (cells[0].span[0], cells[-1].span[1])
        total = TotalRow(self.value(label), span)
        rest = [cell for cell in cells[label_index + 1 :] if cell.text != label.text]
        points_column, score_column = (header.column("points"), header.column("score")) if header else (None, None)
        on_grid = (
            not score_only
            and header is not None
            and len(cells) == header.width
            and points_column is not None
            and score_column is not None
            and points_column > label_index
            and bool(cells[points_column].text or cells[score_column].text)  # 总分 | … | (no points) | 99.5
        )
        if on_grid:
            assert points_column is not None and score_column is not None
            total.points, total.score = self.value(cells[points_column]), self.value(cells[score_column])
            rest = cells[score_column + 1 :]
        else:
            figures = [cell for cell in rest if self.value(cell).is_number]
            if score_only:
                after = rest[:1]  # 自评总分(分) | 97.93: the cell right after the label
                total.score = self.value(after[0]) if after and self.value(after[0]).is_number else None
            else:
                if figures:
                    total.points = self.value(figures[0])
                if len(figures) > 1:
                    total.score = self.value(figures[1])
        for number in (total.points, total.score):
            if number is not None and not (number.is_blank or number.is_plain_number):
                self.unreadable(cells, table)
                return True
        if table.total is None or score_only and table.total.score is None:
            table.total = total
        self.grade_row(rest, table)
        return True

    def grade_row(self, cells: Iterable[TableCell], table: SelfEvaluationTable) -> None:
        """A cell holding only a grade word (优, 良好), in the total row or the row after it."""
        for cell in cells:
            if cell.text and fold_key(cell.text).strip("()") in self.grade_keys:
                table.grade = self.value(cell)
                return

    # -- unit --------------------------------------------------------------------------

    def set_unit(self, table: SelfEvaluationTable, header_unit: str) -> None:
        units = {
            value.unit
            for row in table.funds
            for value in (row.initial_budget, row.budget, row.executed)
            if value is not None and value.is_number and value.unit in self.spec.money_units
        }
        if header_unit:
            table.unit, table.unit_source = header_unit, "header"
        elif self.caption_unit:
            table.unit, table.unit_source = self.caption_unit, "caption"
        elif len(units) == 1:
            table.unit, table.unit_source = units.pop(), "cells"
