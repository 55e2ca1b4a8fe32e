"""Bounding what each PDF page makes pdfminer do, before it interprets the page.

pdfminer interprets a page's drawing instructions one operator at a time and keeps an
object for each glyph and line: a 12 KB page with 7.9 MB of ``Tj`` took 70 s and 4.6 GB.
A form (a reusable drawing) is interpreted again each time a page draws it, and may
draw other forms. So before a page is read, its content streams and every form it
draws are decoded here (bounded, perflint.readers.pdfdecode) and their tokens and
shown text counted, each form as often as it is drawn, against limits per page and
for the whole file (``PdfLimits``).
"""

import re
from dataclasses import dataclass
from typing import Any

from perflint.readers.pdfdecode import Refused, decode_bounded
from perflint.readers.pdfguard import PdfLimits
from perflint.smallfile import size_text
from perflint.sources import LoadError

_WHITE = rb"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"(?P<comment>%[^\r\n]*)"
    rb"|(?P<hex><[0-9A-Fa-f" + _WHITE + rb"]*>)"
    rb"|(?P<string>\()"
    rb"|(?P<name>/[^" + _WHITE + _DELIMITERS + rb"]*)"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<operator>[^" + _WHITE + _DELIMITERS + rb"0-9+.-][^" + _WHITE + _DELIMITERS + rb"]*)"
    rb"|(?P<other>[^" + _WHITE + rb"])"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
_STRING_MARK = re.compile(rb"[()\\]")
_INLINE_IMAGE_END = re.compile(rb"[" + _WHITE + rb"]EI(?![^" + _WHITE + _DELIMITERS + rb"])")


@dataclass(slots=True)
class Work:
    """What drawing a content stream costs: its bytes, its tokens, the bytes of text it shows."""

    content: int = 0
    tokens: int = 0
    text: int = 0

    def add(self, other: "Work", times: int = 1) -> None:
        self.content += other.content * times
        self.tokens += other.tokens * times
        self.text += other.text * times


@dataclass(slots=True)
class _Counted:
    work: Work
    drawn: dict[bytes, int]  # form name → how often the stream draws it


class PageBudget:
    """The limits of one PDF, checked page by page as pdfplumber reads them."""

    def __init__(self, limits: PdfLimits, path: str) -> None:
        self.limits = limits
        self.path = path
        self.total = Work()
        self._forms: dict[int, Work] = {}  # id of a form's stream → its work, forms it draws included

    def check(self, page: Any, number: int) -> None:
        """Raise ``LoadError`` if the page (a pdfminer PDFPage) draws more than the limits allow."""
        from pdfminer.pdftypes import resolve1

        limits = self.limits
        work = Work()
        for stream in page.contents or []:
            counted = self._count(resolve1(stream), limits.max_page_content - work.content, number)
            work.add(counted.work)
            self._refuse_page(work, number)
            work.add(self._drawn_forms(counted.drawn, page.resources, number, ()))
            self._refuse_page(work, number)
        self.total.add(work)
        for used, limit, what in (
            (self.total.content, limits.max_total_content, f"{size_text(limits.max_total_content)} of drawing instructions"),
            (self.total.tokens, limits.max_total_tokens, f"{limits.max_total_tokens} drawing operators and operands"),
            (self.total.text, limits.max_total_text, f"{size_text(limits.max_total_text)} of text"),
        ):
            if used > limit:
                raise LoadError(self.path, f"refused: its pages draw more than {what} in all")

    def _refuse_page(self, work: Work, number: int) -> None:
        limits = self.limits
        if work.content > limits.max_page_content:
            raise LoadError(self.path, f"refused: page {number} has over {size_text(limits.max_page_content)} of drawing instructions")
        if work.tokens > limits.max_page_tokens:
            raise LoadError(self.path, f"refused: page {number} has over {limits.max_page_tokens} drawing operators and operands")
        if work.text > limits.max_page_text:
            raise LoadError(self.path, f"refused: page {number} shows over {size_text(limits.max_page_text)} of text")

    def _drawn_forms(self, drawn: dict[bytes, int], resources: Any, number: int, inside: tuple[int, ...]) -> Work:
        """The work of the forms a stream draws, each as often as it draws it."""
        from pdfminer.pdftypes import PDFStream, resolve1

        work = Work()
        if not drawn:
            return work
        resources = resolve1(resources)
        xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
        if not isinstance(xobjects, dict):
            return work
        for name, times in drawn.items():
            form = resolve1(xobjects.get(_name(name)))
            if not isinstance(form, PDFStream) or _literal(form.attrs.get("Subtype")) != "Form":
                continue  # an image, or nothing: not interpreted
            key = id(form)
            if key in inside:
                raise LoadError(self.path, f"refused: a form on page {number} draws itself (a corrupt or hostile file)")
            if key not in self._forms:
                counted = self._count(form, self.limits.max_page_content, number)
                own = counted.work
                self._refuse_page(own, number)
                form_resources = form.attrs.get("Resources") or resources
                own.add(self._drawn_forms(counted.drawn, form_resources, number, (*inside, key)))
                self._forms[key] = own
            work.add(self._forms[key], times)
            self._refuse_page(work, number)
        return work

    def _count(self, stream: Any, limit: int, number: int) -> _Counted:
        from pdfminer.pdftypes import PDFStream

        if not isinstance(stream, PDFStream):
            return _Counted(Work(), {})
        content = self._decoded(stream, max(limit, 0), number)
        if content is None:
            return _Counted(Work(content=limit + 1), {})
        return count_content(content, self.limits.max_page_tokens, self.limits.max_page_text)

    def _decoded(self, stream: Any, limit: int, number: int) -> bytes | None:
        """The stream's bytes decoded (None when over ``limit``), without pdfminer's unbounded decoding."""
        if stream.data is not None:  # pdfminer decoded it already
            return stream.data if len(stream.data) <= limit else None  # type: ignore[no-any-return]
        raw = stream.get_rawdata()
        if raw is None:
            return b""
        if stream.decipher:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        filters = [(_literal(name), params if isinstance(params, dict) else {}) for name, params in stream.get_filters()]
        try:
            decoded = decode_bounded(raw, filters, limit, keep=True)
        except Refused as exc:
            raise LoadError(self.path, f"refused: a content stream of page {number} {exc}") from None
        return decoded.data


def _name(raw: bytes) -> str | bytes:
    """A name as pdfminer's lexer reads it: ``#`` and up to two hex digits are a byte, then UTF-8 if it is."""
    unescaped = _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]) if match.group(1) else b"", raw)
    try:
        return unescaped.decode("utf-8")
    except UnicodeDecodeError:
        return unescaped


def _literal(value: Any) -> str:
    from pdfminer.psparser import PSLiteral, literal_name

    return literal_name(value) if isinstance(value, PSLiteral) else ""


def count_content(content: bytes, max_tokens: int | None = None, max_text: int | None = None) -> _Counted:
    """The tokens and shown text of decoded drawing instructions, and the forms they
    draw (``/Name Do``), read as pdfminer's content parser reads them; counting stops
    just past ``max_tokens`` or ``max_text``."""
    work = Work(content=len(content))
    drawn: dict[bytes, int] = {}
    last_name = b""
    position, end = 0, len(content)
    while position < end and (max_tokens is None or work.tokens <= max_tokens) and (max_text is None or work.text <= max_text):
        match = _TOKEN.search(content, position)
        if match is None:
            break
        position = match.end()
        kind = match.lastgroup
        if kind == "comment":
            continue
        work.tokens += 1
        if kind == "string":
            position = _string_end(content, match.start())
            work.text += position - match.start() - 2
        elif kind == "hex":
            work.text += sum(1 for byte in match.group() if byte not in b"<> \t\r\n\x00\x0c") // 2
        elif kind == "name":
            last_name = match.group()[1:]
        elif kind == "operator":
            operator = match.group()
            if operator == b"Do" and last_name:
                drawn[last_name] = drawn.get(last_name, 0) + 1
            elif operator == b"ID":  # an inline image's data, up to "EI"
                image_end = _INLINE_IMAGE_END.search(content, position)
                position = image_end.end() if image_end else end
    return _Counted(work, drawn)


def _string_end(content: bytes, start: int) -> int:
    """Where the literal string opening at ``start`` ends (after its balancing ``)``)."""
    depth = 0
    position = start
    while True:
        mark = _STRING_MARK.search(content, position)
        if mark is None:
            return len(content)
        character = content[mark.start()]
        if character == 0x5C:  # a backslash escapes the next byte
            position = mark.start() + 2
            continue
        depth += 1 if character == 0x28 else -1
        position = mark.start() + 1
        if depth == 0:
            return position
