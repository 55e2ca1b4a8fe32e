"""Allocations by document: an amount a cited document is said to allocate.

"…财政局呼财农指【2023】41号文件《关于…的通知》，下达**河县2023年资金5万元。" cites a
document by its number (文号: issuer code, year in brackets, 号) and, later in the same
sentence, says what it allocates: an allocation verb (``numbers.allocation-verbs``:
下达, 拨付, 安排), what is allocated to whom, and the amount. What lies between the verb
and the amount is split at its year (2023年): before it the recipient (**河县), after it
the item (资金, 山洪灾害防治设施维养). Only a verb outside the document's title (《关于下达
…的通知》) counts, only the first amount after it, and only a sentence citing one
document before it: "…等3个文件，共下达…" is the sum of several.
A document cited in brackets right after the amount (下达某县2023年资金12万元（某财农〔2023〕
17号）) allocates that amount.

A document is one document however often it is cited: the key is the last characters
of its issuer code with the year and the number, so 呼财农指【2023】41号 and 呼财农指〔2023〕
41号 are the same.
"""

import re
from dataclasses import dataclass

from perflint.document import Span
from perflint.facts.clauses import folded_words, inside_any, quoted_spans, sentence_spans
from perflint.facts.quantities import MONEY_UNITS, Quantity, scan
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

# Issuer code, year in brackets of any width, number: 呼财农指【2023】41号, 渝财农〔2022〕92号.
_DOCUMENT = lazy(
    r"(?P<issuer>[\u3400-\u9fff]{1,12})[ \t]*[〔【\[(﹝][ \t]*(?P<year>\d{4})[ \t]*[〕】\])﹞][ \t]*第?(?P<number>\d+)[ \t]*号"
)
# The issuer code's last characters name it; the words before it (财政局) vary.
_ISSUER_KEY = 3
# Between the verb and the amount: words and a year, no stop, no other number.
_PHRASE = r"(?P<phrase>(?:[^,，。;；:：、()（）《》\d\n]|\d{4}年)*?)"
_AMOUNT_START = r"(?=\d+(?:\.\d+)?[ \t]*(?:亿元|万元|千元|元))"
_ORGANS = "局厅委府院办"
_YEAR = lazy(r"\d{4}年度?")
_MAY_CITE = lazy(r"\d[ \t]*号")


@dataclass(frozen=True, slots=True)
class Allocation:
    document: str  # the document as written ("呼财农指【2023】41号")
    key: str  # the same document however it is bracketed
    recipient: str  # folded words before the year ("**河县"), "" when no year
    year: str  # the year the phrase names ("2023年"), "" when none
    item: str  # folded words after the year ("资金", "山洪灾害防治设施维养")
    amount: Quantity


def allocations(text: str, offset: int, verbs: tuple[str, ...]) -> list[Allocation]:
    """The allocations the sentences of one paragraph attribute to a cited document."""
    if not _MAY_CITE.search(text):
        return []
    folded = fold_chars(text)
    verb_pattern = re.compile(rf"(?:{'|'.join(re.escape(v) for v in folded_words(verbs))}){_PHRASE}{_AMOUNT_START}")
    quoted = quoted_spans(folded)
    found = []
    for start, end in sentence_spans(folded):
        cited = list(_DOCUMENT.finditer(folded, start, end))
        for index, document in enumerate(cited):
            if index > 0 and _no_verb_between(folded, cited[index - 1].end(), document.start(), verbs, quoted):
                continue  # one of several documents listed together: their sum follows
            limit = cited[index + 1].start() if index + 1 < len(cited) else end
            if index + 1 < len(cited) and _no_verb_between(folded, document.end(), cited[index + 1].start(), verbs, quoted):
                continue
            allocation = _cited_after(text, folded, offset, document, start, verb_pattern, quoted)
            if allocation is None:
                allocation = _allocation(text, folded, offset, document, limit, verb_pattern, quoted)
            if allocation is not None:
                found.append(allocation)
    return found


def _cited_after(
    text: str, folded: str, offset: int, document: re.Match[str], start: int, verb_pattern: re.Pattern[str], quoted: list[Span]
) -> Allocation | None:
    """The allocation a document cited in brackets right after its amount makes."""
    bracket = document.start() - 1
    if bracket <= start or folded[bracket] != "(":
        return None
    verbs = [verb for verb in verb_pattern.finditer(folded, start, bracket) if not inside_any(quoted, verb.start())]
    for verb in reversed(verbs):
        amounts = [q for q in scan(text[verb.end() : bracket], offset + verb.end()) if q.span[0] == offset + verb.end()]
        if amounts and amounts[0].span[1] == offset + bracket:
            return _made(text, document, verb, amounts[0])
    return None


def _no_verb_between(folded: str, start: int, end: int, verbs: tuple[str, ...], quoted: list[Span]) -> bool:
    return not any(not inside_any(quoted, at) for verb in folded_words(verbs) for at in _positions(folded, verb, start, end))


def _positions(folded: str, word: str, start: int, end: int) -> list[int]:
    found = []
    at = folded.find(word, start, end)
    while at != -1:
        found.append(at)
        at = folded.find(word, at + 1, end)
    return found


def _allocation(
    text: str, folded: str, offset: int, document: re.Match[str], limit: int, verb_pattern: re.Pattern[str], quoted: list[Span]
) -> Allocation | None:
    position = document.end()
    while (verb := verb_pattern.search(folded, position, limit)) is not None:
        position = verb.start() + 1
        if inside_any(quoted, verb.start()):
            continue
        amounts = [q for q in scan(text[verb.end() : limit], offset + verb.end()) if q.span[0] == offset + verb.end()]
        if not amounts or amounts[0].unit not in MONEY_UNITS or not amounts[0].exact:
            return None
        return _made(text, document, verb, amounts[0])
    return None


def _made(text: str, document: re.Match[str], verb: re.Match[str], amount: Quantity) -> Allocation:
    phrase = verb.group("phrase")
    year = _YEAR.search(phrase)
    recipient, item = (phrase[: year.start()], phrase[year.end() :]) if year else ("", phrase)
    issuer = document.group("issuer")
    key = f"{issuer[-_ISSUER_KEY:]}{document.group('year')}-{document.group('number')}"
    # Shown from the issuer code on: the organ's name before it (财政局) is dropped.
    organ = max(issuer.rfind(ch) for ch in _ORGANS) + 1
    shown = text[document.start() + organ : document.end()]
    return Allocation(shown, key, fold_key(recipient), year.group() if year else "", fold_key(item), amount)
