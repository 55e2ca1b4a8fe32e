"""The document model: what the parser makes of a report, with spans.

Dataclasses: they are built for every file and walked by every
rule. A span is ``(start, end)``, character offsets into ``Source.text``, end exclusive.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from perflint.patterns import lazy
from perflint.text import fold_key

Span = tuple[int, int]

# A note in brackets after a header field's name: （盖章）, (单位：万元).
_FIELD_NOTE = lazy(r"[（(][^（()）]*[）)]$")


@dataclass(slots=True)
class Paragraph:
    """A run of text lines, or the text of a run-in heading after its title."""

    span: Span
    text: str


@dataclass(slots=True)
class TableCell:
    span: Span
    text: str


@dataclass(slots=True)
class TableRow:
    span: Span
    cells: list[TableCell]
    is_rule: bool = False  # a Markdown delimiter row such as |---|---|


@dataclass(slots=True)
class Table:
    span: Span
    rows: list[TableRow]
    # How the rows were written: "pipes" (Markdown rows, with or without the outer
    # bars), "tabs" (tab-separated, pasted from a spreadsheet) or "cells" (one cell a
    # line ending in " |", as web pages flatten tables: the rows are lost).
    carrier: str = "pipes"


Block = Paragraph | Table


@dataclass(slots=True)
class Comment:
    """An HTML comment on a line of its own (suppression directives live here)."""

    span: Span
    text: str


@dataclass(slots=True)
class Heading:
    span: Span  # the number and the title, without a run-in body
    style: str  # cn | paren-cn | arabic | decimal | paren-arabic | circled | markdown
    number: str  # as written, e.g. "（一）", "1.", "" for an unnumbered Markdown heading
    value: int | None  # the number's value within its level, e.g. 4 for "（四）"
    title: str
    title_span: Span
    rank: float  # smaller ranks contain larger ones
    label: str  # number and title as written, e.g. "(四) 部门整体支出情况"
    markdown_level: int = 0  # number of "#" when written as a Markdown heading
    run_in: bool = False  # the title ended with 。 or a colon: a list item more than a heading

    @property
    def is_sentence(self) -> bool:
        """The title reads as a sentence of text: it ends one, or runs on over clauses."""
        title = self.title.rstrip()
        return bool(title) and (title[-1] in "。！？!?" or any(mark in title for mark in "，,；;"))


@dataclass(slots=True, eq=False)
class Section:
    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    children: "list[Section]" = field(default_factory=list)
    parent: "Section | None" = None
    end: int = 0  # end offset of the section's last block or descendant

    @property
    def span(self) -> Span:
        return (self.heading.span[0], self.end)

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def path(self) -> list[str]:
        labels = []
        node: Section | None = self
        while node is not None:
            labels.append(node.heading.label)
            node = node.parent
        return labels[::-1]

    def walk(self) -> "Iterator[Section]":
        yield self
        for child in self.children:
            yield from child.walk()

    def has_content(self) -> bool:
        """True if the section or a descendant holds text beyond headings (a sub-heading
        written as a whole sentence is text: "（一）…共下达105万元，用于实施…。")."""
        return any(block_has_text(b) for b in self.blocks) or any(c.has_content() or c.heading.is_sentence for c in self.children)


def block_has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(cell.text.strip() for row in block.rows if not row.is_rule for cell in row.cells)


@dataclass(slots=True)
class HeaderField:
    """A ``名称：值`` line before the first section, e.g. 部门名称 or 填报日期."""

    name: str
    value: str
    span: Span  # the whole field, name to end of value
    name_span: Span
    value_span: Span

    @property
    def key(self) -> str:
        """The name as a comparison key, without a bracketed note after it
        (单位名称（盖章）, 填报日期(年月日) are 单位名称 and 填报日期)."""
        return fold_key(_FIELD_NOTE.sub("", self.name))

    @property
    def blank(self) -> bool:
        """Nothing filled in: spaces or a template's underscores only. PF005 reports such
        a field, and the date rules leave it to PF005."""
        return not self.value.strip(" _＿\t\u3000")


@dataclass(slots=True)
class Title:
    text: str
    span: Span


@dataclass(slots=True, eq=False)
class Contents:
    """A printed table of contents (目录): the report's headings listed before its body,
    with no text under them. Its entries are not sections: the body holds those."""

    span: Span  # from the 目录 line, or the first entry, to the last entry or 附件 line
    entries: list[Heading]  # the listed headings, as parsed (titles may carry page numbers)
    marker: Span | None = None  # the 目录 line, where one introduces the list


@dataclass(slots=True, eq=False)
class Document:
    text: str
    title: Title | None
    fields: list[HeaderField]
    preamble: list[Block]  # text before the first section that is neither title nor field
    sections: list[Section]
    comments: list[Comment]
    contents: list[Contents] = field(default_factory=list)  # kept out of sections and blocks
    # Flattened once on first use: every rule walks the document, and it does not
    # change after parsing.
    _sections: list[Section] | None = field(default=None, init=False, repr=False, compare=False)
    _blocks: list[tuple[Section | None, Block]] | None = field(default=None, init=False, repr=False, compare=False)

    def walk(self) -> Iterator[Section]:
        """Every section in document order."""
        if self._sections is None:
            self._sections = [section for top in self.sections for section in top.walk()]
        return iter(self._sections)

    def sibling_groups(self) -> Iterator[list[Section]]:
        """The top-level sections, then the children of each section: the groups whose
        numbers run together."""
        yield self.sections
        for section in self.walk():
            yield section.children

    def blocks(self) -> Iterator[tuple[Section | None, Block]]:
        """Every paragraph and table in document order, with its innermost section."""
        if self._blocks is None:
            self._blocks = [(None, block) for block in self.preamble]
            self._blocks.extend((section, block) for section in self.walk() for block in section.blocks)
        return iter(self._blocks)
