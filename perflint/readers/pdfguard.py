"""Refusing hostile PDFs before the PDF parser touches them.

pdfminer decodes streams whole, in memory, and follows references without looking
back. So before it runs, the file's own bytes are read here:

- every object that is nothing but a reference to another (``6 0 obj 7 0 R endobj``)
  is followed: a cycle of those (a /Resources or a /Length that refers to itself
  through others) makes pdfminer's resolver loop forever, and is refused;
- every stream is found by its ``stream`` keyword, whatever comes before it, and its
  dictionary read with pdfminer's own lexer (so ``/Flat#65Decode``, ``/F /Fl``, filter
  arrays, comments and padding read as pdfminer reads them), following indirect
  /Filter, /DecodeParms and /Length entries; its data is then decoded through all
  its filters (perflint.readers.pdfdecode) against a per-stream and a total limit,
  the output counted, not kept. Images are decoded too — a stream that calls itself
  an image can still serve as a page's content or as an object stream — and may not
  decode past their own declared size.

What the pages draw (operators, text shown, forms drawn again and again) is bounded
page by page as they are read (perflint.readers.pdfpages). Streams of an encrypted
PDF cannot be decoded here (they are deciphered first): their page content is still
bounded page by page, the rest by the reader's memory budget (perflint.readers.budget).
"""

import io
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from perflint.readers.pdfdecode import Refused, decode_bounded
from perflint.smallfile import KiB, MiB, size_text
from perflint.sources import LoadError

_WHITE = rb"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_SPACE = rb"(?:[" + _WHITE + rb"]|%[^\r\n]*)"
_SPACE_EOL = rb"(?:[" + _WHITE + rb"]|%[^\r\n]*[\r\n])"
_REGULAR = rb"[^" + _WHITE + _DELIMITERS + rb"]"


def _keyword(word: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<!" + _REGULAR + rb")" + word + rb"(?!" + _REGULAR + rb")")


_OBJ = _keyword(b"obj")
_STREAM = _keyword(b"stream")
# "N G obj", comments allowed between the tokens as pdfminer allows them.
_OBJECT_NUMBER = re.compile(rb"(?<!\d)(\d+)" + _SPACE_EOL + rb"+\d+" + _SPACE_EOL + rb"+$")
_HEADER_WINDOW = 256
_ALIAS = re.compile(_SPACE + rb"*(\d+)" + _SPACE + rb"+\d+" + _SPACE + rb"+R" + _SPACE + rb"*endobj")
_NEWLINE = re.compile(rb"\r\n?|\n")
_ENCRYPT = re.compile(rb"/Encrypt(?!" + _REGULAR + rb")")
# Tokens a stream's dictionary (or an object it refers to) may take to read: real ones
# take tens; one longer than this is refused rather than read at length.
_MAX_DICTIONARY_TOKENS = 20_000
_HEADERS_TRIED = 3  # "obj" keywords before a stream tried for its dictionary, nearest first
_MAX_REFERENCE_DEPTH = 32
_COMPONENTS = {"DeviceGray": 1, "G": 1, "CalGray": 1, "DeviceRGB": 3, "RGB": 3, "CalRGB": 3, "Lab": 3, "DeviceCMYK": 4, "CMYK": 4}


@dataclass(slots=True)
class PdfLimits:
    """How much a PDF may make perflint do. The defaults fit any real report: a page
    exported from Word has a few thousand glyphs and tens of KB of drawing."""

    max_stream_size: int = 64 * MiB  # one decoded stream
    max_image_size: int = 256 * MiB  # one decoded image (and never past its own declared size)
    max_total_size: int = 512 * MiB  # all decoded streams
    max_pages: int = 2_000
    # What a page draws, its forms counted each time they are drawn. pdfminer reads
    # some 100,000 operators or 30,000 glyphs a second, and keeps an object for each.
    max_page_content: int = 8 * MiB  # bytes of drawing instructions, decoded
    max_page_tokens: int = 300_000  # operators and operands
    max_page_text: int = 64 * KiB  # bytes of text shown (one or two a glyph)
    max_total_content: int = 64 * MiB
    max_total_tokens: int = 5_000_000
    max_total_text: int = 8 * MiB


DEFAULT_PDF_LIMITS = PdfLimits()


@dataclass(frozen=True, slots=True)
class _Ref:
    number: int


@dataclass(frozen=True, slots=True)
class _Open:
    """Where a dictionary (``<<``) or an array (``[``) opened, on the reading stack."""

    kind: bytes


class _Unreadable(Exception):
    pass


def refuse_stream_bombs(data: bytes, path: str, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> None:
    """Raise ``LoadError`` for a reference cycle or a stream that decodes past the limits."""
    pdf = _RawPdf(data)
    pdf.refuse_reference_cycles(path)
    encrypted = _ENCRYPT.search(data) is not None
    total = 0
    for match in _STREAM.finditer(data):
        total += pdf.stream_size(match.start(), match.end(), path, limits, encrypted)
        if total > limits.max_total_size:
            raise LoadError(path, f"refused (decompression bomb?): its streams decode to over {size_text(limits.max_total_size)} in all")


class _RawPdf:
    """The PDF's bytes, its ``obj`` keywords and the objects read from them so far."""

    def __init__(self, data: bytes) -> None:
        from pdfminer.psparser import PSBaseParser

        self.data = data
        self.parser = PSBaseParser(io.BytesIO(data))
        self.headers: list[int] = []  # where each "obj" keyword ends
        self.numbered: dict[int, list[int]] = {}  # object number → where its "obj" keywords end
        for match in _OBJ.finditer(data):
            self.headers.append(match.end())
            number = _OBJECT_NUMBER.search(data, max(0, match.start() - _HEADER_WINDOW), match.start())
            if number is not None:
                self.numbered.setdefault(int(number.group(1)), []).append(match.end())
        self._values: dict[int, object] = {}

    # -- reference cycles -------------------------------------------------------------------

    def refuse_reference_cycles(self, path: str) -> None:
        """pdfminer resolves a reference to a reference to … without a bound: a cycle of
        objects that are each only a reference is an endless loop."""
        aliases: dict[int, set[int]] = {}
        for number, ends in self.numbered.items():
            for end in ends:
                alias = _ALIAS.match(self.data, end)
                if alias is not None:
                    aliases.setdefault(number, set()).add(int(alias.group(1)))
        cycle = _find_cycle(aliases)
        if len(cycle) == 1:
            raise LoadError(path, f"refused: object {cycle[0]} refers to itself (a corrupt or hostile file)")
        if cycle:
            objects = ", ".join(str(number) for number in sorted(cycle))
            raise LoadError(path, f"refused: objects {objects} refer to one another in a cycle (a corrupt or hostile file)")

    # -- streams ----------------------------------------------------------------------------

    def stream_size(self, keyword: int, keyword_end: int, path: str, limits: PdfLimits, encrypted: bool) -> int:
        """The decoded size of the stream whose ``stream`` keyword spans the offsets given
        (0 for one that cannot be decoded here); raises ``LoadError`` past the limits."""
        try:
            dictionary = self._stream_dictionary(keyword)
        except _Unreadable:
            raise LoadError(path, f"refused: the dictionary of the stream at byte {keyword} is too long to check") from None
        if not isinstance(dictionary, dict):
            return 0  # pdfminer cannot make a stream of it either
        if encrypted and self._resolve(dictionary.get("Type")) != "XRef":
            return 0  # deciphered before decoding: bounded page by page and by the memory budget
        start = _data_start(self.data, keyword_end)
        raw = self.data[start : self._data_end(start, dictionary)]
        image = self._resolve(dictionary.get("Subtype")) == "Image"
        own_size = self._image_size(dictionary) if image else None
        limit = min(own_size, limits.max_image_size) if own_size is not None else limits.max_stream_size
        try:
            filters = self._filters(dictionary)
            decoded = decode_bounded(raw, filters, limit, image=image)
        except _Unreadable:
            raise LoadError(path, f"refused: the filters of the stream at byte {keyword} cannot be checked") from None
        except Refused as exc:
            raise LoadError(path, f"refused: the stream at byte {keyword} {exc}") from None
        if decoded.over(limit):
            if own_size is not None and own_size < limits.max_image_size:
                raise LoadError(
                    path, f"refused (decompression bomb?): an image at byte {keyword} decodes past its own size of {own_size} bytes"
                )
            raise LoadError(path, f"refused (decompression bomb?): the stream at byte {keyword} decodes to over {size_text(limit)}")
        return decoded.size

    def _stream_dictionary(self, keyword: int) -> object:
        """The value just before the ``stream`` keyword, read from the nearest "obj"
        keyword that gives a dictionary there (a string may hold the word "obj")."""
        index = bisect_left(self.headers, keyword)
        for header in reversed(self.headers[max(0, index - _HEADERS_TRIED) : index]):
            value = self._value_between(header, keyword)
            if isinstance(value, dict):
                return value
        return None

    def _data_end(self, start: int, dictionary: dict[str, Any]) -> int:
        """Where the data ends: pdfminer reads /Length bytes, or (rebuilding a damaged
        xref) up to "endstream"; the further of the two covers both."""
        length = self._resolve(dictionary.get("Length"))
        declared = start + length if isinstance(length, int) and not isinstance(length, bool) and length >= 0 else start
        found = self.data.find(b"endstream", start)
        return min(len(self.data), max(declared, found if found >= 0 else len(self.data)))

    def _filters(self, dictionary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        # pdfminer looks for /F before /Filter, and /DP before /DecodeParms.
        names = self._resolve(_first(dictionary, ("F", "Filter")), strict=True)
        params = self._resolve(_first(dictionary, ("DP", "DecodeParms", "FDecodeParms")), strict=True)
        names = names if isinstance(names, list) else [names] if names else []
        params = params if isinstance(params, list) else [params] * len(names)
        filters = []
        for index, name in enumerate(names):
            name = self._resolve(name, strict=True)
            param = self._resolve(params[index], strict=True) if index < len(params) else None
            if isinstance(name, str):
                decode_params = {key: self._resolve(value, strict=True) for key, value in param.items()} if isinstance(param, dict) else {}
                filters.append((name, decode_params))
        return filters

    def _image_size(self, dictionary: dict[str, Any]) -> int | None:
        """What an image decodes to at most, from its size and colours (a predictor's
        byte per row included); None when it does not say."""
        width, height = self._resolve(dictionary.get("Width")), self._resolve(dictionary.get("Height"))
        if not (isinstance(width, int) and isinstance(height, int) and _positive(width) and _positive(height)):
            return None
        components, bits = 1, 1
        if self._resolve(dictionary.get("ImageMask")) is not True:
            components = self._components(dictionary.get("ColorSpace"))
            declared = self._resolve(dictionary.get("BitsPerComponent"))
            bits = declared if isinstance(declared, int) and _positive(declared) and declared <= 16 else 8
        return height * ((width * components * bits + 7) // 8 + 1) + 64 * KiB

    def _components(self, space: object) -> int:
        space = self._resolve(space)
        if isinstance(space, list) and space:
            family = self._resolve(space[0])
            if family in ("Indexed", "I", "Separation", "Pattern"):
                return 1
            if family == "DeviceN" and len(space) > 1 and isinstance(names := self._resolve(space[1]), list):
                return max(1, min(len(names), 32))
            return 4
        return _COMPONENTS.get(space, 4) if isinstance(space, str) else 4

    # -- reading values ---------------------------------------------------------------------

    def _resolve(self, value: object, *, strict: bool = False, depth: int = 0) -> object:
        """``value`` with a reference replaced by the object it names (the last
        definition in the file). A reference to an object not found as ``N G obj`` (one
        inside an object stream) is None, or with ``strict`` raises ``_Unreadable``."""
        if not isinstance(value, _Ref):
            return value
        if depth > _MAX_REFERENCE_DEPTH or value.number not in self.numbered:
            if strict:
                raise _Unreadable
            return None
        if value.number not in self._values:
            end = self.numbered[value.number][-1]
            stop = self.data.find(b"endobj", end)
            try:
                self._values[value.number] = self._value_between(end, stop if stop >= 0 else len(self.data))
            except _Unreadable:
                self._values[value.number] = _Unreadable
        found = self._values[value.number]
        if found is _Unreadable:
            if strict:
                raise _Unreadable
            return None
        return self._resolve(found, strict=strict, depth=depth + 1)

    def _value_between(self, start: int, stop: int) -> object:
        """The last complete value read between ``start`` and the token at ``stop``."""
        from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral

        self.parser.seek(start)
        stack: list[Any] = []
        for _ in range(_MAX_DICTIONARY_TOKENS):
            try:
                position, token = self.parser.nexttoken()
            except PSEOF:
                break
            if position >= stop:
                break
            if isinstance(token, PSLiteral):
                stack.append(token.name if isinstance(token.name, str) else token.name.decode("latin-1"))
            elif not isinstance(token, PSKeyword):
                stack.append(token)
            elif token.name in (b"<<", b"["):
                stack.append(_Open(token.name))
            elif token.name in (b">>", b"]"):
                _close(stack, b"<<" if token.name == b">>" else b"[")
            elif token.name == b"R" and len(stack) >= 2 and _is_int(stack[-2]) and _is_int(stack[-1]):
                number = stack[-2]
                del stack[-2:]
                stack.append(_Ref(number))
            else:
                stack.append(token)
        else:
            raise _Unreadable
        value = stack[-1] if stack else None
        return None if isinstance(value, _Open) else value


def _close(stack: list[Any], opening: bytes) -> None:
    """Replace the items since the last ``opening`` on ``stack`` by the dictionary or array."""
    start = next((i for i in range(len(stack) - 1, -1, -1) if isinstance(stack[i], _Open)), None)
    if start is None or stack[start].kind != opening:
        return  # an unmatched closing: pdfminer passes over it too
    items = stack[start + 1 :]
    del stack[start:]
    if opening == b"[":
        stack.append(items)
    else:
        stack.append({key: value for key, value in zip(items[::2], items[1::2]) if isinstance(key, str)})


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _positive(value: object) -> bool:
    return _is_int(value) and value > 0  # type: ignore[operator]


def _first(dictionary: dict[str, Any], keys: tuple[str, ...]) -> object:
    return next((dictionary[key] for key in keys if key in dictionary), None)


def _data_start(data: bytes, keyword_end: int) -> int:
    """pdfminer reads the rest of the ``stream`` keyword's line: data starts after its end
    (CR LF, LF or a lone CR)."""
    newline = _NEWLINE.search(data, keyword_end)
    return newline.end() if newline else len(data)


def _find_cycle(edges: dict[int, set[int]]) -> list[int]:
    """Some cycle in the graph ``edges`` (node → successors), as its nodes in order; [] if none."""
    done: set[int] = set()
    for root in edges:
        if root in done:
            continue
        path: list[int] = []
        on_path: dict[int, int] = {}
        stack: list[tuple[int, list[int]]] = [(root, sorted(edges.get(root, ())))]
        path.append(root)
        on_path[root] = 0
        while stack:
            node, successors = stack[-1]
            if not successors:
                stack.pop()
                path.pop()
                del on_path[node]
                done.add(node)
                continue
            successor = successors.pop()
            if successor in on_path:
                return path[on_path[successor] :]
            if successor in done or successor not in edges:
                continue
            on_path[successor] = len(path)
            path.append(successor)
            stack.append((successor, sorted(edges[successor])))
    return []
