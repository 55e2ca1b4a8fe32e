"""``source.fixAll.perflint``: every safe fix of a document, as ``perflint --fix`` makes them.

The fixed text comes from ``perflint.fixing.fix_source``, the function ``--fix`` uses,
so the editor gets the same text the command line would write. It reaches the editor
as the smallest edits that turn the buffer into it: one per changed run of lines,
trimmed to the characters that differ, so the cursor, folds and undo history of the
untouched lines stay where they were, and each untouched line keeps its own line end.
"""

from difflib import SequenceMatcher

from lsprotocol import types

from perflint.lsp.positions import PositionMapper
from perflint.results import Span

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.perflint"


def changed_runs(before: str, after: str) -> list[tuple[Span, str]]:
    """The changes from ``before`` to ``after`` as replacements of spans of ``before``,
    in order and apart: one per run of changed lines, trimmed of what both share."""
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    runs: list[tuple[Span, str]] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = before[old_starts[i1] : old_starts[i2]]
        new = after[new_starts[j1] : new_starts[j2]]
        head = _shared_head(old, new)
        tail = _shared_head(old[head:][::-1], new[head:][::-1])
        runs.append(((old_starts[i1] + head, old_starts[i2] - tail), new[head : len(new) - tail]))
    return runs


def text_edits(runs: list[tuple[Span, str]], mapper: PositionMapper, newline: str) -> list[types.TextEdit]:
    """The runs as LSP edits of the editor's buffer, whose line ends are ``newline``
    where ``Source.text`` has ``\\n``."""
    edits = []
    for (start, end), text in runs:
        (sl, sc), (el, ec) = mapper.position(start), mapper.position(end)
        edits.append(
            types.TextEdit(
                range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
                new_text=text.replace("\n", newline),
            )
        )
    return edits


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _shared_head(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i
