"""Counting findings by severity, shared by the human formats and JSON."""

from __future__ import annotations

from perflint.engine import FileResult
from perflint.findings import Severity
from perflint.records import Record


class Totals(Record):
    """What the closing summary line counts, kept up to date file by file so a run
    that prints each file as it goes need not keep the files."""

    __slots__ = ("files", "failed", "counts")

    def __init__(self, files: int = 0, failed: int = 0, counts: dict[Severity, int] | None = None) -> None:
        self.files = files
        self.failed = failed  # files that could not be linted
        self.counts = {severity: 0 for severity in Severity} if counts is None else counts

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error:
            self.failed += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1

    @classmethod
    def of(cls, results: list[FileResult]) -> Totals:
        totals = cls()
        for result in results:
            totals.add(result)
        return totals
