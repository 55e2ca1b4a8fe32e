"""LSP's base protocol — ``Content-Length`` framed messages — read from a byte stream
without trusting the header.

pygls's own reader believes whatever length it is given: ``Content-Length: 99999999999``
makes it allocate that much and die, and a length it cannot parse (``-5``) leaves it
reading bodies as headers for the rest of the session. This reader bounds every header
line, the number of header lines and the body, and after a frame it cannot read it
looks for the next ``Content-Length:`` instead of giving up, so one bad message costs
that message only.
"""

import re
from dataclasses import dataclass
from typing import Protocol

# A 20 MB report (perflint's --max-file-size) in a didOpen, with every CJK character
# escaped as \\uXXXX (6 bytes for 3 in UTF-8), fits with room to spare.
MAX_BODY = 64 * 1024 * 1024
MAX_HEADER_LINE = 4096
MAX_HEADER_LINES = 32
_SCAN_CHUNK = 64 * 1024

_MARKER = b"content-length:"
_HEADER = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*")
_DIGITS = re.compile(rb"[0-9]{1,20}")


class ByteStream(Protocol):
    """What is read from: ``sys.stdin.buffer`` or any blocking binary stream."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class FrameError:
    """A frame that could not be read, and why."""

    reason: str


class _Refused(Exception):
    pass


class FrameReader:
    """Reads message bodies from ``stream``, one per ``next()``."""

    def __init__(self, stream: ByteStream, max_body: int = MAX_BODY) -> None:
        self._stream = stream
        self._max_body = max_body
        self._pushed_back = b""
        self._lost = False  # a bad frame was met: look for the next header first

    def next(self) -> bytes | FrameError | None:
        """The next body; a ``FrameError`` for a frame that could not be read (the
        following call resynchronises on the next header); ``None`` at the end."""
        if self._lost:
            self._lost = False
            if not self._find_next_header():
                return None
        try:
            length = self._read_header()
        except _Refused as refused:
            self._lost = True
            return FrameError(str(refused))
        if length is None:
            return None
        body = self._read(length)
        if len(body) < length:
            return None  # the stream ended inside the body
        return body

    def _read_header(self) -> int | None:
        length: int | None = None
        for _ in range(MAX_HEADER_LINES):
            line = self._readline(MAX_HEADER_LINE + 2)
            if not line:
                return None
            if not line.endswith(b"\n"):
                self._pushed_back = line[1:] + self._pushed_back
                raise _Refused(f"a header line is longer than {MAX_HEADER_LINE} bytes")
            line = line.rstrip(b"\r\n")
            if not line:
                if length is None:
                    raise _Refused("a message without a Content-Length header")
                return length
            header = _HEADER.fullmatch(line)
            if header is None:
                # Keep all but its first byte: the next message's header may follow a
                # body that came without one, on the same line.
                self._pushed_back = line[1:] + b"\n" + self._pushed_back
                raise _Refused("expected a header (Content-Length: N)")
            if header.group(1).lower() != b"content-length":
                continue  # Content-Type, or a header of some later version: not needed
            if length is not None:
                raise _Refused("Content-Length is given twice")
            value = header.group(2)
            if not _DIGITS.fullmatch(value):
                raise _Refused(f"Content-Length is not a number of bytes: {value[:40].decode('ascii', 'replace')!r}")
            length = int(value)
            if length > self._max_body:
                raise _Refused(f"Content-Length {length} is over the limit of {self._max_body} bytes")
        raise _Refused(f"more than {MAX_HEADER_LINES} header lines")

    def _find_next_header(self) -> bool:
        """Skip input up to the next ``Content-Length:`` (any case); False at the end."""
        carry = b""
        while True:
            chunk = self._readline(_SCAN_CHUNK)
            if not chunk:
                return False
            data = carry + chunk
            at = data.lower().find(_MARKER)
            if at >= 0:
                self._pushed_back = data[at:] + self._pushed_back
                return True
            carry = data[-(len(_MARKER) - 1) :]

    def _readline(self, limit: int) -> bytes:
        if self._pushed_back:
            end = self._pushed_back.find(b"\n", 0, limit)
            cut = end + 1 if end >= 0 else min(limit, len(self._pushed_back))
            line, self._pushed_back = self._pushed_back[:cut], self._pushed_back[cut:]
            if line.endswith(b"\n") or len(line) == limit:
                return line
            return line + self._stream.readline(limit - len(line))
        return self._stream.readline(limit)

    def _read(self, size: int) -> bytes:
        taken, self._pushed_back = self._pushed_back[:size], self._pushed_back[size:]
        parts = [taken]
        missing = size - len(taken)
        while missing > 0:
            part = self._stream.read(missing)
            if not part:
                break
            parts.append(part)
            missing -= len(part)
        return b"".join(parts)
