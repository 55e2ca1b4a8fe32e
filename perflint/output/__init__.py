"""Output formats: each is a function from the run's results to text, in its own
module, registered here by name and imported on demand (cold start matters).

Formatters only read ``FileResult``s; they never decide exit codes or filter.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from perflint.engine import FileResult
from perflint.records import Record


class RenderOptions(Record):
    __slots__ = ("color", "lang")

    def __init__(self, color: bool = False, lang: str = "zh") -> None:
        self.color = color
        self.lang = lang


Formatter = Callable[[list[FileResult], RenderOptions], str]
FilePart = Callable[[FileResult, RenderOptions], str]

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


# Formats that are one part per file, then (for the human ones) a closing summary: a
# run over many files prints each part as soon as that file and all before it are done.
# name → (module, the file's part, the closing part or None); the closing function
# takes perflint.output.summary.Totals.
_STREAMING: dict[str, tuple[str, str, str | None]] = {
    "full": ("perflint.output.full", "render_full_file", "render_summary"),
    "concise": ("perflint.output.full", "render_concise_file", "render_summary"),
    "json-lines": ("perflint.output.json_lines", "render_json_lines_file", None),
    "github": ("perflint.output.github", "render_github_file", None),
}


def streaming_parts(name: str) -> tuple[FilePart, Callable | None] | None:
    """The per-file and closing functions of ``--output-format name``, or ``None`` for
    a format that is one document (json, sarif, junit) and is rendered at the end."""
    if name not in _STREAMING:
        return None
    module_name, part, closing = _STREAMING[name]
    module = importlib.import_module(module_name)
    return getattr(module, part), getattr(module, closing) if closing else None
