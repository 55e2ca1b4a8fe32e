"""Output formats: each is a function from the run's results to text, in its own
module, registered here by name and imported on demand (cold start matters).

Formatters only read ``FileResult``s; they never decide exit codes or filter.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from perflint.results import FileResult


@dataclass(slots=True)
class RenderOptions:
    color: bool = False
    lang: str = "zh"


Formatter = Callable[[list[FileResult], RenderOptions], str]
FilePart = Callable[[FileResult, RenderOptions], str]


@dataclass(slots=True)
class _Format:
    """Where an output format's functions live. A format is either one document for the
    whole run (``document``), or a part per file and then, for the human formats, a
    closing part over perflint.output.summary.Totals (``part``, ``closing``): a run over
    many files prints each part as soon as that file and all before it are done, and
    the whole run's text is those parts joined, so both ways are byte for byte the same."""

    module: str
    document: str | None = None
    part: str | None = None
    closing: str | None = None


# --output-format name → its functions, in the order --help lists them
_FORMATS: dict[str, _Format] = {
    "full": _Format("perflint.output.full", part="render_full_file", closing="render_summary"),
    "concise": _Format("perflint.output.full", part="render_concise_file", closing="render_summary"),
    "json": _Format("perflint.output.json_output", document="render_json"),
    "json-lines": _Format("perflint.output.json_lines", part="render_json_lines_file"),
    "junit": _Format("perflint.output.junit", document="render_junit"),
    "github": _Format("perflint.output.github", part="render_github_file"),
    "sarif": _Format("perflint.output.sarif", document="render_sarif"),
}

OUTPUT_FORMATS = tuple(_FORMATS)


def formatter(name: str) -> Formatter:
    """The whole run's text in ``--output-format name``."""
    try:
        output_format = _FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r}") from None
    if output_format.document is not None:
        return getattr(importlib.import_module(output_format.module), output_format.document)
    part, closing = _parts(output_format)

    def joined(results: list[FileResult], options: RenderOptions) -> str:
        from perflint.output.summary import Totals

        text = "".join(part(result, options) for result in results)
        return text + closing(Totals.of(results), options) if closing else text

    return joined


def streaming_parts(name: str) -> tuple[FilePart, Callable | None] | None:
    """The per-file and closing functions of ``--output-format name``, or ``None`` for
    a format that is one document (json, sarif, junit) and is rendered at the end."""
    output_format = _FORMATS.get(name)
    if output_format is None or output_format.part is None:
        return None
    return _parts(output_format)


def _parts(output_format: _Format) -> tuple[FilePart, Callable | None]:
    module = importlib.import_module(output_format.module)
    closing = getattr(module, output_format.closing) if output_format.closing else None
    return getattr(module, output_format.part), closing
