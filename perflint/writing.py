"""Writing a fixed report back as it was stored: same encoding, same byte-order mark,
same line ends.

``Source.text`` has ``\\n`` only; a file may use CRLF or CR, or a mix. Every line gets
back the line end it had, a line the fixes changed too; lines joined into one end as the
last of them did; a line break the fixes add gets the file's dominant line end. A report
read from stdin comes back the same way, from the bytes read.

The file is replaced through perflint.atomic, and only if it is still the version that
was read: a save by another program in the meantime wins, and perflint says so.
"""

import errno
import os
from difflib import SequenceMatcher
from pathlib import Path

from perflint.atomic import FileChanged, ReadVersion, read_version, replace_file
from perflint.fixable import WRITABLE_FORMATS
from perflint.patterns import lazy
from perflint.sources import LoadError, Source, decode_bytes, source_from_bytes

_NEWLINE = lazy(r"\r\n|\r|\n")
_BYTE_ORDER_MARKS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ENCODING_WITH_MARK = {
    b"\xff\xfe\x00\x00": "utf-32-le",
    b"\x00\x00\xfe\xff": "utf-32-be",
    b"\xef\xbb\xbf": "utf-8",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}


class WriteError(Exception):
    """The fixed text cannot be stored the way the file was."""


def encode_like(source: Source, text: str, original: bytes | None = None) -> bytes:
    """``text`` (``\\n`` newlines) encoded as ``original`` — the file's bytes as read —
    was, or as ``source`` says it was when the bytes are not at hand (stdin)."""
    raw_original = None
    mark = b""
    encoding = source.encoding
    if original is not None:
        raw_original, _, _ = decode_bytes(original, source.path)
        mark = next((m for m in _BYTE_ORDER_MARKS if original.startswith(m)), b"")
    elif source.had_bom and source.encoding == "utf-8":
        mark = b"\xef\xbb\xbf"  # (Python's utf-16 and utf-32 codecs write their own)
    if mark:
        encoding = _ENCODING_WITH_MARK[mark]
    restored = restore_newlines(raw_original, text, source.newline)
    try:
        return mark + restored.encode(encoding)
    except UnicodeEncodeError as exc:
        raise WriteError(f"the fixed text has “{exc.object[exc.start : exc.end]}”, which {encoding} cannot store") from None


def restore_newlines(raw_original: str | None, text: str, dominant: str) -> str:
    """``text`` with each line end as the original had it on the same line."""
    if raw_original is None or "\r" not in raw_original:
        return text if dominant == "\n" else text.replace("\n", dominant)
    kinds = set(_NEWLINE.findall(raw_original))
    if len(kinds) == 1:
        return text.replace("\n", kinds.pop())
    original_lines = _NEWLINE.split(raw_original)
    original_ends = _NEWLINE.findall(raw_original)
    lines = text.split("\n")
    ends = [dominant] * (len(lines) - 1)
    matcher = SequenceMatcher(None, original_lines, lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("equal", "replace"):
            continue  # inserted lines keep the dominant end; deleted ones take theirs with them
        for offset in range(j2 - j1):
            # The last line of a block ends as the block did (two lines joined end as the
            # second did); the others as the line in the same place, if there is one.
            last = offset == j2 - j1 - 1
            source = i2 - 1 if last else i1 + offset
            if not last and source >= i2 - 1:
                continue  # a line break the fixes added
            if source < len(original_ends) and j1 + offset < len(ends):
                ends[j1 + offset] = original_ends[source]
    return "".join(line + end for line, end in zip(lines, ends + [""]))


def fixed_bytes(source: Source, text: str, original: bytes) -> bytes:
    """The bytes to store for the fixed ``text`` of a report read as ``original``."""
    if source.format not in WRITABLE_FORMATS:
        raise WriteError(f"fixes cannot be written into a .{source.format} file; see them with --diff and make them in the document")
    return encode_like(source, text, original)


def fixed_version(path: Path, source: Source, text: str) -> tuple[ReadVersion, bytes]:
    """The file at ``path`` as it is now, which must still be the report ``source`` was
    read from, and the bytes to store for its fixed ``text`` (raises WriteError)."""
    try:
        version = read_version(path)
    except OSError as exc:
        raise WriteError(f"cannot read it again to write the fixes: {exc.strerror or exc}") from None
    try:
        if source_from_bytes(version.content, source.path, source.format).text != source.text:
            raise WriteError("the file changed while it was being fixed; nothing written")
    except LoadError as exc:
        raise WriteError(f"the file changed while it was being fixed ({exc.reason}); nothing written") from None
    return version, fixed_bytes(source, text, version.content)


def write_fixed(path: Path, source: Source, text: str) -> None:
    """Store the fixed text over the file it came from, unless the file changed
    since it was read."""
    version, data = fixed_version(path, source, text)
    if not os.access(path, os.W_OK):  # replacing it would succeed in a writable folder: the file's own permission decides
        raise WriteError(f"cannot write: {os.strerror(errno.EACCES)}")
    try:
        replace_file(path, data, unchanged=version)
    except FileChanged:
        raise WriteError("the file changed while it was being fixed; nothing written") from None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
