"""``--output-format sarif``: SARIF 2.1.0 as GitHub code scanning reads it.

``rules[]`` describes the rules the results refer to, generated from their metadata and
docstrings (perflint.docs);
each result points at its report with a region in code points (``columnKind``), and
carries ``partialFingerprints.primaryLocationLineHash`` built from the rule, the
section path and the normalised line text (perflint.fingerprints), so alerts follow
a finding when lines are added or removed elsewhere in the report. Files that could
not be read become tool execution notifications. A finding in a Word or PDF report
also says where it is in the document: a logical location (``段落 12``, ``第 3 页``)
beside the region of the extracted text, and ``properties.origin`` as in the JSON output.
"""

import json
from pathlib import Path, PurePosixPath
from typing import Any

from perflint import __version__
from perflint.checks.base import Rule, all_rules
from perflint.docs import explanation
from perflint.fingerprints import numbered_fingerprints
from perflint.origins import Origin
from perflint.output import RenderOptions
from perflint.results import FileResult, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def artifact_location(path: str) -> dict[str, str]:
    """A repository-relative URI where possible (what code scanning wants)."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return {"uri": candidate.as_uri()}
    return {"uri": PurePosixPath(*candidate.parts).as_posix(), "uriBaseId": "%SRCROOT%"}


def logical_location(origin: Origin, lang: str) -> dict[str, str]:
    """Where in a Word or PDF document: a paragraph or a table cell of the .docx is an
    ``element`` of its XML; a PDF page has no SARIF kind."""
    location = {"name": origin.label(lang), "fullyQualifiedName": origin.label("en")}
    if origin.page is None:
        location["kind"] = "element"
    return location


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    body = explanation(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": body},
        "help": {"text": body, "markdown": f"**{rule.code} {rule.name}**: {rule.summary()}\n\n{body}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": ["perflint", rule.family()], "problem.severity": _PROBLEM_SEVERITY[rule.severity]},
    }


def render_sarif(results: list[FileResult], options: RenderOptions) -> str:
    reported = {finding.code for result in results for finding in result.findings}
    rules = [rule for rule in all_rules() if rule.code in reported]
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{result.path}: {result.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.path)}}],
                }
            )
            continue
        text = result.source.text if result.source else ""
        hashes = numbered_fingerprints(text, result.line_index, result.findings)
        for finding, (digest, occurrence) in zip(result.findings, hashes):
            row, column = result.line_index.row_column(finding.span[0])
            end_row, end_column = result.line_index.row_column(finding.span[1])
            entry: dict[str, Any] = {
                "ruleId": finding.code,
                "level": _LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": artifact_location(result.path),
                            "region": {"startLine": row, "startColumn": column, "endLine": end_row, "endColumn": end_column},
                        }
                    }
                ],
                "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{occurrence}"},
            }
            if finding.code in rule_index:
                entry["ruleIndex"] = rule_index[finding.code]
            properties: dict[str, Any] = {"section": finding.section} if finding.section else {}
            origin = result.source.origin_at(finding.span[0]) if result.source is not None else None
            if origin is not None:
                entry["locations"][0]["logicalLocations"] = [logical_location(origin, options.lang)]
                properties["origin"] = origin.as_dict()
            if properties:
                entry["properties"] = properties
            sarif_results.append(entry)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "perflint", "version": __version__, "rules": [rule_descriptor(rule) for rule in rules]}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
