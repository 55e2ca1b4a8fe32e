"""``--output-format html``: one self-contained review page for a run — the summary
table (sortable, filterable), charts, and each report's text with its findings marked.

The page is rendered by Jinja2 from ``templates/review.html.j2`` with autoescaping on:
every piece of report text (file names, units, the text itself, messages, evidence)
reaches the page as an escaped expression, lone surrogates replaced (the environment's
``finalize``). Its CSS and
script are inline, allowed by a Content-Security-Policy that names their hashes and
nothing else, so the page loads nothing from anywhere and runs no other script.
"""

import base64
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup  # Jinja2's own dependency

from perflint import __version__
from perflint.detection import kind_name
from perflint.output import RenderOptions
from perflint.output.csv_columns import RECTIFICATION_ZH, RESULT_KEYS, SUMMARY_COLUMNS, Column, printable, summary_values
from perflint.output.html_charts import charts
from perflint.output.html_labels import labels
from perflint.output.html_text import Gap, Line, text_view
from perflint.output.summary import Totals
from perflint.results import Evidence, FileResult, Finding, Fix, Severity

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The summary table's columns: the facts table's, less the two the result cell shows and
# the self-evaluation table's (too wide for a page; the csv has them).
TABLE_COLUMNS = tuple(column for column in SUMMARY_COLUMNS if column.key not in ("fail_on", "read_error"))


@dataclass(slots=True)
class Detail:
    label: str
    value: str


@dataclass(slots=True)
class EditView:
    where: str
    old: str
    new: str

    @property
    def action(self) -> str:
        """How the page words it: replace, delete or insert."""
        return "fix-delete" if not self.new else "fix-insert" if not self.old else "fix-edit"


@dataclass(slots=True)
class FixView:
    applicability: str  # safe | unsafe | display-only
    label: str
    message: str
    edits: list[EditView]


@dataclass(slots=True)
class FindingView:
    anchor: str  # the id of its place in the text, e.g. r3-f5
    code: str
    name: str
    severity: str
    message: str
    where: str  # row and column, and for Word and PDF the paragraph, cell or page
    section: str
    details: list[Detail]  # the evidence: stated, computed, expected, interval, operands
    fix: FixView | None
    tooltip: str  # what hovering its mark shows


@dataclass(slots=True)
class ReportView:
    number: int
    anchor: str  # r3
    path: str
    folder: str  # the path up to its last separator, shown above the name
    name: str
    source_format: str
    values: dict[str, str]  # the summary row, shown
    sort_values: dict[str, str]  # what the table sorts by (numbers as their digits)
    result: str  # pass | fail | not-checked
    fail_on: str
    error: str | None
    rules: str  # its findings' codes, space-separated, for the rule filter
    severities: str  # the severities it has, space-separated, for the severity filter
    findings: list[FindingView] = field(default_factory=list)
    lines: list[Line | Gap] = field(default_factory=list)


def render_html(results: list[FileResult], options: RenderOptions) -> str:
    lang = "en" if options.lang == "en" else "zh"
    text = labels(lang)
    reports = [_report(number, result, lang, text) for number, result in enumerate(results, start=1)]
    totals = Totals.of(results)
    outcomes = {key: sum(1 for report in reports if report.result == key) for key in RESULT_KEYS.values()}
    style, script = _asset("review.css"), _asset("review.js")
    return (
        _environment()
        .get_template("review.html.j2")
        .render(
            lang=lang,
            t=text,
            version=__version__,
            columns=TABLE_COLUMNS,
            column_title=lambda column: _column_title(column, lang),
            reports=reports,
            counts={severity.value: totals.counts[severity] for severity in Severity},
            outcomes=outcomes,
            charts=charts(results, lang),
            rules=sorted({(f.code, f.name) for r in results for f in r.findings}),
            templates=sorted({report.values["template"] for report in reports if report.values["template"]}),
            style=Markup(style),  # perflint's own files, never report text
            script=Markup(script),
            csp=f"default-src 'none'; style-src {_digest(style)}; script-src {_digest(script)}; img-src data:; base-uri 'none'; form-action 'none'",
        )
    )


def _report(number: int, result: FileResult, lang: str, text: dict[str, str]) -> ReportView:
    values = summary_values(result, lang)
    if result.facts is not None:
        values["kind"] = kind_name(result.facts.kind, lang)  # the csv in English has the JSON's id
    raw = summary_values(result, "en")  # the JSON's values: numbers as digits, enumerations as keys
    sort_values = {**values, "score": raw["score"], "execution_rate": raw["execution_rate"], "year": raw["year"]}
    anchor = f"r{number}"
    name = re.split(r"[/\\]", result.path)[-1]
    source = result.source
    report = ReportView(
        number=number,
        anchor=anchor,
        path=result.path,
        folder=result.path[: len(result.path) - len(name)],
        name=name,
        source_format=source.format if source is not None else "",
        values=values,
        sort_values=sort_values,
        result=RESULT_KEYS[result.passes],
        fail_on=raw["fail_on"],
        error=result.error,
        rules=" ".join(sorted({f.code for f in result.findings})),
        severities=" ".join(s.value for s in Severity if any(f.severity is s for f in result.findings)),
    )
    if source is None:
        return report
    report.findings = [_finding(result, f"{anchor}-f{index}", finding, lang, text) for index, finding in enumerate(result.findings)]
    report.lines = text_view(source.text, result.findings)
    page = None
    for line in report.lines:
        if not isinstance(line, Line):
            continue
        for piece in line.pieces:
            piece.title = "\n\n".join(report.findings[index].tooltip for index in piece.findings)
        origin = source.origin_at(line.start) if source.format == "pdf" else None
        if origin is not None and origin.page is not None and origin.page != page:
            line.page = page = origin.page  # where the printed PDF turns a page
    return report


def _finding(result: FileResult, anchor: str, finding: Finding, lang: str, text: dict[str, str]) -> FindingView:
    row, column = result.line_index.row_column(finding.span[0])
    where = text["where"].format(row=row, column=column)
    origin = result.source.origin_at(finding.span[0]) if result.source is not None else None
    if origin is not None:
        where += f" · {origin.label(lang)}"
    details = _evidence(result, finding.evidence, lang, text) if finding.evidence is not None else []
    fix = _fix(result, finding.fix, text) if finding.fix is not None else None
    severity = text[f"severity-{finding.severity.value}"]
    tooltip = "\n".join(
        [f"{finding.code} {severity}: {finding.message}", *(f"{d.label}: {d.value}" for d in details[:3])]
        + ([f"{fix.label}: {fix.message}"] if fix is not None and fix.message else [])
    )
    return FindingView(
        anchor=anchor,
        code=finding.code,
        name=finding.name,
        severity=finding.severity.value,
        message=finding.message,
        where=where,
        section=" › ".join(finding.section),
        details=details,
        fix=fix,
        tooltip=tooltip,
    )


def _evidence(result: FileResult, evidence: Evidence, lang: str, text: dict[str, str]) -> list[Detail]:
    details = [
        Detail(text[f"evidence-{key}"], _shown_value(value, lang))
        for key, value in (("stated", evidence.stated), ("computed", evidence.computed), ("expected", evidence.expected))
        if value is not None
    ]
    if evidence.interval is not None:
        details.append(Detail(text["evidence-interval"], f"[{evidence.interval[0]}, {evidence.interval[1]}]"))
    for operand in evidence.operands or []:
        row, column = result.line_index.row_column(operand.span[0])
        where = text["where"].format(row=row, column=column)
        details.append(Detail(text["evidence-operand"], text["operand"].format(label=operand.label, text=operand.text, where=where)))
    return details


def _shown_value(value: str, lang: str) -> str:
    """An evidence value as a reader names it: a rectification status (PF207, PF208 give
    the JSON's key, not-stated) in the page's language, as the summary names it."""
    return RECTIFICATION_ZH.get(value, value) if lang != "en" else value


def _fix(result: FileResult, fix: Fix, text: dict[str, str]) -> FixView:
    source = result.source.text if result.source is not None else ""
    edits = []
    for edit in fix.edits:
        row, column = result.line_index.row_column(edit.span[0])
        edits.append(EditView(text["where"].format(row=row, column=column), source[edit.span[0] : edit.span[1]], edit.content))
    return FixView(fix.applicability, text[f"fix-{fix.applicability}"], fix.message, edits)


def _column_title(column: Column, lang: str) -> str:
    return labels(lang)[f"column-{column.key}"]


def _digest(asset: str) -> str:
    """The CSP source that allows exactly this inline style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(asset.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _printable_value(value: Any) -> Any:
    """Every expression's value on its way to the page: lone surrogates (an undecodable
    file name) become U+FFFD, so the page can be written as UTF-8."""
    if isinstance(value, Markup):
        return value
    return printable(value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
