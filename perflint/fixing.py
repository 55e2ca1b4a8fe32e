"""Applying fixes (``--fix``, ``--diff``): safe ones, unsafe ones on request, never
display-only ones (the recomputed figures of the number checks).

A pass applies every applicable fix whose edits do not touch another's, from the end
of the text backwards so offsets stay valid; the text is linted again and the next
pass takes what is left, until nothing applies or ``MAX_PASSES`` is reached. Then the
fixed text is parsed and its facts — the outline, the header fields, every number
and the claims built from them — are compared with the original's. A fix may change
how a report reads, never what it states: if anything differs, the fixes are
dropped and the reason is given, and the caller leaves the file untouched.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from perflint.document import Document
from perflint.engine import Linter
from perflint.facts import extract
from perflint.facts.clauses import text_pieces
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import Quantity, scan
from perflint.fixable import applicable_fix
from perflint.parse import parse
from perflint.profiles import default_numbers
from perflint.results import Edit, FileResult, Fix
from perflint.sources import Source
from perflint.text import fold_key

MAX_PASSES = 10


@dataclass(eq=False)
class FixOutcome:
    """What fixing one report came to."""

    original: Source
    text: str  # the fixed text ("\n" newlines); the original's when nothing was kept
    fixed: int  # fixes applied (0 when they were dropped)
    result: FileResult  # the findings that remain (on the fixed text, or the original)
    refused: str | None = None  # why the fixes were dropped
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, name) → fixes of that rule applied

    @property
    def changed(self) -> bool:
        return self.text != self.original.text


def _touch(a: Edit, b: Edit) -> bool:
    """Edits conflict when they overlap or meet: two insertions at one place, or an
    edit ending where another starts, leave their order undefined."""
    return a.span[0] <= b.span[1] and b.span[0] <= a.span[1]


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply the fixes whose edits conflict with no fix taken before them (in order
    of position). Returns the new text and how many fixes were applied."""
    taken = _compatible(fixes)
    return _applied(text, taken), len(taken)


def _compatible(fixes: list[Fix]) -> list[Fix]:
    """The fixes one pass applies: in order of position, each whose edits touch
    neither each other nor those of a fix taken before it."""
    taken: list[Fix] = []
    edits_taken: list[Edit] = []
    for fix in sorted(fixes, key=lambda f: min(e.span for e in f.edits)):
        edits = sorted(fix.edits, key=lambda e: e.span)
        if any(_touch(a, b) for a, b in zip(edits, edits[1:])):
            continue  # a fix whose own edits overlap is malformed; skip it
        if any(_touch(edit, other) for edit in edits for other in edits_taken):
            continue
        edits_taken.extend(edits)
        taken.append(fix)
    return taken


def _applied(text: str, fixes: list[Fix]) -> str:
    for edit in sorted((edit for fix in fixes for edit in fix.edits), key=lambda e: e.span, reverse=True):
        start, end = edit.span
        text = text[:start] + edit.content + text[end:]
    return text


def fix_source(linter: Linter, source: Source, *, unsafe: bool = False, max_passes: int = MAX_PASSES) -> FixOutcome:
    """Fix one report in memory; the caller writes the text (or a diff) if it wants."""
    first = linter.lint(source)
    result, text = first, source.text
    rules: Counter[tuple[str, str]] = Counter()
    for _ in range(max_passes):
        fixes = {id(fix): finding for finding in result.findings if (fix := applicable_fix(finding, unsafe=unsafe)) is not None}
        taken = _compatible([finding.fix for finding in fixes.values() if finding.fix is not None])
        new_text = _applied(text, taken)
        if not taken or new_text == text:
            break
        text = new_text
        rules.update((fixes[id(fix)].code, fixes[id(fix)].name) for fix in taken)
        result = linter.lint(_with_text(source, text))
    if not rules:
        return FixOutcome(source, source.text, 0, first)
    vocab = _vocabulary(linter, first.profile)
    before, after = fact_signature(parse(source.text), vocab), fact_signature(parse(text), vocab)
    if before != after:
        what = ", ".join(name for name in before if before[name] != after[name])
        reason = f"fixes not applied: they would change the report's facts ({what}); fix it by hand"
        return FixOutcome(source, source.text, 0, first, refused=reason)
    return FixOutcome(source, text, rules.total(), result, rules=rules)


def _with_text(source: Source, text: str) -> Source:
    return Source(source.path, text, source.format, source.encoding, source.newline, source.had_bom)


def _vocabulary(linter: Linter, profile_id: str | None) -> NumbersSpec:
    if profile_id is None:
        return default_numbers()
    return linter.profiles.get(profile_id).numbers


# -- the facts a fix must keep --------------------------------------------------------


def fact_signature(document: Document, vocab: NumbersSpec) -> dict[str, object]:
    """What a report states, without where or in what typography: compared before
    and after fixing. Titles and labels are compared folded (spaces and the width of
    punctuation do not count); numbers by value, decimals and unit, never by span."""
    facts = extract(document, vocab)
    return {
        "title": fold_key(document.title.text) if document.title else None,
        "outline": [(len(s.path) - 1, s.heading.style, s.heading.value, fold_key(s.heading.title)) for s in document.walk()],
        "header fields": [(fold_key(f.name), fold_key(f.value)) for f in document.fields],
        "numbers": _numbers(document),
        "breakdowns": [
            (
                _quantity(b.total),
                fold_key(b.total_name),
                b.complete,
                [(fold_key(p.name), _quantity(p.amount), _quantity(p.share)) for p in b.parts],
            )
            for b in facts.breakdowns
        ],
        "executions": [
            (
                [(fold_key(x.name), _quantity(x.amount)) for x in e.budgets],
                (fold_key(e.executed.name), _quantity(e.executed.amount)) if e.executed else None,
                _quantity(e.rate),
            )
            for e in facts.executions
        ],
    }


def _quantity(quantity: Quantity | None) -> tuple[Decimal, int, str] | None:
    return None if quantity is None else (quantity.value, quantity.decimals, quantity.unit)


def _numbers(document: Document) -> Counter:
    """Every number of the paragraphs and tables, as a multiset (joining two
    paragraphs moves numbers, it must not add, drop or change one). Table delimiter
    rows are left out: they hold only dashes."""
    return Counter(_quantity(q) for _, text, _ in text_pieces(document) for q in scan(text))
