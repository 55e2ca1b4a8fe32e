"""Word and PDF files holding a table with merged cells, made for the tests.

A table is given as a grid of strings, one per grid cell; ``ABOVE`` in a cell merges it
into the cell above (as 一级指标 cells are merged down their rows), ``LEFT`` into the
cell to its left (a header merged across columns). Word files are written with
python-docx's own ``merge``; PDFs are drawn with reportlab as ruled tables whose merged
cells have no inner rules, which is what pdfplumber sees in an exported table.
"""

import io
from collections.abc import Sequence

ABOVE = "^"
LEFT = "<"

Grid = Sequence[Sequence[str]]


def _root(grid: Grid, row: int, column: int) -> tuple[int, int]:
    """The grid cell a merged cell belongs to (its top left)."""
    while True:
        text = grid[row][column]
        if text == ABOVE:
            row -= 1
        elif text == LEFT:
            column -= 1
        else:
            return row, column


def _regions(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Top-left cell → bottom-right cell of each merged region (single cells included)."""
    regions: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c in range(len(row)):
            root = _root(grid, r, c)
            bottom, right = regions.get(root, root)
            regions[root] = (max(bottom, r), max(right, c))
    return regions


def docx_bytes(before: Sequence[str], grid: Grid, after: Sequence[str] = ()) -> bytes:
    """A .docx with paragraphs, then the table, then more paragraphs."""
    from docx import Document

    document = Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    # The cells are taken once, before any merge (table.cell() rebuilds the whole grid of
    # cells on every call); regions are disjoint, so a merge leaves the corners of the
    # others where they were.
    cells = [row.cells for row in table.rows]
    for (top, left), (bottom, right) in _regions(grid).items():
        cell = cells[top][left]
        if (bottom, right) != (top, left):
            cell = cell.merge(cells[bottom][right])
        cell.text = grid[top][left]
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PAGE_WIDTH, PAGE_HEIGHT = 842.0, 595.0  # A4 landscape: the national table is wide
LEFT_MARGIN = 30.0
FONT = "STSong-Light"


def pdf_bytes(before: Sequence[str], grid: Grid, after: Sequence[str] = (), *, font_size: float = 7.0) -> bytes:
    """A one-page PDF: lines of text, the ruled table, more lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    top = 40.0
    for text in before:
        pdf.setFont(FONT, 11)
        pdf.drawString(LEFT_MARGIN, PAGE_HEIGHT - top, text)
        top += 20
    regions = _regions(grid)
    widths = _column_widths(grid, regions, font_size)
    height = font_size * 2.2
    xs = [LEFT_MARGIN]
    for width in widths:
        xs.append(xs[-1] + width)
    ys = [top + r * height for r in range(len(grid) + 1)]
    pdf.setLineWidth(0.5)
    for (r0, c0), (r1, c1) in regions.items():
        x0, x1, y0, y1 = xs[c0], xs[c1 + 1], ys[r0], ys[r1 + 1]
        pdf.rect(x0, PAGE_HEIGHT - y1, x1 - x0, y1 - y0)
        text = grid[r0][c0]
        if text:
            pdf.setFont(FONT, font_size)
            pdf.drawString(x0 + 3, PAGE_HEIGHT - (y0 + y1) / 2 - font_size / 3, text)
    top = ys[-1] + 24
    for text in after:
        pdf.setFont(FONT, 11)
        pdf.drawString(LEFT_MARGIN, PAGE_HEIGHT - top, text)
        top += 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _column_widths(grid: Grid, regions: dict[tuple[int, int], tuple[int, int]], font_size: float) -> list[float]:
    """Room for each cell's text: single cells set their column's width, a cell merged
    across columns widens the last of them if it needs to."""

    def needed(text: str) -> float:
        return font_size * 1.05 * len(text) + 6

    widths = [needed("0000")] * len(grid[0])
    for (r0, c0), (_, c1) in regions.items():
        if c0 == c1:
            widths[c0] = max(widths[c0], needed(grid[r0][c0]))
    for (r0, c0), (_, c1) in regions.items():
        if c1 > c0:
            short = needed(grid[r0][c0]) - sum(widths[c0 : c1 + 1])
            if short > 0:
                widths[c1] += short
    return widths
