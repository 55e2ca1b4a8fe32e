"""Where the shipped data directories are: inside the wheel, or beside the package.

The wheel carries ``grammar/`` and ``rules/`` inside ``perflint/``; a source checkout
has them at the repository's top level (the layout the design card fixes).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The directory ``name`` (``grammar`` or ``rules``) that ships with perflint."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"perflint is installed without its {name}/ directory")
