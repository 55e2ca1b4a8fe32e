"""Counting findings by severity, shared by the human formats and JSON."""

from __future__ import annotations

from perflint.engine import FileResult
from perflint.findings import Severity


def severity_counts(results: list[FileResult]) -> dict[Severity, int]:
    counts = {severity: 0 for severity in Severity}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    return counts
