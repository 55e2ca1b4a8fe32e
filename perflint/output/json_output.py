"""``--output-format json``: the whole run as one report, version 1.

The shape is the one ``json_model`` declares (and the committed JSON Schema
describes); it is built here from plain dicts because a lint run must not pay for
pydantic. tests/test_output.py validates every fixture's output against the schema
and against the models, so the two cannot drift apart.
"""

import json
from decimal import Decimal
from typing import Any

from perflint import __version__
from perflint.output import RenderOptions
from perflint.output.summary import Totals
from perflint.results import Evidence, FileResult, Finding, Severity, TableFacts, TableValue


def _location(result: FileResult, offset: int) -> dict[str, int]:
    row, column = result.line_index.row_column(offset)
    return {"row": row, "column": column}


def _evidence(result: FileResult, evidence: Evidence) -> dict[str, Any]:
    return {
        "stated": evidence.stated,
        "computed": evidence.computed,
        "expected": evidence.expected,
        "interval": [str(bound) for bound in evidence.interval] if evidence.interval is not None else None,
        "operands": [{"label": op.label, "text": op.text, "location": _location(result, op.span[0])} for op in evidence.operands]
        if evidence.operands is not None
        else None,
    }


def finding_dict(result: FileResult, finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability,
            "message": finding.fix.message or None,
            "edits": [
                {"content": e.content, "location": _location(result, e.span[0]), "end_location": _location(result, e.span[1])}
                for e in finding.fix.edits
            ],
        }
    origin = result.source.origin_at(finding.span[0]) if result.source is not None else None
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": _location(result, finding.span[0]),
        "end_location": _location(result, finding.span[1]),
        "section": list(finding.section),
        "evidence": _evidence(result, finding.evidence) if finding.evidence else None,
        "fix": fix,
        "origin": origin.as_dict() if origin is not None else None,
    }


def _table_value(value: TableValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "text": value.text,
        "value": value.value,
        "unit": value.unit or None,
        "operator": value.operator or None,
        "location": {"row": value.row, "column": value.column},
        "origin": value.origin,
    }


def _table_dict(table: TableFacts) -> dict[str, Any]:
    cell = _table_value
    return {
        "form": table.form,
        "unit": table.unit or None,
        "location": {"row": table.row, "column": table.column},
        "funds": [
            {
                "label": cell(row.label),
                "total": row.total,
                "initial_budget": cell(row.initial_budget),
                "budget": cell(row.budget),
                "executed": cell(row.executed),
                "rate": cell(row.rate),
                "points": cell(row.points),
                "score": cell(row.score),
            }
            for row in table.funds
        ],
        "indicators": [
            {
                "level_one": row.level_one or None,
                "level_two": row.level_two or None,
                "name": cell(row.name),
                "target": cell(row.target),
                "actual": cell(row.actual),
                "points": cell(row.points),
                "score": cell(row.score),
                "reason": cell(row.reason),
            }
            for row in table.indicators
        ],
        "total_points": cell(table.total_points),
        "total_score": cell(table.total_score),
        "grade": cell(table.grade),
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "filename": result.path,
        "profile": result.profile,
        "profile_reason": result.profile_reason,
        "profile_candidates": result.profile_candidates,
        "error": result.error,
        "findings": [finding_dict(result, f) for f in result.findings],
        "facts": facts_dict(result) if result.facts is not None else None,
    }


def facts_dict(result: FileResult) -> dict[str, Any]:
    """The file's ``facts``: what perflint read about the whole report, its findings
    counted by severity, and whether it passes under its fail-on."""
    facts = result.facts
    assert facts is not None
    counts = result.severity_counts()
    return {
        "rectification": facts.rectification,
        "unit": facts.unit,
        "kind": facts.kind,
        "year": facts.year,
        "score": decimal_text(facts.score),
        "grade": facts.grade,
        "execution_rate": decimal_text(facts.execution_rate),
        "fail_on": facts.fail_on,
        "counts": {severity.value: counts[severity] for severity in Severity},
        "passed": result.passes,
        "tables": [_table_dict(table) for table in facts.tables],
    }


def decimal_text(value: Decimal | None) -> str | None:
    """A figure as its digits (92.30 keeps its zero), never in exponent notation."""
    return format(value, "f") if value is not None else None


def report_dict(results: list[FileResult]) -> dict[str, Any]:
    counts = Totals.of(results).counts
    return {
        "version": 1,
        "tool": {"name": "perflint", "version": __version__},
        "files": [file_dict(result) for result in results],
        "summary": {
            "files": len(results),
            "error": counts[Severity.ERROR],
            "warning": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        },
    }


def render_json(results: list[FileResult], options: RenderOptions) -> str:
    return json.dumps(report_dict(results), ensure_ascii=False, indent=2) + "\n"
