"""Findings to LSP diagnostics and diagnostics back to code actions.

Everything a code action needs travels in ``Diagnostic.data`` (ruff's pattern), so
answering ``textDocument/codeAction`` needs no second lint: the safe fix's edits, and
the line above which a ``disable-next-line`` directive goes. The data comes back from
the client, so it is validated before use: data that is not what perflint sent gives
no action (and no error: the request itself was valid).
"""

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Annotated

from lsprotocol import types
from pydantic import Field

from perflint.lsp.positions import PositionMapper
from perflint.results import Finding, Severity
from perflint.validation import Invalid, validate

logger = logging.getLogger(__name__)

SOURCE = "perflint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

# LSP's uinteger; strict, so that true or "3" is not taken for a line number.
UInteger = Annotated[int, Field(ge=0, le=2**31 - 1, strict=True)]
StrictText = Annotated[str, Field(strict=True)]


@dataclass
class PositionData:
    line: UInteger
    character: UInteger


@dataclass
class EditData:
    start: PositionData
    end: PositionData
    text: StrictText


@dataclass
class FixData:
    title: StrictText
    edits: list[EditData]


@dataclass
class DisableData:
    line: UInteger
    text: StrictText


@dataclass
class DiagnosticData:
    """What a perflint diagnostic carries for its code actions."""

    name: StrictText
    disable: DisableData
    fix: FixData | None = None


def kind_requested(kind: str, only: Sequence[types.CodeActionKind | str] | None) -> bool:
    """Whether a code action of ``kind`` answers a request limited to ``only`` (LSP:
    a requested kind covers itself and the kinds below it, ``source`` covers
    ``source.fixAll.perflint``; the empty kind covers all)."""
    if only is None:
        return True
    wanted = [str(getattr(k, "value", k)) for k in only]
    return any(not w or kind == w or kind.startswith(w + ".") for w in wanted)


def _position(mapper: PositionMapper, offset: int) -> PositionData:
    line, character = mapper.position(offset)
    return PositionData(line, character)


def _range(start: PositionData, end: PositionData) -> types.Range:
    return types.Range(types.Position(start.line, start.character), types.Position(end.line, end.character))


def to_diagnostic(finding: Finding, mapper: PositionMapper, newline: str = "\n") -> types.Diagnostic:
    data = DiagnosticData(
        name=finding.name,
        disable=DisableData(mapper.line_of(finding.span[0]), f"<!-- perflint: disable-next-line {finding.code} -->{newline}"),
    )
    if finding.fix is not None and finding.fix.applicability == "safe":
        data.fix = FixData(
            title=finding.fix.message or f"Fix {finding.code}",
            edits=[
                EditData(_position(mapper, edit.span[0]), _position(mapper, edit.span[1]), edit.content.replace("\n", newline))
                for edit in finding.fix.edits
            ],
        )
    start, end = _position(mapper, finding.span[0]), _position(mapper, finding.span[1])
    return types.Diagnostic(
        range=_range(start, end),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        data=asdict(data),
    )


def diagnostic_data(diagnostic: types.Diagnostic) -> DiagnosticData | None:
    """The data of one of perflint's diagnostics, or None (another source's, or not
    what perflint sent)."""
    if diagnostic.source != SOURCE:
        return None
    try:
        return validate(DiagnosticData, diagnostic.data)
    except Invalid as exc:
        logger.warning("a %s diagnostic came back with data perflint did not send (%s): no code action for it", diagnostic.code, exc)
        return None


def code_actions(
    uri: str, diagnostics: Sequence[types.Diagnostic], only: Sequence[types.CodeActionKind | str] | None = None
) -> list[types.CodeAction]:
    """Quick fixes for perflint's diagnostics: the safe fix, and a suppression above the line."""
    if not kind_requested(types.CodeActionKind.QuickFix.value, only):
        return []
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        data = diagnostic_data(diagnostic)
        if data is None:
            continue
        if data.fix is not None:
            actions.append(
                types.CodeAction(
                    title=f"perflint ({diagnostic.code}): {data.fix.title}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(
                        changes={uri: [types.TextEdit(range=_range(e.start, e.end), new_text=e.text) for e in data.fix.edits]}
                    ),
                    is_preferred=True,
                )
            )
        at = types.Position(data.disable.line, 0)
        actions.append(
            types.CodeAction(
                title=f"perflint: disable {diagnostic.code} for this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(at, at), new_text=data.disable.text)]}),
            )
        )
    return actions
