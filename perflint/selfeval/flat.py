"""Self-evaluation tables flattened into text, their cells separated by spaces.

Pages that render an .xls or .pdf attachment print the whole table on one line, or a
row a line, with a space between cells; others print one cell a paragraph and break a
long header cell over two (``年初`` / ``预算数``). The rows are lost, and so are the
blank cells. They are rebuilt here from the form's rigid layout, into rows of cells
that the table reader (perflint.selfeval.reading) reads like any other table:

* a header is a run of column words (年初预算数 全年预算数 …, 一级指标 … 偏差原因分析及改进措施);
  pieces of one word that a break split apart are joined again when together they are
  a word of the vocabulary and apart they are not all words of it (``年初 预算数`` is
  one column, ``执行率 得分`` two);
* a funds row is its label (年度资金总额, 其中：当年财政拨款 …) and the figures after it,
  read only when they fill the header's columns exactly, or — for a source row, which
  the form leaves without points and score — its amount columns, with the rate or not;
  a mirror that prints a merged left column first puts the labels before the header
  and the figures after it: when the figures are one a column for each label, the
  first label is 年度资金总额 and its figures fill points and score (which only that
  row of the form has), they are read as its row; the source rows are not;
* indicator rows lie between the level words (产出指标(50分), 数量指标 …): a name, one
  token per column up to the score, and a reason when the form has that column last.
  The tokens between two level words are read only when they split into such rows in
  one way and one way only (points and scores are bare figures; a reason holds none);
* the total row is 总分 with its points and its score, then perhaps the grade.

Whatever does not fit is not guessed at: the row is left out, and a table with a row
it could not read, or without a total row (web excerpts are often cut short), is
marked as not wholly read, so the checks that need every row say nothing.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from perflint.document import Document, Span, Table, TableCell
from perflint.facts.tables import money_unit
from perflint.patterns import lazy
from perflint.selfeval.labels import AMOUNT_ROLES, LEVEL_ROLES, funds_label, header_kind, header_roles, unspanned
from perflint.selfeval.spec import TableSpec, header_key
from perflint.selfeval.values import Value, read_value
from perflint.text import fold_chars, fold_key

# Pieces of one cell that a break may have split (偏差原因 / 分析及 / 改进措施).
JOIN_MAX = 4
# A reason is a sentence or two: more tokens than this after a row is not one reason.
REASON_MAX = 24
# Tokens between two level words: more than this is not rows of a table any more.
SEGMENT_MAX = 240
_FIGURE_ROLES = frozenset({"points", "score", "coefficient"})
_OPERATORS = frozenset({"≥", "≤", "=", ">", "<", "≧", "≦", "＝", "═", "＞", "＜"})
_BRACKET = lazy(r"[（(]")
_STATED_POINTS = lazy(r"[（(]\s*\d+(?:\.\d+)?\s*分")
_TOKEN = lazy(r"\S+")


@dataclass(slots=True)
class FlatTable:
    """A flattened table as rows of cells for the table reader, and the places it could not read."""

    span: Span
    rows: list[list[TableCell]] = field(default_factory=list)
    unreadable: list[Span] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)


def flat_tables(document: Document, spec: TableSpec, grade_keys: frozenset[str]) -> list[FlatTable]:
    """The tables written as text outside the document's table blocks, in order."""
    found = []
    for tokens in _streams(document):
        cells = _cells(tokens, document.text, spec)
        found.extend(_Scanner(cells, document.text, spec, grade_keys).tables())
    return found


# -- tokens and cells ------------------------------------------------------------------


def _streams(document: Document) -> Iterator[list[TableCell]]:
    """Runs of space-separated tokens between the table blocks and the comments."""
    text = document.text
    skipped = sorted([block.span for _, block in document.blocks() if isinstance(block, Table)] + [c.span for c in document.comments])
    start = 0
    for skip_start, skip_end in [*skipped, (len(text), len(text))]:
        if skip_start > start:
            tokens = [TableCell(match.span(), match.group()) for match in _TOKEN.finditer(text, start, skip_start)]
            if tokens:
                yield tokens
        start = max(start, skip_end)


@dataclass(frozen=True, slots=True)
class _Words:
    """The keys of the form's vocabulary (columns, blocks, levels, row labels) and
    their beginnings: a token that begins no word is never the first piece of one."""

    keys: frozenset[str]
    beginnings: frozenset[str]


@lru_cache(maxsize=8)
def _words(spec: TableSpec) -> _Words:
    rows = spec.total_row_keys | spec.part_row_keys | spec.remainder_keys
    keys = (
        set(spec.columns.by_key)
        | spec.block_keys
        | spec.level_two_keys
        | spec.score_total_keys
        | spec.score_only_keys
        | {key for category in spec.categories for key in category.keys}
        | rows
        | {"其中" + key for key in rows}
        | spec.goal_label_keys
        | spec.goal_header_keys
        | spec.achieved_header_keys
    )
    return _Words(frozenset(keys), frozenset(key[:n] for key in keys for n in range(1, len(key) + 1)))


def _known(text: str, spec: TableSpec) -> bool:
    """A word of the form's vocabulary: a column, a block, a level or a row label."""
    return header_key(text) in _words(spec).keys


def _cells(tokens: list[TableCell], text: str, spec: TableSpec) -> list[TableCell]:
    """Tokens with the pieces of a split vocabulary word joined into one cell (the
    longest join first). A piece of punctuation alone (a dash for a blank cell) is a
    cell of its own, never a piece."""
    words = _words(spec)
    folded = [fold_key(token.text) for token in tokens]
    known = [(header_key(token.text) if _BRACKET.search(token.text) else key) in words.keys for token, key in zip(tokens, folded)]
    cells = []
    i = 0
    while i < len(tokens):
        text_i = tokens[i].text
        if (fold_key(_BRACKET.split(text_i, 1)[0]) if _BRACKET.search(text_i) else folded[i]) in words.beginnings:
            for k in range(min(JOIN_MAX, len(tokens) - i), 1, -1):
                if not all(folded[i : i + k]) or all(known[i : i + k]):
                    continue
                start, end = tokens[i].span[0], tokens[i + k - 1].span[1]
                joined = text[start:end]
                if _known(joined, spec):
                    # A column word is named in messages: written without the break.
                    # Other words keep the document's text, so an offset in it is one
                    # in the document (the points of 产出指标 (50分) are underlined there).
                    compact = "".join(joined.split()) if header_key(joined) in spec.columns.by_key else joined
                    cells.append(TableCell((start, end), compact))
                    i += k
                    break
            else:
                cells.append(tokens[i])
                i += 1
            continue
        cells.append(tokens[i])
        i += 1
    return cells


def _without_colon(cell: TableCell) -> TableCell:
    """A row label without the colon the form writes after it (年度资金总额：)."""
    text = cell.text.rstrip(":：")
    return TableCell((cell.span[0], cell.span[0] + len(text)), text) if text else cell


def _split(
    count: int,
    fits: Callable[[int], bool],
    reason_at: Callable[[int], bool],
    width: int,
    reasons: bool,
    alone: Callable[[int], bool] = lambda i: False,
    lone_reason: Callable[[int], bool] = lambda i: False,
) -> list[tuple[int, int, int]] | None:
    """The one way ``count`` tokens split into rows of a name and ``width`` values, each
    followed by reason tokens when ``reasons``: (start, reason start, end) of each row;
    None when there is no way, or more than one. ``fits(i)``: a row can start at token
    i; ``reason_at(i)``: token i can be part of a reason; ``alone(i)``: token i can be a
    row by itself (a placeholder row whose cells were all blank); ``lone_reason(i)``:
    token i can be a reason when it is the whole of it (a figure)."""
    ways = [0] * (count + 1)
    ends: list[tuple[int, int]] = [(0, 0)] * (count + 1)
    ways[count] = 1
    for start in range(count - 1, -1, -1):
        found = 0
        if alone(start) and ways[start + 1]:
            found += ways[start + 1]
            ends[start] = (start + 1, start + 1)
        values_end = start + 1 + width
        if values_end <= count and fits(start):
            if reasons and values_end < count and not reason_at(values_end) and lone_reason(values_end):
                candidates = [values_end, values_end + 1]
            else:
                candidates = []
                for end in range(values_end, min(count, values_end + (REASON_MAX if reasons else 0)) + 1):
                    if end > values_end and not reason_at(end - 1):
                        break
                    candidates.append(end)
            for end in candidates:
                if ways[end]:
                    found += ways[end]
                    ends[start] = (values_end, end)
        ways[start] = min(found, 2)
    if ways[0] != 1:
        return None
    rows = []
    start = 0
    while start < count:
        values_end, end = ends[start]
        rows.append((start, values_end, end))
        start = end
    return rows


# -- reading -----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, cells: list[TableCell], text: str, spec: TableSpec, grade_keys: frozenset[str]) -> None:
        self.cells = cells
        self.keys = [header_key(cell.text) for cell in cells]
        self.text = text
        self.spec = spec
        self.grade_keys = grade_keys

    def value(self, cell: TableCell) -> Value:
        return read_value(cell, self.spec.empty_keys)

    def is_amount(self, cell: TableCell) -> bool:
        """A cell of a funds row: blank, or a figure alone (an amount, a rate, points)."""
        value = self.value(cell)
        if value.is_blank:
            return True
        units = ("", "%", "分", *self.spec.money_units)
        return value.is_number and not value.operator and not value.prefix and value.unit in units

    def is_bare_figure(self, cell: TableCell) -> bool:
        value = self.value(cell)
        return value.is_plain_number or value.is_blank

    def tables(self) -> list[FlatTable]:
        tables: list[FlatTable] = []
        i = since = 0  # since: the first cell after the last block read
        while i < len(self.cells):
            header = self.header_at(i)
            if header is None:
                i = self.goal_block(i, tables[-1]) if tables else i + 1
                continue
            end, roles, cells = header
            kind = header_kind(set(roles))
            current = tables[-1] if tables else None
            if current is None or kind in current.kinds or (kind == "funds" and "indicators" in current.kinds):
                current = FlatTable(self.cells[i].span)
                tables.append(current)
            current.kinds.add(kind)
            current.rows.append(cells)
            if kind == "funds":
                rows_at, sources_read = self.total_after_header(since, i, end, roles, current)
                i = self.funds_block(rows_at, roles, current, sources_read=sources_read)
            else:
                i = self.indicator_block(end, roles, current)
            since = i
            last = self.cells[max(i, end) - 1]
            current.span = (current.span[0], max(current.span[1], last.span[1]))
        return tables

    def header_at(self, i: int) -> tuple[int, list[str], list[TableCell]] | None:
        """(end, column roles in order, cells in column order) of a header run starting
        at cell ``i``; a two-row header joined into one is put in column order."""
        by_key = self.spec.columns.by_key
        end = i
        while end < len(self.cells):
            text, key = self.cells[end].text, self.keys[end]
            if not (key in by_key or key in self.spec.block_keys or (len(key) <= 12 and money_unit(text))):
                break
            end += 1
        if sum(1 for key in self.keys[i:end] if key in by_key) < 3:
            return None
        run = self.cells[i:end]
        run = unspanned(run, self.spec) or run
        roles = header_roles(run, self.spec)
        if roles is None or not header_kind(set(roles.values())):
            return None
        return end, [roles[index] for index in sorted(roles)], run

    # -- funds -------------------------------------------------------------------------

    def funds_block(self, i: int, roles: list[str], table: FlatTable, *, sources_read: bool = True) -> int:
        """Reads the funds rows from cell ``i``; returns where the block ends. With a
        source row already skipped (``sources_read`` false), no other is kept."""
        amounts = next((n for n, role in enumerate(roles) if role not in AMOUNT_ROLES), len(roles))
        parts: list[list[TableCell]] = []
        parts_read = sources_read
        while i < len(self.cells):
            label = self.cells[i]
            kind = funds_label(label.text, self.spec)
            if kind is None:
                break
            end = i + 1
            while end < len(self.cells) and self.is_amount(self.cells[end]):
                end += 1
            figures = self.cells[i + 1 : end]
            placed = self.place_figures(figures, roles, amounts, total=kind == "total")
            if not figures and end < len(self.cells) and not _known(self.cells[end].text, self.spec):
                placed = None  # a label split by a break, its rest no word of the form
            if placed is None:
                if kind == "total":
                    table.unreadable.append((label.span[0], (figures[-1] if figures else label).span[1]))
                else:
                    parts_read = False
            elif kind == "total":
                table.rows.append([_without_colon(label), *placed])
            else:
                parts.append([_without_colon(label), *placed])
            i = end
        if parts_read:
            table.rows.extend(parts)  # with a source row not read, no source is: their sum is unknown
        return i

    def total_after_header(self, since: int, start: int, end: int, roles: list[str], table: FlatTable) -> tuple[int, bool]:
        """Reads the 年度资金总额 row of a funds header at ``start:end`` whose row labels
        came before it (cells ``since:start``): one figure a column for each label, in
        one run. Returns where the funds rows go on, and whether the source rows may
        still be read (not when some were skipped here)."""
        kinds = [funds_label(cell.text, self.spec) for cell in self.cells[since:start]]
        stop = end
        while stop < len(self.cells) and self.is_amount(self.cells[stop]):
            stop += 1
        figures = self.cells[end:stop]
        if kinds.count("total") != 1 or stop == end or not {"points", "score"} <= set(roles):
            return end, True
        first = since + kinds.index("total")
        labels = [cell for cell, kind in zip(self.cells[first:start], kinds[first - since :]) if kind is not None]
        total = figures[: len(roles)]
        if len(figures) != len(labels) * len(roles) or any(self.value(cell).is_blank for cell in total):
            table.unreadable.append((figures[0].span[0], figures[-1].span[1]))
            return stop, False
        table.rows.append([_without_colon(labels[0]), *total])
        if len(figures) > len(roles):
            table.unreadable.append((figures[len(roles)].span[0], figures[-1].span[1]))
            return stop, False
        return stop, True

    def place_figures(self, figures: list[TableCell], roles: list[str], amounts: int, *, total: bool) -> list[TableCell] | None:
        """The figures on the header's columns, blank cells where the form leaves a
        source row empty; None when they do not fit."""
        if len(figures) == len(roles):
            return figures
        if total or not amounts or len(figures) not in (0, amounts, amounts + 1):
            return None
        at = figures[-1].span[1] if figures else 0
        placed = [TableCell((at, at), "") for _ in roles]
        placed[: min(len(figures), amounts)] = figures[:amounts]
        if len(figures) == amounts + 1:
            rate = self.value(figures[-1])
            if "rate" not in roles or not (rate.is_blank or (rate.is_number and rate.unit == "%")):
                return None
            placed[roles.index("rate")] = figures[-1]
        return placed

    # -- the goal ------------------------------------------------------------------------

    def goal_block(self, i: int, table: FlatTable) -> int:
        """年度总体目标 | 预期目标 | 实际完成情况 | goal | achieved: read when exactly one
        token stands for each cell, up to the next word of the form (a goal written in
        words with spaces in it cannot be cut in two). Returns where to go on."""
        spec = self.spec
        j = i
        while j < len(self.cells) and self.keys[j] in spec.goal_label_keys:
            j += 1
        if j + 1 >= len(self.cells) or self.keys[j] not in spec.goal_header_keys or self.keys[j + 1] not in spec.achieved_header_keys:
            return i + 1
        end = j + 2
        while end < len(self.cells) and end - j - 2 <= 2 and not _known(self.cells[end].text, spec):
            end += 1
        if end - j - 2 == 2 and (end == len(self.cells) or _known(self.cells[end].text, spec)):
            table.rows.append(self.cells[i:end])
        return end

    # -- indicators ----------------------------------------------------------------------

    def indicator_block(self, i: int, roles: list[str], table: FlatTable) -> int:
        """Reads the indicator rows and the total from cell ``i``; returns where the block ends."""
        levels = [n for n, role in enumerate(roles) if role in LEVEL_ROLES]
        name = roles.index("name") if "name" in roles else max(levels) + 1
        after = roles[name + 1 :]
        reasons = bool(after) and after[-1] == "reason"
        columns = after[:-1] if reasons else after
        if not columns or "reason" in columns or "other" in columns:
            # A free-text column among the others: its rows cannot be told apart.
            table.unreadable.append(self.cells[i - 1].span)
            return i
        block = _IndicatorBlock(self, columns, reasons, table, i)
        while i < len(self.cells):
            cell = self.cells[i]
            level = block.level(i)
            key = self.keys[i]
            if level is not None:
                block.rows_to(i)
                block.open(level, cell, i)
            elif key in self.spec.score_total_keys:
                block.rows_to(i)
                return self.total_row(i, table)
            elif key in self.spec.block_keys or key in self.spec.total_row_keys or self.header_at(i) is not None:
                break
            i += 1
        block.rows_to(i)
        # No total row: the table may have been cut short, its sums are not checked.
        table.unreadable.append((self.cells[i - 1].span[1], self.cells[i - 1].span[1]))
        return i

    def total_row(self, i: int, table: FlatTable) -> int:
        """总分 | points | score (| grade): read when two bare figures follow the label."""
        end = i + 1
        while end < len(self.cells) and end - i <= 3 and self.value(self.cells[end]).is_plain_number:
            end += 1
        figures = self.cells[i + 1 : end]
        if len(figures) != 2:
            table.unreadable.append((self.cells[i].span[0], self.cells[end - 1].span[1]))
            return end
        row = [self.cells[i], *figures]
        if end < len(self.cells) and fold_key(self.cells[end].text).strip("()") in self.grade_keys:
            row.append(self.cells[end])
            end += 1
        table.rows.append(row)
        return end


class _IndicatorBlock:
    """The indicator rows being read: the level cells not yet given to a row, and the
    start of the tokens after the last level cell."""

    def __init__(self, scanner: _Scanner, columns: list[str], reasons: bool, table: FlatTable, start: int) -> None:
        self.scanner = scanner
        self.cells = scanner.cells
        self.columns = columns
        self.reasons = reasons
        self.table = table
        self.level_one: TableCell | None = None
        self.level_two: TableCell | None = None
        self.opened = False  # a 一级指标 was seen
        self.start = start  # the first cell after the last level cell

    def level(self, i: int) -> str | None:
        """ "one" for a 一级指标 cell, "two" for a 二级指标 cell, None for any other."""
        spec = self.scanner.spec
        cell = self.cells[i]
        key = self.scanner.keys[i]
        if key not in _words(spec).keys:
            return None
        is_two = key in spec.level_two_keys
        if spec.category(cell.text) is None:
            return "two" if is_two else None
        if not is_two:
            return "one"
        # A word of both levels (满意度指标): the category when it states its points or a
        # 二级指标 follows it, else the second level under a category already open.
        following = self.cells[i + 1] if i + 1 < len(self.cells) else None
        if _STATED_POINTS.search(fold_chars(cell.text)) or (following is not None and header_key(following.text) in spec.level_two_keys):
            return "one"
        return "two" if self.opened else "one"

    def open(self, level: str, cell: TableCell, i: int) -> None:
        """Level cell ``i`` opens a 一级 or 二级 indicator for the rows after it."""
        if level == "one":
            self.level_one, self.level_two, self.opened = cell, None, True
        else:
            self.level_two = cell
        self.start = i + 1

    def rows_to(self, end: int) -> None:
        """Reads the rows between the last level cell and cell ``end``."""
        start, self.start = self.start, end
        segment = self.cells[start:end]
        if not segment:
            return
        rows = None
        if len(segment) <= SEGMENT_MAX:
            rows = _split(
                len(segment),
                lambda k: self.fits(segment, k),
                lambda k: self.in_reason(segment[k]),
                len(self.columns),
                self.reasons,
                alone=lambda k: self.is_placeholder(segment[k]),
                lone_reason=lambda k: self.scanner.value(segment[k]).is_plain_number,
            )
        if rows is None:
            self.table.unreadable.append((segment[0].span[0], segment[-1].span[1]))
            return
        for first, values_end, end_ in rows:
            cells = [cell for cell in (self.level_one, self.level_two) if cell is not None]
            cells += segment[first:values_end]
            if end_ > values_end:
                span = (segment[values_end].span[0], segment[end_ - 1].span[1])
                cells.append(TableCell(span, self.scanner.text[span[0] : span[1]]))
            self.table.rows.append(cells)
            self.level_one = self.level_two = None  # given to the first row, carried down by the reader

    def fits(self, segment: list[TableCell], start: int) -> bool:
        """A row can start at ``segment[start]``: a name, then a cell for each column."""
        scanner = self.scanner
        name = scanner.value(segment[start])
        if name.is_blank or name.kind == "date" or (name.is_number and not name.prefix):
            return False
        for role, cell in zip(self.columns, segment[start + 1 : start + 1 + len(self.columns)]):
            if role in _FIGURE_ROLES and not scanner.is_bare_figure(cell):
                return False
            if role == "operator" and cell.text not in _OPERATORS:
                return False
        return True

    def in_reason(self, cell: TableCell) -> bool:
        """A reason is words: a bare figure in it is a row's points or score (unless it is
        the whole reason: a filler ``0``), and a placeholder (指标2, ……) is a row."""
        return not self.scanner.value(cell).is_plain_number and not self.is_placeholder(cell)

    def is_placeholder(self, cell: TableCell) -> bool:
        """The form's placeholder name (指标2, ……): alone, a row whose cells were all blank."""
        text = fold_chars(cell.text).strip()
        return any(pattern.match(text) for pattern in self.scanner.spec.placeholders)
