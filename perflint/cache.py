"""Where perflint keeps what it can rebuild: the compiled grammar, validated profiles.

``$PERFLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/perflint``, else ``~/.cache/perflint``;
``PERFLINT_NO_CACHE=1`` turns caching off. Every cached file is keyed so that a stale
one is never used, and a cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

from perflint import __version__


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
