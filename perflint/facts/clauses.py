"""Sentences, clauses and quotations in folded text (``fold_chars``: same length).

The content facts look at the sentence or the clause a statement sits in (自评得分 92
分 in one clause, 档案检查被评为“优秀”等级 in another). Offsets are local to the text
given; callers add the block's offset.
"""

from collections.abc import Iterator
from functools import lru_cache

from perflint.document import Document, Paragraph, Section, Span, Table
from perflint.patterns import lazy
from perflint.text import fold_chars

# fold_chars turns full-width ！？；，： into ASCII; 。 and 、 stay.
SENTENCE_END = frozenset("。!?;\n")
CLAUSE_END = SENTENCE_END | frozenset(",")
_QUOTED = lazy(r"《[^《》\n]*》|“[^“”\n]*”|\"[^\"\n]*\"|「[^「」\n]*」|『[^『』\n]*』|〔[^〔〕\n]*〕|【[^【】\n]*】|﹝[^﹝﹞\n]*﹞")
_CJK = lazy(r"[\u3400-\u9fff]")
# A year written in figures, 2023年; group 1 holds the year.
YEAR = lazy(r"((?:19|20)\d{2})\s*年")


@lru_cache(maxsize=512)
def folded_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary words folded like the text (punctuation kept), longest first."""
    # Ties in length are broken by the words themselves: a set's order changes from
    # run to run (string hashing is salted), and patterns built from these must not.
    return tuple(sorted({fold_chars(word) for word in words if word}, key=lambda word: (-len(word), word)))


def word_at(folded: str, position: int, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ``folded`` has at ``position``, or ""."""
    return next((word for word in folded_words(words) if folded.startswith(word, position)), "")


def word_ending_at(folded: str, position: int, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ends exactly at ``position``, or ""."""
    return next((word for word in folded_words(words) if folded.endswith(word, 0, position)), "")


def contains_any(folded: str, words: tuple[str, ...]) -> bool:
    return any(word in folded for word in folded_words(words))


def find_words(folded: str, words: tuple[str, ...]) -> list[tuple[str, int]]:
    """Non-overlapping occurrences of ``words``, the longest winning where they overlap."""
    taken = [False] * len(folded)
    found: list[tuple[str, int]] = []
    for word in folded_words(words):
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                found.append((word, start))
            start = folded.find(word, start + 1)
    return sorted(found, key=lambda item: item[1])


_SENTENCE_END = "。!?;\n"
_SENTENCE = lazy(rf"[^{_SENTENCE_END}]*(?:[{_SENTENCE_END}]|$)")


def sentence_spans(folded_text: str) -> Iterator[Span]:
    """Local spans of the sentences of ``folded_text``, each with its end mark."""
    for match in _SENTENCE.finditer(folded_text):
        start, end = match.span()
        if end > start and folded_text[start:end].strip():
            yield (start, end)


def sentence_start(folded: str, position: int) -> int:
    """Where the sentence holding ``position`` starts: after the last 。 ! ? ; or line break before it."""
    return max(folded.rfind(mark, 0, position) for mark in _SENTENCE_END) + 1


def clause_start(folded: str, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last , ; 。 before it."""
    index = position
    while index > 0 and folded[index - 1] not in CLAUSE_END:
        index -= 1
    return index


def quoted_spans(folded: str) -> list[Span]:
    """Local spans of quotations and titles (《…》, “…”, 〔…〕): names, not statements."""
    return [match.span() for match in _QUOTED.finditer(folded)]


def inside_any(spans: list[Span], position: int) -> bool:
    return any(start < position < end for start, end in spans)


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def within(section: Section | None, ancestor: Section | None) -> bool:
    """True if ``section`` is ``ancestor`` or lies inside it."""
    node = section
    while node is not None and ancestor is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def block_pieces(block: Paragraph | Table) -> Iterator[tuple[str, int]]:
    """A paragraph's text, or each cell of a table, as (text, offset)."""
    if isinstance(block, Paragraph):
        yield block.text, block.span[0]
        return
    for row in block.rows:
        if not row.is_rule:
            for cell in row.cells:
                yield cell.text, cell.span[0]


def text_pieces(document: Document) -> Iterator[tuple[Section | None, str, int]]:
    """Every paragraph and every table cell as (innermost section, text, offset)."""
    for section, block in document.blocks():
        for text, offset in block_pieces(block):
            yield section, text, offset


def section_pieces(section: Section) -> Iterator[tuple[Section, str, int]]:
    """``text_pieces`` of one section and its descendants."""
    for node in section.walk():
        for block in node.blocks:
            for text, offset in block_pieces(block):
                yield node, text, offset
