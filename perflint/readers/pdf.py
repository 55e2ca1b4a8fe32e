"""PDF reports as text: paragraphs rejoined, running headers and page numbers dropped.

pdfplumber (on pdfminer.six) reads the characters with their positions; it was chosen
over pypdf because on Word-exported Chinese PDFs pypdf puts spaces between digits and
Chinese (``2023 年``) and moves quotation marks out of place, and because it finds
ruled tables, which become Markdown table rows here as in a .docx.

Layout breaks a paragraph into lines; the lines are joined back when a line runs to
the right margin and the next one neither starts a heading, nor is indented, nor
sits after a paragraph gap. Lines that repeat at the top or bottom of most pages
(the running header, ``第 3 页``) are dropped, as are page numbers in the margins.
Every line keeps its page number in the origin map.
"""

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from perflint.origins import Origin
from perflint.readers.extracted import TextBuilder, clean_cell, clean_text, join_wrapped, wrap_separator
from perflint.readers.numbering import starts_with_number
from perflint.readers.pdfguard import DEFAULT_PDF_LIMITS, PdfLimits, refuse_stream_bombs
from perflint.readers.pdfpages import PageBudget
from perflint.sources import LoadError, Source, one_line

# pdfplumber infers spaces from gaps; measuring gaps relative to the font size keeps a
# large title's "2023年" together while spaces between Latin words survive.
_TEXT_SETTINGS: dict[str, Any] = {"x_tolerance_ratio": 0.25, "y_tolerance": 3}
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—·•]*(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|\d{1,4}|\d+\s*[/／]\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)[\s\-–—·•]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_UNMAPPED = re.compile(r"\(cid:\d+\)")
# Running headers and footers live in the outer bands of the page.
MARGIN_BAND = 0.12
EDGE_LINES = 2


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


@dataclass(slots=True)
class _Table:
    rows: list[list[str]]
    top: float
    page: int


_Item = _Line | _Table


def read_pdf(data: bytes, path: str, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> Source:
    """Extract a PDF into a ``Source`` with page numbers in its origin map. Raises ``LoadError``."""
    if b"%PDF-" not in data[:1024]:
        raise LoadError(path, "not a PDF file (no %PDF- header)")
    refuse_stream_bombs(data, path, limits)
    pages, widths, heights = _read_pages(data, path, limits)
    if not pages:
        raise LoadError(path, "the PDF has no pages")
    # _page_items keeps only the lines and table rows that have text: a page with items has text.
    if not any(pages):
        raise LoadError(
            path,
            f"no text layer on any of its {len(pages)} page{'s' if len(pages) != 1 else ''}: a scanned PDF? Run OCR on it or lint the Word original",
        )
    _refuse_unmapped_glyphs(pages, path)
    pages = _drop_running_lines(pages, heights)
    source = _assemble(pages, widths).build(path, "pdf")
    if not source.text.strip():
        raise LoadError(path, "empty file (the PDF has no text besides headers and page numbers)")
    return source


def _refuse_unmapped_glyphs(pages: list[list[_Item]], path: str) -> None:
    """pdfminer writes "(cid:123)" for a glyph whose font has no Unicode mapping; a report
    made of those cannot be linted (a few, in a logo or a symbol, are dropped)."""
    text = "".join(item.text for page in pages for item in page if isinstance(item, _Line))
    unmapped = sum(len(match) for match in _UNMAPPED.findall(text))
    if unmapped > 0.1 * len(text):
        raise LoadError(
            path, "cannot extract text: the PDF's fonts map their glyphs to no characters (no ToUnicode map); lint the Word original"
        )
    if unmapped:
        for page in pages:
            for item in page:
                if isinstance(item, _Line):
                    item.text = _UNMAPPED.sub("", item.text).strip()


def _read_pages(data: bytes, path: str, limits: PdfLimits) -> tuple[list[list[_Item]], list[float], list[float]]:
    _quiet_pdfminer()
    import pdfplumber  # lazy: only PDF reports need it

    pages: list[list[_Item]] = []
    widths: list[float] = []
    heights: list[float] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            count = len(pdf.pages)
            if count > limits.max_pages:
                raise LoadError(path, f"refused: {count} pages, more than the limit of {limits.max_pages}")
            budget = PageBudget(limits, path)
            for number, page in enumerate(pdf.pages, start=1):
                budget.check(page.page_obj, number)
                pages.append(_page_items(page, number))
                widths.append(float(page.width) or 1.0)
                heights.append(float(page.height) or 1.0)
                page.close()
    except (LoadError, MemoryError):  # out of memory: the reader's budget says so
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files; each becomes one line
        if any(isinstance(cause, MemoryError) for cause in _causes(exc)):  # pdfplumber wraps it
            raise MemoryError from None
        raise LoadError(path, _pdf_error(exc)) from None
    return pages, widths, heights


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc``, what caused it, and an exception it carries as an argument (pdfplumber's way)."""
    chain = [exc, exc.__cause__, exc.__context__, *(a for a in getattr(exc, "args", ()) if isinstance(a, BaseException))]
    return [e for e in chain if e is not None]


def _pdf_error(exc: BaseException) -> str:
    names = {type(e).__name__ for e in _causes(exc)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return "encrypted PDF: it needs a password to open; lint an unprotected copy"
    if isinstance(exc, RecursionError):
        return "cannot read PDF: its objects nest too deeply (corrupt or hostile file)"
    message = one_line(exc, 160)
    return f"cannot read PDF: corrupt or unsupported ({type(exc).__name__}{': ' + message if message else ''})"


def _quiet_pdfminer() -> None:
    """pdfminer logs every oddity of a damaged file; perflint reports one line instead."""
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False


def _page_items(page: Any, number: int) -> list[_Item]:
    if _has_overprinted_chars(page.chars):
        page = page.dedupe_chars()  # "fake bold": each glyph printed twice, a little offset
    # Only ruled tables are found, and finding them costs: skip pages without rules.
    tables = page.find_tables() if len(page.edges) >= 4 else []
    body = page
    items: list[_Item] = []
    for table in tables:
        body = body.outside_bbox(table.bbox, strict=False)
        rows = [row for row in _grid_rows(table) if any(row)]
        if rows:
            items.append(_Table(rows, float(table.bbox[1]), number))
    for line in body.extract_text_lines(return_chars=False, **_TEXT_SETTINGS):
        text = clean_text(line["text"]).strip()
        if text:
            items.append(_Line(text, float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"]), number))
    items.sort(key=lambda item: item.top)
    return items


def _grid_rows(table: Any) -> list[list[str]]:
    """The table's cells on its grid. pdfplumber gives a merged cell once, at its top
    left, and None at the other places it covers; its text belongs to all of them (as
    the 一级指标 of every row it spans), so each None takes the text of the cell that
    covers it."""
    texts = table.extract(**_TEXT_SETTINGS)
    cells = [cell for cell in table.cells]
    xs = sorted({cell[0] for cell in cells}) + [float(table.bbox[2])]
    ys = sorted({cell[1] for cell in cells}) + [float(table.bbox[3])]
    placed: dict[tuple[float, float, float, float], str] = {}
    for row, row_texts in zip(table.rows, texts):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None and text is not None:
                placed[tuple(bbox)] = text
    grid = []
    for r, row_texts in enumerate(texts):
        out = []
        for c, text in enumerate(row_texts):
            if text is None and r + 1 < len(ys) and c + 1 < len(xs):
                x, y = (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2
                text = next((t for (x0, top, x1, bottom), t in placed.items() if x0 <= x < x1 and top <= y < bottom), None)
            out.append(clean_cell(_join_cell_lines(text or "")))
        grid.append(out)
    return grid


def _has_overprinted_chars(chars: list[dict[str, Any]]) -> bool:
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            return True
        seen.add(key)
    return False


def _join_cell_lines(text: str) -> str:
    lines = [part.strip() for part in text.split("\n") if part.strip()]
    joined = ""
    for line in lines:
        joined = join_wrapped(joined, line)
    return joined


# -- running headers and footers ------------------------------------------------------


def _edge_lines(page: list[_Item], height: float) -> list[tuple[str, _Line]]:
    """The first and last lines of a page that sit in its top or bottom band."""
    lines = [item for item in page if isinstance(item, _Line)]
    picked: list[tuple[str, _Line]] = []
    for line in lines[:EDGE_LINES]:
        if line.top <= MARGIN_BAND * height:
            picked.append(("top", line))
    for line in lines[-EDGE_LINES:]:
        if line.bottom >= (1 - MARGIN_BAND) * height and ("top", line) not in picked:
            picked.append(("bottom", line))
    return picked


def _running_key(line: _Line) -> str:
    """What a running header or footer has in common from page to page: its text without
    spaces and with every number as ``#`` (the page number, "第 3 页", changes)."""
    return _DIGITS.sub("#", line.text.replace(" ", ""))


def _drop_running_lines(pages: list[list[_Item]], heights: list[float]) -> list[list[_Item]]:
    edges = [_edge_lines(page, height) for page, height in zip(pages, heights)]
    seen = Counter((where, _running_key(line)) for page_edges in edges for where, line in page_edges)
    repeated = max(2, (len(pages) + 1) // 2)
    result = []
    for page, page_edges in zip(pages, edges):
        dropped = {
            id(line)
            for where, line in page_edges
            if _PAGE_NUMBER.match(line.text) or (len(pages) > 1 and seen[(where, _running_key(line))] >= repeated)
        }
        result.append([item for item in page if id(item) not in dropped])
    return result


# -- paragraphs ----------------------------------------------------------------------


# Fewer long lines than this and the right margin is guessed from the page instead.
MIN_LINES_FOR_MARGIN = 5


@dataclass(slots=True)
class _Geometry:
    left: float
    right: float
    line_gap: float

    def is_full(self, line: _Line) -> bool:
        """The line reaches the right margin: the layout, not the author, ended it."""
        return line.x1 >= self.right - 2.5 * (line.bottom - line.top)

    def is_indented(self, line: _Line) -> bool:
        return line.x0 > self.left + 0.8 * (line.bottom - line.top)

    def after_gap(self, previous: _Line, line: _Line) -> bool:
        return line.page == previous.page and line.top - previous.bottom > self.line_gap + 0.5 * (line.bottom - line.top)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _geometry(pages: list[list[_Item]], widths: list[float]) -> _Geometry:
    """The text block's margins and the usual gap between lines, from the lines themselves."""
    lines = [item for page in pages for item in page if isinstance(item, _Line)]
    long_lines = [line for line in lines if len(line.text) >= 8] or lines
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    left = _percentile([line.x0 for line in long_lines], 0.1)
    if len(long_lines) >= MIN_LINES_FOR_MARGIN:
        right = _percentile([line.x1 for line in long_lines], 0.9)
    else:  # too little text to see the margin: assume it mirrors the left one
        right = (widths[0] if widths else 0.0) - left
    return _Geometry(left=left, right=right, line_gap=_percentile(gaps, 0.3))


def _assemble(pages: list[list[_Item]], widths: list[float]) -> TextBuilder:
    geometry = _geometry(pages, widths)
    builder = TextBuilder()
    paragraph: list[_Line] = []
    table_no = 0

    def flush() -> None:
        if not paragraph:
            return
        for index, line in enumerate(paragraph):
            text = wrap_separator(paragraph[index - 1].text, line.text) + line.text if index else line.text
            builder.add(text, Origin(page=line.page))
        builder.end_block()
        paragraph.clear()

    for page in pages:
        for item in page:
            if isinstance(item, _Table):
                flush()
                table_no += 1
                builder.add_table(_table_cells(item, table_no), Origin(page=item.page, table=table_no))
                continue
            if paragraph and _continues(paragraph[-1], item, geometry):
                paragraph.append(item)
            else:
                flush()
                paragraph.append(item)
    flush()
    return builder


def _table_cells(table: _Table, table_no: int) -> list[list[tuple[str, Origin | None]]]:
    """Each row's cells with their origins, rows numbered as ``_page_items`` kept them
    (those with text, so none is empty)."""
    return [
        [(cell, Origin(page=table.page, table=table_no, row=row_no, cell=cell_no)) for cell_no, cell in enumerate(row, start=1)]
        for row_no, row in enumerate(table.rows, start=1)
    ]


def _continues(previous: _Line, line: _Line, geometry: _Geometry) -> bool:
    return (
        geometry.is_full(previous)
        and not starts_with_number(line.text)
        and not geometry.is_indented(line)
        and not geometry.after_gap(previous, line)
    )
