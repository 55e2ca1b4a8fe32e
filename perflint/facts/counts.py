"""Counts stated beside what they count: a list of names, or itemised counts.

* A counted list: ``8个内设机构，即办公室、…`` (count, then the list), ``直属事业单位10个，
  即…`` (the noun before the count) or ``内设办公室、…、…5个内设机构`` (the list, then the
  count). Names are separated by 、; the last may be joined by 和/及, and since a name
  may itself hold 和 (人事和教育科) both readings are kept. A list ending in 等, or with
  等 in its last name (…、离退办等内设机构30个), may be partial and is not checked.
  Counts joined by 和/及/、 before the list count it together (下设4个科和1个事业单位，
  分别为… five names). A numeral that is part of a name (侦查监督一处、侦查监督二处) is
  no count: a count closing a list is not followed by 、, and a Chinese numeral glued
  to the name before it with no noun after it (…侦查监督一处。) is the name's.
* A count breakdown: ``共15个项目，其中基建项目6个、信息化项目5个、其他项目5个`` or
  ``…6个、…5个，共11个``. Parts after 其中 may be a subset, so they are only checked for
  exceeding the total, unless a partition word (分别为, also after 其中: 其中基建、信息化
  项目分别为6个、5个), a remainder (其他, 其余) or the list's own count of its items
  (…5个两类, 等三类) makes the list complete.

Approximate counts (60多个, 70余个, 约20个) are not counts.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from perflint.document import Span
from perflint.facts.clauses import clause_start, contains_any, folded_words, sentence_spans, word_ending_at
from perflint.facts.content_vocabulary import CountsSpec
from perflint.facts.mentions import unwrapped
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import cn_number
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

# A number not preceded by a digit, a point, 第 or an approximation: the lookbehind
# sits after the first character (checking the one before it) so that the pattern
# starts with a character class, which lets the regex engine skip ahead quickly.
_NOT_BEFORE = "[\\d.第约近逾零〇两一二三四五六七八九十百千万]"
_CN_NUMERAL = "[零〇两一二三四五六七八九十百]"
_NUM = rf"(?P<num>\d(?<!{_NOT_BEFORE}\d)\d*|{_CN_NUMERAL}(?<!{_NOT_BEFORE}{_CN_NUMERAL}){_CN_NUMERAL}*)"
_HAN = r"[\u3400-\u9fff]"
_NOUN = lazy(rf"{_HAN}{{0,12}}")
_INTRO_AFTER = lazy(rf"{_HAN}{{0,12}}?\s*,?\s*(?P<intro>其中|分别为|分别是|包括)")
_PARENS = lazy(r"\([^()]*\)|（[^（）]*）")
_QUOTED = lazy(r"[“\"「][^”\"」]{1,40}[”\"」]")
_LIST_END = lazy(r"[。;!?\n,:]")
_LAST_JOIN = lazy(r"以及|和|及|与")
_HAN_CHAR = lazy(_HAN)
# What joins a count to the next one: its noun and 和/及/、 ("4个科和" before "1个事业单位").
_JOINER_TAIL = lazy(rf"{_HAN}{{0,12}}?\s*(?:以及|和|及|、)\s*")
_JOIN_WINDOW = 24
# Between a list's last count and the count of its items: only the last noun and 等
# (…日常检查5次两类, …信息化项目5个等两类).
_OWN_COUNT_GAP = lazy(rf"{_HAN}{{0,12}}?\s*等?\s*")
# Nouns after "个" that make it a duration or a percentage, not a count of things.
_NOT_COUNTED = ("月", "百分点", "小时", "工作日", "季度", "批次")
ITEM_MAX = 20


@dataclass(slots=True)
class CountMention:
    value: int
    span: Span  # the number and its measure word
    unit: str
    noun: str  # the words after the measure word, e.g. 内设机构 (may be empty)
    label: str  # the words before the number in its clause


@dataclass(slots=True)
class CountedList:
    count: CountMention
    names: list[tuple[str, Span]]  # split at 、 and at 和/及 before the last name
    readings: set[int]  # the numbers of names the list may hold (with and without splitting at 和)
    duplicates: list[tuple[str, Span]] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.count.value in self.readings


@dataclass(slots=True)
class CountBreakdown:
    total: CountMention
    parts: list[CountMention]
    complete: bool

    @property
    def parts_sum(self) -> int:
        return sum(p.value for p in self.parts)

    @property
    def contradicts(self) -> bool:
        return self.parts_sum > self.total.value or (self.complete and self.parts_sum != self.total.value)


def _value(num: str) -> int | None:
    if num.isdigit():
        return int(num)
    parsed = cn_number(num)
    return int(parsed[0]) if parsed else None


@lru_cache(maxsize=16)
def _patterns(
    units: tuple[str, ...], intros: tuple[str, ...], leads: tuple[str, ...], totals: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    unit = "(?P<unit>" + "|".join(map(re.escape, folded_words(units))) + ")"
    intro = "|".join(map(re.escape, folded_words(intros)))
    lead = "|".join(map(re.escape, folded_words(leads)))
    total = "|".join(map(re.escape, folded_words(totals)))
    count = re.compile(_NUM + r"\s*" + unit)
    # The noun after the count (8个内设机构，即…) or before it (直属事业单位10个，即…).
    # The list may stand in brackets after the noun: 内设5个科室（办公室、…）.
    count_then_list = re.compile(
        _NUM + r"\s*" + unit + rf"(?P<noun>{_HAN}{{0,12}}?)\s*(?:(?:,\s*)?(?:(?:{intro})\s*:?|:)|(?P<bracket>\())\s*"
    )
    # A count followed by 、 is an item of the list (侦查监督一处、…), not its count; it may
    # close the list after a comma (…、工程股，共5个股室).
    list_then_count = re.compile(
        rf"(?:{lead})\s*:?\s*(?P<list>[^,.;:!?。\n\d]{{3,200}}?)(?P<etc>等)?(?:,\s*(?:{total}))?"
        + _NUM
        + r"\s*"
        + unit
        + rf"(?P<noun>{_HAN}{{0,12}})(?!\s*、)"
    )
    return count, count_then_list, list_then_count


class _Reader:
    def __init__(self, spec: CountsSpec, numbers: NumbersSpec) -> None:
        self.spec = spec
        self.numbers = numbers
        self.count, self.count_then_list, self.list_then_count = _patterns(
            spec.units, spec.list_intros, spec.list_leads, spec.total_markers
        )

    def mention(self, match: re.Match[str], folded: str, offset: int, noun: str | None = None) -> CountMention | None:
        value = _value(match["num"])
        if value is None:
            return None
        after = folded[match.end("unit") :]
        if noun is None:
            words = _NOUN.match(after)  # matches the empty string at least
            noun = words.group() if words else ""
        if after.startswith(_NOT_COUNTED) or noun.startswith(_NOT_COUNTED):
            return None
        start = match.start("num")
        label = folded[clause_start(folded, start) : start]
        return CountMention(value, (offset + start, offset + match.end("unit")), match["unit"], noun, label)

    # -- lists ---------------------------------------------------------------------

    def names(self, text: str, folded: str, start: int, end: int, offset: int) -> tuple[list[tuple[str, Span]], set[int]] | None:
        """The names of the list at [start, end) and the possible numbers of names;
        None when it is not a plain list of names."""
        body = _PARENS.sub(lambda m: " " * len(m.group()), folded[start:end])
        # 、 inside a quoted name (“河道整治、清淤”项目) separates no names.
        body = _QUOTED.sub(lambda m: m.group().replace("、", "·"), body)
        if body.rstrip().endswith("等"):
            return None
        if "等" in body[body.rfind("、") + 1 :]:
            return None  # …、离退办等内设机构: "and others", however many are named
        pieces: list[tuple[int, int]] = []
        cursor = 0
        for part in body.split("、"):
            pieces.append((cursor, cursor + len(part)))
            cursor += len(part) + 1
        last_start, last_end = pieces[-1]
        joined = [(last_start + m.start(), last_start + m.end()) for m in _LAST_JOIN.finditer(body[last_start:last_end])]
        split_last: list[tuple[int, int]] = []
        cursor = last_start
        for join_start, join_end in joined:
            split_last.append((cursor, join_start))
            cursor = join_end
        split_last.append((cursor, last_end))
        plain = [self.name(text, body, start, offset, a, b) for a, b in pieces]
        split = [self.name(text, body, start, offset, a, b) for a, b in pieces[:-1] + split_last]
        names = [n for n in split if n is not None]
        if len(names) != len(split) or len(names) < 2:
            return None
        if any(self.count.search(fold_chars(name)) for name, _ in names):
            return None  # 基建类6个、信息化类5个: counts of kinds, not names (a count breakdown)
        readings = {len(names)}
        if None not in plain and len(plain) != len(names) and self.joined_name_plausible(names, len(pieces)):
            readings.add(len(plain))
        return names, readings

    @staticmethod
    def joined_name_plausible(names: list[tuple[str, Span]], plain_count: int) -> bool:
        """Whether the last names, joined at 和, may be one name (人事和教育科): only if
        the part before 和 does not end like the other names (办公室和后勤科 is two)."""
        endings = {name[-1] for name, _ in names[: plain_count - 1]} | {names[-1][0][-1]}
        return names[plain_count - 1][0][-1] not in endings

    @staticmethod
    def name(text: str, body: str, start: int, offset: int, a: int, b: int) -> tuple[str, Span] | None:
        raw = body[a:b]
        stripped = raw.strip(" “”\"'‘’「」")
        if not stripped or len(stripped) > ITEM_MAX:
            return None
        lead = raw.find(stripped)
        begin = start + a + lead
        return text[begin : begin + len(stripped)], (offset + begin, offset + begin + len(stripped))

    def joined_counts(self, count: CountMention, folded: str, offset: int) -> CountMention | None:
        """``count`` with the counts joined to it by 和/及/、 before it, counted together
        (下设4个科和1个事业单位，分别为…): one mention spanning them all; None when a
        joined count counts in another measure word (what the list holds is unclear)."""
        start, value = count.span[0] - offset, count.value
        while True:
            previous = None
            for match in self.count.finditer(folded, max(0, start - _JOIN_WINDOW), start):
                if _JOINER_TAIL.fullmatch(folded, match.end("unit"), start):
                    previous = match
            mention = self.mention(previous, folded, offset) if previous is not None else None
            if mention is None:
                break
            if mention.unit != count.unit:
                return None
            start, value = previous.start("num"), value + mention.value  # type: ignore[union-attr]
        if value == count.value:
            return count
        return CountMention(value, (offset + start, count.span[1]), count.unit, count.noun, folded[clause_start(folded, start) : start])

    def lists(self, text: str, folded: str, offset: int) -> list[CountedList]:
        found: list[CountedList] = []
        for match in self.count_then_list.finditer(folded):
            count = self.mention(match, folded, offset, match["noun"])
            if count is None:
                continue
            if not count.noun and not count.label.strip():
                continue  # a bare count with nothing it counts: "共10个，即…" names no kind
            intro = folded[match.end("noun") : match.end()].strip(" ,:(")
            if not count.noun and intro in folded_words(self.spec.weak_list_intros):
                continue  # 站点12个，为老年人提供…: what they do, not what they are
            count = self.joined_counts(count, folded, offset)
            if count is None:
                continue
            if match["bracket"]:
                end = folded.find(")", match.end())
                if end < 0 or folded.startswith(folded_words(self.spec.partial_list_leads), match.end()):
                    continue
            else:
                end_match = _LIST_END.search(folded, match.end())
                end = end_match.start() if end_match else len(folded)
            listed = self.names(text, folded, match.end(), end, offset)
            if listed is not None:
                found.append(self.counted(count, *listed))
        for match in self.list_then_count.finditer(folded):
            if match["etc"]:
                continue
            count = self.mention(match, folded, offset, match["noun"])
            if count is None or any(c.count.span == count.span for c in found):
                continue
            if not count.noun and not match["num"].isdigit() and _HAN_CHAR.match(folded, match.start("num") - 1):
                continue  # …侦查监督一处: the numeral is the name's
            start = match.start("list")
            start += 1 if folded.startswith("了", start) else 0  # 设置了…
            listed = self.names(text, folded, start, match.end("list"), offset)
            if listed is not None:
                found.append(self.counted(count, *listed))
        return found

    @staticmethod
    def counted(count: CountMention, names: list[tuple[str, Span]], readings: set[int]) -> CountedList:
        listed = CountedList(count, names, readings)
        seen: set[str] = set()
        for name, span in names:
            key = fold_key(name)
            if key in seen:
                listed.duplicates.append((name, span))
            seen.add(key)
        return listed

    # -- breakdowns ----------------------------------------------------------------

    def breakdowns(self, folded: str, offset: int) -> list[CountBreakdown]:
        found: list[CountBreakdown] = []
        masked = _PARENS.sub(lambda m: " " * len(m.group()), folded)
        for s_start, s_end in sentence_spans(masked):
            mentions = [m for m in (self.mention(match, masked, offset) for match in self.count.finditer(masked, s_start, s_end)) if m]
            for index, total in enumerate(mentions):
                marked = self.marked_total(total, masked, offset)
                after_total = masked[total.span[1] - offset : s_end]
                intro = _INTRO_AFTER.match(after_total)
                if intro and (marked or intro["intro"] == "其中"):
                    parts = self.chain(mentions[index + 1 :], total, masked, offset)
                    if len(parts) < 2:
                        continue
                    # 分别为 as the intro or before the first part (其中甲、乙分别为6个、5个).
                    lead_in = masked[total.span[1] - offset : parts[0].span[0] - offset]
                    complete = (
                        contains_any(lead_in, self.numbers.partition_markers)
                        or contains_any(parts[-1].label + parts[-1].noun, self.numbers.remainder_markers)
                        or self.closed_by_own_count(parts, mentions[index + 1 + len(parts) : index + 2 + len(parts)], masked, offset)
                    )
                    found.append(CountBreakdown(total, parts, complete))
                elif marked and index >= 2:
                    before = self.chain_back(mentions[:index], total, masked, offset)
                    if len(before) >= 2:
                        found.append(CountBreakdown(total, before, True))
        return found

    @staticmethod
    def closed_by_own_count(parts: list[CountMention], after: list[CountMention], folded: str, offset: int) -> bool:
        """The list ends with the number of its items (…5个两类, …等三类): it is all of the
        total. ``after`` holds the count after the last part, if any."""
        last = parts[-1]
        following = after[0] if after else None
        if following is None or following.value != len(parts):
            return False
        between = folded[last.span[1] - offset : following.span[0] - offset]
        return _OWN_COUNT_GAP.fullmatch(between) is not None

    def chain(self, candidates: list[CountMention], total: CountMention, folded: str, offset: int) -> list[CountMention]:
        parts: list[CountMention] = []
        previous_end = total.span[1] - offset
        for mention in candidates:
            if mention.unit != total.unit:
                break
            between = folded[previous_end : mention.span[0] - offset]
            if parts and ("," in between or ";" in between) and not self.same_kind(total, mention):
                break
            parts.append(mention)
            previous_end = mention.span[1] - offset
        return parts

    def marked_total(self, total: CountMention, folded: str, offset: int) -> bool:
        """共15个, 共有项目15个: a total marker right before the number or opening its clause."""
        if word_ending_at(folded, total.span[0] - offset, self.spec.total_markers):
            return True
        label = total.label.lstrip()
        return any(label.startswith(marker) for marker in folded_words(self.spec.total_markers))

    def kind(self, total: CountMention) -> str:
        """What a total counts: its noun (15个项目), else its label without the marker (共有项目15个)."""
        if total.noun:
            return total.noun
        label = total.label.strip()
        marker = next((m for m in folded_words(self.spec.total_markers) if label.startswith(m)), "")
        return label[len(marker) :].strip()

    def same_kind(self, total: CountMention, part: CountMention) -> bool:
        """After a comma a count continues the parts only if it names the total's kind
        (…项目6个，信息化项目5个) or the rest (其他项目5个)."""
        if contains_any(part.label + part.noun, self.numbers.remainder_markers):
            return True
        kind = self.kind(total)
        if not kind:
            return False
        return kind in part.label + part.noun or bool(part.noun) and part.noun in kind

    def chain_back(self, candidates: list[CountMention], total: CountMention, folded: str, offset: int) -> list[CountMention]:
        parts: list[CountMention] = []
        following = total
        for mention in reversed(candidates):
            between = folded[mention.span[1] - offset : following.span[0] - offset]
            if mention.unit != total.unit or (parts and any(ch in between for ch in ",;:")):
                break
            parts.insert(0, mention)
            following = mention
        return parts


def counted_lists(text: str, offset: int, spec: CountsSpec, numbers: NumbersSpec) -> list[CountedList]:
    reader = _Reader(spec, numbers)
    folded = unwrapped(fold_chars(text))  # a name broken by a PDF line wrap is one name
    return reader.lists(text, folded, offset) if reader.count.search(folded) else []


def count_breakdowns(text: str, offset: int, spec: CountsSpec, numbers: NumbersSpec) -> list[CountBreakdown]:
    reader = _Reader(spec, numbers)
    folded = fold_chars(text)
    return reader.breakdowns(folded, offset) if reader.count.search(folded) else []
