"""Reading a settings file (a config, a baseline, a template) that must be small.

``--config /dev/zero`` or a FIFO named ``perflint.toml`` would otherwise be read
forever. The file is opened without blocking (opening a FIFO waits for a writer) and
checked through the open descriptor — so it cannot be swapped between the check and
the read — to be a regular file under a size cap; at most the cap and one byte are
read, whatever the file says its size is.
"""

import os
import stat
from pathlib import Path

KiB = 1024
MiB = 1024 * KiB


class NotASmallFile(Exception):
    """The file is not a regular file, or is over the cap; ``str()`` says which, in a few words."""


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes. Raises
    ``NotASmallFile``, or ``OSError`` when it cannot be opened or read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotASmallFile("is a directory" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)")
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotASmallFile(f"over the size limit of {size_text(limit)}")
    return data


def size_text(count: int) -> str:
    """A limit in words: "64 MB", "64 KB", or its bytes."""
    if count % MiB == 0:
        return f"{count // MiB} MB"
    if count % KiB == 0:
        return f"{count // KiB} KB"
    return f"{count} bytes"
