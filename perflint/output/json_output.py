"""``--output-format json``: the whole run as one ``Report`` (see json_model)."""

from __future__ import annotations

from perflint import __version__
from perflint.engine import FileResult
from perflint.findings import Finding, Severity
from perflint.output import RenderOptions
from perflint.output import json_model as m
from perflint.output.summary import severity_counts


def _location(result: FileResult, offset: int) -> m.Location:
    row, column = result.line_index.row_column(offset)
    return m.Location(row=row, column=column)


def finding_model(result: FileResult, finding: Finding) -> m.Finding:
    evidence = None
    if finding.evidence:
        data = dict(finding.evidence)
        operands = data.pop("operands", None)
        evidence = m.Evidence(
            **data,
            operands=[
                m.Operand(label=op["label"], text=op["text"], location=_location(result, op["span"][0])) for op in operands
            ]
            if operands is not None
            else None,
        )
    fix = None
    if finding.fix is not None:
        fix = m.Fix(
            applicability=finding.fix.applicability,  # type: ignore[arg-type]
            message=finding.fix.message or None,
            edits=[
                m.FixEdit(content=e.content, location=_location(result, e.span[0]), end_location=_location(result, e.span[1]))
                for e in finding.fix.edits
            ],
        )
    return m.Finding(
        code=finding.code,
        name=finding.name,
        severity=finding.severity.value,  # type: ignore[arg-type]
        message=finding.message,
        location=_location(result, finding.span[0]),
        end_location=_location(result, finding.span[1]),
        section=finding.section,
        evidence=evidence,
        fix=fix,
        origin=_origin(result, finding.span[0]),
    )


def _origin(result: FileResult, offset: int) -> m.Origin | None:
    origin = result.source.origin_at(offset) if result.source is not None else None
    return m.Origin(**origin.as_dict()) if origin is not None else None


def report_model(results: list[FileResult]) -> m.Report:
    counts = severity_counts(results)
    return m.Report(
        tool=m.Tool(version=__version__),
        files=[
            m.FileReport(
                filename=result.path,
                profile=result.profile,
                error=result.error,
                findings=[finding_model(result, f) for f in result.findings],
                facts=m.FileFacts(rectification=result.facts.rectification) if result.facts is not None else None,  # type: ignore[arg-type]
            )
            for result in results
        ],
        summary=m.Summary(
            files=len(results),
            error=counts[Severity.ERROR],
            warning=counts[Severity.WARNING],
            info=counts[Severity.INFO],
        ),
    )


def render_json(results: list[FileResult], options: RenderOptions) -> str:
    return report_model(results).model_dump_json(indent=2) + "\n"
