"""Refusing XML parts of a .docx that declare a DTD or entities, whatever their encoding.

Office XML never has a DTD; one in a .docx is an entity-expansion attack or junk. A
byte search for ``<!DOCTYPE`` only sees it in an ASCII-compatible encoding: in UTF-16
or UTF-32 (with or without a byte-order mark) the declaration is spread over wider
characters, and UTF-7 writes ``<`` as ``+ADw-``. So the part's encoding is found as
the XML parser finds it — the byte-order mark, else the layout of the first four
bytes (XML 1.0, appendix F), else the ``encoding`` of the XML declaration — and the
whole part is decoded before the search. OOXML parts are UTF-8 or UTF-16; UTF-32 is
read as well, and any other encoding (UTF-7, EBCDIC, a legacy code page) is refused.
"""

import re

from perflint.sources import LoadError

_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)")
_DTD_BYTES = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# (the first bytes, the encoding they mean), longest first: UTF-32 before UTF-16.
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# "<?" or "<" and a name, in each layout, without a byte-order mark.
_LAYOUTS = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00", "utf-16-be"),
    (b"\x3c\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "EBCDIC"),  # "<?xm" in EBCDIC
)
_DECLARED = re.compile(rb"""^[ \t\r\n]*<\?xml[^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._:-]+)["']""")
_UTF8_NAMES = {"utf8"}
_UTF16_NAMES = {"utf16", "utf16le", "utf16be", "ucs2"}
_UTF32_NAMES = {"utf32", "utf32le", "utf32be", "ucs4"}


def xml_encoding(content: bytes) -> str:
    """The encoding an XML parser reads ``content`` in: a Python codec name for the UTF
    encodings, else the name the file declares (or ``EBCDIC``)."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if content.startswith(mark):
            return encoding
    for layout, encoding in _LAYOUTS:
        if content.startswith(layout):
            return encoding
    declared = _DECLARED.match(content[:1024])
    if declared is None:
        return "utf-8"
    name = declared.group(1).decode("ascii")
    key = name.lower().replace("-", "").replace("_", "")
    # A UTF-16 or UTF-32 declaration in ASCII-compatible bytes is a lie the parser
    # resolves by the bytes: they are read as UTF-8.
    return "utf-8" if key in _UTF8_NAMES | _UTF16_NAMES | _UTF32_NAMES else name


def refuse_dtd(name: str, content: bytes, path: str) -> None:
    """Raise ``LoadError`` if the XML part ``name`` declares a DTD or entities, or is in
    an encoding other than UTF-8, UTF-16 and UTF-32."""
    encoding = xml_encoding(content)
    if not encoding.startswith(("utf-8", "utf-16", "utf-32")):
        raise LoadError(path, f"refused: {name} is encoded in {encoding}; Word documents are UTF-8 or UTF-16")
    # UTF-8 is searched as bytes: it spells ASCII as ASCII, and decoding costs.
    found = _DTD_BYTES.search(content) if encoding == "utf-8" else _DTD.search(content.decode(encoding, errors="replace"))
    if found:
        raise LoadError(path, f"refused: {name} declares a DTD or entities, which Word documents never do")
