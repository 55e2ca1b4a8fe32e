"""What a rule reports: ``Finding``, with its severity and optional fix."""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from perflint.document import Span


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
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


@dataclass(slots=True)
class Edit:
    span: Span
    content: str


@dataclass(slots=True)
class Fix:
    applicability: str  # safe | unsafe | display-only
    edits: list[Edit]
    message: str = ""


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    section: list[str] = field(default_factory=list)
    evidence: dict[str, Any] | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span[0], self.span[1], self.code)
