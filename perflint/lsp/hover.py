"""Hover: what perflint found at a place, and for a number, why — the value the report
states, the one perflint computed, the interval it allows and the figures it computed
from, each operand with its line."""

from lsprotocol import types

from perflint.lsp.positions import PositionMapper
from perflint.results import Evidence, Finding

_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>#|~"})


def findings_at(findings: list[Finding], offset: int) -> list[Finding]:
    """The findings whose span holds ``offset`` (an empty span, the one at it)."""
    return [f for f in findings if f.span[0] <= offset < f.span[1] or f.span[0] == offset == f.span[1]]


def hover(findings: list[Finding], mapper: PositionMapper) -> types.Hover | None:
    """The hover for ``findings`` (those at one place), ranged over the first."""
    if not findings:
        return None
    (sl, sc), (el, ec) = mapper.position(findings[0].span[0]), mapper.position(findings[0].span[1])
    text = "\n\n---\n\n".join(describe(finding, mapper) for finding in findings)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
    )


def describe(finding: Finding, mapper: PositionMapper) -> str:
    """One finding in Markdown: code, name and severity, the message, its evidence."""
    lines = [f"**{finding.code}** `{finding.name}` ({finding.severity.value})", "", _escape(finding.message)]
    if finding.evidence is not None:
        lines += ["", *_evidence(finding.evidence, mapper)]
    if finding.fix is not None and finding.fix.message:
        automatic = "（可用 --fix 或 source.fixAll.perflint 自动修复）" if finding.fix.applicability == "safe" else ""
        lines += ["", f"建议：{_escape(finding.fix.message)}{automatic}"]
    return "\n".join(lines)


def _evidence(evidence: Evidence, mapper: PositionMapper) -> list[str]:
    rows = []
    if evidence.stated is not None:
        rows.append(f"- 报告所写：{_escape(evidence.stated)}")
    if evidence.computed is not None:
        rows.append(f"- 重新计算：{_escape(evidence.computed)}")
    if evidence.expected is not None:
        rows.append(f"- 应为：{_escape(evidence.expected)}")
    if evidence.interval is not None:
        rows.append(f"- 允许区间：[{', '.join(_escape(str(bound)) for bound in evidence.interval)}]")
    if evidence.operands:
        rows.append("- 计算依据：")
        rows += [
            f"  - {_escape(op.label)} {_escape(op.text)}（第 {mapper.line_of(op.span[0]) + 1} 行）"
            if op.label
            else f"  - {_escape(op.text)}"
            for op in evidence.operands
        ]
    return rows


def _escape(text: str) -> str:
    """``text`` shown as itself in Markdown, on one line."""
    return " ".join(text.translate(_SPECIAL).split("\n"))
