"""Reading the members of an untrusted zip archive (a .docx) within fixed limits.

A .docx is a zip file, and a zip file can claim anything: millions of members, a
member that inflates to gigabytes (a zip bomb), sizes in its directory that are
lies. Everything here is decided from the archive's directory before any member is
inflated, and then the bytes actually inflated are counted against the same limits,
so refusing a bomb costs neither time nor memory. Every refusal is a ``LoadError``
with a one-line reason.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from perflint.sources import LoadError, one_line

_MiB = 1024 * 1024
_EOCD_SIGNATURE = b"PK\x05\x06"
_EOCD_SIZE = 22
# The end-of-central-directory record sits in the last 22 bytes plus a comment of at most 64 KiB.
_EOCD_SEARCH = _EOCD_SIZE + 0xFFFF
_READ_CHUNK = 64 * 1024
# A directory entry is 46 bytes and the member's name; Word's names are short.
_DIRECTORY_BYTES_PER_MEMBER = 320
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_RECORD_SIGNATURE = b"PK\x06\x06"
_ZIP64_RECORD_SIZE = 56


@dataclass(slots=True)
class ZipLimits:
    """How much an archive may hold. The defaults fit any real report with room to spare:
    a 500-page Word report has a document.xml of a few tens of MB at most."""

    max_members: int = 5_000
    max_member_size: int = 48 * _MiB  # uncompressed size of any one member
    max_total_size: int = 256 * _MiB  # uncompressed size of all members together, as declared
    max_read_size: int = 96 * _MiB  # bytes actually inflated, all members together
    max_ratio: int = 200  # uncompressed / compressed, for members larger than ratio_floor
    ratio_floor: int = 1 * _MiB  # small members may compress as well as they like


DEFAULT_LIMITS = ZipLimits()


def read_members(
    data: bytes,
    path: str,
    limits: ZipLimits = DEFAULT_LIMITS,
    *,
    kind: str = "zip archive",
    wanted: Callable[[str], bool] | None = None,
) -> dict[str, bytes | None]:
    """The members of the archive ``data`` after checking them all against ``limits``:
    each one ``wanted`` (default: all) inflated, the others mapped to ``None``."""
    _check_directory_record(data, path, limits, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError, struct.error) as exc:
        raise LoadError(path, f"corrupt {kind}: {_reason(exc)}") from None
    with archive:
        infos = archive.infolist()
        _check_declared_sizes(infos, path, limits, kind)
        members: dict[str, bytes | None] = {}
        budget = limits.max_read_size
        for info in infos:
            if info.is_dir():
                continue
            if wanted is not None and not wanted(info.filename):
                members[info.filename] = None
                continue
            if info.file_size > budget:
                raise LoadError(path, f"refused (zip bomb?): members inflate to more than {limits.max_read_size} bytes in total")
            content = _inflate(archive, info, path, kind)
            budget -= len(content)
            members[info.filename] = content
    return members


def _check_directory_record(data: bytes, path: str, limits: ZipLimits, kind: str) -> None:
    """Read the member count from the end record before ``zipfile`` builds an object per member."""
    position = data.rfind(_EOCD_SIGNATURE, max(0, len(data) - _EOCD_SEARCH))
    if position < 0 or position + _EOCD_SIZE > len(data):
        raise LoadError(path, f"corrupt {kind}: no zip directory at the end (truncated or not a zip file)")
    entries, directory_size = struct.unpack_from("<HI", data, position + 10)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # the real values are in the ZIP64 record
        entries, directory_size = _zip64_counts(data, position, path, kind)
    if entries > limits.max_members:
        raise LoadError(path, f"refused: the {kind} has {entries} members, more than the limit of {limits.max_members}")
    if directory_size > position:
        raise LoadError(path, f"corrupt {kind}: its directory claims {directory_size} bytes but only {position} precede it")
    # zipfile reads as many entries as the directory's size holds, whatever the count says.
    if directory_size > limits.max_members * _DIRECTORY_BYTES_PER_MEMBER:
        raise LoadError(path, f"refused: the {kind} directory is {directory_size} bytes, too large for {limits.max_members} members")


def _zip64_counts(data: bytes, eocd: int, path: str, kind: str) -> tuple[int, int]:
    locator = eocd - _ZIP64_LOCATOR_SIZE
    if locator < 0 or data[locator : locator + 4] != _ZIP64_LOCATOR_SIGNATURE:
        raise LoadError(path, f"corrupt {kind}: its end record points to a ZIP64 record that is not there")
    (record,) = struct.unpack_from("<Q", data, locator + 8)
    if record + _ZIP64_RECORD_SIZE > locator or data[record : record + 4] != _ZIP64_RECORD_SIGNATURE:
        raise LoadError(path, f"corrupt {kind}: its ZIP64 end record is missing or out of place")
    entries, directory_size = struct.unpack_from("<QQ", data, record + 32)
    return entries, directory_size


def _check_declared_sizes(infos: list[zipfile.ZipInfo], path: str, limits: ZipLimits, kind: str) -> None:
    if len(infos) > limits.max_members:
        raise LoadError(path, f"refused: the {kind} has {len(infos)} members, more than the limit of {limits.max_members}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise LoadError(path, f"corrupt {kind}: member {name!r} appears twice")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise LoadError(path, f"{kind} member {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise LoadError(path, f"unsupported {kind}: member {name!r} uses compression method {info.compress_type}")
        if info.file_size > limits.max_member_size:
            raise LoadError(
                path,
                f"refused (zip bomb?): member {name!r} declares {info.file_size} bytes uncompressed, over the limit of {limits.max_member_size}",
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise LoadError(path, f"refused (zip bomb?): member {name!r} would inflate {ratio} times, over the limit of {limits.max_ratio}")
        total += info.file_size
        if total > limits.max_total_size:
            raise LoadError(path, f"refused (zip bomb?): members declare over {limits.max_total_size} bytes uncompressed in total")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, kind: str) -> bytes:
    """Inflate one member, stopping as soon as it yields more than it declared (already checked
    against the limits): ``zipfile`` trusts the declared size, this does not."""
    cap = info.file_size
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_READ_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise LoadError(
                        path, f"refused (zip bomb?): member {info.filename!r} inflates past its declared {info.file_size} bytes"
                    )
                chunks.append(chunk)
    except LoadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, struct.error) as exc:
        raise LoadError(path, f"corrupt {kind}: member {info.filename!r}: {_reason(exc)}") from None
    if size != info.file_size:
        raise LoadError(path, f"corrupt {kind}: member {info.filename!r} holds {size} bytes, not the {info.file_size} it declares")
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    return one_line(exc, 200) or type(exc).__name__
