"""Where perflint keeps what it can rebuild: the compiled grammar, validated profiles.

``$PERFLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/perflint``, else ``~/.cache/perflint``;
``PERFLINT_NO_CACHE=1`` turns caching off. A cache that cannot be read or written
only costs time.

Cached values are pickles, and loading a pickle runs code, so nothing is loaded that
another user could have written: the cache folder is created ``0700``, and before a
file is read both the folder and the file must be owned by the current user, must
not be symbolic links and must not be writable by group or others. Otherwise the
cache is ignored (with one warning on stderr per run). Files are written to a
``mkstemp`` file in the folder, then moved into place with ``os.replace``.

Every entry is keyed by a fingerprint of perflint's own code and data (the size and
modification time of each file of the package, as Python's ``.pyc`` files are) and
by what it was built from, so a stale entry is never used.
"""

import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from perflint import __version__

T = TypeVar("T")

_warned = False


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("PERFLINT_NO_CACHE"):
        return None
    base = os.environ.get("PERFLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "perflint"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of perflint's version and of every file of the installed package (its
    name, size and modification time)."""
    digest = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}".encode())
    folders = [(Path(__file__).resolve().parent, "")]
    while folders:
        folder, relative = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = relative + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append((Path(entry.path), name + "/"))
                    continue
                info = entry.stat()
            except OSError:
                continue
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def entry_key(*parts: str | bytes) -> str:
    """A key for an entry built from ``parts`` by this perflint."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def _warn(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        print(f"perflint: warning: {message}; the cache is not used", file=sys.stderr)


def _owned_by_me(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _safe(info: os.stat_result) -> bool:
    return _owned_by_me(info) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_dir(create: bool) -> Path | None:
    """The cache folder when it is safe to use, creating it (0700) if asked."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        if not create:
            return None
        try:
            directory.parent.mkdir(parents=True, exist_ok=True)
            directory.mkdir(mode=0o700)
            info = os.lstat(directory)
        except OSError:
            return None
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or not _safe(info):
        _warn(f"{directory} is a link, not a folder, not yours, or writable by others")
        return None
    return directory


def _open_safely(path: Path) -> BinaryIO | None:
    """``path`` opened for reading, if it is a regular file of ours that nobody else can write."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None  # missing, or a symbolic link (O_NOFOLLOW)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or not _safe(info):
        os.close(fd)
        _warn(f"{path} is not a regular file of yours, or is writable by others")
        return None
    return os.fdopen(fd, "rb")


def read(name: str, reader: Callable[[BinaryIO], T]) -> T | None:
    """What ``reader`` makes of the cache file ``name``; None when there is none, it
    is unsafe to read, or ``reader`` fails on it (a damaged or foreign file)."""
    directory = _usable_dir(create=False)
    if directory is None:
        return None
    handle = _open_safely(directory / name)
    if handle is None:
        return None
    with handle:
        try:
            return reader(handle)
        except Exception:  # truncated, or written by another version: rebuild it
            return None


def write(name: str, writer: Callable[[BinaryIO], object]) -> None:
    """Write the cache file ``name`` with ``writer``, atomically; a failure only costs
    the next run the time to rebuild it."""
    import tempfile  # only a run that rebuilds a cache writes one

    directory = _usable_dir(create=True)
    if directory is None:
        return
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
        os.replace(partial, directory / name)
    except Exception:
        try:
            os.unlink(partial)
        except OSError:
            pass
        return
    _prune(directory, name)


# Entries kept of each kind ("grammar-…", "profiles-…"): every change of perflint's code
# makes new keys, and a machine may switch between a few installed versions.
KEPT_PER_KIND = 4


def _prune(directory: Path, written: str) -> None:
    """Remove all but the newest KEPT_PER_KIND entries of ``written``'s kind."""
    kind = written.split("-", 1)[0] + "-"
    try:
        entries = [entry for entry in os.scandir(directory) if entry.name.startswith(kind) and entry.is_file(follow_symlinks=False)]
        entries.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
    except OSError:
        return
    for entry in entries[KEPT_PER_KIND:]:
        if entry.name != written:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def load(name: str, expected: type[T]) -> T | None:
    """The pickled value in cache file ``name`` if it is an instance of ``expected``."""
    value = read(name, pickle.load)
    return value if isinstance(value, expected) else None


def store(name: str, value: Any) -> None:
    write(name, lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))
