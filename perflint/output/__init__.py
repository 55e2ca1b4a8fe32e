"""Output formats: each is a function from the run's results to text, in its own
module, registered here by name and imported on demand (cold start matters).

Formatters only read ``FileResult``s; they never decide exit codes or filter.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from perflint.engine import FileResult


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: bool = False
    lang: str = "zh"


Formatter = Callable[[list[FileResult], RenderOptions], str]

# --output-format name → (module, function)
_FORMATTERS: dict[str, tuple[str, str]] = {
    "full": ("perflint.output.full", "render_full"),
    "concise": ("perflint.output.full", "render_concise"),
    "json": ("perflint.output.json_output", "render_json"),
    "json-lines": ("perflint.output.json_lines", "render_json_lines"),
    "junit": ("perflint.output.junit", "render_junit"),
    "github": ("perflint.output.github", "render_github"),
    "sarif": ("perflint.output.sarif", "render_sarif"),
}

OUTPUT_FORMATS = tuple(_FORMATTERS)


def formatter(name: str) -> Formatter:
    """The formatter for ``--output-format name``."""
    try:
        module, function = _FORMATTERS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r}") from None
    return getattr(importlib.import_module(module), function)
