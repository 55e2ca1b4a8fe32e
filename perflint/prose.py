"""Where the running text is: the document with everything else masked.

Typography rules judge Chinese prose, never the syntax around it. ``Prose.text`` has
the length of the document text, newlines where it has them, and ``MASK`` over what is
not prose: Markdown syntax (heading marks and heading numbers, emphasis marks, list
and quote markers, link targets, inline and fenced code, HTML tags and comments),
tables, URLs and e-mail addresses. Offsets into it are offsets into the document, so
a rule matches on ``Prose.text`` and reports spans of the source.

Character classes for "Chinese" are here too, so every rule means the same by them.
"""

import re

from perflint.document import Document, Table
from perflint.patterns import lazy
from perflint.positions import LineIndex

MASK = "\x00"

# Full-width punctuation that opens or closes something, and all of it.
CJK_OPENING = "“‘（《〈【〔「『［｛"
CJK_CLOSING = "”’）》〉】〕」』］｝"
CJK_PUNCTUATION = "，。、；：？！…—·～" + CJK_OPENING + CJK_CLOSING
# What lies between a mark and the text it is judged by: spaces, tabs, ideographic spaces.
SPACES = " \t\u3000"

_FENCE = lazy(r"^[ \t]{0,3}(```+|~~~+)[^\n]*$", re.M)
_HTML_TAG = lazy(r"</?[A-Za-z][^<>\n]*>")
# A code span opens where a run of backticks starts: tried from inside a run, the
# pattern would scan the rest of the run from every backtick of it.
_INLINE_CODE = lazy(r"(?<!`)(`+)[^`\n]+?\1")
# Bracketed text stops at the next "[" too: a line of "[[[[…" is then scanned once, not
# once from each bracket (a link's text holds no unbalanced "[" anyway).
_IMAGE = lazy(r"!\[[^\[\]\n]*\]\([^)\n]*\)")
_LINK = lazy(r"(\[)[^\[\]\n]*(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_LINK_DEFINITION = lazy(r"^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_URL = lazy(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”‘’（）《》，。；：、！？【】\u3400-\u9fff]+", re.I)
# An address starts where a run of its characters starts: tried from inside a long run
# without "@", the pattern would scan the rest of the run from every letter.
_EMAIL = lazy(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMPHASIS = lazy(r"\*{1,3}|_{2,3}|~~")
_ATX_MARKS = lazy(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)|[ \t]+#+[ \t]*$", re.M)
_LINE_MARKER = lazy(r"^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+)?", re.M)
_NOT_NEWLINE = lazy(r"[^\n]")
_ESCAPE = lazy(r"\\(?=[\\`*_{}\[\]()#+\-.!|<>])")
# Each pattern with the substrings one of which a match must contain.
_PATTERNS = (
    (_HTML_TAG, ("<",)),
    (_INLINE_CODE, ("`",)),
    (_IMAGE, ("![",)),
    (_LINK_DEFINITION, ("]:",)),
    (_ATX_MARKS, ("#",)),
    (_URL, ("://", "www.")),
    (_EMAIL, ("@",)),
    (_EMPHASIS, ("*", "__", "~~")),
    (_ESCAPE, ("\\",)),
)


def is_han(ch: str) -> bool:
    """A Chinese character (CJK unified ideographs and their extensions); False for ""."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def is_chinese(ch: str) -> bool:
    """A Chinese character or full-width Chinese punctuation; False for ""."""
    return is_han(ch) or (len(ch) == 1 and ch in CJK_PUNCTUATION)


def opens_chinese(ch: str) -> bool:
    """A Chinese character or an opening full-width mark: Chinese text starting to
    the right; False for ""."""
    return is_han(ch) or (len(ch) == 1 and ch in CJK_OPENING)


class Prose:
    """The document's text with non-prose masked; see the module docstring."""

    def __init__(self, document: Document) -> None:
        text = document.text
        spans: list[tuple[int, int]] = []

        def mask(start: int, end: int) -> None:
            if end > start:
                spans.append((start, end))

        for _, block in document.blocks():
            if isinstance(block, Table):
                mask(*block.span)
        for comment in document.comments:
            mask(*comment.span)
        # A contents list's entries are headings as written, numbers and all.
        entries = [entry for contents in document.contents for entry in contents.entries]
        for heading in [section.heading for section in document.walk()] + entries:
            start, title_start = heading.span[0], heading.title_span[0]
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            # The marks and the number, up to the title (or the line's end when the
            # title sits on the next line).
            mask(start, title_start if heading.title and title_start <= line_end else line_end)
            if heading.markdown_level:
                closing = re.match(r"[ \t]*#+[ \t]*$", text[heading.title_span[1] : line_end])
                if closing:
                    mask(heading.title_span[1], line_end)
        for fence in _fence_blocks(text) if ("```" in text or "~~~" in text) else ():
            mask(*fence)
        for span in html_comments(text):
            mask(*span)
        lowered = text.lower()
        for pattern, hints in _PATTERNS:
            # Most reports have none of these marks; a substring test is far cheaper
            # than a regex tried at every position.
            if any(hint in lowered for hint in hints):
                for match in pattern.finditer(text):
                    mask(match.start(), match.end())
        if "](" in text or "][" in text:
            for match in _LINK.finditer(text):
                mask(match.start(1), match.end(1))
                mask(match.start(2), match.end(2))
        for match in _LINE_MARKER.finditer(text):
            mask(match.start(), match.end())
        self.text = _masked(text, spans)
        self._lines = LineIndex(text)  # masking keeps every newline where it is

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end (the newline's offset, or the text's end) of the line at ``offset``."""
        return self._lines.line_bounds(offset)

    def before(self, offset: int, *, skip: str = SPACES) -> tuple[int, str]:
        """The character before ``offset`` on its line, past any of ``skip``:
        its offset and itself ("" at the line's start)."""
        line_start, _ = self.line_bounds(offset)
        i = offset - 1
        while i >= line_start and self.text[i] in skip:
            i -= 1
        return (i, self.text[i]) if i >= line_start else (line_start, "")

    def after(self, offset: int, *, skip: str = SPACES) -> tuple[int, str]:
        """The character at or after ``offset`` on its line, past any of ``skip``:
        its offset and itself ("" at the line's end)."""
        _, line_end = self.line_bounds(offset)
        i = offset
        while i < line_end and self.text[i] in skip:
            i += 1
        return (i, self.text[i]) if i < line_end else (line_end, "")


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``MASK`` over the spans, newlines kept."""
    pieces = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        pieces.append(_NOT_NEWLINE.sub(MASK, text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def html_comments(text: str) -> list[tuple[int, int]]:
    """Spans of the HTML comments ``<!-- … -->`` in ``text``, even inside a line. Each
    character is looked at once or twice: after an opening with no ``-->`` after it no
    later opening can close either, where a ``<!--.*?-->`` search would try each one
    to the end of the text."""
    spans = []
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        spans.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return spans


def _fence_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks (an unclosed fence runs to the end)."""
    spans = []
    opening: re.Match[str] | None = None
    for match in _FENCE.finditer(text):
        if opening is None:
            opening = match
        elif match.group(1)[0] == opening.group(1)[0] and len(match.group(1)) >= len(opening.group(1)):
            spans.append((opening.start(), match.end()))
            opening = None
    if opening is not None:
        spans.append((opening.start(), len(text)))
    return spans


def enclosed(line: str, index: int) -> bool:
    """True if ``line[index]`` is inside quotes or brackets opened earlier on the line."""
    depth = 0
    straight_quote = False
    for ch in line[:index]:
        if ch in "“‘《〈【〔「『（([［":
            depth += 1
        elif ch in "”’》〉】〕」』）)]］" and depth:
            depth -= 1
        elif ch == '"':
            straight_quote = not straight_quote
    return depth > 0 or straight_quote
