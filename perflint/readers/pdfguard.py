"""Refusing PDF decompression bombs before the PDF parser inflates anything.

A PDF stream compressed with Flate can inflate a thousandfold, and pdfminer inflates
content streams, fonts and object streams whole, in memory. Before it runs, every
Flate stream that is not an image (images are never inflated for text extraction)
is inflated here in small chunks, output discarded, against a per-stream and a total
limit, so a bomb costs at most the limit in time and a chunk in memory.

Streams of an encrypted PDF cannot be checked this way (they are inflated after
decryption); their size is bounded by the file size limit and the parser only.
"""

import re
import zlib
from dataclasses import dataclass

from perflint.sources import LoadError

_MiB = 1024 * 1024
_STREAM = re.compile(rb"(?<![A-Za-z])stream\r?\n")
_DICT_LOOKBACK = 2048
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_CHUNK = 1 * _MiB


@dataclass(slots=True)
class PdfLimits:
    max_stream_size: int = 64 * _MiB  # one inflated stream
    max_total_size: int = 256 * _MiB  # all inflated streams
    max_pages: int = 2_000
    # Drawing instructions of one page, inflated: a Word page has tens of KB; pdfminer
    # interprets about a megabyte a second, so this also bounds the time a page takes.
    max_page_content: int = 8 * _MiB
    max_total_content: int = 64 * _MiB  # all pages (the same stream may be drawn on every page)


DEFAULT_PDF_LIMITS = PdfLimits()


def refuse_stream_bombs(data: bytes, path: str, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> None:
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - _DICT_LOOKBACK) : match.start()]
        dictionary = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if not _FLATE.search(dictionary) or _IMAGE.search(dictionary):
            continue
        end = data.find(b"endstream", start)
        size = _inflated_size(data, start, end if end >= 0 else len(data), limits.max_stream_size)
        if size > limits.max_stream_size:
            raise LoadError(
                path, f"refused (decompression bomb?): a stream at byte {start} inflates to over {limits.max_stream_size} bytes"
            )
        total += size
        if total > limits.max_total_size:
            raise LoadError(path, f"refused (decompression bomb?): its streams inflate to over {limits.max_total_size} bytes in total")


def _inflated_size(data: bytes, start: int, end: int, limit: int) -> int:
    """Bytes the zlib data in ``data[start:end]`` inflates to, counting no further than just past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    view = memoryview(data)[start:end]
    pending: bytes | memoryview = view
    try:
        while pending and size <= limit:
            size += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # not zlib data, or damaged: the parser will say so
    finally:
        view.release()
    return size
