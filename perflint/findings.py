"""What a rule reports: ``Finding``, with its severity and optional fix."""

from __future__ import annotations

from enum import Enum

from perflint.document import Span
from perflint.records import Record

# typing is imported only by type checkers: at run time annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Severity(str, Enum):
    """error: the report states something false or lacks what the template requires;
    warning: a human should look; info: style, typography, vague wording."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


class Edit(Record):
    __slots__ = ("span", "content")

    def __init__(self, span: Span, content: str) -> None:
        self.span = span
        self.content = content


class Fix(Record):
    __slots__ = ("applicability", "edits", "message")

    def __init__(self, applicability: str, edits: list[Edit], message: str = "") -> None:
        self.applicability = applicability  # safe | unsafe | display-only
        self.edits = edits
        self.message = message


class Finding(Record):
    __slots__ = ("code", "name", "severity", "message", "span", "section", "evidence", "fix")

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        span: Span,
        section: list[str] | None = None,
        evidence: dict[str, Any] | None = None,
        fix: Fix | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.span = span
        self.section = [] if section is None else section
        self.evidence = evidence
        self.fix = fix

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span[0], self.span[1], self.code)
