"""Indicators stated in prose: a target with its operator and the actual value found.

"…人次数年初指标值为不低于180人，全年实际完成值164人。" states an indicator's target (a
target label, an operator, a number and its unit) and, later in the same sentence, its
actual value (an actual label right before a number in the same unit). The claim is
read only when both are there and their units are written alike: a target in 人 and an
actual in 人次 are not compared. A target without an operator (指标值为2023年12月底,
260元/辆) is not read: whether it is a floor, a ceiling or a deadline is not said.

Whether a missed target has its reason given: a word of ``numbers.reason-markers`` in
the claim's sentence, after it in its paragraph or section, or in any sentence of the
report that names the indicator (four characters of its name in a row).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from perflint.document import Block, Document, Paragraph, Section, Span
from perflint.facts.clauses import contains_any, folded_words, sentence_spans, within
from perflint.facts.content_vocabulary import IndicatorsSpec
from perflint.text import fold_chars

_NUMBER = r"(?<![0-9.])(\d+(?:\.\d+)?)(?![0-9.])"
# A unit is what follows the number up to a stop: %, ‰ or a few characters (人, 人次, 个).
_UNIT = r"[ \t]*(%|‰|[\u3400-\u9fff]{1,3}(?![\u3400-\u9fff]))"
# Between a target label and its operator: 为, 是, a colon or a few more words of the name
# (计划小时数≥80%), never a stop or a number.
_TO_OPERATOR = r"[^,，。;；:：!?、\d\n]{0,8}?[:：]?"
_TO_NUMBER = r"(?:为|是|达到|达|[:：])?[ \t]*"
# Four characters of the indicator's name in a row name it elsewhere in the report.
_NAME_WINDOW = 4


@dataclass(frozen=True, slots=True)
class IndicatorClaim:
    name: str  # the words before the target label in its clause ("发放…燃油补贴人次数")
    kind: str  # floor | ceiling | equal
    target: Decimal
    target_text: str  # operator, number and unit as written ("不低于180人")
    actual: Decimal
    actual_text: str  # number and unit as written ("164人")
    actual_span: Span
    reason_given: bool

    @property
    def met(self) -> bool:
        if self.kind == "floor":
            return self.actual >= self.target
        if self.kind == "ceiling":
            return self.actual <= self.target
        return self.actual == self.target


@lru_cache(maxsize=16)
def _patterns(spec: IndicatorsSpec) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    kinds = {
        **{op: "floor" for op in folded_words(spec.floor_operators)},
        **{op: "ceiling" for op in folded_words(spec.ceiling_operators)},
        **{op: "equal" for op in folded_words(spec.equal_operators)},
    }
    operators = "|".join(re.escape(op) for op in sorted(kinds, key=lambda op: (-len(op), op)))
    labels = "|".join(re.escape(word) for word in folded_words(spec.target_labels))
    actuals = "|".join(re.escape(word) for word in folded_words(spec.actual_labels))
    target = re.compile(rf"(?:{labels}){_TO_OPERATOR}(?P<op>{operators})[ \t]*{_NUMBER}{_UNIT}")
    actual = re.compile(rf"(?:{actuals}){_TO_NUMBER}{_NUMBER}{_UNIT}")
    return target, actual, kinds


def indicator_claims(document: Document, spec: IndicatorsSpec, reason_markers: tuple[str, ...]) -> list[IndicatorClaim]:
    """The indicators the report's paragraphs state with a target and an actual value."""
    blocks = list(document.blocks())
    reasons = _reason_sentences(blocks, reason_markers)
    claims = []
    for index, (section, block) in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        for claim_span, name, kind, target, target_text, actual, actual_text, actual_span in _read(block, spec):
            after = _text_after(blocks, index, section, block, claim_span[0])
            given = contains_any(after, folded_words(reason_markers)) or _named_in(name, reasons)
            claims.append(IndicatorClaim(name, kind, target, target_text, actual, actual_text, actual_span, given))
    return claims


def _read(block: Paragraph, spec: IndicatorsSpec) -> Iterator[tuple[Span, str, str, Decimal, str, Decimal, str, Span]]:
    target_pattern, actual_pattern, kinds = _patterns(spec)
    folded = fold_chars(block.text)
    offset = block.span[0]
    for start, end in sentence_spans(folded):
        sentence = folded[start:end]
        position = 0
        while (target := target_pattern.search(sentence, position)) is not None:
            following = target_pattern.search(sentence, target.end())
            limit = following.start() if following else len(sentence)
            actual = actual_pattern.search(sentence, target.end(), limit)
            position = target.end()
            if actual is None or actual.group(2) != target.group(3):
                continue
            clause = max(sentence.rfind(ch, 0, target.start()) for ch in ",，:：、") + 1
            name = sentence[clause : target.start()].strip()
            a_start, a_end = start + actual.start(1), start + actual.end(2)
            yield (
                (offset + start + target.start(), offset + start + actual.end()),
                name,
                kinds[target.group("op")],
                Decimal(target.group(2)),
                block.text[start + target.start("op") : start + target.end(3)],
                Decimal(actual.group(1)),
                block.text[a_start:a_end],
                (offset + a_start, offset + a_end),
            )
            position = actual.end()


def _text_after(blocks: list[tuple[Section | None, Block]], index: int, section: Section | None, block: Paragraph, start: int) -> str:
    """The claim's sentence from its start, the rest of its paragraph (``blocks[index]``)
    and of its section."""
    text = fold_chars(block.text)
    local = start - block.span[0]
    sentence_start = max(text.rfind(ch, 0, local) for ch in "。!?;\n") + 1
    pieces = [text[sentence_start:]]
    for following, later in blocks[index + 1 :]:
        if following is not section and not (section is not None and within(following, section)):
            break
        if isinstance(later, Paragraph):
            pieces.append(fold_chars(later.text))
    return "\n".join(pieces)


def _reason_sentences(blocks: list[tuple[Section | None, Block]], reason_markers: tuple[str, ...]) -> list[str]:
    words = folded_words(reason_markers)
    found: list[str] = []
    for _, block in blocks:
        if isinstance(block, Paragraph):
            folded = fold_chars(block.text)
            found.extend(folded[s:e] for s, e in sentence_spans(folded) if contains_any(folded[s:e], words))
    return found


def _named_in(name: str, sentences: list[str]) -> bool:
    windows = {name[i : i + _NAME_WINDOW] for i in range(len(name) - _NAME_WINDOW + 1)}
    return any(window in sentence for sentence in sentences for window in windows)


def all_met_claim(document: Document, spec: IndicatorsSpec) -> tuple[str, Span] | None:
    """The first phrase of the report claiming every target was met, and where it is."""
    words = folded_words(spec.all_met_phrases)
    for _, block in document.blocks():
        if isinstance(block, Paragraph):
            folded = fold_chars(block.text)
            hits = [(folded.find(word), word) for word in words if word in folded]
            if hits:
                at, word = min(hits)
                return block.text[at : at + len(word)], (block.span[0] + at, block.span[0] + at + len(word))
    return None
