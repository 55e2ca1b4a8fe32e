"""Loading report files into ``Source``: decoded, newline-normalised text.

Everything downstream sees only ``Source.text``. Loading problems are raised as
``LoadError`` with a one-line reason; the CLI reports them per file and goes on.
"""

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.origins import Origin, OriginMap
from perflint.patterns import lazy

if TYPE_CHECKING:  # the readers import this module
    from perflint.readers.budget import ReadBudget

# Suffix → format for files found by walking a directory. A file named explicitly on
# the command line is read whatever its suffix, as text unless the suffix says otherwise.
REPORT_SUFFIXES: dict[str, str] = {".md": "md", ".markdown": "md", ".txt": "txt", ".docx": "docx", ".pdf": "pdf"}

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024

LONE_SURROGATES = lazy("[\ud800-\udfff]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class LoadError(Exception):
    """A file that cannot be linted, with the reason in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def one_line(exc: BaseException, limit: int) -> str:
    """The message of ``exc`` with its whitespace collapsed, cut at ``limit`` characters,
    to fit in a ``LoadError`` reason. It may be empty: the caller says what stands in."""
    return " ".join(str(exc).split())[:limit]


@dataclass(slots=True)
class Source:
    """One report as text. ``text`` uses ``\\n`` only and has no BOM."""

    path: str
    text: str
    format: str = "md"
    encoding: str = "utf-8"
    newline: str = "\n"
    had_bom: bool = False
    # For text extracted from .docx/.pdf: where each stretch of ``text`` came from.
    origins: OriginMap | None = None

    def origin_at(self, offset: int) -> Origin | None:
        """The paragraph, table cell or page that ``offset`` was extracted from, if known."""
        return self.origins.at(offset) if self.origins is not None else None


def source_from_text(text: str, path: str = "<text>", format: str = "md") -> Source:
    """A ``Source`` from already-decoded text (stdin, the language server, tests)."""
    newline = _dominant_newline(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = LONE_SURROGATES.sub("", text)
    if text.startswith("\ufeff"):
        return Source(path, text[1:], format, "utf-8", newline, had_bom=True)
    return Source(path, text, format, "utf-8", newline)


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def decode_bytes(data: bytes, path: str) -> tuple[str, str, bool]:
    """Decode report bytes: BOM first, then UTF-8, then GB18030 (a superset of GBK).

    Returns the text, the encoding name and whether a BOM was present.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    path, f"cannot decode as {encoding} despite its byte-order mark ({exc.reason} at byte {exc.start})"
                ) from None
            return text.lstrip("\ufeff"), encoding.removesuffix("-sig"), True
    kind = _binary_kind(data)
    if kind:
        raise LoadError(path, f"binary file ({kind}), not a text report")
    nul = data.find(b"\x00")
    if nul >= 0:
        count = data.count(b"\x00")
        # A few stray NULs in what is otherwise text (a bad conversion) get their own reason.
        if count <= max(16, len(data) // 100) and _decodes(data.replace(b"\x00", b"")):
            raise LoadError(
                path, f"text with {count} NUL byte{'s' if count > 1 else ''}, the first on line {_line_of(data, nul)}; remove them"
            )
        raise LoadError(path, "binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    if _damaged_utf8(data):
        raise LoadError(
            path,
            f"invalid UTF-8 (byte 0x{data[first_bad]:02x} on line {_line_of(data, first_bad)}) in an otherwise UTF-8 file; fix or re-save it as UTF-8",
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_chinese_text(text):
        return text, "gb18030", False
    raise LoadError(
        path,
        f"cannot decode: neither UTF-8 (invalid byte 0x{data[first_bad]:02x} at offset {first_bad}) nor GB18030/GBK text",
    )


# Files that end up named .md or .txt although they are something else.
_MAGIC = (
    (b"%PDF-", "a PDF document; name it .pdf"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file, perhaps a Word 97-2003 .doc; save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
)


_CONTROLS = lazy("[\x00-\x08\x0b\x0e-\x1f]")


# Zip archives that are office files other than Word's, by the first name of their
# members (perflint.readers.docx says the same of a .docx that is one of them).
OTHER_ZIP_KINDS = (
    ("xl/", "an Excel workbook (.xlsx)"),
    ("ppt/", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
)


def _binary_kind(data: bytes) -> str | None:
    kind = next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)
    if kind is None or not data.startswith(b"PK\x03\x04"):
        return kind
    # Member names are stored uncompressed: found in the bytes.
    if b"word/" in data:
        return "a Word document; name it .docx"
    return next((named for member, named in OTHER_ZIP_KINDS if member.encode() in data), "a zip archive")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decodes(data: bytes) -> bool:
    """The bytes read as text: they decode, and control characters are rare."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
        if not _looks_like_chinese_text(text):
            return False
    return len(_CONTROLS.findall(text)) <= len(text) // 100


def _damaged_utf8(data: bytes) -> bool:
    """Mostly well-formed UTF-8 with a few bad bytes: damage, not another encoding.
    (GBK text read as UTF-8 is almost nothing but bad bytes.)"""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good >= 10 * bad


def _looks_like_chinese_text(text: str) -> bool:
    """GB18030 decodes almost any bytes; accept it only if the result reads as text."""
    plausible = 0
    for ch in text:
        code = ord(ch)
        if (
            0x20 <= code < 0x7F
            or ch in "\n\r\t"
            or 0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or 0x2010 <= code <= 0x206F
            or 0x2460 <= code <= 0x24FF
        ):
            plausible += 1
    return plausible >= 0.95 * len(text)


def load_path(path: Path, display: str | None = None, max_size: int = DEFAULT_MAX_FILE_SIZE, budget: "ReadBudget | None" = None) -> Source:
    """Read and decode (or, for .docx and .pdf, extract within ``budget``) one report file."""
    shown = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(shown, "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)")
        if info.st_size > max_size:
            raise LoadError(shown, f"file is {info.st_size} bytes, over the size limit of {max_size} bytes (--max-file-size)")
        with path.open("rb") as stream:
            data = stream.read(max_size + 1)  # the file may have grown since stat()
        if len(data) > max_size:
            raise LoadError(shown, f"file is over the size limit of {max_size} bytes (--max-file-size)")
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError(shown, "no such file" + (" (a dangling symbolic link)" if path.is_symlink() else "")) from None
    except IsADirectoryError:
        raise LoadError(shown, "is a directory") from None
    except PermissionError:
        raise LoadError(shown, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError(shown, "symbolic link loop") from None
        raise LoadError(shown, f"cannot read: {exc.strerror or exc}") from None
    return source_from_bytes(data, shown, REPORT_SUFFIXES.get(path.suffix.lower(), "txt"), budget)


# Formats of reports perflint does not read, by suffix, with how to convert them: the
# Word 97-2003 binary format, still common in government offices, and WPS's own.
NOT_READ_SUFFIXES = {
    ".doc": "a Word 97-2003 .doc file, a format perflint does not read; open it in Word or WPS and save it as .docx "
    "(文件 → 另存为 → Word 文档 .docx)",
    ".wps": "a WPS .wps file, a format perflint does not read; open it in WPS and save it as .docx (文件 → 另存为 → Word 文件 .docx)",
}


def source_from_bytes(data: bytes, path: str, format: str, budget: "ReadBudget | None" = None) -> Source:
    """Decode bytes read from a file or stdin into a ``Source``; .docx and .pdf are
    extracted by their readers, in a reader process within ``budget`` (the default
    budget when None; perflint.readers.budget)."""
    not_read = NOT_READ_SUFFIXES.get(os.path.splitext(path)[1].lower())
    if not_read is not None:
        raise LoadError(path, not_read)
    if not data.strip():
        raise LoadError(path, "empty file")
    if format in ("docx", "pdf"):
        from perflint.readers.budget import DEFAULT_READ_BUDGET, read_office_file

        return read_office_file(data, path, format, budget or DEFAULT_READ_BUDGET)
    text, encoding, had_bom = decode_bytes(data, path)
    source = source_from_text(text, path, format)
    source.encoding = encoding
    source.had_bom = had_bom
    if not source.text.strip():
        raise LoadError(path, "empty file (no text)")
    return source


def iter_report_paths(argument: str) -> Iterator[Path | LoadError]:
    """Expand one command-line path: a file as itself, a directory into its reports.

    Directories are walked in sorted order without following symlinks (no loops);
    hidden directories are skipped. Yields ``LoadError`` for a missing path, a
    directory with no reports, and each folder that cannot be listed (no permission,
    a path longer than the system allows), so the caller records it and goes on.
    """
    path = Path(argument)
    if not os.path.lexists(path):
        yield LoadError(argument, "no such file or directory")
        return
    if not path.is_dir():
        yield path
        return
    found = False
    unlisted: list[LoadError] = []

    def cannot_list(exc: OSError) -> None:
        unlisted.append(LoadError(str(exc.filename or path), f"cannot list the folder: {_walk_error(exc)}"))

    # os.walk reports a folder it cannot list when it gets there, in walking order.
    for root, dirs, files in os.walk(path, onerror=cannot_list, followlinks=False):
        yield from unlisted
        found = found or bool(unlisted)
        unlisted.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.endswith(".expected.json"):
                found = True
                yield Path(root) / name
    yield from unlisted
    found = found or bool(unlisted)
    if not found:
        suffixes = ", ".join(sorted(REPORT_SUFFIXES))
        yield LoadError(argument, f"directory contains no report files ({suffixes})")


def _walk_error(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "its path is longer than the system allows"
    return (exc.strerror or str(exc)).lower()
