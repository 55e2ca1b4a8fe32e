"""Making Word and PDF files for the tests: through python-docx, or byte by byte
where a test needs a file no well-behaved writer would produce."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from conftest import FIXTURES
from hostilefiles import pdf_file

OFFICE = FIXTURES / "office"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, prolog: str = "") -> str:
    """A word/document.xml around ``body`` (w: elements)."""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document xmlns:w="{WORD_NS}"><w:body>{body}</w:body></w:document>'


def paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def minimal_docx(body: str, *, prolog: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """The smallest package python-docx opens: content types, one relationship, the document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document_xml(body, prolog))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def report_docx_bytes(name: str = "clean") -> bytes:
    return (OFFICE / f"{name}.docx").read_bytes()


def report_pdf_bytes(name: str = "clean") -> bytes:
    return (OFFICE / f"{name}.pdf").read_bytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def fixture_builder() -> ModuleType:
    """fixtures/office/build.py, the script that makes the Word and PDF fixtures."""
    spec = importlib.util.spec_from_file_location("office_build", OFFICE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# -- PDFs drawn line by line with reportlab (its CID font STSong-Light needs no font file)

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4
FONT_SIZE = 12.0
LEFT = 72.0
CHARS_PER_LINE = 37  # a full line of Chinese reaches LEFT + 37 * 12 = 516, an inch from the edge


@dataclass
class PdfText:
    text: str
    top: float  # distance from the top of the page to the baseline
    x: float = LEFT
    size: float = FONT_SIZE
    font: str = "STSong-Light"  # or a standard Latin font such as "Helvetica"


def draw_pdf(
    pages: list[list[PdfText]],
    *,
    tables: dict[int, list[list[str]]] | None = None,
    user_password: str | None = None,
    images_only: bool = False,
    compress: bool = True,
) -> bytes:
    """A PDF with the given lines on each page; ``tables`` maps a page index to a ruled
    table drawn below its lines; ``images_only`` makes every page a picture (a scan)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    encrypt = None
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=1)
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1, pageCompression=1 if compress else 0)
    for index, lines in enumerate(pages):
        if images_only:
            from PIL import Image

            picture = Image.new("L", (200, 280), 255)
            for y in range(20, 260, 12):
                picture.paste(0, (20, y, 180, y + 4))  # dark bars where text would be
            pdf.drawInlineImage(picture, 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        for line in lines:
            pdf.setFont(line.font, line.size)
            pdf.drawString(line.x, PAGE_HEIGHT - line.top, line.text)
        for_table = (tables or {}).get(index)
        if for_table:
            _draw_table(pdf, for_table, top=max((line.top for line in lines), default=60) + 30)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_table(pdf, rows: list[list[str]], top: float) -> None:
    widths = [120.0, 100.0, 100.0]
    height = 20.0
    for r, row in enumerate(rows):
        y = PAGE_HEIGHT - top - (r + 1) * height
        x = LEFT
        for c, text in enumerate(row):
            pdf.rect(x, y, widths[c], height)
            pdf.setFont("STSong-Light", 10)
            pdf.drawString(x + 4, y + 6, text)
            x += widths[c]


def wrap(text: str, *, first_indent: bool = True, top: float, step: float = 18.0) -> list[PdfText]:
    """Lay a paragraph out as Word does: full lines of CHARS_PER_LINE, first line indented by two characters."""
    lines = []
    rest = text
    first = True
    while rest:
        room = CHARS_PER_LINE - (2 if first and first_indent else 0)
        piece, rest = rest[:room], rest[room:]
        lines.append(PdfText(piece, top, LEFT + (2 * FONT_SIZE if first and first_indent else 0)))
        top += step
        first = False
    return lines


# -- hostile files -----------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def zip_bomb(uncompressed: int, *, member: str = "word/document.xml") -> bytes:
    """A .docx-shaped archive whose ``member`` is ``uncompressed`` bytes of zeros (about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            chunk = bytes(1 << 20)
            written = 0
            while written < uncompressed:
                piece = chunk[: min(len(chunk), uncompressed - written)]
                stream.write(piece)
                written += len(piece)
    return buffer.getvalue()


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite ``member``'s uncompressed size in both zip headers, as a bomb maker would."""
    import struct

    patched = bytearray(data)
    # (signature, offset of the name length, offset of the name, offset of the size) per header
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        header = patched.find(signature)
        while header >= 0:
            name_length = struct.unpack_from("<H", patched, header + length_at)[0]
            if bytes(patched[header + name_at : header + name_at + name_length]) == member.encode():
                struct.pack_into("<I", patched, header + size_at, size)
                break
            header = patched.find(signature, header + 4)
    return bytes(patched)


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(count):
            archive.writestr(f"m/{index}", b"")
    return buffer.getvalue()


def pdf_with_content_stream(content: bytes, *, deflate: bool = True) -> bytes:
    """A one-page PDF whose page content is ``content`` (deflated unless told otherwise)."""
    import zlib

    stream = zlib.compress(content, 9) if deflate else content
    filter_entry = b" /Filter /FlateDecode" if deflate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + filter_entry + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    return pdf_file(objects)
