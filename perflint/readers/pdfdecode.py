"""Decoding a PDF stream's filters with a bound on what comes out.

pdfminer decodes a stream whole, in memory: a Flate stream can inflate a thousandfold,
LZW (as pdfminer decodes it) as the square of its length, RunLength 64-fold into a
list of ints. Here each filter of a stream's chain runs in turn with the output
bounded: as soon as a stage gives more than the limit, decoding stops and says so.
The last stage's output is counted and, unless asked for, not kept, so measuring a
bomb costs the limit in time and a chunk in memory. The decoders are pdfminer's where
they are public and bounded by nature (LZW yields its output code by code; ASCII85
and ASCIIHex never grow much), and zlib and RunLength here, as pdfminer decodes them.
"""

import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

_CHUNK = 1024 * 1024

FLATE = frozenset({"FlateDecode", "Fl"})
LZW = frozenset({"LZWDecode", "LZW"})
ASCII85 = frozenset({"ASCII85Decode", "A85"})
ASCIIHEX = frozenset({"ASCIIHexDecode", "AHx"})
RUNLENGTH = frozenset({"RunLengthDecode", "RL"})
CCITTFAX = frozenset({"CCITTFaxDecode", "CCF"})
# A PNG or TIFF predictor works row by row, and pdfminer allocates a row up front.
MAX_PREDICTOR_ROW = 1024 * 1024


class Refused(Exception):
    """A stream that is not decoded at all; ``str()`` says why, in a few words."""


@dataclass(slots=True)
class Decoded:
    size: int  # bytes out of the last stage, counted no further than just past the limit
    data: bytes | None  # the bytes, when kept and within the limit

    def over(self, limit: int) -> bool:
        return self.size > limit


def decode_bounded(
    raw: bytes, filters: Sequence[tuple[str, dict[str, Any]]], limit: int, *, keep: bool = False, image: bool = False
) -> Decoded:
    """Run ``raw`` through ``filters`` (names and decode parameters, resolved), never
    producing more than ``limit`` and a chunk at any stage. Raises ``Refused``. In an
    ``image`` the fax codec is passed over as pdfminer passes it: images are not drawn."""
    data = raw
    for index, (name, params) in enumerate(filters):
        _check_predictor(params)
        decoder = _DECODERS.get(name)
        if decoder is None:
            if name in CCITTFAX and not image:
                raise Refused("uses the CCITTFax image codec in a stream that is not an image")
            continue  # passed through (DCT, JPX, JBIG2), or refused by pdfminer itself
        last = index == len(filters) - 1
        if last and not keep:
            size = 0
            for chunk in decoder(data):
                size += len(chunk)
                if size > limit:
                    break
            return Decoded(size, None)
        out = bytearray()
        for chunk in decoder(data):
            out += chunk
            if len(out) > limit:
                return Decoded(len(out), None)
        data = bytes(out)
    return Decoded(len(data), data if keep else None)


def _check_predictor(params: dict[str, Any]) -> None:
    predictor = _int(params.get("Predictor"), 1)
    if predictor < 2:
        return
    row = _int(params.get("Colors"), 1) * _int(params.get("Columns"), 1) * _int(params.get("BitsPerComponent"), 8) // 8
    if row > MAX_PREDICTOR_ROW:
        raise Refused(f"declares predictor rows of {row} bytes")


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _flate(data: bytes) -> Iterator[bytes]:
    # What a damaged stream yields before the damage counts: pdfminer keeps it too.
    inflater = zlib.decompressobj()
    pending: bytes | memoryview = memoryview(data)
    try:
        while pending:
            yield inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                return
    except zlib.error:
        return


def _lzw(data: bytes) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except Exception:  # damaged data ends the output, as for pdfminer
        return


def _run_length(data: bytes) -> Iterator[bytes]:
    """Runs of a length byte and 1–128 bytes to copy, or a byte to repeat 2–128 times; 128 ends."""
    out = bytearray()
    position, end = 0, len(data)
    while position < end:
        length = data[position]
        position += 1
        if length == 128:
            break
        if length < 128:
            out += data[position : position + length + 1]
            position += length + 1
        elif position < end:
            out += data[position : position + 1] * (257 - length)
            position += 1
        if len(out) >= _CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


def _ascii85(data: bytes) -> Iterator[bytes]:
    from pdfminer.ascii85 import ascii85decode

    try:
        yield ascii85decode(data)
    except Exception:
        return


def _ascii_hex(data: bytes) -> Iterator[bytes]:
    from pdfminer.ascii85 import asciihexdecode

    try:
        yield asciihexdecode(data)
    except Exception:
        return


_DECODERS: dict[str, Callable[[bytes], Iterator[bytes]]] = {
    **dict.fromkeys(FLATE, _flate),
    **dict.fromkeys(LZW, _lzw),
    **dict.fromkeys(RUNLENGTH, _run_length),
    **dict.fromkeys(ASCII85, _ascii85),
    **dict.fromkeys(ASCIIHEX, _ascii_hex),
}
