"""``--output-format github``: GitHub Actions workflow commands, one annotation a line.

    ::error title=perflint PF001 (missing-section),file=r.md,line=3,col=1,endLine=3,endColumn=9::PF001 …

Values are escaped exactly as actions/toolkit's ``escapeData`` and ``escapeProperty``
(packages/core/src/command.ts) do, so a path or message with ``%``, a newline, ``:``
or ``,`` does not break the annotation; other control characters (an escape sequence
in a file name) are written as their escapes, ``\\x1b``, not sent to the terminal.

A finding in a Word or PDF report is an annotation of the file, without a line: the
line of the extracted text points nowhere in a binary file. Its message says where it
is in the document instead (``（段落 12）``, ``（表 1 第 2 行 第 3 格）``, ``（第 3 页）``).
"""

from perflint.output import RenderOptions
from perflint.output.escaping import terminal_safe
from perflint.output.full import origin_note
from perflint.results import FileResult, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return terminal_safe(value, keep_newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value not in (None, ""))
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def render_github_file(result: FileResult, options: RenderOptions) -> str:
    if result.error:
        return command("error", {"title": "perflint", "file": result.path}, result.error)
    lines = []
    extracted = result.source is not None and result.source.origins is not None  # a .docx or .pdf
    for finding in result.findings:
        row, column = result.line_index.row_column(finding.span[0])
        end_row, end_column = result.line_index.row_column(finding.span[1])
        properties: dict[str, object] = {"title": f"perflint {finding.code} ({finding.name})", "file": result.path}
        if not extracted:
            properties.update(line=row, col=column, endLine=end_row, endColumn=end_column)
        message = f"{finding.code} {finding.message}{origin_note(result, finding, options.lang)}"
        lines.append(command(_COMMAND[finding.severity], properties, message))
    return "".join(lines)
