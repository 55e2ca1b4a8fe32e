"""Hostile Word and PDF files, built byte by byte: the shapes of issue 13 (a reference
cycle, a numbering start of 10¹¹, stream bombs in every filter spelling, a page of
megabytes of text operators) at any size. The tests build them small, against small
limits; bench/attacks.py builds them at the size of the reports and measures them.

Nothing here imports perflint or conftest, so bench scripts can import it too.
"""

import io
import zipfile
import zlib

_MiB = 1024 * 1024

# -- PDF ------------------------------------------------------------------------------------

FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
TEXT = b"BT /F1 12 Tf 72 700 Td (Budget report) Tj ET"


def pdf_file(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF whose objects 1, 2, 3… are ``objects`` (object 1 the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer.decode()}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def page_object(contents: bytes = b"4 0 R", resources: bytes = FONT) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + contents + b" /Resources " + resources + b" >>"


def stream_object(data: bytes, entries: bytes = b"", *, keyword: bytes = b"stream\n") -> bytes:
    """A stream object: ``entries`` go in its dictionary after /Length."""
    return b"<< /Length " + str(len(data)).encode() + b" " + entries + b" >>\n" + keyword + data + b"\nendstream"


def one_page_pdf(content: bytes, entries: bytes = b"", *, keyword: bytes = b"stream\n", extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF whose page content (object 4) is ``content`` as stored, with
    ``entries`` in its dictionary; ``extra`` objects are numbered from 5."""
    return pdf_file([CATALOG, PAGES, page_object(), stream_object(content, entries, keyword=keyword), *(extra or [])])


def resources_cycle_pdf() -> bytes:
    """The page's /Resources is object 5, which is object 6, which is object 5."""
    return pdf_file([CATALOG, PAGES, page_object(resources=b"5 0 R"), stream_object(TEXT), b"6 0 R", b"5 0 R"])


def length_cycle_pdf() -> bytes:
    """The content stream's /Length is object 5, which is object 6, which is object 5."""
    content = b"<< /Length 5 0 R >>\nstream\n" + TEXT + b"\nendstream"
    return pdf_file([CATALOG, PAGES, page_object(), content, b"6 0 R", b"5 0 R"])


def deflated_zeros(size: int, level: int = 9) -> bytes:
    """``size`` zero bytes deflated (about 1000:1), without holding them in memory."""
    packer = zlib.compressobj(level)
    chunk = bytes(min(size, _MiB))
    out = []
    left = size
    while left > 0:
        piece = chunk[: min(len(chunk), left)]
        out.append(packer.compress(piece))
        left -= len(piece)
    out.append(packer.flush())
    return b"".join(out)


def run_length_zeros(size: int) -> bytes:
    """``size`` zero bytes RunLength-encoded: two bytes for each 128 (64:1)."""
    runs, rest = divmod(size, 128)
    tail = bytes([257 - rest, 0]) if rest >= 2 else (b"\x00\x00" if rest == 1 else b"")
    return b"\x81\x00" * runs + tail + b"\x80"


def lzw_bomb(codes: int) -> bytes:
    """LZW data of ``codes`` codes whose output grows as the square of their number up to
    the 12-bit table (each code names the entry being made: the last output and its first
    byte again), then repeats the longest entry: about 2,500 bytes out for 1.5 in."""
    writer = _BitWriter()
    width = 9
    writer.write(256, width)  # clear
    writer.write(0, width)  # a literal
    table = 258
    for _ in range(codes):
        code = table if table < 4096 else 4095
        writer.write(code, width)
        table += 1
        # pdfminer's decoder widens the code one entry early (the "early change" of the spec).
        if table == 511:
            width = 10
        elif table == 1023:
            width = 11
        elif table == 2047:
            width = 12
    return writer.getvalue()


class _BitWriter:
    def __init__(self) -> None:
        self._out = bytearray()
        self._bits = 0
        self._count = 0

    def write(self, value: int, width: int) -> None:
        self._bits = (self._bits << width) | value
        self._count += width
        while self._count >= 8:
            self._count -= 8
            self._out.append((self._bits >> self._count) & 0xFF)
        self._bits &= (1 << self._count) - 1

    def getvalue(self) -> bytes:
        tail = bytes([(self._bits << (8 - self._count)) & 0xFF]) if self._count else b""
        return bytes(self._out) + tail


def stream_bomb_pdf(shape: str, size: int) -> bytes:
    """A one-page PDF whose content stream decodes to about ``size`` bytes, its filter
    written in one of the spellings a naive check misses."""
    flate = deflated_zeros(size)
    shapes = {
        "literal": lambda: one_page_pdf(flate, b"/Filter /FlateDecode"),
        "hex-escaped-name": lambda: one_page_pdf(flate, b"/Filter /Flat#65Decode"),
        "abbreviated": lambda: one_page_pdf(flate, b"/F /Fl"),
        "array": lambda: one_page_pdf(flate, b"/Filter [ /FlateDecode ]"),
        "indirect": lambda: one_page_pdf(flate, b"/Filter 5 0 R", extra=[b"/FlateDecode"]),
        "indirect-array": lambda: one_page_pdf(flate, b"/Filter [5 0 R]", extra=[b"/FlateDecode"]),
        "stream-cr": lambda: one_page_pdf(flate, b"/Filter /FlateDecode", keyword=b"stream\r"),
        "padding": lambda: one_page_pdf(flate, b"/Filter /FlateDecode /Padding (" + b"x" * 4096 + b")"),
        "comment": lambda: one_page_pdf(flate, b"/Filter % a comment\n/FlateDecode"),
        "hex-then-flate": lambda: one_page_pdf(flate.hex().encode() + b">", b"/Filter [/AHx /Fl]"),
        "flate-twice": lambda: one_page_pdf(zlib.compress(flate, 9), b"/Filter [/FlateDecode /FlateDecode]"),
        "run-length": lambda: one_page_pdf(run_length_zeros(size), b"/Filter /RunLengthDecode"),
        "lzw": lambda: one_page_pdf(lzw_bomb(_lzw_codes_for(size)), b"/Filter /LZWDecode"),
        "disguised-image": lambda: one_page_pdf(flate, b"/Subtype /Image /Width 8 /Height 8 /Filter /FlateDecode"),
        "object-stream": lambda: _object_stream_bomb(flate),
    }
    return shapes[shape]()


STREAM_BOMB_SHAPES = (
    "literal",
    "hex-escaped-name",
    "abbreviated",
    "array",
    "indirect",
    "indirect-array",
    "stream-cr",
    "padding",
    "comment",
    "hex-then-flate",
    "flate-twice",
    "run-length",
    "lzw",
    "disguised-image",
    "object-stream",
)


def _lzw_codes_for(size: int) -> int:
    """Codes enough for ``lzw_bomb`` to output at least ``size`` bytes."""
    ramp = 4096 - 258  # codes whose output grows 2, 3, 4… bytes
    ramp_output = sum(range(2, ramp + 2))
    if size <= ramp_output:
        codes, output = 0, 0
        while output < size:
            codes += 1
            output += codes + 1
        return codes
    return ramp + (size - ramp_output) // (ramp + 1) + 1


def _object_stream_bomb(flate: bytes) -> bytes:
    """A deflated object stream that nothing draws: with the xref's offset broken, pdfminer
    rebuilds the xref by reading every object, object streams inflated."""
    objstm = stream_object(flate, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode")
    data = pdf_file([CATALOG, PAGES, page_object(), stream_object(TEXT), objstm])
    return data[: data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n"


def text_operators_page(size: int) -> bytes:
    """A page of ``size`` bytes of text-showing operators, deflated (about 600:1)."""
    line = b"(" + b"A" * 64 + b") Tj\n"
    content = b"BT /F1 12 Tf 72 700 Td\n" + line * (size // len(line)) + b"ET\n"
    return one_page_pdf(zlib.compress(content, 9), b"/Filter /FlateDecode")


def path_operators_page(size: int) -> bytes:
    """A page of ``size`` bytes of line drawing (three operators per 14 bytes), deflated."""
    content = b"0 0 m 1 1 l S\n" * (size // 14)
    return one_page_pdf(zlib.compress(content, 9), b"/Filter /FlateDecode")


def repeated_form_page(calls: int, glyphs: int) -> bytes:
    """A small page that draws one form ``calls`` times; the form shows ``glyphs`` characters."""
    form_content = b"BT /F1 12 Tf 72 700 Td (" + b"A" * glyphs + b") Tj ET"
    form = stream_object(form_content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + FONT)
    page_content = b"/X1 Do\n" * calls
    resources = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /X1 5 0 R >> >>"
    return pdf_file(
        [CATALOG, PAGES, page_object(resources=resources), stream_object(zlib.compress(page_content, 9), b"/Filter /FlateDecode"), form]
    )


def self_drawing_form_pdf() -> bytes:
    """A page that draws a form that draws itself (it takes the page's resources, which name it)."""
    form = stream_object(b"/X1 Do BT /F1 12 Tf 72 700 Td (A) Tj ET", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]")
    resources = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /X1 5 0 R >> >>"
    return pdf_file([CATALOG, PAGES, page_object(resources=resources), stream_object(b"/X1 Do"), form])


def cmap_range_pdf(codes: int = 2**32) -> bytes:
    """A font whose ToUnicode map is one range of ``codes`` codes: a few bytes that
    pdfminer expands entry by entry, for hours and gigabytes (no check before it sees it)."""
    last = (codes - 1).to_bytes(4, "big").hex().encode()
    cmap = b"begincmap 1 beginbfrange <00000000> <" + last + b"> <0041> endbfrange endcmap"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>"
    resources = b"<< /Font << /F1 " + font + b" >> >>"
    return pdf_file([CATALOG, PAGES, page_object(resources=resources), stream_object(TEXT), stream_object(cmap)])


def predictor_bomb_pdf(columns: int) -> bytes:
    """A content stream whose PNG predictor declares rows of ``columns`` bytes (pdfminer
    allocates a row before reading any data)."""
    data = zlib.compress(b"\x00" + TEXT, 9)
    return one_page_pdf(data, b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns " + str(columns).encode() + b" >>")


# -- Word ------------------------------------------------------------------------------------

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


def numbered_docx(start: int, kind: str = "lowerLetter", *, paragraphs: int = 3) -> bytes:
    """A .docx whose list counts from ``start`` in the format ``kind`` (w:numFmt)."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{WORD_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{kind}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项目支出情况</w:t></w:r></w:p>'
    body = "<w:p><w:r><w:t>2023年部门整体支出绩效自评报告</w:t></w:r></w:p>" + item * paragraphs
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD_NS}"><w:body>{body}</w:body></w:document>'
    )
    return _zipped(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _PACKAGE_RELS,
            "word/_rels/document.xml.rels": _DOCUMENT_RELS,
            "word/document.xml": document,
            "word/numbering.xml": numbering,
        }
    )


def docx_with_document_bytes(document: bytes) -> bytes:
    """A .docx whose word/document.xml is ``document`` exactly (any encoding)."""
    return _zipped({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _PACKAGE_RELS, "word/document.xml": document})


def _zipped(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- text that took quadratic time ------------------------------------------------------------

_REPORT_HEAD = "2023年部门整体支出绩效自评报告\n\n部门名称：某某局\n\n一、部门基本情况\n\n"


def respectively_amounts(copies: int) -> str:
    """One paragraph of ``copies`` "甲和乙分别为1.00万元、2.00万元，"."""
    return _REPORT_HEAD + "甲和乙分别为1.00万元、2.00万元，" * copies + "\n"


def one_long_line_of_rates(copies: int) -> str:
    """One line of ``copies`` "预算执行率为95.00%，"."""
    return _REPORT_HEAD + "预算执行率为95.00%，" * copies + "\n"


def unclosed_comments(copies: int) -> str:
    """``copies`` HTML comment openings that never close."""
    return _REPORT_HEAD + "<!-- " * copies + "\n"


def suppression_lines(copies: int) -> str:
    """``copies`` lines each disabling the next line, each followed by a line of text."""
    return _REPORT_HEAD + "<!-- perflint: disable-next-line PF301 -->\n正文一段。\n" * copies


def directives_in_a_row(copies: int) -> str:
    """``copies`` directive lines in a row, all aimed at the one line of text after them."""
    return _REPORT_HEAD + "<!-- perflint: disable-next-line PF301 -->\n" * copies + "正文一段。\n"


def long_label(copies: int) -> str:
    """An amount after ``copies`` × 10 characters without punctuation (its label)."""
    return _REPORT_HEAD + "甲" * (copies * 10) + "支出100.00万元。\n"


def backtick_run(copies: int) -> str:
    """A line of ``copies`` × 10 backticks (an inline-code pattern tried from each one)."""
    return _REPORT_HEAD + "`" * (copies * 10) + "\n"


# Each shape with its unit: the copies that make "1×" (1000× is the size the issue timed).
# tests/test_growth.py counts their work; bench/growth.py times them and the next ones.
GROWTH_SHAPES = {
    "respectively-amounts": (respectively_amounts, 2),
    "long-line-of-rates": (one_long_line_of_rates, 40),
    "unclosed-comments": (unclosed_comments, 50),
    "suppression-lines": (suppression_lines, 40),
    "directives-in-a-row": (directives_in_a_row, 40),
}
# Shapes whose quadratic time was inside one regular-expression search (C code no counter
# sees, and no model of the engine in tests/test_growth.py covers): timed by bench/growth.py only.
REGEX_GROWTH_SHAPES = {
    "long-label": (long_label, 100),
    "backtick-run": (backtick_run, 40),
}
