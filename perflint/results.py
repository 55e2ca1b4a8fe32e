"""What a lint produces: findings with their evidence and fixes, and each file's result.

A leaf of the package: the formats, the baseline, the language server and the batch
runner read these types and never the engine that makes them.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property

from perflint.positions import LineIndex
from perflint.sources import Source

Span = tuple[int, int]

# The code of the finding the engine reports when a rule fails (PF900, internal-error).
INTERNAL_ERROR = "PF900"


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
class Operand:
    """A figure a computed value was computed from."""

    label: str  # what it is, e.g. 基本支出
    text: str  # as written, with its unit
    span: Span


@dataclass(slots=True)
class Evidence:
    """Why a number finding holds: the stated value, what perflint computed, from what."""

    stated: str | None = None
    computed: str | None = None
    expected: str | None = None  # what the template or the rule expects instead
    interval: list[str] | None = None  # the allowed [low, high]
    operands: list[Operand] | None = None


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    section: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span[0], self.span[1], self.code)


@dataclass(slots=True)
class TableValue:
    """A cell of a self-evaluation table as read: as written, and the figure it states.
    Its place is kept as row and column (and origin) because a run over many files
    keeps only the lines findings point at (perflint.shrink)."""

    text: str
    row: int  # 1-based, as findings' locations
    column: int
    value: str | None = None  # the figure as written, without operator or unit ("95.00" for 95.00%); None for words or a blank
    unit: str = ""  # %, 万元, 个 … as written after the figure (or the table's money unit)
    operator: str = ""  # ≥ ≤ = > < of a target
    origin: dict[str, int] | None = None  # the .docx or .pdf table, row and cell


@dataclass(slots=True)
class TableFundsRow:
    label: TableValue
    total: bool  # 年度资金总额 (else one of its sources)
    initial_budget: TableValue | None = None
    budget: TableValue | None = None
    executed: TableValue | None = None
    rate: TableValue | None = None
    points: TableValue | None = None
    score: TableValue | None = None


@dataclass(slots=True)
class TableIndicatorRow:
    name: TableValue
    level_one: str = ""
    level_two: str = ""
    target: TableValue | None = None
    actual: TableValue | None = None
    points: TableValue | None = None
    score: TableValue | None = None
    reason: TableValue | None = None


@dataclass(slots=True)
class TableFacts:
    """A self-evaluation table as read, for a reviewer's spreadsheet (JSON ``facts.tables``)."""

    form: str  # the form it was read as: national, sichuan, chongqing … (rules/_defaults.toml [table])
    row: int  # where it starts
    column: int
    unit: str  # the money unit of its funds (万元, 元), "" when the table gives none
    funds: list[TableFundsRow] = field(default_factory=list)
    indicators: list[TableIndicatorRow] = field(default_factory=list)
    total_points: TableValue | None = None
    total_score: TableValue | None = None
    grade: TableValue | None = None


@dataclass(slots=True)
class FileFacts:
    """What perflint read about a whole report: the reviewer's summary (a row of the
    html and csv formats) and the JSON output's ``facts``. The engine computes them
    once (perflint.facts.summary); None where the report does not say, or is unclear."""

    rectification: str | None = None  # a status of perflint.facts.rectification, None without a profile section
    unit: str | None = None  # the 部门名称 / 单位名称 / 项目名称 header field
    kind: str | None = None  # the kind the title names: an id of rules/_report-facts.toml (dept-overall …)
    year: int | None = None  # the evaluated (fiscal) year, from the title
    score: Decimal | None = None  # the self-evaluation score, when every statement agrees
    grade: str | None = None  # the canonical grade (优 良 中 差), when every statement agrees
    execution_rate: Decimal | None = None  # the overall stated execution rate, in percent
    fail_on: str = "error"  # the lowest severity that fails the report under its config (or never)
    tables: list[TableFacts] = field(default_factory=list)  # the self-evaluation tables, as read


@dataclass(eq=False)
class FileResult:
    """The outcome for one path: findings, or the reason it could not be linted."""

    path: str
    source: Source | None = None
    profile: str | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    facts: FileFacts | None = None  # file-level facts (rectification status); None if not linted
    profile_reason: str | None = None  # why that template (or none) was chosen, in the run's language
    profile_candidates: list[str] = field(default_factory=list)  # templates that were close, when none was chosen

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.source.text if self.source else "")

    @property
    def had_internal_error(self) -> bool:
        return any(f.code == INTERNAL_ERROR for f in self.findings)

    def severity_counts(self) -> dict[Severity, int]:
        """How many findings of each severity (every severity present, 0 if none)."""
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    @property
    def passes(self) -> bool | None:
        """No finding at or above the report's fail-on; None for a file not linted."""
        if self.error is not None:
            return None
        fail_on = self.facts.fail_on if self.facts is not None else "error"
        if fail_on == "never":
            return True
        threshold = Severity(fail_on).rank
        return not any(f.severity.rank >= threshold for f in self.findings)
