"""Offsets into ``Source.text`` to LSP positions — the one place where columns leave
code points: LSP counts them in the negotiated encoding, UTF-16 code units unless the
client offers another (an emoji is two UTF-16 units, one code point, four UTF-8 bytes).
"""

from perflint.positions import LineIndex


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the position encoding's units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)  # UTF-16: astral characters take two


class PositionMapper:
    """Converts offsets of one source text into 0-based (line, character) pairs.

    ``bom`` is set when the editor's buffer starts with a byte-order mark, which
    ``Source.text`` leaves out but the client counts on the first line.
    """

    def __init__(self, text: str, encoding: str = "utf-16", *, bom: bool = False) -> None:
        self.text = text
        self.encoding = encoding
        self.index = LineIndex(text)
        self.bom = bom

    def position(self, offset: int) -> tuple[int, int]:
        row, _ = self.index.row_column(offset)
        line_start, _ = self.index.line_span(row)
        offset = max(line_start, min(offset, len(self.text)))
        character = units(self.text[line_start:offset], self.encoding)
        if self.bom and row == 1:
            character += 1
        return row - 1, character

    def line_of(self, offset: int) -> int:
        return self.index.row_column(offset)[0] - 1

    def offset(self, line: int, character: int) -> int:
        """The offset of a 0-based LSP position (the inverse of ``position``); a
        position past the end of its line or of the text is taken as that end, one
        inside a character (half a surrogate pair, a byte of UTF-8) as its start."""
        if line >= self.index.line_count:
            return len(self.text)
        start, end = self.index.line_span(line + 1)
        if self.bom and line == 0:
            character -= 1
        counted = 0
        for at in range(start, end):
            counted += units(self.text[at], self.encoding)
            if counted > character:
                return at
        return end
