"""Counting findings by severity, shared by the human formats and JSON."""

from dataclasses import dataclass, field

from perflint.fixable import fix_kind
from perflint.results import FileResult, Severity


@dataclass(slots=True)
class Totals:
    """What the closing summary line counts, kept up to date file by file so a run
    that prints each file as it goes need not keep the files."""

    files: int = 0
    failed: int = 0  # files that could not be linted
    counts: dict[Severity, int] = field(default_factory=lambda: {severity: 0 for severity in Severity})
    # Findings --fix would fix, by the fix's applicability (perflint.fixable): the closing hint.
    fixable: dict[str, int] = field(default_factory=lambda: {"safe": 0, "unsafe": 0})

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error:
            self.failed += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1
            kind = fix_kind(result, finding)
            if kind is not None:
                self.fixable[kind] += 1

    @classmethod
    def of(cls, results: list[FileResult]) -> "Totals":
        totals = cls()
        for result in results:
            totals.add(result)
        return totals
