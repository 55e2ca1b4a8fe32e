"""``--statistics``: how many findings of each rule, most frequent first.

Text is ``count<TAB>code<TAB>name`` a line; with ``--output-format json`` it is a list
of ``{code, name, count, fixable, fixable_count}`` (ruff's keys), counting the findings
``--fix`` fixes: safe fixes in text reports (perflint.fixable), not in Word or PDF ones.
"""

import json
from collections import Counter

from perflint.fixable import fix_kind
from perflint.results import FileResult


def _rows(results: list[FileResult]) -> list[dict[str, object]]:
    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[tuple[str, str]] = Counter()
    for result in results:
        for finding in result.findings:
            counts[finding.code, finding.name] += 1
            if fix_kind(result, finding) == "safe":
                fixable[finding.code, finding.name] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [
        {"code": code, "name": name, "count": count, "fixable": fixable[code, name] == count, "fixable_count": fixable[code, name]}
        for (code, name), count in ordered
    ]


def render_statistics(results: list[FileResult], as_json: bool) -> str:
    rows = _rows(results)
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{row['count']}\t{row['code']}\t{row['name']}\n" for row in rows)
