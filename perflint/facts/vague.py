"""Vague results: a claim of satisfaction or completion whose sentence gives no figure.

服务对象总体满意 and 基本完成了全年各项任务 say nothing a reviewer can check; 满意度为
96.5% or 完成 26 个示范基地建设 do. A year or a date (2023年, 12月) is not a figure.
"""

from dataclasses import dataclass

from perflint.document import Document, Section, Span, Table
from perflint.facts.clauses import contains_any, find_words, sentence_spans, within
from perflint.facts.content_vocabulary import VagueSpec
from perflint.facts.quantities import scan
from perflint.text import fold_chars

_DATE_UNITS = "年月日号"


@dataclass(slots=True)
class VagueClaim:
    phrase: str  # as written
    span: Span


def _has_figure(text: str, offset: int) -> bool:
    for quantity in scan(text, offset):
        after = quantity.span[1] - offset
        if quantity.unit or after >= len(text) or fold_chars(text[after]) not in _DATE_UNITS:
            return True
    return False


def vague_claims(document: Document, spec: VagueSpec, sections: list[Section] | None) -> list[VagueClaim]:
    """Vague claims in ``sections`` (all of the report when None)."""
    found: list[VagueClaim] = []
    for section, block in document.blocks():
        # A table cell holds a qualitative indicator's result in words (基本达到): that is
        # the form's answer, not a claim made in place of a figure.
        if isinstance(block, Table) or (sections is not None and not any(within(section, s) for s in sections)):
            continue
        text, offset = block.text, block.span[0]
        folded = fold_chars(text)
        if not contains_any(folded, spec.phrases):
            continue
        for start, end in sentence_spans(folded):
            phrases = find_words(folded[start:end], spec.phrases)
            if not phrases or _has_figure(text[start:end], offset + start):
                continue
            for word, at in phrases:
                begin = start + at
                found.append(VagueClaim(text[begin : begin + len(word)], (offset + begin, offset + begin + len(word))))
    return found
