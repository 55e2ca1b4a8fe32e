"""Where a piece of extracted text came from in a Word or PDF file.

A report read from .docx or .pdf is turned into plain text like any other; the
origin map keeps, for each stretch of that text, the paragraph, table cell or page
it was taken from, so a finding can say "段落 12" or "第 3 页" besides its line and
column. Markdown and plain text have no origin map.
"""

from bisect import bisect_right
from dataclasses import dataclass, fields


@dataclass(slots=True)
class Origin:
    """A place in the original file; the fields that do not apply are ``None``.

    Numbers are 1-based: ``paragraph`` counts the body paragraphs of a Word file in
    reading order (empty ones and those inside content controls too), ``table`` the
    body tables, ``row`` and ``cell`` the rows of a table and the cells of a row;
    ``page`` is a PDF page.
    """

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    page: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {field.name: value for field in fields(self) if (value := getattr(self, field.name)) is not None}

    def label(self, lang: str = "zh") -> str:
        """How a person would say it: ``段落 12``, ``表 1 第 2 行 第 3 格``, ``第 3 页``."""
        present = [(zh, en, value) for name, zh, en in _LABELS if (value := getattr(self, name)) is not None]
        if lang == "en":
            return ", ".join(en.format(value) for _, en, value in present)
        return " ".join(zh.format(value) for zh, _, value in present)


# (field, Chinese, English), in the order a location is read out.
_LABELS = (
    ("page", "第 {} 页", "page {}"),
    ("paragraph", "段落 {}", "paragraph {}"),
    ("table", "表 {}", "table {}"),
    ("row", "第 {} 行", "row {}"),
    ("cell", "第 {} 格", "cell {}"),
)


class OriginMap:
    """Sorted ``(start_offset, origin)`` entries; an offset belongs to the last entry at or before it."""

    __slots__ = ("_starts", "_origins")

    def __init__(self, entries: list[tuple[int, Origin]]) -> None:
        entries = sorted(entries, key=lambda entry: entry[0])
        self._starts = [start for start, _ in entries]
        self._origins = [origin for _, origin in entries]

    def at(self, offset: int) -> Origin | None:
        index = bisect_right(self._starts, offset) - 1
        return self._origins[index] if index >= 0 else None
