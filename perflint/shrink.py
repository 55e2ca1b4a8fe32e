"""A linted report cut down to what its output needs, for runs over many files.

Every output format reads a report's text only on the lines its findings point at:
the line a finding starts on (the ``full`` snippet, the fingerprints of SARIF and the
baseline), and the rows and columns of spans, fix edits and operands. ``shrink``
keeps those lines as they are and empties the others, newlines included, so each
kept line sits at the same row with the same columns: every format renders the shrunk
result exactly as it renders the original. A worker sends the shrunk result to the
parent, and the parent keeps only shrunk results until the end of a run.
"""

from dataclasses import replace

from perflint.origins import OriginMap
from perflint.positions import LineIndex
from perflint.results import FileResult, Finding, Fix


def shrink(result: FileResult) -> FileResult:
    """``result`` with a source holding only the lines its findings refer to (and
    their offsets moved accordingly); a result without text is returned as it is."""
    source = result.source
    if source is None:
        return result
    text = source.text
    if not result.findings:
        return replace(result, source=replace(source, text="", origins=None))
    offsets = sorted({max(0, min(offset, len(text))) for finding in result.findings for offset in _offsets(finding)})
    index = LineIndex(text)
    rows = sorted({index.row_column(offset)[0] for offset in offsets})
    pieces: list[str] = []
    new_start: dict[int, int] = {}  # row → where it now starts
    length, previous = 0, 1
    for row in rows:
        gap = "\n" * (row - previous)  # the rows in between, emptied
        start, end = index.line_span(row)
        pieces += (gap, text[start:end])
        new_start[row] = length + len(gap)
        length = new_start[row] + end - start
        previous = row
    pieces.append("\n" * (index.line_count - previous))
    old_start = {row: index.line_span(row)[0] for row in rows}

    def moved(offset: int) -> int:
        offset = max(0, min(offset, len(text)))
        row = index.row_column(offset)[0]
        return new_start[row] + offset - old_start[row]

    origins = None
    if source.origins is not None:
        origins = OriginMap([(moved(offset), origin) for offset in offsets if (origin := source.origin_at(offset)) is not None])
    small = replace(source, text="".join(pieces), origins=origins)
    return replace(result, source=small, findings=[_moved_finding(finding, moved) for finding in result.findings])


def _offsets(finding: Finding) -> list[int]:
    offsets = list(finding.span)
    if finding.fix is not None:
        offsets += [offset for edit in finding.fix.edits for offset in edit.span]
    for operand in (finding.evidence.operands or []) if finding.evidence else []:
        offsets += list(operand.span)
    return offsets


def _moved_finding(finding: Finding, moved) -> Finding:
    fix = finding.fix
    if fix is not None:
        fix = Fix(fix.applicability, [replace(edit, span=_moved_span(edit.span, moved)) for edit in fix.edits], fix.message)
    evidence = finding.evidence
    if evidence is not None and evidence.operands:
        evidence = replace(evidence, operands=[replace(op, span=_moved_span(op.span, moved)) for op in evidence.operands])
    return replace(finding, span=_moved_span(finding.span, moved), fix=fix, evidence=evidence, section=list(finding.section))


def _moved_span(span, moved) -> tuple[int, int]:
    return (moved(span[0]), moved(span[1]))
