"""The 年度总体目标 block of the self-evaluation table: the goal set at the start of the
year and what was achieved, one cell each.

Forms lay it out in several ways: its label, the two headers (预期目标 | 实际完成情况,
年初设定目标 | 年度总体目标完成情况) and the two cells on one row, or the headers on one
row and the cells on the next, or — a table written one cell a line — each on a line of
its own. The block is read row by row from its label or first header to the first row
of another block; its cells are taken only when both headers were seen, goal before
achieved, and exactly two cells follow them: a single cell (merged across both) or more
than two cannot be told apart, and then the block is not read.
"""

from perflint.document import TableCell
from perflint.selfeval.labels import funds_label, total_label
from perflint.selfeval.model import GoalBlock
from perflint.selfeval.spec import TableSpec, header_key
from perflint.selfeval.values import read_value


class GoalReader:
    """Feed it the table's rows in order (``row``); ``block`` is the block once read."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.open = False
        self.headers: list[TableCell] = []
        self.cells: list[TableCell] = []
        self.start = 0
        self.block: GoalBlock | None = None

    def row(self, cells: list[TableCell]) -> bool:
        """Whether the row belongs to the block (it is then read here, and only here)."""
        spec = self.spec
        filled = [cell for cell in cells if header_key(cell.text) not in spec.empty_keys]
        if not filled or self.block is not None:
            return False
        if not self.open:
            if not self.starts(filled[0]):
                return False
            self.open, self.start = True, filled[0].span[0]
        if any(self.ends(cell) for cell in filled):
            self.close()
            return False
        for cell in filled:
            key = header_key(cell.text)
            if key in spec.goal_label_keys:
                continue
            if key in spec.goal_header_keys or key in spec.achieved_header_keys:
                self.headers.append(cell)
            else:
                self.cells.append(cell)
        if len(self.cells) >= 2:
            self.close()
        return True

    def close(self) -> None:
        keys = [header_key(cell.text) for cell in self.headers]
        spec = self.spec
        if (
            self.open
            and len(keys) == 2
            and keys[0] in spec.goal_header_keys
            and keys[1] in spec.achieved_header_keys
            and len(self.cells) == 2
        ):
            goal, achieved = (read_value(cell, spec.empty_keys) for cell in self.cells)
            headers = ["".join(cell.text.split()) for cell in self.headers]
            self.block = GoalBlock((self.start, achieved.span[1]), goal, achieved, headers[0], headers[1])
        self.open = False
        self.headers, self.cells = [], []

    def starts(self, cell: TableCell) -> bool:
        key = header_key(cell.text)
        return key in self.spec.goal_label_keys or key in self.spec.goal_header_keys

    def ends(self, cell: TableCell) -> bool:
        """A cell of another block: a column header, a block label, a level, a row label."""
        spec = self.spec
        key = header_key(cell.text)
        if key in spec.goal_label_keys:
            return False
        return (
            key in spec.columns.by_key
            or key in spec.block_keys
            or key in spec.level_two_keys
            or spec.category(cell.text) is not None
            or funds_label(cell.text, spec) is not None
            or total_label(cell.text, spec)
        )
