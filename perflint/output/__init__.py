"""Output formats: each is a function from the run's results to text.

Formatters only read ``FileResult``s; they never decide exit codes or filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from perflint.engine import FileResult


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: bool = False
    lang: str = "zh"


Formatter = Callable[[list[FileResult], RenderOptions], str]


def formatter(name: str) -> Formatter:
    """The formatter for ``--output-format name`` (imported on demand)."""
    if name == "full":
        from perflint.output.full import render_full

        return render_full
    if name == "concise":
        from perflint.output.full import render_concise

        return render_concise
    if name == "json":
        from perflint.output.json_output import render_json

        return render_json
    raise ValueError(f"unknown output format {name!r}")


OUTPUT_FORMATS = ("full", "concise", "json")
