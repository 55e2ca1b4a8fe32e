"""Findings to LSP diagnostics and diagnostics back to code actions.

Everything a code action needs travels in ``Diagnostic.data`` (ruff's pattern), so
answering ``textDocument/codeAction`` needs no second lint: the safe fix's edits, and
the line above which a ``disable-next-line`` directive goes.
"""

from typing import Any

from lsprotocol import types

from perflint.lsp.positions import PositionMapper
from perflint.results import Finding, Severity

SOURCE = "perflint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def _range(mapper: PositionMapper, start: int, end: int) -> dict[str, Any]:
    (sl, sc), (el, ec) = mapper.position(start), mapper.position(end)
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def to_diagnostic(finding: Finding, mapper: PositionMapper, newline: str = "\n") -> types.Diagnostic:
    data: dict[str, Any] = {
        "name": finding.name,
        "disable": {"line": mapper.line_of(finding.span[0]), "text": f"<!-- perflint: disable-next-line {finding.code} -->{newline}"},
    }
    if finding.fix is not None and finding.fix.applicability == "safe":
        data["fix"] = {
            "title": finding.fix.message or f"Fix {finding.code}",
            "edits": [{"range": _range(mapper, *edit.span), "newText": edit.content} for edit in finding.fix.edits],
        }
    r = _range(mapper, *finding.span)
    return types.Diagnostic(
        range=types.Range(types.Position(**r["start"]), types.Position(**r["end"])),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        data=data,
    )


def _edit(raw: dict[str, Any]) -> types.TextEdit:
    start, end = raw["range"]["start"], raw["range"]["end"]
    return types.TextEdit(
        range=types.Range(types.Position(start["line"], start["character"]), types.Position(end["line"], end["character"])),
        new_text=raw["newText"],
    )


def code_actions(uri: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """Quick fixes for perflint's diagnostics: the safe fix, and a suppression above the line."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        data = diagnostic.data
        if diagnostic.source != SOURCE or not isinstance(data, dict):
            continue
        fix = data.get("fix")
        if fix:
            actions.append(
                types.CodeAction(
                    title=f"perflint ({diagnostic.code}): {fix['title']}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [_edit(e) for e in fix["edits"]]}),
                    is_preferred=True,
                )
            )
        disable = data.get("disable")
        if disable:
            at = types.Position(disable["line"], 0)
            actions.append(
                types.CodeAction(
                    title=f"perflint: disable {diagnostic.code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(at, at), new_text=disable["text"])]}),
                )
            )
    return actions
