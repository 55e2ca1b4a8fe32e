"""Writing a user's file without ever leaving it half written: every write of one — a
fixed report, the ``-o`` output, a baseline — goes through ``AtomicWriter``.

The new content goes to a temporary file in the same folder, is flushed to the disk,
takes the old file's mode (and owner, where this process may set it) and is moved over
the old file with ``os.replace`` only once complete. A failure at any point — a full
disk, ``ulimit -f``, an interrupted run, a file someone else saved meanwhile — leaves the
old file as it was, byte for byte, and removes the temporary one.

A symbolic link is written through: the link stays, the file it points to gets the new
content. Devices and pipes (``-o /dev/null``, ``-o /dev/stdout``) are written directly,
as there is nothing on them to lose and a device node must not become a file.
"""

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO


class FileChanged(Exception):
    """The file on disk is no longer the one that was read: another program wrote it."""


@dataclass(frozen=True, slots=True)
class FileStamp:
    """Which file, and which version of it, a path held when it was read."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> "FileStamp":
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class ReadVersion:
    """A file as it was read: it is replaced only if it is still exactly this."""

    stamp: FileStamp
    content: bytes


def read_version(path: Path) -> ReadVersion:
    """Read ``path``, noting which version of the file the bytes are (raises OSError)."""
    with open(path, "rb") as handle:
        stamp = FileStamp.of(os.fstat(handle.fileno()))
        return ReadVersion(stamp, handle.read())


class AtomicWriter:
    """A new version of ``path``: write to ``file`` (bytes, or text when ``encoding`` is
    given), then ``commit()`` to put it in place or ``discard()`` to drop it. As a context
    manager it commits on success and discards on an exception.

    With ``unchanged``, ``commit()`` raises ``FileChanged`` (and writes nothing) unless the
    file on disk is still that version. Opening raises OSError when the folder cannot take
    a new file or ``path`` is a directory, so a caller can find out before doing the work.
    """

    def __init__(self, path: Path, *, encoding: str | None = None, unchanged: ReadVersion | None = None) -> None:
        self.path = Path(os.path.realpath(path))
        self.unchanged = unchanged
        self._temporary: Path | None = None
        # Looked at through the name given: /dev/stdout on a pipe resolves to a name
        # (/proc/…/fd/pipe:[…]) that cannot be opened, though the link itself can.
        existing = _stat(Path(path))
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            fd = os.open(path, os.O_WRONLY)  # a device or a pipe: nothing to keep
        else:
            fd, self._temporary = _create_beside(self.path)
            if existing is not None:
                _keep_owner_and_mode(fd, existing)
        self.file: IO = os.fdopen(fd, "w", encoding=encoding) if encoding else os.fdopen(fd, "wb")

    def commit(self) -> None:
        """Put the new content in place; on any failure nothing changes and the error is raised."""
        try:
            self.file.flush()
            if self._temporary is not None:
                os.fsync(self.file.fileno())  # on the disk before it takes the old file's place
            self.file.close()
            if self._temporary is None:
                return
            if self.unchanged is not None:
                _check_unchanged(self.path, self.unchanged)
            os.replace(self._temporary, self.path)
            self._temporary = None
        except BaseException:
            self.discard()
            raise
        _sync_folder(self.path.parent)

    def discard(self) -> None:
        """Drop the new content: the old file stays as it was."""
        try:
            self.file.close()
        except OSError:
            pass  # the flush of what was buffered failed: it is being dropped anyway
        if self._temporary is not None:
            try:
                os.unlink(self._temporary)
            except OSError:
                pass
            self._temporary = None

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def replace_file(path: Path, data: bytes, *, unchanged: ReadVersion | None = None) -> None:
    """Store ``data`` as ``path`` through an ``AtomicWriter`` (raises OSError, FileChanged)."""
    with AtomicWriter(path, unchanged=unchanged) as writer:
        writer.file.write(data)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new hidden file in ``path``'s folder (hidden, so a folder walk skips it), created
    exclusively with the mode a new file gets (0666 less the umask)."""
    stem = path.name[:200]  # room for the suffix within the longest name a folder takes
    for _ in range(100):
        candidate = path.with_name(f".{stem}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))


def _keep_owner_and_mode(fd: int, original: os.stat_result) -> None:
    created = os.fstat(fd)
    if (created.st_uid, created.st_gid) != (original.st_uid, original.st_gid):
        try:  # only root may give a file away; a group we belong to is allowed
            os.fchown(fd, original.st_uid, original.st_gid)
        except OSError:
            try:
                os.fchown(fd, -1, original.st_gid)
            except OSError:
                pass
    os.fchmod(fd, stat.S_IMODE(original.st_mode))  # after chown, which may clear set-id bits


def _check_unchanged(path: Path, expected: ReadVersion) -> None:
    try:
        now = read_version(path)
    except FileNotFoundError:
        raise FileChanged(str(path)) from None
    if now != expected:
        raise FileChanged(str(path))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; where a folder cannot be opened, the file is in place anyway."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (OSError, AttributeError):
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
