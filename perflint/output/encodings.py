"""Output on a stream that is not UTF-8: a GBK console (Chinese Windows), an ASCII one
(``LC_ALL=C`` without UTF-8 mode, ``PYTHONIOENCODING=ascii``).

The human formats are written as they are, and the stream replaces what it cannot
show (perflint.cli sets ``errors="backslashreplace"`` on stdout and stderr). A machine
format must stay valid instead, so its text is made to fit first: in JSON (``json``,
``json-lines``, ``sarif``, ``--statistics`` as JSON) each character the encoding
cannot hold becomes its ``\\uXXXX`` escape (the rest is written as it is, readable on
that console); in XML (``junit``), which declares itself UTF-8, every character
outside ASCII becomes a character reference (``&#x62A5;``), so the bytes are the same
in any encoding a console may use. A file written with ``-o`` is always UTF-8.
"""

import codecs
from collections.abc import Callable

from perflint.patterns import lazy

# The encodings that hold every character: nothing to fit.
_UNICODE = ("utf-8", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8-sig")
_NON_ASCII = lazy(r"[^\x00-\x7f]")


def fitter(kind: str | None, encoding: str | None) -> Callable[[str], str] | None:
    """What makes text of ``kind`` (``json``, ``xml`` or None for the human formats)
    fit a stream in ``encoding``; None when nothing is to be done."""
    if kind is None or not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = "ascii"  # an encoding Python does not know: fit to what every encoding holds
    if name in _UNICODE:
        return None
    if kind == "xml":
        return lambda text: _NON_ASCII.sub(lambda match: f"&#x{ord(match.group()):X};", text)
    return lambda text: _NON_ASCII.sub(lambda match: _json_escape(match.group(), name), text)


def _json_escape(character: str, encoding: str) -> str:
    try:
        character.encode(encoding)
        return character
    except UnicodeEncodeError:
        pass
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a character beyond the BMP: its UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
