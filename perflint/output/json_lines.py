"""``--output-format json-lines``: one finding a line, the JSON report's finding
object with its ``filename`` added (as ruff's json-lines). Files that could not be
read are reported on stderr only."""

import json

from perflint.output import RenderOptions
from perflint.output.json_output import finding_dict
from perflint.results import FileResult


def render_json_lines_file(result: FileResult, options: RenderOptions) -> str:
    lines = []
    for finding in result.findings:
        entry = {"filename": result.path, **finding_dict(result, finding)}
        lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
    return "".join(lines)
