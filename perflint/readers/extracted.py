"""Building a ``Source`` from text extracted out of a Word or PDF file.

Readers hand over blocks (a paragraph, a heading, a table) piece by piece, each
piece with its origin; the builder joins them into the text the grammar expects —
one block per run of lines, blank lines between blocks — and keeps the origin map.
"""

from collections.abc import Iterable

from perflint.origins import Origin, OriginMap
from perflint.sources import LONE_SURROGATES, Source

# Control characters Word and PDF text can carry: line-like ones become line breaks,
# the rest (NUL, bell, escape…) are dropped, as are lone surrogates and BOMs.
_TO_NEWLINE = {ord(c): "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_DROPPED = {code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F, 0xFEFF]}
_CLEAN = str.maketrans({**_TO_NEWLINE, **_DROPPED})
# A table cell must stay on its row's line and must not split the row.
_CELL_CLEAN = str.maketrans({"\n": " ", "\t": " ", "|": "｜"})


def clean_text(text: str) -> str:
    """Extracted text with only ``\\n`` and ``\\t`` among the control characters."""
    return LONE_SURROGATES.sub("", text.replace("\r\n", "\n").translate(_CLEAN))


def clean_cell(text: str) -> str:
    """Cell text on one line, with no ``|`` that would split a Markdown table row."""
    return " ".join(clean_text(text).translate(_CELL_CLEAN).split())


class TextBuilder:
    """Accumulates blocks of text and the origin of each stretch."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._entries: list[tuple[int, Origin]] = []
        self._last_origin: Origin | None = None

    def add(self, text: str, origin: Origin | None = None) -> None:
        """Append ``text`` (already clean); it and what follows came from ``origin``."""
        if origin is not None and origin != self._last_origin:
            self._entries.append((self._length, origin))
            self._last_origin = origin
        self._parts.append(text)
        self._length += len(text)

    def end_block(self) -> None:
        """Close the current block with a blank line, so the grammar sees separate blocks."""
        if not self._parts:
            return
        tail = self._parts[-1]
        if tail.endswith("\n\n"):
            return
        self.add("\n" if tail.endswith("\n") else "\n\n")

    def add_block(self, text: str, origin: Origin | None) -> None:
        """A whole paragraph: its lines, then a blank line."""
        if text.strip():
            self.add(text.strip("\n"), origin)
            self.end_block()

    def add_table_row(self, cells: list[tuple[str, Origin | None]]) -> None:
        """One Markdown table row, ``| a | b |``, each cell with its own origin."""
        for index, (text, origin) in enumerate(cells):
            self.add("| " if index == 0 else " | ", origin)
            self.add(text)
        self.add(" |\n")

    def add_table(self, rows: Iterable[list[tuple[str, Origin | None]]], rule_origin: Origin) -> None:
        """A Markdown table as a block of its own: the rows (one without cells is skipped)
        and, after the first, the ``| --- |`` delimiter row, whose cells come from
        ``rule_origin``; without it the text would not be a well-formed Markdown table."""
        self.end_block()
        ruled = False
        for cells in rows:
            if not cells:
                continue
            self.add_table_row(cells)
            if not ruled:
                self.add_table_row([("---", rule_origin) for _ in cells])
                ruled = True
        self.end_block()

    def build(self, path: str, format: str) -> Source:
        text = "".join(self._parts).rstrip("\n") + "\n"
        return Source(path, text, format, "utf-8", "\n", origins=OriginMap(self._entries))


def wrap_separator(before: str, after: str) -> str:
    """What goes between two pieces of a line the layout wrapped: a space between Latin
    words, nothing in Chinese text (which has no spaces to lose) nor inside a number
    that the wrap split."""
    if not before or not after:
        return ""
    last, first = before[-1], after[0]
    if last.isascii() and last.isalnum() and first.isascii() and first.isalnum() and not (last.isdigit() and first.isdigit()):
        return " "
    return ""


def join_wrapped(before: str, after: str) -> str:
    return before + wrap_separator(before, after) + after
