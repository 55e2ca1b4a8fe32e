"""Template text left in a report: instructions, placeholders and empty number slots.

The patterns come from the profile (``[content.template-text]``) and run over the
whole text with ``fold_chars`` applied (same length, so offsets hold), headings and
header fields included; suppression comments and the lines of the form's own printed
notes (``form-note-patterns``) are skipped.
"""

from dataclasses import dataclass

from perflint.document import Document, Span
from perflint.facts.content_vocabulary import TemplateTextSpec
from perflint.text import fold_chars


@dataclass(slots=True)
class Leftover:
    kind: str  # instruction | placeholder | empty-slot
    span: Span
    text: str  # as written


def leftovers(document: Document, spec: TemplateTextSpec) -> list[Leftover]:
    folded = fold_chars(document.text)
    comments = [c.span for c in document.comments]
    notes = [_line_of(folded, match.start()) for pattern in spec.compiled_form_notes for match in pattern.finditer(folded)]
    taken: list[Span] = []
    found: list[Leftover] = []
    for kind, patterns in spec.compiled.items():
        for pattern in patterns:
            for match in pattern.finditer(folded):
                start, end = match.span()
                if end == start or any(a <= start < b for a, b in comments) or any(a <= start < b for a, b in notes):
                    continue
                if any(start < b and a < end for a, b in taken):
                    continue  # one finding per piece of text, the first kind that names it
                taken.append((start, end))
                found.append(Leftover(kind, (start, end), document.text[start:end]))
    found.sort(key=lambda leftover: leftover.span)
    return found


def _line_of(text: str, offset: int) -> Span:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return (start, len(text) if end < 0 else end)
