"""A report's text as the html page shows it: line by line, cut into pieces at the
edges of findings' spans, each piece knowing which findings cover it.

Spans overlap and cross lines; a piece is the longest run of one line that the same
findings cover, so the page marks it once, in the colour of the most severe of them.
A finding's first piece carries its anchor (where the list of findings jumps to); a
finding with an empty span gets an empty piece of its own, drawn as a caret. Long runs
of empty lines — the lines a long run did not keep (perflint.shrink), or blank lines
in the report — fold into one gap, so the line numbers stay those of the report.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from perflint.results import Finding

# Empty lines in a row folded into one gap; shorter runs are shown as they are.
GAP_MIN_LINES = 4


@dataclass(slots=True)
class Piece:
    text: str
    findings: tuple[int, ...] = ()  # indexes of the findings covering it, in the report's order
    anchors: tuple[int, ...] = ()  # findings that begin here
    severity: str | None = None  # the most severe covering finding's severity
    title: str = ""  # what hovering it shows (the html format fills it in)

    @property
    def caret(self) -> bool:
        """An empty span's mark, drawn between characters."""
        return not self.text and bool(self.findings)


@dataclass(slots=True)
class Line:
    number: int  # 1-based, as in every other format
    pieces: list[Piece] = field(default_factory=list)
    start: int = 0  # its offset in the text
    page: int | None = None  # a PDF's page, on the first line of each page (the html format fills it in)
    is_gap = False

    @property
    def empty(self) -> bool:
        return not self.pieces or (len(self.pieces) == 1 and not self.pieces[0].text and not self.pieces[0].findings)


@dataclass(slots=True)
class Gap:
    first: int  # the first and last line folded
    last: int
    is_gap = True

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def text_view(text: str, findings: list[Finding]) -> list[Line | Gap]:
    """The lines of ``text`` with ``findings`` marked, long empty runs folded."""
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    carets: dict[int, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        start, end = finding.span
        if start == end:
            carets[start].append(index)
        else:
            starts[start].append(index)
            ends[end].append(index)
    points = sorted(set(starts) | set(ends) | set(carets))
    rank = [finding.severity.rank for finding in findings]
    active: set[int] = set()
    pending: list[int] = []  # begun, not yet given an anchor (a span may begin on a line end)
    lines: list[Line] = []
    point = 0
    line_start = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        line_end = line_start + len(line_text)
        line = Line(number, start=line_start)
        position = line_start
        while point < len(points) and points[point] <= line_end:
            offset = points[point]
            if offset > position:
                line.pieces.append(_piece(text[position:offset], active, pending, rank, findings))
                position = offset
            for index in ends.get(offset, ()):
                active.discard(index)
                if index in pending:  # it covered line ends only: shown where it ends, as a caret
                    pending.remove(index)
                    line.pieces.append(Piece("", (index,), (index,), findings[index].severity.value))
            for index in carets.get(offset, ()):
                line.pieces.append(Piece("", (index,), (index,), findings[index].severity.value))
            for index in starts.get(offset, ()):
                active.add(index)
                pending.append(index)
            point += 1
        if position < line_end or not line.pieces:
            line.pieces.append(_piece(text[position:line_end], active, pending, rank, findings))
        lines.append(line)
        line_start = line_end + 1
    return _fold_gaps(lines)


def _piece(text: str, active: set[int], pending: list[int], rank: list[int], findings: list[Finding]) -> Piece:
    if not active or not text:
        return Piece(text)
    covering = tuple(sorted(active))
    anchors = tuple(index for index in pending if index in active)
    pending[:] = [index for index in pending if index not in active]
    worst = max(covering, key=lambda index: rank[index])
    return Piece(text, covering, anchors, findings[worst].severity.value)


def _fold_gaps(lines: list[Line]) -> list[Line | Gap]:
    shown: list[Line | Gap] = []
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.empty:
            run.append(line)
            continue
        if len(run) >= GAP_MIN_LINES:
            shown.append(Gap(run[0].number, run[-1].number))
        else:
            shown.extend(run)
        run = []
        if line is not None:
            shown.append(line)
    return shown
