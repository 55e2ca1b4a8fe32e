"""Text from outside — a file name, a report's words quoted in a message — made safe
to print to a terminal or to put in XML.

A file named ``\\x1b]0;…\\x07.md`` or a report holding ``\\x1b[2J`` would otherwise
drive the terminal that shows perflint's output (retitle it, clear it, fake other
output), and XML 1.0 forbids most control characters outright, so one such name made
the JUnit document unparsable. Such characters are written as their escapes
(``\\x1b``, ``\\n``, ``\\u202e``), which say what was there; a byte of a file name that was not
valid UTF-8 (kept by Python as a lone surrogate) is written as that byte, ``\\xff``.
"""

import re

from perflint.patterns import lazy

# C0 and C1 controls and DEL, lone surrogates, and the bidirectional overrides and
# isolates that can make a line read differently from what it holds.
_TERMINAL_UNSAFE = lazy("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 does not allow at all (tab, line feed and carriage return it does),
# plus the C1 controls and DEL it discourages.
_XML_UNSAFE = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    if match.group() in _SHORT:
        return _SHORT[match.group()]
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character (tabs too, and newlines unless
    ``keep_newlines``, for a format that encodes them itself) written as its escape."""
    if keep_newlines:
        return _TERMINAL_UNSAFE.sub(lambda m: m.group() if m.group() in "\r\n" else _escape(m), text)
    return _TERMINAL_UNSAFE.sub(_escape, text)


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold written as its escape."""
    return _XML_UNSAFE.sub(_escape, text)
