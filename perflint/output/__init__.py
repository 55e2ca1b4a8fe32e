"""Output formats: each is a function from the run's results to text, in its own
module, registered here by name and imported on demand (cold start matters), with
what the command line needs to know about it (a progress bar, whole texts, bytes).

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
    # The run's --unsafe-fixes: unsafe fixes are marked fixable ([*]) as safe ones are.
    unsafe_fixes: bool = False
    # A --fix run: what is shown remains after fixing, so the closing hint does not offer --fix again.
    fixing: bool = False
    # -q: the findings only, without the template line and the closing summary (full, concise).
    quiet: bool = False


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
    # Read by people at the end of a long run: a progress bar on stderr (a terminal) meanwhile.
    progress: bool = False
    # Shows each report's whole text, so a run keeps it (perflint.batch) instead of the
    # lines findings point at (perflint.shrink).
    whole_text: bool = False
    # A file in UTF-8 whatever stdout's encoding (a page that says charset=utf-8, a CSV
    # with a BOM): written as bytes, line ends untranslated.
    utf8_bytes: bool = False
    # A machine format that must stay valid on a console that is not UTF-8: "json" or
    # "xml" (perflint.output.encodings); the human formats are left to the stream.
    syntax: str | None = None


# --output-format name → its functions, in the order --help lists them
_FORMATS: dict[str, _Format] = {
    "full": _Format("perflint.output.full", part="render_full_file", closing="render_summary", progress=True),
    "concise": _Format("perflint.output.full", part="render_concise_file", closing="render_summary", progress=True),
    "json": _Format("perflint.output.json_output", document="render_json", syntax="json"),
    "json-lines": _Format("perflint.output.json_lines", part="render_json_lines_file", syntax="json"),
    "junit": _Format("perflint.output.junit", document="render_junit", syntax="xml"),
    "github": _Format("perflint.output.github", part="render_github_file"),
    "sarif": _Format("perflint.output.sarif", document="render_sarif", syntax="json"),
    "html": _Format("perflint.output.html_output", document="render_html", progress=True, whole_text=True, utf8_bytes=True),
    "csv": _Format("perflint.output.csv_output", document="render_csv", progress=True, utf8_bytes=True),
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


def draws_progress(name: str) -> bool:
    """Whether a long run in ``--output-format name`` draws a progress bar on a terminal's stderr."""
    return name in _FORMATS and _FORMATS[name].progress


def keeps_whole_text(name: str) -> bool:
    """Whether ``--output-format name`` shows each report's whole text (not only the
    lines its findings point at)."""
    return name in _FORMATS and _FORMATS[name].whole_text


def writes_utf8_bytes(name: str) -> bool:
    """Whether ``--output-format name`` is written as UTF-8 bytes whatever the stream's
    encoding and line ends."""
    return name in _FORMATS and _FORMATS[name].utf8_bytes


def syntax(name: str) -> str | None:
    """``json`` or ``xml`` for a machine format that must stay valid whatever the
    stream's encoding can hold; None for the others (perflint.output.encodings)."""
    return _FORMATS[name].syntax if name in _FORMATS else None


def streaming_parts(name: str) -> tuple[FilePart, Callable | None] | None:
    """The per-file and closing functions of ``--output-format name``, or ``None`` for
    a format that is one document (json, sarif, junit) and is rendered at the end."""
    output_format = _FORMATS.get(name)
    if output_format is None or output_format.part is None:
        return None
    return _parts(output_format)


def _parts(output_format: _Format) -> tuple[FilePart, Callable | None]:
    assert output_format.part is not None  # only formats made of parts get here
    module = importlib.import_module(output_format.module)
    closing = getattr(module, output_format.closing) if output_format.closing else None
    return getattr(module, output_format.part), closing
