"""Word reports (.docx) as text: paragraphs, headings with their numbers, tables as rows.

The archive is checked and inflated by ``safezip`` first; python-docx only ever sees a
rebuilt in-memory copy holding the bytes that passed those checks, with every XML part
scanned for a DTD beforehand (no entity is ever expanded; python-docx's own parser
does not resolve entities either).

The text follows the body in order. A paragraph is a block of lines. A heading
(style ``Heading 1``–``4`` or ``标题 1``–``4``, or an outline level 1–4) keeps the number
Word's automatic numbering shows in front of it even though the number is not in the
text: it is recomputed from the numbering definition (``一、``, ``（一）``, ``1.``) or,
failing that, from the heading level. A table becomes Markdown table rows on its
grid, a merged cell's text repeated in every row and column it spans. Every stretch
of text maps back to its paragraph or table cell.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from perflint.origins import Origin
from perflint.readers.extracted import TextBuilder, clean_cell, clean_text
from perflint.readers.numbering import ListCounters, NumberFormat, default_heading_format, starts_with_number
from perflint.readers.safezip import DEFAULT_LIMITS, ZipLimits, read_members
from perflint.readers.xmlguard import refuse_dtd
from perflint.sources import OTHER_ZIP_KINDS, LoadError, Source, one_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run content that is not shown text: deleted revisions, field codes, text boxes
# (anchored shapes, out of the reading order), properties, and the legacy copies of
# drawings that Word keeps beside the modern ones.
_SKIPPED = {
    W + "del",
    W + "moveFrom",
    W + "delText",
    W + "instrText",
    W + "txbxContent",
    W + "pPr",
    W + "rPr",
    W + "sectPr",
    _MC_FALLBACK,
}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_CONTENTS_STYLE = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
MAX_HEADING_LEVEL = 4
_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, path: str, limits: ZipLimits = DEFAULT_LIMITS) -> Source:
    """Extract a .docx into a ``Source`` with an origin map. Raises ``LoadError``."""
    _check_magic(data, path)
    members = read_members(data, path, limits, kind=".docx archive", wanted=_is_xml_part)
    for name, content in members.items():
        if content is not None:
            refuse_dtd(name, content, path)
    document = _open_with_python_docx(members, path)
    try:
        source = _Extractor(document).extract(path)
    except LoadError:
        raise
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, RecursionError) as exc:
        raise LoadError(path, f"cannot read .docx: malformed content ({type(exc).__name__}: {_short(exc)})") from None
    if not source.text.strip():
        raise LoadError(path, "empty file (the Word document has no text)")
    return source


def _check_magic(data: bytes, path: str) -> None:
    if data.startswith(b"PK"):
        return
    if data.startswith(_OLE2_MAGIC):
        raise LoadError(
            path,
            "not a .docx: an OLE2 compound file — a Word 97-2003 .doc or a password-protected .docx; save it as .docx without a password",
        )
    if data.lstrip().startswith(b"%PDF-"):
        raise LoadError(path, "not a .docx: this is a PDF file (name it .pdf)")
    if not data.strip():
        raise LoadError(path, "empty file")
    raise LoadError(path, "not a .docx: not a zip archive")


def _is_xml_part(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith((".xml", ".rels"))


def _open_with_python_docx(members: dict[str, bytes | None], path: str) -> Any:
    """python-docx reads a copy made of checked bytes only; parts perflint does not
    read (images, embedded files) are left empty."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for name, content in members.items():
            copy.writestr(name, content or b"")
    buffer.seek(0)
    import docx  # lazy: only Word reports need python-docx

    if not any(name.startswith("word/") for name in members):
        raise LoadError(path, f"not a Word document: {_what_zip_holds(members)}")
    try:
        return docx.Document(buffer)
    except MemoryError:  # the reader's budget says so
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed packages
        if isinstance(exc, KeyError):
            reason = f"part {_short(exc)} is missing"
        else:
            reason = _short(exc)
        raise LoadError(path, f"not a readable Word document ({type(exc).__name__}: {reason})") from None


def _what_zip_holds(members: dict[str, bytes | None]) -> str:
    """What a zip archive that is not a Word document is, as far as its names tell."""
    if not members:
        return "an empty zip archive"
    kind = next((kind for prefix, kind in OTHER_ZIP_KINDS if any(name.startswith(prefix) for name in members)), None)
    return f"{kind}, not a report" if kind else "a zip archive without the parts of one"


def _short(exc: BaseException) -> str:
    return one_line(exc, 160) or type(exc).__name__


@dataclass(slots=True)
class _StyleInfo:
    level: int | None  # heading level 1..4, None for body text
    numbering: tuple[str, int] | None  # (numId, ilvl) the style applies, if any
    is_contents: bool = False  # a table-of-contents entry style (TOC 1, 目录 1)


_NO_STYLE = _StyleInfo(None, None)


class _Extractor:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.body = document.element.body
        self.styles = _style_table(document)
        self.default_style = next((sid for sid, default in _default_paragraph_styles(document) if default), None)
        self.numbering = _numbering_definitions(document)
        self.counters = ListCounters()
        self.heading_counts: list[int] = [0] * (MAX_HEADING_LEVEL + 1)
        self.builder = TextBuilder()
        self.paragraph_no = 0
        self.table_no = 0

    def extract(self, path: str) -> Source:
        for element in _body_blocks(self.body, skip_contents=True):
            if element is None:  # a line of the table of contents
                self.paragraph_no += 1
            elif element.tag == W + "p":
                self.paragraph_no += 1
                self._paragraph(element)
            else:
                self.table_no += 1
                self._table(element)
        return self.builder.build(path, "docx")

    # -- paragraphs -------------------------------------------------------------------

    def _paragraph(self, p: Any) -> None:
        text = clean_text(paragraph_text(p))
        style_id = _paragraph_style_id(p) or self.default_style
        style = self.styles.get(style_id or "", _NO_STYLE)
        if style.is_contents:  # a table of contents repeats the headings: not the report's outline
            return
        level = _outline_level(p) or style.level
        numbering = _paragraph_numbering(p) or style.numbering
        number = self._number(numbering, level)
        stripped = text.strip()
        if not stripped:
            return
        origin = Origin(paragraph=self.paragraph_no)
        if number and not starts_with_number(stripped):
            stripped = f"{number}{stripped}"
        elif level is not None and not starts_with_number(stripped):
            # A heading with no number anywhere: Markdown marks keep it a heading.
            stripped = "#" * (level + 1) + " " + stripped
        if level is not None:
            stripped = " ".join(stripped.split("\n"))  # a heading is one line
        self.builder.add_block(stripped, origin)

    def _number(self, numbering: tuple[str, int] | None, level: int | None) -> str | None:
        """The number Word shows before the paragraph, if it is automatically numbered."""
        if level is not None:
            # Headings count per level whatever numbering they use.
            self.heading_counts[level] += 1
            for deeper in range(level + 1, MAX_HEADING_LEVEL + 1):
                self.heading_counts[deeper] = 0
        if numbering is None or numbering[0] in ("", "0"):
            return None
        num_id, ilvl = numbering
        definition = self.numbering.get(num_id)
        if definition is not None:
            return self.counters.next_label(definition, ilvl)
        if level is not None:
            return default_heading_format(level).label(self.heading_counts[level])
        return None

    # -- tables -----------------------------------------------------------------------

    def _table(self, tbl: Any) -> None:
        # Rows are numbered as in the file, even those without cells that add_table skips.
        # A vertically merged cell's text, by grid column, for the rows below it.
        merged_above: dict[int, str] = {}
        rows = (self._row_cells(tr, row_no, merged_above) for row_no, tr in enumerate(tbl.iterchildren(W + "tr"), start=1))
        self.builder.add_table(rows, Origin(table=self.table_no))

    def _row_cells(self, tr: Any, row_no: int, merged_above: dict[int, str]) -> list[tuple[str, Origin | None]]:
        """The row's cells on the table's grid: a merged cell's value belongs to every
        row and column it spans (一级指标 merged down its indicators, a header merged
        across its columns), each copy with the origin of the cell it stands in."""
        column = _grid_before(tr)
        cells: list[tuple[str, Origin | None]] = [("", None)] * column
        for cell_no, tc in enumerate(tr.iterchildren(W + "tc"), start=1):
            origin = Origin(table=self.table_no, row=row_no, cell=cell_no)
            span = _grid_span(tc)
            merge = _vertical_merge(tc)
            if merge == "continue" and column in merged_above:
                text = merged_above[column]
            else:
                text = clean_cell(cell_text(tc))
            for offset in range(span):
                if merge is None:
                    merged_above.pop(column + offset, None)
                else:
                    merged_above[column + offset] = text
                cells.append((text, origin))
            column += span
        return cells


def _body_blocks(body: Any, *, skip_contents: bool = False) -> Iterator[Any]:
    """Body paragraphs and tables in order, looking inside content controls (w:sdt);
    with ``skip_contents``, a table of contents control yields its paragraphs as ``None``
    (they still count: paragraph numbers follow the body)."""
    for child in body.iterchildren():
        tag = child.tag
        if tag == W + "p" or tag == W + "tbl":
            yield child
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is None:
                continue
            if skip_contents and _is_table_of_contents(child):
                yield from (None for _ in content.iter(W + "p"))
            else:
                yield from _body_blocks(content, skip_contents=skip_contents)
        elif tag in (W + "ins", W + "moveTo", W + "customXml"):
            yield from _body_blocks(child, skip_contents=skip_contents)


def _is_table_of_contents(sdt: Any) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and (gallery.get(W + "val") or "").lower() == "table of contents"


def paragraph_text(p: Any) -> str:
    """The shown text of a paragraph: inserted revisions in, deleted ones and field codes out."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            parts.append("\t")
        elif tag == W + "br" or tag == W + "cr":
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            _collect(child, parts)


def cell_text(tc: Any) -> str:
    """A cell's paragraphs and nested tables, space-separated."""
    texts: list[str] = []
    for block in _body_blocks(tc):
        if block.tag == W + "p":
            texts.append(paragraph_text(block))
        else:
            texts.extend(cell_text(inner) for row in block.iterchildren(W + "tr") for inner in row.iterchildren(W + "tc"))
    return " ".join(t for t in texts if t.strip())


def _grid_span(tc: Any) -> int:
    value = tc.find(f"{W}tcPr/{W}gridSpan")
    span = _int_attr(value, "val") if value is not None else None
    return span if span is not None and 1 <= span <= 64 else 1


def _grid_before(tr: Any) -> int:
    """Grid columns left out before the row's first cell (w:gridBefore)."""
    value = tr.find(f"{W}trPr/{W}gridBefore")
    before = _int_attr(value, "val") if value is not None else None
    return before if before is not None and 0 <= before <= 64 else 0


def _vertical_merge(tc: Any) -> str | None:
    """ "restart" for the first cell of a vertical merge, "continue" for the cells it
    covers below (w:vMerge without a value continues), None for an unmerged cell."""
    element = tc.find(f"{W}tcPr/{W}vMerge")
    if element is None:
        return None
    return "restart" if element.get(W + "val") == "restart" else "continue"


def _int_attr(element: Any, name: str) -> int | None:
    raw = element.get(W + name)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _paragraph_style_id(p: Any) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def _outline_level(p: Any) -> int | None:
    element = p.find(f"{W}pPr/{W}outlineLvl")
    return _level_from_outline(element)


def _level_from_outline(element: Any) -> int | None:
    if element is None:
        return None
    value = _int_attr(element, "val")
    return value + 1 if value is not None and 0 <= value < MAX_HEADING_LEVEL else None


def _paragraph_numbering(p: Any) -> tuple[str, int] | None:
    return _numbering_of(p.find(f"{W}pPr/{W}numPr"))


def _numbering_of(num_pr: Any) -> tuple[str, int] | None:
    if num_pr is None:
        return None
    num_id = num_pr.find(W + "numId")
    if num_id is None:
        return None
    ilvl_element = num_pr.find(W + "ilvl")
    ilvl = _int_attr(ilvl_element, "val") if ilvl_element is not None else 0
    return (num_id.get(W + "val") or "", ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0)


def _default_paragraph_styles(document: Any) -> Iterator[tuple[str, bool]]:
    for style in document.styles.element.iterchildren(W + "style"):
        if style.get(W + "type") == "paragraph":
            yield style.get(W + "styleId") or "", style.get(W + "default") in ("1", "true", "on")


def _style_table(document: Any) -> dict[str, _StyleInfo]:
    """Heading level and numbering of every paragraph style, following ``basedOn``."""
    raw: dict[str, tuple[str, str | None, int | None, tuple[str, int] | None]] = {}
    for style in document.styles.element.iterchildren(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        style_id = style.get(W + "styleId") or ""
        name_element = style.find(W + "name")
        name = (name_element.get(W + "val") or "") if name_element is not None else ""
        based = style.find(W + "basedOn")
        outline = _level_from_outline(style.find(f"{W}pPr/{W}outlineLvl"))
        numbering = _numbering_of(style.find(f"{W}pPr/{W}numPr"))
        raw[style_id] = (name, based.get(W + "val") if based is not None else None, outline, numbering)

    def resolve(style_id: str, depth: int = 0) -> _StyleInfo:
        name, based_on, outline, numbering = raw[style_id]
        match = _HEADING_STYLE.match(name.strip()) or _HEADING_STYLE.match(style_id)
        level = int(match.group(1)) if match else outline
        if based_on in raw and depth < 10 and (level is None or numbering is None):
            parent = resolve(based_on, depth + 1)
            level = level if level is not None else parent.level
            numbering = numbering if numbering is not None else parent.numbering
        is_contents = bool(_CONTENTS_STYLE.match(name.strip()) or _CONTENTS_STYLE.match(style_id))
        return _StyleInfo(level if level is not None and level <= MAX_HEADING_LEVEL else None, numbering, is_contents)

    return {style_id: resolve(style_id) for style_id in raw}


def _numbering_definitions(document: Any) -> dict[str, tuple[str, dict[int, NumberFormat]]]:
    """numId → (the list it counts in, the format of each level) from numbering.xml."""
    try:
        part = document.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering")
    except KeyError:
        return {}
    root = part.element
    abstract: dict[str, dict[int, NumberFormat]] = {}
    for element in root.iterchildren(W + "abstractNum"):
        levels: dict[int, NumberFormat] = {}
        for lvl in element.iterchildren(W + "lvl"):
            ilvl = _int_attr(lvl, "ilvl")
            if ilvl is None:
                continue
            fmt = lvl.find(W + "numFmt")
            text = lvl.find(W + "lvlText")
            start = lvl.find(W + "start")
            suffix = lvl.find(W + "suff")
            levels[ilvl] = NumberFormat(
                kind=(fmt.get(W + "val") if fmt is not None else None) or "decimal",
                template=(text.get(W + "val") if text is not None else None) or "",
                start=(_int_attr(start, "val") if start is not None else None) or 1,
                suffix=_SUFFIXES.get(suffix.get(W + "val") if suffix is not None else "tab", "\t"),
            )
        abstract[element.get(W + "abstractNumId") or ""] = levels
    definitions: dict[str, tuple[str, dict[int, NumberFormat]]] = {}
    for num in root.iterchildren(W + "num"):
        ref = num.find(W + "abstractNumId")
        abstract_id = ref.get(W + "val") if ref is not None else None
        if abstract_id not in abstract:
            continue
        levels = dict(abstract[abstract_id])
        for override in num.iterchildren(W + "lvlOverride"):
            ilvl = _int_attr(override, "ilvl")
            start = override.find(W + "startOverride")
            if ilvl in levels and start is not None:
                value = _int_attr(start, "val")
                if value is not None:
                    base = levels[ilvl]
                    levels[ilvl] = NumberFormat(base.kind, base.template, value, base.suffix)
        definitions[num.get(W + "numId") or ""] = (abstract_id or "", levels)
    return definitions
