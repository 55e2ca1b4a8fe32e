"""How a path is shown in a message: as the user would write it."""

from pathlib import Path


def shown(path: Path | str) -> str:
    """``path`` relative to the working directory when it is inside it, else as given."""
    if isinstance(path, Path) and path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            pass
    return str(path)
