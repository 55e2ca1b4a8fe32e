"""The document model: what the parser makes of a report, with spans.

Plain records (perflint.records): they are built for every file and walked by every
rule. A span is ``(start, end)``, character offsets into ``Source.text``, end exclusive.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.records import Record

Span = tuple[int, int]


class Paragraph(Record):
    """A run of text lines, or the text of a run-in heading after its title."""

    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text


class TableCell(Record):
    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text


class TableRow(Record):
    __slots__ = ("span", "cells", "is_rule")

    def __init__(self, span: Span, cells: list[TableCell], is_rule: bool = False) -> None:
        self.span = span
        self.cells = cells
        self.is_rule = is_rule  # a Markdown delimiter row such as |---|---|


class Table(Record):
    __slots__ = ("span", "rows")

    def __init__(self, span: Span, rows: list[TableRow]) -> None:
        self.span = span
        self.rows = rows


Block = Paragraph | Table


class Comment(Record):
    """An HTML comment on a line of its own (suppression directives live here)."""

    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text


class Heading(Record):
    __slots__ = ("span", "style", "number", "value", "title", "title_span", "rank", "label", "markdown_level", "run_in")

    def __init__(
        self,
        span: Span,
        style: str,
        number: str,
        value: int | None,
        title: str,
        title_span: Span,
        rank: float,
        label: str,
        markdown_level: int = 0,
        run_in: bool = False,
    ) -> None:
        self.span = span  # the number and the title, without a run-in body
        self.style = style  # cn | paren-cn | arabic | decimal | paren-arabic | circled | markdown
        self.number = number  # as written, e.g. "（一）", "1.", "" for an unnumbered Markdown heading
        self.value = value  # the number's value within its level, e.g. 4 for "（四）"
        self.title = title
        self.title_span = title_span
        self.rank = rank  # smaller ranks contain larger ones
        self.label = label  # number and title as written, e.g. "(四) 部门整体支出情况"
        self.markdown_level = markdown_level  # number of "#" when written as a Markdown heading
        self.run_in = run_in  # the title ended with 。 or a colon: a list item more than a heading


class Section(Record, eq=False):
    __slots__ = ("heading", "blocks", "children", "parent", "end")

    def __init__(
        self,
        heading: Heading,
        blocks: list[Block] | None = None,
        children: list[Section] | None = None,
        parent: Section | None = None,
        end: int = 0,
    ) -> None:
        self.heading = heading
        self.blocks = [] if blocks is None else blocks
        self.children = [] if children is None else children
        self.parent = parent
        self.end = end  # end offset of the section's last block or descendant

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

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def has_content(self) -> bool:
        """True if the section or a descendant holds text beyond headings."""
        return any(block_has_text(b) for b in self.blocks) or any(c.has_content() for c in self.children)


def block_has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(cell.text.strip() for row in block.rows if not row.is_rule for cell in row.cells)


class HeaderField(Record):
    """A ``名称：值`` line before the first section, e.g. 部门名称 or 填报日期."""

    __slots__ = ("name", "value", "span", "name_span", "value_span")

    def __init__(self, name: str, value: str, span: Span, name_span: Span, value_span: Span) -> None:
        self.name = name
        self.value = value
        self.span = span  # the whole field, name to end of value
        self.name_span = name_span
        self.value_span = value_span

    @property
    def blank(self) -> bool:
        """Nothing filled in: spaces or a template's underscores only. PF005 reports such
        a field, and the date rules leave it to PF005."""
        return not self.value.strip(" _＿\t\u3000")


class Title(Record):
    __slots__ = ("text", "span")

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class Document(Record, eq=False):
    __slots__ = ("text", "title", "fields", "preamble", "sections", "comments", "_sections", "_blocks")

    def __init__(
        self,
        text: str,
        title: Title | None,
        fields: list[HeaderField],
        preamble: list[Block],
        sections: list[Section],
        comments: list[Comment],
    ) -> None:
        self.text = text
        self.title = title
        self.fields = fields
        self.preamble = preamble  # text before the first section that is neither title nor field
        self.sections = sections
        self.comments = comments
        # Flattened once on first use: every rule walks the document, and it does not
        # change after parsing.
        self._sections: list[Section] | None = None
        self._blocks: list[tuple[Section | None, Block]] | None = None

    def walk(self) -> Iterator[Section]:
        """Every section in document order."""
        if self._sections is None:
            self._sections = [section for top in self.sections for section in top.walk()]
        return iter(self._sections)

    def blocks(self) -> Iterator[tuple[Section | None, Block]]:
        """Every paragraph and table in document order, with its innermost section."""
        if self._blocks is None:
            self._blocks = [(None, block) for block in self.preamble]
            self._blocks.extend((section, block) for section in self.walk() for block in section.blocks)
        return iter(self._blocks)
