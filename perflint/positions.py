"""Offsets to (row, column), computed at the edge as DESIGN.md fixes them.

Rows and columns are 1-based; columns count Unicode code points; an end column is
exclusive. Everything inside perflint works on character offsets into ``Source.text``.
"""

from bisect import bisect_right


class LineIndex:
    """Start offsets of every line of a text, for bisecting offsets into rows."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def row_column(self, offset: int) -> tuple[int, int]:
        """1-based row and code-point column of ``offset`` (clamped into the text)."""
        offset = max(0, min(offset, self._length))
        row = bisect_right(self._starts, offset) - 1
        return row + 1, offset - self._starts[row] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Offsets of the line holding ``offset``, without its newline."""
        return self.line_span(self.row_column(offset)[0])

    def line_span(self, row: int) -> tuple[int, int]:
        """Offsets of the 1-based ``row``, without its newline."""
        start = self._starts[row - 1]
        end = self._starts[row] - 1 if row < len(self._starts) else self._length
        return start, end
