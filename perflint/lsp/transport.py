"""The input pygls reads: the client's messages, each through the frame reader and the
gate, and only the ones the gate lets through.

pygls's ``start_io`` takes the stream it reads from and calls only its ``readline()``
and ``read(n)``; this object is such a stream. Each message that passes is framed
anew with a header pygls cannot misread; each request the gate refuses is answered
here, on the same output pygls writes to (a ``write`` of a buffered stream holds its
lock, so a whole message goes out at once whoever writes it).
"""

import json
import logging
from typing import BinaryIO

from perflint.lsp.framing import FrameReader
from perflint.lsp.gate import Answer, Forward, MessageGate

logger = logging.getLogger(__name__)


class CheckedInput:
    def __init__(self, frames: FrameReader, gate: MessageGate, output: BinaryIO) -> None:
        self.frames = frames
        self.gate = gate
        self.output = output
        self._pending = b""  # the rest of the current message, as pygls will read it
        self._ended = False

    def readline(self) -> bytes:
        self._fill()
        end = self._pending.find(b"\n") + 1 or len(self._pending)
        line, self._pending = self._pending[:end], self._pending[end:]
        return line

    def read(self, size: int) -> bytes:
        self._fill()
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def _fill(self) -> None:
        """Take messages until one is let through (or the input ends)."""
        while not self._pending and not self._ended:
            frame = self.frames.next()
            if frame is None:
                self._ended = True
                return
            verdict = self.gate.check(frame)
            if isinstance(verdict, Forward):
                self._pending = b"Content-Length: %d\r\n\r\n" % len(verdict.body) + verdict.body
            elif isinstance(verdict, Answer):
                logger.warning("error reply: %s", verdict.reason)
                self._send(verdict)
            elif not verdict.quiet:
                logger.warning("%s", verdict.reason)

    def _send(self, answer: Answer) -> None:
        body = json.dumps(answer.response, ensure_ascii=False).encode("utf-8")
        try:
            self.output.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.output.flush()
        except (OSError, ValueError) as exc:  # ValueError: the output is closed (after exit)
            logger.warning("cannot write to the client (%s): stopping", exc)
            self._ended = True
