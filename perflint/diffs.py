"""``--diff``: a report's fixes as a unified diff that ``patch -p1`` (or ``git apply``)
applies from the current folder, giving exactly the bytes ``--fix`` would write.

The diff is made of the file's own bytes — its encoding (GB18030, UTF-8 with or without
a byte-order mark), each line's own ending (LF, CRLF, or a mix) — compared line by line
as patch reads lines (up to each LF), with git's ``\\ No newline at end of file`` where a
file does not end in one. A UTF-16 or UTF-32 report, which patch cannot read, is shown
in UTF-8 instead (its lines and their endings as they are).

The header names the file relative to the current folder (``--- a/reports/r.md``); a
file outside it is named by its absolute path without the leading ``/``, as
``git diff --no-index`` names it (apply that one with ``patch -p1 -d /``). A name with
spaces, quotes or backslashes is quoted as git quotes it, which patch reads too.
"""

import difflib
import os
import re
from pathlib import PurePath

_LINE = re.compile(rb"[^\n]*\n|[^\n]+\Z")
_TEXT_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_NEEDS_QUOTES = re.compile(r'[\s"\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def diff_path(shown: str) -> str:
    """The path a diff names the report by (without ``a/`` or ``b/``)."""
    absolute = os.path.abspath(shown)
    relative = os.path.relpath(absolute, os.getcwd())
    if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
        return PurePath(relative).as_posix()
    return PurePath(absolute).as_posix().lstrip("/")


def _header(side: str, path: str) -> bytes:
    name = f"{side}/{path}"
    if _NEEDS_QUOTES.search(name):
        name = '"' + "".join(_ESCAPES.get(ch, f"\\{ord(ch):03o}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch) for ch in name) + '"'
    return os.fsencode(name)


def unified_diff(path: str, before: bytes, after: bytes, encoding: str) -> bytes:
    """The diff of a report stored as ``before`` (the file's bytes, or stdin's) and fixed
    as ``after`` (what --fix writes), in ``encoding`` (the report's, as it was read)."""
    if encoding.startswith(("utf-16", "utf-32")):
        old = [line.encode("utf-8") for line in _TEXT_LINE.findall(before.decode(encoding))]
        new = [line.encode("utf-8") for line in _TEXT_LINE.findall(after.decode(encoding))]
    else:
        old, new = _LINE.findall(before), _LINE.findall(after)
    lines = difflib.diff_bytes(difflib.unified_diff, old, new, _header("a", path), _header("b", path), lineterm=b"\n")
    return b"".join(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n" for line in lines)
