"""Fuzzing the readers: mutated .docx, .pdf and .md bytes give findings or one clean
error (LoadError), never another exception, and never hang (each case has a time bound).

The mutations start from valid files: the committed fixtures, a Word document whose
XML is mutated before it is zipped again (so the XML layer is reached, not only the
zip checksums), and small PDFs with uncompressed content. Set FUZZ_EXAMPLES to run
more cases by hand, e.g. ``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import io
import os
import signal
import zipfile
from contextlib import contextmanager
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.engine import Linter
from perflint.readers.budget import ReadBudget
from perflint.sources import LoadError, Source, source_from_bytes

from conftest import _PROFILES, _RULES, FIXTURES
from hostilefiles import (
    STREAM_BOMB_SHAPES,
    cmap_range_pdf,
    docx_with_document_bytes,
    length_cycle_pdf,
    numbered_docx,
    predictor_bomb_pdf,
    repeated_form_page,
    resources_cycle_pdf,
    self_drawing_form_pdf,
    stream_bomb_pdf,
    text_operators_page,
)
from officefiles import (
    PdfText,
    document_xml,
    draw_pdf,
    minimal_docx,
    paragraph_xml,
    pdf_with_content_stream,
    report_docx_bytes,
    report_pdf_bytes,
)

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
CASE_SECONDS = 20  # far above any real case (a few hundred ms); only a hang reaches it
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(Exception):
    pass


@contextmanager
def time_bound(seconds: float):
    def expire(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Word and PDF files are read under this budget: a case the readers' checks do not
# foresee ends as a refusal (the property holds), not as a hang past CASE_SECONDS.
FUZZ_READ_BUDGET = ReadBudget(seconds=CASE_SECONDS / 2, memory=1024 * 1024 * 1024)


def lint_or_refuse(data: bytes, name: str, format: str) -> None:
    """The property: a Source that lints without a rule failing, or a one-line LoadError."""
    with time_bound(CASE_SECONDS):
        try:
            source = source_from_bytes(data, name, format, FUZZ_READ_BUDGET)
        except LoadError as exc:
            assert exc.reason and "\n" not in str(exc), str(exc)
            return
        assert isinstance(source, Source)
        result = Linter(_PROFILES, _RULES).lint(source)
        assert not result.had_internal_error, [f.message for f in result.findings if f.code == "PF900"]
        for finding in result.findings:
            assert 0 <= finding.span[0] <= finding.span[1] <= len(source.text)
            source.origin_at(finding.span[0])


@st.composite
def mutated(draw, seed: bytes, tokens: tuple[bytes, ...] = ()) -> bytes:
    """``seed`` with a few byte-level mutations: flips, overwrites, cuts, insertions, repeats."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        operation = draw(st.sampled_from(["flip", "overwrite", "delete", "insert", "truncate", "repeat", "token"]))
        if operation == "flip" and data:
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            data[position : position + len(chunk)] = chunk
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 512))]
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif operation == "truncate":
            del data[position:]
        elif operation == "repeat":
            length = draw(st.integers(1, 256))
            data[position:position] = data[position : position + length] * draw(st.integers(2, 50))
        elif operation == "token" and tokens:
            data[position:position] = draw(st.sampled_from(tokens))
    return bytes(data)


# -- seeds -------------------------------------------------------------------------------------

MD_SEED = (FIXTURES / "gd-dept-overall" / "clean-markdown.md").read_bytes()
DOCX_SEEDS = [report_docx_bytes("clean-autonum"), report_docx_bytes("clean-markdown")]
_SMALL_DOCX_BODY = (
    paragraph_xml("2023年部门整体支出绩效自评报告")
    + '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>部门基本情况</w:t></w:r></w:p>'
    + '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    + paragraph_xml("合计")
    + "</w:tc><w:tc>"
    + paragraph_xml("1286.47")
    + "</w:tc></w:tr></w:tbl>"
    + "<w:sdt><w:sdtContent>"
    + paragraph_xml("（一）部门职能")
    + "</w:sdtContent></w:sdt>"
)
XML_TOKENS = (
    b"<w:p>",
    b"</w:p>",
    b"<w:tbl><w:tr><w:tc>",
    b"</w:tc></w:tr></w:tbl>",
    b"<w:t>",
    b"</w:t>",
    b"<w:br/>",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"<![CDATA[x]]>",
    b"<!--",
    b"-->",
    b"<!DOCTYPE x>",
    b'<w:gridSpan w:val="99999999"/>',
    b'<w:numPr><w:numId w:val="-1"/></w:numPr>',
    b"\xff\xfe",
    b"<w:ins>",
    b"</w:ins>",
    b'w:val="0"',
    "一、".encode(),
    b"<w:sdt><w:sdtContent>",
    # the shapes of issue 13: numbering starts no list reaches, and the encodings a DTD hides in
    b'<w:start w:val="100000000000"/>',
    b'<w:start w:val="-99999999999"/>',
    b'<w:numFmt w:val="upperRoman"/>',
    b'<w:numFmt w:val="lowerLetter"/>',
    b'encoding="UTF-32"',
    b'encoding="UTF-7"',
    b"+ADw-!DOCTYPE x+AD4-",
    b"\x00<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E",
    b"\x00\x00\xfe\xff",
)
PDF_SEEDS = [
    draw_pdf(
        [[PdfText("2023年部门整体支出绩效自评报告", 60, size=16), PdfText("一、部门基本情况", 100), PdfText("正文一段。", 120)]],
        tables={0: [["项目", "金额"], ["基本支出", "538.92"]]},
        compress=False,
    ),
    pdf_with_content_stream(b"BT /F1 12 Tf 72 700 Td (Budget report) Tj ET", deflate=False),
]
PDF_TOKENS = (
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"/Length 99999999",
    b"/Filter /FlateDecode",
    b"xref",
    b"trailer",
    b"%%EOF",
    b"1 0 R",
    b"(",
    b")",
    b"BT",
    b"ET",
    b"Tj",
    # the shapes of issue 13: filter spellings, indirect entries, cycles, predictors, forms
    b"/Filter /Flat#65Decode",
    b"/F /Fl",
    b"/Filter [/FlateDecode /FlateDecode]",
    b"/Filter [/AHx /Fl]",
    b"/Filter /RunLengthDecode",
    b"/Filter /LZWDecode",
    b"/Filter 5 0 R",
    b"/Length 6 0 R",
    b"stream\r",
    b"5 0 obj 6 0 R endobj 6 0 obj 5 0 R endobj",
    b"/DecodeParms << /Predictor 12 /Columns 99999999 >>",
    b"/Subtype /Image /Width 8 /Height 8",
    b"/X1 Do",
    b"/XObject << /X1 5 0 R >>",
    b"/Type /ObjStm /N 2 /First 8",
    b"beginbfrange <0000> <FFFF> <0041> endbfrange",
)
# Small hostile PDFs (each refused, or read within the limits) as seeds of their own.
HOSTILE_PDF_SEEDS = [
    *(stream_bomb_pdf(shape, 256 * 1024) for shape in STREAM_BOMB_SHAPES),
    resources_cycle_pdf(),
    length_cycle_pdf(),
    predictor_bomb_pdf(10**9),
    text_operators_page(100_000),
    repeated_form_page(50, 100),
    self_drawing_form_pdf(),
    cmap_range_pdf(4096),
]
HOSTILE_DOCX_SEEDS = [
    numbered_docx(10**11, "lowerLetter"),
    numbered_docx(3999, "upperRoman"),
    docx_with_document_bytes(document_xml(paragraph_xml("正文")).replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32")),
    docx_with_document_bytes(document_xml(paragraph_xml("正文")).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-be")),
]


def _rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@st.composite
def docx_with_mutated_xml(draw) -> bytes:
    """A .docx whose document.xml (or styles or numbering) is mutated before zipping, so the
    archive is sound and the damage reaches the XML parser and the extractor."""
    seed = draw(st.sampled_from([minimal_docx(_SMALL_DOCX_BODY), *DOCX_SEEDS]))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    targets = [name for name in members if name in ("word/document.xml", "word/styles.xml", "word/numbering.xml")]
    target = draw(st.sampled_from(targets))
    members[target] = draw(mutated(members[target], XML_TOKENS))
    return _rezip(members)


# Well-formed bodies built from the pieces Word documents are made of, with odd values
# where Word puts numbers (style ids, list ids and levels, spans), so the extractor and
# the numbering code see what a parser that only fails on syntax would never let through.
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=40).map(escape)
_ODD_NUMBER = st.sampled_from(["0", "1", "2", "3", "8", "9", "90", "-1", "65", "99999999999999999999", "x", ""])


@st.composite
def _run(draw) -> str:
    kind = draw(st.sampled_from(["t", "t", "tab", "br", "del", "ins", "field"]))
    text = draw(_TEXT)
    if kind == "tab":
        return "<w:r><w:tab/></w:r>"
    if kind == "br":
        return "<w:r><w:br/></w:r>"
    if kind == "del":
        return f"<w:del><w:r><w:delText>{text}</w:delText></w:r></w:del>"
    if kind == "ins":
        return f'<w:ins><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
    if kind == "field":
        return f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{text}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


@st.composite
def _paragraph(draw) -> str:
    properties = []
    if draw(st.booleans()):
        properties.append(
            f'<w:pStyle w:val="{draw(st.sampled_from(["Heading1", "Heading2", "Heading4", "Title", "Normal", "ListNumber", "标题1", "nope", ""]))}"/>'
        )
    if draw(st.booleans()):
        properties.append(f'<w:numPr><w:ilvl w:val="{draw(_ODD_NUMBER)}"/><w:numId w:val="{draw(_ODD_NUMBER)}"/></w:numPr>')
    if draw(st.booleans()):
        properties.append(f'<w:outlineLvl w:val="{draw(_ODD_NUMBER)}"/>')
    runs = "".join(draw(st.lists(_run(), max_size=4)))
    return f"<w:p><w:pPr>{''.join(properties)}</w:pPr>{runs}</w:p>"


def _table(depth: int) -> st.SearchStrategy[str]:
    content = _paragraph() if depth >= 2 else st.one_of(_paragraph(), st.deferred(lambda: _table(depth + 1)))

    @st.composite
    def build(draw) -> str:
        rows = []
        for _ in range(draw(st.integers(0, 3))):
            cells = []
            for _ in range(draw(st.integers(0, 3))):
                span = f'<w:tcPr><w:gridSpan w:val="{draw(_ODD_NUMBER)}"/></w:tcPr>' if draw(st.booleans()) else ""
                cells.append(f"<w:tc>{span}{''.join(draw(st.lists(content, max_size=2)))}</w:tc>")
            rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
        return f"<w:tbl>{''.join(rows)}</w:tbl>"

    return build()


_BLOCK = st.one_of(_paragraph(), _paragraph(), _table(0), _paragraph().map(lambda p: f"<w:sdt><w:sdtContent>{p}</w:sdtContent></w:sdt>"))


@st.composite
def docx_from_pieces(draw) -> bytes:
    """A sound package (the styles and numbering of a real report) around a generated body."""
    with zipfile.ZipFile(io.BytesIO(DOCX_SEEDS[0])) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    body = "".join(draw(st.lists(_BLOCK, min_size=1, max_size=12)))
    members["word/document.xml"] = document_xml(body).encode()
    return _rezip(members)


# -- the properties ----------------------------------------------------------------------------


@FUZZ
@given(docx_from_pieces())
def test_generated_docx_bodies(data):
    lint_or_refuse(data, "fuzz.docx", "docx")


@FUZZ
@given(mutated(MD_SEED, (b"\x00", "\ufeff".encode(), b"\xff", b"\r", "（一）".encode(), b"| a | b |\n")))
def test_mutated_markdown(data):
    lint_or_refuse(data, "fuzz.md", "md")


@FUZZ
@given(st.sampled_from(DOCX_SEEDS).flatmap(lambda seed: mutated(seed, (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"))))
def test_mutated_docx_bytes(data):
    lint_or_refuse(data, "fuzz.docx", "docx")


@FUZZ
@given(docx_with_mutated_xml())
def test_mutated_docx_xml(data):
    lint_or_refuse(data, "fuzz.docx", "docx")


@FUZZ
@given(st.sampled_from(PDF_SEEDS).flatmap(lambda seed: mutated(seed, PDF_TOKENS)))
def test_mutated_small_pdfs(data):
    lint_or_refuse(data, "fuzz.pdf", "pdf")


@settings(FUZZ, max_examples=max(5, EXAMPLES // 4))
@given(mutated(report_pdf_bytes("clean-markdown"), PDF_TOKENS))
def test_mutated_word_exported_pdf(data):
    lint_or_refuse(data, "fuzz.pdf", "pdf")


def test_the_time_bound_does_fire():
    # A property whose time bound never fired would also pass on a hang.
    with pytest.raises(Hang):
        with time_bound(0.05):
            while True:
                pass


@FUZZ
@given(st.sampled_from(HOSTILE_PDF_SEEDS).flatmap(lambda seed: mutated(seed, PDF_TOKENS)))
def test_mutated_hostile_pdfs(data):
    lint_or_refuse(data, "fuzz.pdf", "pdf")


@FUZZ
@given(st.sampled_from(HOSTILE_DOCX_SEEDS).flatmap(lambda seed: mutated(seed, (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"))))
def test_mutated_hostile_docx_bytes(data):
    lint_or_refuse(data, "fuzz.docx", "docx")


@FUZZ
@given(st.sampled_from(HOSTILE_DOCX_SEEDS).flatmap(lambda seed: _xml_mutated(seed)))
def test_mutated_hostile_docx_xml(data):
    lint_or_refuse(data, "fuzz.docx", "docx")


def _xml_mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with its document.xml or numbering.xml mutated before it is zipped again."""
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    targets = sorted(name for name in members if name in ("word/document.xml", "word/numbering.xml"))

    @st.composite
    def build(draw) -> bytes:
        target = draw(st.sampled_from(targets))
        return _rezip({**members, target: draw(mutated(members[target], XML_TOKENS))})

    return build()
