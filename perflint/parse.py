"""From ``Source.text`` to a ``Document``: the Lark line grammar, then sectioning.

``grammar/report.lark`` classifies every line (heading with its number style, table
row, comment, text) and groups text lines into paragraphs. This module turns that
tree into the document model: it finds the title and the header fields in the lines
before the first section, splits run-in headings from their text, and nests sections
by the rank of their numbering style.
"""

import re
from functools import lru_cache

from lark import Lark, Token, Tree

from perflint import cache
from perflint.contents import split_contents
from perflint.document import (
    Block,
    Comment,
    Document,
    HeaderField,
    Heading,
    Paragraph,
    Section,
    Span,
    Table,
    TableCell,
    TableRow,
    Title,
)
from perflint.heading_numbers import EMPHASIS, STYLE_RANK, TERMINAL_STYLE, circled_value, cn_numeral_value, lark_terminals
from perflint.patterns import lazy
from perflint.prose import is_han
from perflint.resources import resource_dir
from perflint.text import fold_chars

# An unnumbered Markdown heading ranks by its "#" count on the scale of STYLE_RANK.
MARKDOWN_RANK: dict[int, float] = {1: 5, 2: 10, 3: 20, 4: 30, 5: 40, 6: 50}

# A run-in heading ("1. 加强视频资源汇聚，提升…能力。广东省…") ends its title at the first
# full stop or colon, if that comes early enough to be a title.
_RUN_IN_END = lazy(r"[。：:]")
RUN_IN_TITLE_MAX = 60
# A number alone on its line takes its title from a following line this short.
DETACHED_TITLE_MAX = 40

_TITLE_HINT = lazy(r"报告|自评表|评价表|自评")
# What a title ends with: the document's own noun, rather than 自评 in a sentence.
_TITLE_NOUN = lazy(r"报告|自评表|评价表")
# A line naming an attached file ("…自评报告.docx") or another document (《…》) names the
# report only when nothing better does: web pages put them above the real title.
_ATTACHMENT = lazy(r"\.(?:docx?|xlsx?|pdf|wps|et|ofd|txt|zip|rar)\s*$", re.I)
# A title is a line, not a sentence, and not a page of text.
TITLE_MAX = 80
# A title line that opens with one of these names no unit: the unit (and often the year)
# stands on the line above, where a PDF or a web page broke the title in two.
_TITLE_TAIL = lazy(r"(?:(?:19|20)\d{2}\s*年度?)?(?:(?:部门|单位)?整体|绩效|项目支出|项目绩效|专项|自评|评价|年度)")
TITLE_HEAD_MAX = 40
# A unit's name has none of these; a website's navigation and menus do (首页 > 信息公开).
_CHROME_MARK = lazy(r"[\s>|:：/\\·•【】\[\]]")
# A site's navigation trail (首页 > 信息公开 > 绩效自评报告): it may end with the name of
# the column the report is filed in, which is never the report's own title.
_BREADCRUMB = lazy(r"\S\s*[>＞»›]\s*\S")
# A header field: a short label and a colon, at line start or after a wide gap
# (several fields may share one line: "部门名称：…    填报日期：…").
_FIELD = lazy(r"(?:^|(?<=[ \t\u3000]{2})|(?<=\t))[*_]{0,2}([^\s:：，,。；;、*_|]{2,24})[*_]{0,2}[ \t\u3000]*[:：]")
# A label cell of a header table: the field name alone, perhaps with a colon.
_TABLE_FIELD_LABEL = lazy(r"^[*_]{0,2}([^\s:：，,。；;、*_|0-9０-９]{2,24})[*_]{0,2}[ \t\u3000]*[:：]?$")
# A line holding only a figure (a table cell flattened one a line): 10, 9.5, 100%, —.
_FIGURE = lazy(r"^[ \t\u3000]*(?:[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?[%％]?|[—–\-/／]+)[ \t\u3000]*$")
_TABLE_RULE = lazy(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@lru_cache(maxsize=1)
def report_parser() -> Lark:
    """Lark's LALR parser of ``grammar/report.lark``, built once per process. Building
    it from the grammar takes longer than a whole lint, so the built parser is kept
    with ``Lark.save`` in perflint's own cache folder (see perflint.cache, which checks
    who wrote a file before it is loaded) under a key of the grammar and Lark's version."""
    import lark

    grammar = (resource_dir("grammar") / "report.lark").read_text(encoding="utf-8") + lark_terminals()
    name = f"grammar-{cache.entry_key(grammar, lark.__version__)}.lark"
    parser = cache.read(name, Lark.load)
    if isinstance(parser, Lark):
        return parser
    parser = Lark(grammar, parser="lalr", lexer="contextual", maybe_placeholders=False)
    cache.write(name, parser.save)
    return parser


def parse(text: str) -> Document:
    """Parse a report. Never raises on any text."""
    padded = text if text.endswith("\n") else text + "\n"
    tree = report_parser().parse(padded)
    return _Builder(text).build(tree)


def _number_value(style: str, number: str) -> int | None:
    core = fold_chars(number).strip("()（）、.．) \t")  # noqa: B005 -- a set of characters
    if style in ("cn", "paren-cn"):
        return cn_numeral_value(core)
    if style == "circled":
        return circled_value(core[:1])
    if style == "decimal":
        core = core.split(".")[-1]
    return int(core) if core.isdigit() else None


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    def _span(self, start: int, end: int) -> Span:
        return (min(start, self.length), min(end, self.length))

    # -- blocks -------------------------------------------------------------------

    def build(self, tree: Tree) -> Document:
        items: list[Heading | Block | Comment] = []
        for child in tree.children:
            kind = child.data
            if kind == "paragraph":
                items.append(self._paragraph(_line_tokens(child)))
            elif kind == "heading":
                items.extend(self._heading(child.children))
            elif kind == "table":
                items.append(self._table(_line_tokens(child)))
            elif kind == "comment":
                token = _token(child.children[0])
                items.append(Comment(self._span(_start(token), _line_end(token)), str(token).strip()))
        items = self._attach_detached_titles(items)
        return self._sectionize(items)

    def _paragraph(self, tokens: list[Token]) -> Paragraph:
        span = self._span(_start(tokens[0]), _line_end(tokens[-1]))
        return Paragraph(span, self.text[span[0] : span[1]])

    def _table(self, tokens: list[Token]) -> Table | Paragraph:
        rows = []
        tabbed = False
        for token in tokens:
            start, end = self._span(_start(token), _line_end(token))
            line = self.text[start:end]
            if token.type.startswith("TAB_ROW"):
                tabbed = True
                cells = _split_cells(line, start, _tab_bounds(line))
            else:
                cells = _split_cells(line, start, _bar_bounds(line))
            rows.append(TableRow((start, end), cells, bool(_TABLE_RULE.match(line))))
        span = (rows[0].span[0], rows[-1].span[1])
        if tabbed:
            carrier = "tabs"
        elif len(rows) > 1 and all(sum(1 for cell in row.cells if cell.text) <= 1 for row in rows):
            carrier = "cells"
        else:
            carrier = "pipes"
        if len(rows) == 1 and not tokens[0].type.startswith("TABLE_ROW"):
            # One line alone without a leading bar — tab-separated ("部门名称：…<TAB><TAB>
            # 填报日期：…"), "text |", or web chrome with bars ("首页|新闻|下载") — is a line
            # of text, not a table.
            return Paragraph(span, self.text[span[0] : span[1]])
        return Table(span, rows, carrier)

    def _heading(self, parts: list[Token | Tree]) -> list[Heading | Block]:
        markdown_level = 0
        number_token: Token | None = None
        title_token: Token | None = None
        for part in parts:
            if isinstance(part, Tree):
                number_token = _token(part.children[0])
            elif part.type == "MD_MARK":
                markdown_level = part.count("#")
                md_start = _start(part) + len(part) - len(part.lstrip())
            else:
                title_token = part
        assert title_token is not None
        line_end = min(_line_end(title_token), self.length)
        emphasis = ""
        if number_token is not None:
            raw = str(number_token)
            bare = raw.lstrip().lstrip(EMPHASIS)
            emphasis = raw.lstrip()[: len(raw.lstrip()) - len(bare)]
            number_start = _start(number_token) + len(raw) - len(bare)
            number = bare.strip()
            style = TERMINAL_STYLE[number_token.type]
            value = _number_value(style, number)
            rank = STYLE_RANK[style] + (fold_chars(number).count(".") if style == "decimal" else 0)
        else:
            number_start = md_start
            number, style, value = "", "markdown", None
            rank = MARKDOWN_RANK[markdown_level]
        start = md_start if markdown_level else number_start

        # The title: skip spaces after the number, split a run-in body off.
        title_start = _start(title_token)
        while title_start < line_end and self.text[title_start] in " \t\u3000":
            title_start += 1
        if markdown_level:  # "## 标题 ##" closing marks
            rest = self.text[title_start:line_end].rstrip()
            line_end = title_start + len(rest.rstrip("#").rstrip()) if rest.endswith("#") else title_start + len(rest)
        if emphasis:  # **（一）部门职能**: the closing mark is no part of the title
            rest = self.text[title_start:line_end].rstrip()
            line_end = title_start + len(rest.removesuffix(emphasis).rstrip()) if rest.endswith(emphasis) else line_end
        title_text = self.text[title_start:line_end]
        body: Paragraph | None = None
        title_end = title_start + len(title_text.rstrip())
        match = _RUN_IN_END.search(title_text)
        if match is not None and match.start() > RUN_IN_TITLE_MAX:
            match = None  # a stop that far in ends a sentence, not a run-in title
        if match is not None:
            after = title_start + match.end()
            rest = self.text[after:line_end]
            body_start = after + len(rest) - len(rest.lstrip())
            if rest.strip():
                body_end = after + len(rest.rstrip())
                body = Paragraph((body_start, body_end), self.text[body_start:body_end])
            title_end = title_start + match.start()
        title = self.text[title_start:title_end].strip()
        label_end = title_end if title else number_start + len(number)
        label = " ".join(self.text[start:label_end].lstrip("# ").lstrip(EMPHASIS).split())
        heading = Heading(
            span=(start, label_end),
            style=style,
            number=number,
            value=value,
            title=title,
            title_span=(title_start, title_start + len(title)) if title else (label_end, label_end),
            rank=rank,
            label=label,
            markdown_level=markdown_level,
            run_in=match is not None,
        )
        return [heading, body] if body else [heading]

    def _attach_detached_titles(self, items: list[Heading | Block | Comment]) -> list[Heading | Block | Comment]:
        """ "一、" alone on a line takes the short line that follows as its title."""
        result: list[Heading | Block | Comment] = []
        i = 0
        while i < len(items):
            item = items[i]
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(item, Heading) and not item.title and item.number and isinstance(nxt, Paragraph):
                first_line, newline, rest = nxt.text.partition("\n")
                previous = result[-1] if result else None
                after_figure = isinstance(previous, Paragraph) and _FIGURE.match(previous.text.strip()) is not None
                if item.style == "decimal" and (_FIGURE.match(first_line) or after_figure):
                    # "9.5" over "10", or under "10": figures of a table flattened one cell a line.
                    result.append(Paragraph(item.span, self.text[item.span[0] : item.span[1]]))
                    i += 1
                    continue
                if 0 < len(first_line.strip()) <= DETACHED_TITLE_MAX:
                    lead = len(first_line) - len(first_line.lstrip())
                    title_start = nxt.span[0] + lead
                    title = first_line.strip().rstrip("。")
                    item.title = title
                    item.title_span = (title_start, title_start + len(title))
                    item.label = f"{item.number}{title}"
                    item.span = (item.span[0], item.title_span[1])
                    result.append(item)
                    if rest.strip():
                        rest_start = nxt.span[0] + len(first_line) + len(newline)
                        result.append(Paragraph((rest_start, nxt.span[1]), rest))
                    i += 2
                    continue
            result.append(item)
            i += 1
        return result

    # -- title, fields, sections ----------------------------------------------------

    def _sectionize(self, items: list[Heading | Block | Comment]) -> Document:
        comments = [item for item in items if isinstance(item, Comment)]
        lines: list[Heading | Block] = [item for item in items if not isinstance(item, Comment)]
        lines, contents = split_contents(lines, self.text)
        first_section = next(
            (i for i, item in enumerate(lines) if isinstance(item, Heading) and not (item.markdown_level == 1 and not item.number)),
            len(lines),
        )
        title, fields, preamble = self._preamble(lines[:first_section])
        sections: list[Section] = []
        stack: list[Section] = []
        for item in lines[first_section:]:
            if isinstance(item, Heading):
                self._place(Section(item, end=item.span[1]), stack, sections)
            elif stack:
                stack[-1].blocks.append(item)
            else:
                preamble.append(item)
        for section in sections:
            _close(section)
        return Document(self.text, title, fields, preamble, sections, comments, contents)

    @staticmethod
    def _place(section: Section, stack: list[Section], roots: list[Section]) -> None:
        heading = section.heading
        # A number that continues an open sequence (（三） after （二）) is that sequence's
        # next sibling, however deep the text between them went. When a list inside a
        # section reuses the same numbers, a heading-like line ("三、下一步措施")
        # continues the outermost sequence and a list-like one ("三、…。") the innermost.
        if heading.value is not None:
            depths = [
                depth
                for depth, open_section in enumerate(stack)
                if open_section.heading.style == heading.style and open_section.heading.value == heading.value - 1
            ]
            if depths:
                depth = depths[-1] if heading.run_in else depths[0]
                heading.rank = stack[depth].heading.rank
                del stack[depth:]
        popped_sibling: Section | None = None
        while stack and stack[-1].heading.rank >= heading.rank:
            popped = stack.pop()
            if popped.heading.rank == heading.rank:
                popped_sibling = popped
        # "一、" again after "四、" restarts a list inside the previous section's text
        # rather than opening a second top level.
        if (
            heading.value == 1
            and popped_sibling is not None
            and popped_sibling.heading.style == heading.style
            and (popped_sibling.heading.value or 0) >= 1
        ):
            stack.append(popped_sibling)
            heading.rank = popped_sibling.heading.rank + 0.5
        parent = stack[-1] if stack else None
        section.parent = parent
        (parent.children if parent else roots).append(section)
        stack.append(section)

    def _preamble(self, items: list[Heading | Block]) -> tuple[Title | None, list[HeaderField], list[Block]]:
        """Split the lines before the first section into title, header fields and the rest."""
        title: Title | None = None
        fields: list[HeaderField] = []
        rest: list[Block] = []
        lines: list[tuple[Span, str]] = []
        for item in items:
            if isinstance(item, Heading):
                if title is None and item.title:
                    title = Title(item.title, item.title_span)
                continue
            if isinstance(item, Table):
                if item.carrier == "pipes" or not all(self._fields(row.span, self.text[row.span[0] : row.span[1]]) for row in item.rows):
                    fields.extend(self._table_fields(item))
                    rest.append(item)
                    continue
                # Tab-separated lines that are all "名称：值" fields are header lines.
                lines.extend((row.span, self.text[row.span[0] : row.span[1]]) for row in item.rows)
                continue
            offset = item.span[0]
            for line in item.text.split("\n"):
                lines.append(((offset, offset + len(line)), line))
                offset += len(line) + 1
        if title is None:
            title = self._find_title(lines) or self._table_title(rest)
        for span, line in lines:
            if title is not None and span[0] < title.span[1] and title.span[0] < max(span[1], span[0] + 1):
                # A line of the title (a title broken over two lines has two). A title cut
                # from a long line (a table or a page flattened onto it) leaves the rest
                # of that line, which is text like any other.
                if len(line.strip()) > TITLE_MAX:
                    rest.extend(_around(span, line, title.span))
                continue
            line_fields = self._fields(span, line)
            if line_fields:
                fields.extend(line_fields)
            elif line.strip():
                rest.append(Paragraph(span, line))
        return title, fields, rest

    @staticmethod
    def _find_title(lines: list[tuple[Span, str]]) -> Title | None:
        """The report's title among the lines before the first section: the first line
        that names a report or a self-evaluation table (报告, 自评表…) and reads as a
        title; else such a line that names an attachment or another document; else the
        first short line that does not end a sentence. Website chrome above the title
        (navigation, dates, a site's name) names no report and is passed over."""
        best: tuple[int, int, Span, str] | None = None
        for order, (span, line) in enumerate(lines):
            tier = _title_tier(line)
            if tier is not None and (best is None or (tier, order) < best[:2]):
                best = (tier, order, span, line)
        if best is None:
            return None
        tier, order, span, line = best
        lead = len(line) - len(line.lstrip(" \t\u3000#*"))
        text = line.strip(" \t\u3000#*")
        attachment = _ATTACHMENT.search(text)
        if attachment is not None:
            text = text[: attachment.start()].rstrip()
        start, end = span[0] + lead, span[0] + lead + len(text)
        if tier == 2:
            cut_start, cut_end = _title_in_long_line(text)
            start, end, text = start + cut_start, start + cut_end, text[cut_start:cut_end]
        if tier == 0 and order > 0 and (_TITLE_TAIL.match(fold_chars(text)) or _split_title_head(lines[order - 1][1], text)):
            head_span, head = lines[order - 1]
            head_text = head.strip(" \t\u3000#*")
            if (
                _title_tier(head) == 3
                and len(head_text) <= TITLE_HEAD_MAX
                and span[0] - head_span[1] <= _TITLE_GAP  # the next line, or the one after a blank line
                and not _CHROME_MARK.search(head_text)
                and not _DATE_LINE.search(head_text)  # a page's date above the title
            ):
                start = head_span[0] + len(head) - len(head.lstrip(" \t\u3000#*"))
                text = head_text + text
        return Title(text, (start, end))

    @staticmethod
    def _table_title(blocks: list[Block]) -> Title | None:
        """A report that is only a table (a self-evaluation table published alone) has
        its title in a cell of its first rows: 项目支出绩效自评表（2023年度）."""
        for block in blocks:
            if not isinstance(block, Table):
                continue
            for row in block.rows[:8]:
                for cell in row.cells:
                    text = cell.text.strip("#* ")
                    if text and len(text) <= 60 and _TITLE_HINT.search(fold_chars(text)):
                        lead = cell.text.index(text)
                        return Title(text, (cell.span[0] + lead, cell.span[0] + lead + len(text)))
        return None

    @staticmethod
    def _table_fields(table: Table) -> list[HeaderField]:
        """Header fields laid out as a table (as Word reports often do): rows of
        ``| 部门名称 | 广东省… |``, or several label/value pairs per row."""
        fields = []
        for row in table.rows:
            # A value merged across columns (Word) stands in each: once is enough here.
            cells = [cell for i, cell in enumerate(row.cells) if i == 0 or cell.text != row.cells[i - 1].text or not cell.text]
            if row.is_rule or len(cells) < 2 or len(cells) % 2:
                continue
            for label, value in zip(cells[0::2], cells[1::2]):
                match = _TABLE_FIELD_LABEL.match(label.text)
                if match is None:
                    continue
                name_span = (label.span[0] + match.start(1), label.span[0] + match.end(1))
                fields.append(
                    HeaderField(
                        name=match.group(1),
                        value=value.text,
                        span=(label.span[0], value.span[1] if value.text else label.span[1]),
                        name_span=name_span,
                        value_span=value.span,
                    )
                )
        return fields

    @staticmethod
    def _fields(span: Span, line: str) -> list[HeaderField]:
        matches = list(_FIELD.finditer(line))
        if not matches or matches[0].start() != len(line) - len(line.lstrip()):
            return []
        fields = []
        for index, match in enumerate(matches):
            value_end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            raw_value = line[match.end() : value_end]
            value = raw_value.strip(" \t\u3000*_")
            value_start = match.end() + (raw_value.find(value) if value else 0)
            base = span[0]
            fields.append(
                HeaderField(
                    name=match.group(1),
                    value=value,
                    span=(base + match.start(), base + value_start + len(value) if value else base + match.end()),
                    name_span=(base + match.start(1), base + match.end(1)),
                    value_span=(base + value_start, base + value_start + len(value)),
                )
            )
        return fields


# Between the two lines of a title: a line break, or a blank line (Word's two centred
# paragraphs come out of the reader with one between them).
_TITLE_GAP = 2
_DATE_LINE = lazy(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
# The head of a title a line break cut inside a word (2023年部门整 / 体支出绩效自评报告):
# it names the year (not a date) and ends in the middle of the title's words.
_SPLIT_HEAD = lazy(r"(?:19|20)\d{2}\s*年(?!\s*\d{1,2}\s*月)(?:度)?[\u3400-\u9fff]+$")


def _split_title_head(head: str, title: str) -> bool:
    """Whether ``head``, the line before the title line, is the title's beginning."""
    return bool(_SPLIT_HEAD.search(fold_chars(head.strip(" \t\u3000#*")))) and not _SPLIT_HEAD.match(fold_chars(title))


def _title_tier(line: str) -> int | None:
    """How well ``line`` reads as the report's title: 0 best, None not at all."""
    text = line.strip(" \t\u3000#*")
    if not text or _FIELD.search(line):
        return None
    folded = fold_chars(text)
    if folded[-1] in "。；，,;!！?？":
        return None  # a sentence names the report it is about, it is not its title
    if _BREADCRUMB.search(text):
        return None
    if _TITLE_HINT.search(folded):
        if _ATTACHMENT.search(folded) or folded.startswith(("《", "<")):
            return 1
        return 2 if len(text) > TITLE_MAX else 0
    if len(text) <= 60 and any(is_han(ch) for ch in text):
        return 3
    return None


def _around(span: Span, line: str, title: Span) -> list[Paragraph]:
    """The text of ``line`` (at ``span``) before and after the ``title`` cut from it, as
    paragraphs, without the spaces at their ends."""
    pieces = []
    for start, end in ((span[0], max(span[0], title[0])), (min(span[1], title[1]), span[1])):
        text = line[start - span[0] : end - span[0]]
        stripped = text.strip(" \t\u3000")
        if stripped.strip("#*"):
            lead = start + len(text) - len(text.lstrip(" \t\u3000"))
            pieces.append(Paragraph((lead, lead + len(stripped)), stripped))
    return pieces


def _title_in_long_line(text: str) -> tuple[int, int]:
    """Where the title stands in a line too long to be one (a table or a page's
    metadata flattened onto a line): the words before its first report word, back to a
    space or a colon, up to that word."""
    folded = fold_chars(text)
    hint = _TITLE_NOUN.search(folded) or _TITLE_HINT.search(folded)
    assert hint is not None
    start = max(text.rfind(mark, 0, hint.start()) for mark in (" ", ":", "：", "|", "\u3000")) + 1
    start = max(start, hint.start() - TITLE_HEAD_MAX)
    return start, hint.end()


def _bar_bounds(line: str) -> list[int]:
    """Where the cells of a "|" row end and start: the bars, plus the line's ends where
    the row has no leading or trailing bar ("a | b | c", "a |")."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    if not bars:
        return [-1, len(line)]
    bounds = bars
    if line[: bars[0]].strip():
        bounds = [-1, *bounds]
    if line[bars[-1] + 1 :].strip():
        bounds = [*bounds, len(line)]
    return bounds


def _tab_bounds(line: str) -> list[int]:
    return [-1, *(i for i, ch in enumerate(line) if ch == "\t"), len(line)]


def _split_cells(line: str, start: int, bounds: list[int]) -> list[TableCell]:
    """The cells between consecutive bounds, stripped, with their spans."""
    cells = []
    for left, right in zip(bounds, bounds[1:]):
        raw = line[left + 1 : right]
        stripped = raw.strip()
        # An empty cell stands right after its bar: where a Word or PDF origin map has it.
        cell_start = start + left + 1 + (len(raw) - len(raw.lstrip()) if stripped else 0)
        cells.append(TableCell((cell_start, cell_start + len(stripped)), stripped))
    return cells


def _start(token: Token) -> int:
    """Where the token starts (the lexer always sets it; Lark types it optional)."""
    assert token.start_pos is not None
    return token.start_pos


def _line_end(token: Token) -> int:
    """Where the token's first line ends: line tokens carry their newline and the
    blank lines after it."""
    return _start(token) + str(token).index("\n")


def _token(node: Token | Tree) -> Token:
    assert isinstance(node, Token)
    return node


def _line_tokens(tree: Tree) -> list[Token]:
    """The line tokens of a right-recursive paragraph or table, in order."""
    tokens: list[Token] = []
    node: Tree | None = tree
    while node is not None:
        children = node.children
        tokens.append(_token(children[0]))
        rest = children[1] if len(children) > 1 else None
        node = rest if isinstance(rest, Tree) else None
    return tokens


def _close(section: Section) -> int:
    """Set each section's end to its last block or descendant; return it."""
    end = section.heading.span[1]
    for block in section.blocks:
        end = max(end, block.span[1])
    for child in section.children:
        end = max(end, _close(child))
    section.end = end
    return end
