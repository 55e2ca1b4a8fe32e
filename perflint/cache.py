"""Where perflint keeps what it can rebuild: the compiled grammar, validated profiles.

``$PERFLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/perflint``, else ``~/.cache/perflint``;
``PERFLINT_NO_CACHE=1`` turns caching off. Every cached file is keyed so that a stale
one is never used, and a cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

from perflint import __version__

try:  # the C pickler alone: pickle.py's pure-Python classes cost a cold run ~2 ms to import
    from _pickle import dumps
    from _pickle import load as _load_pickle
except ImportError:  # an interpreter without the accelerator
    from pickle import dumps
    from pickle import load as _load_pickle


def cache_path(name: str) -> Path | None:
    """The path of a cache file for this perflint version, or None when caching is off."""
    if os.environ.get("PERFLINT_NO_CACHE"):
        return None
    base = os.environ.get("PERFLINT_CACHE_DIR")
    if base:
        directory = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        directory = Path(xdg) / "perflint"
    return directory / __version__ / name


def load(path: Path | None, key: object) -> object | None:
    """The value stored at ``path`` under ``key``; None when there is none, it was
    stored under another key, or the file is damaged."""
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            stored_key, value = _load_pickle(handle)
    except Exception:  # missing, truncated, or from another version: rebuild it
        return None
    return value if stored_key == key else None


def store(path: Path | None, key: object, value: object) -> None:
    """Store ``value`` under ``key`` at ``path``, atomically; failures only cost time
    (the next run rebuilds), so they are ignored."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(dumps((key, value), protocol=-1))  # -1: the highest protocol
        partial.replace(path)
    except Exception:
        pass
