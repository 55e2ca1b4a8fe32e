"""The real-report corpus (tests/data/real/): what perflint raises on reports nobody here
wrote, against a reviewer's judgement of each of them.

Each report ``NNN-slug.md`` has a ``NNN-slug.toml`` (tests/data/real/README.md): its
source, the real defects it holds (``[[defect]]``, checked with a calculator), and the
judged findings (``[[finding]]``: code, the text under it, its line, and whether it is
right). This module lints the corpus and compares; tests/test_real_corpus.py fails on a
finding nobody judged and on a true finding lost, and scripts/corpus_report.py prints
precision and recall.

Most files are the opening of a report, cut where the web page's excerpt stopped
(``truncated = true``): a finding that a part is missing or left without its answer —
a missing section, an empty last section, a conclusion without its grade, problems
without their measures, a list that does not start at 1 — says nothing about the
published report there, so those rules are not counted on truncated files.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perflint.results import FileResult, Finding, Severity

# The rules that find each kind of defect (the corpus's ``what``): a defect counts as
# found only when one of them points into its lines. A defect may name its own
# ``found-by``.
FOUND_BY: dict[str, tuple[str, ...]] = {
    "share-mismatch": ("PF102", "PF107"),
    "parts-sum": ("PF101", "PF107", "PF407"),
    "shares-sum": ("PF103",),
    "execution-rate": ("PF104", "PF405"),
    "low-execution-no-reason": ("PF106",),
    "score-grade": ("PF203", "PF414", "PF415"),
    "missing-grade": ("PF201",),
    "table-points-sum": ("PF401", "PF402"),
    "table-score-over-points": ("PF403",),
    "table-total-score": ("PF404",),
    "table-execution-score": ("PF406",),
    "table-funds-rows": ("PF407",),
    "table-target-met-deducted": ("PF408",),
    "table-target-missed-full": ("PF409",),
    "table-blank-cell": ("PF412",),
    "table-placeholder": ("PF413",),
    "count-list": ("PF210", "PF211"),
    "numbering": ("PF003", "PF010", "PF011"),
    "template-text": ("PF009",),
    "date": ("PF006", "PF007", "PF008"),
    "malformed-number": ("PF108",),
}

# Rules whose finding on a cut excerpt is about what the cut removed.
# PF106: the reason for a low rate may be in the part cut away.
ABSENCE_RULES = frozenset({"PF001", "PF004", "PF010", "PF106", "PF201", "PF206", "PF212"})
COUNTED = (Severity.ERROR, Severity.WARNING)


@dataclass(frozen=True, slots=True)
class Judged:
    code: str
    at: str  # the text under the finding
    line: int
    # True: the report is wrong there; False: a false alarm; None ("cut"): about text the
    # excerpt left out (a row cut in half), counted neither way.
    verdict: bool | None
    why: str


@dataclass(frozen=True, slots=True)
class Defect:
    quote: str
    what: str
    explain: str
    found_by: tuple[str, ...]  # rule codes that count as finding it (empty: any)
    in_scope: bool  # False: a real defect but not one a linter should raise (a typo)
    scope_note: str


@dataclass(slots=True)
class CorpusReport:
    path: Path
    meta: dict[str, Any]
    truncated: bool
    judged: list[Judged]
    defects: list[Defect]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(slots=True)
class Raised:
    """A counted finding on a corpus report: where it is and what it says."""

    code: str
    at: str
    line: int
    message: str
    span: tuple[int, int]


@dataclass(slots=True)
class Outcome:
    report: CorpusReport
    raised: list[Raised]
    unjudged: list[Raised] = field(default_factory=list)
    true_found: list[Judged] = field(default_factory=list)
    false_raised: list[Judged] = field(default_factory=list)
    lost: list[Judged] = field(default_factory=list)  # judged true, no longer raised
    stale: list[Judged] = field(default_factory=list)  # judged false, no longer raised
    found: list[Defect] = field(default_factory=list)
    missed: list[Defect] = field(default_factory=list)


_VERDICTS = {"true": True, "false": False, "cut": None}


def load_report(path: Path) -> CorpusReport:
    meta = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))
    judged = [
        Judged(entry["code"], entry["at"], int(entry["line"]), _VERDICTS[entry["verdict"]], entry.get("why", ""))
        for entry in meta.get("finding", [])
    ]
    defects = [
        Defect(
            entry["quote"],
            entry.get("what", ""),
            entry.get("explain", ""),
            tuple(entry.get("found-by", FOUND_BY.get(entry.get("what", ""), ()))),
            entry.get("scope", "in") != "out",
            entry.get("scope-note", ""),
        )
        for entry in meta.get("defect", [])
    ]
    return CorpusReport(path, meta, bool(meta.get("truncated", False)), judged, defects)


def corpus_reports(root: Path) -> list[CorpusReport]:
    return [load_report(path) for path in sorted(root.glob("*/*.md"))]


def counted(report: CorpusReport, result: FileResult) -> list[Raised]:
    """The warnings and errors of ``result`` that the corpus counts."""
    text = result.source.text if result.source is not None else ""
    raised = []
    for finding in result.findings:
        if finding.severity not in COUNTED or (report.truncated and finding.code in ABSENCE_RULES):
            continue
        raised.append(_raised(text, finding, result))
    return raised


def _raised(text: str, finding: Finding, result: FileResult) -> Raised:
    start, end = finding.span
    line = result.line_index.row_column(start)[0]
    return Raised(finding.code, text[start:end], line, finding.message, finding.span)


def compare(report: CorpusReport, result: FileResult) -> Outcome:
    outcome = Outcome(report, counted(report, result))
    keys = {(j.code, j.at, j.line): j for j in report.judged}
    seen: set[tuple[str, str, int]] = set()
    for raised in outcome.raised:
        key = (raised.code, raised.at, raised.line)
        judged = keys.get(key)
        if judged is None:
            outcome.unjudged.append(raised)
            continue
        seen.add(key)
        if judged.verdict is not None:
            (outcome.true_found if judged.verdict else outcome.false_raised).append(judged)
    uncounted = ABSENCE_RULES if report.truncated else frozenset()
    for key, judged in keys.items():
        # A judgement of a finding the excerpt keeps from being counted stays on record.
        if key not in seen and judged.verdict is not None and judged.code not in uncounted:
            (outcome.lost if judged.verdict else outcome.stale).append(judged)
    text = report.text
    # A false alarm that happens to stand on a defect's line does not find it.
    false_keys = {(j.code, j.at, j.line) for j in outcome.false_raised}
    right = [r for r in outcome.raised if (r.code, r.at, r.line) not in false_keys]
    for defect in report.defects:
        if not defect.in_scope:
            continue
        (outcome.found if _found(defect, text, right) else outcome.missed).append(defect)
    return outcome


def _found(defect: Defect, text: str, raised: list[Raised]) -> bool:
    """A defect is found when a counted finding of one of its rules points inside the
    lines of its quote."""
    start = text.find(defect.quote)
    if start < 0:
        return False
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", start + len(defect.quote))
    last = len(text) if last < 0 else last
    return any(first <= r.span[0] <= last and (not defect.found_by or r.code in defect.found_by) for r in raised)


def lint_corpus(root: Path) -> list[Outcome]:
    """Lint every corpus report as ``perflint`` would (no config file) and compare."""
    from perflint.config import Overrides
    from perflint.sources import load_path
    from perflint.workspace import Workspace

    workspace = Workspace(Overrides(), None)
    outcomes = []
    for report in corpus_reports(root):
        linter, _ = workspace.linter_for(report.path)
        outcomes.append(compare(report, linter.lint(load_path(report.path))))
    return outcomes
