"""Amounts and percentages in their clause: what each number is said to be.

A ``Mention`` is a money amount or a percentage with the words before it in its
clause (its label: "其中基本支出", "占总支出的", "完成预算的") and what separates it from
the previous mention (a comma, a semicolon, a sentence end; an "其中" in between).
The breakdown and execution extractors read claims off this sequence.

Text from PDFs breaks lines inside words (涉及资⏎金): a line break inside a long line of
running text is read as no break at all. A part-intro (其中) opens the parts of the
amount before it only in that amount's sentence or at the start of the next one: in
"…涉及资金0万元。所有项目均开展了绩效自评，其中…" the 其中 belongs to its own sentence.
"""

from dataclasses import dataclass
from functools import lru_cache

from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import Quantity, scan
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

# Punctuation that ends a label: the label is the text after the last of these.
_LABEL_STOP = set("，,。；;：:、（(）)！!？?\n[]【】")
_SENTENCE_END = set("。！!？?")
# Most paragraphs state no amount: skip them without folding (a digit, or 百分之/万元 in words).
_MAY_HAVE_NUMBER = lazy(r"[0-9０-９]|百分之|[零〇一二两三四五六七八九十百千万亿][万亿千]?元")
_GROUP_END = set("；;")
# A line break with a Chinese character before it and a character or digit after it,
# ending a line at least this long, is a wrap inside running text (PDF extractions
# break lines at the page width), not the end of a cell or a heading.
_WRAP_MIN_LINE = 16
_WRAPPED = lazy(r"(?<=[\u3400-\u9fff])\n(?=[\u3400-\u9fff0-9])")
# A wrap is read as this (no stop, no text): labels drop it.
_JOIN = "\u200b"
# Words written right after an amount, up to the next stop, space or number: "30万元用于
# 基建工程项目审计". After a space they are the next cell of a flattened row, not its name.
_AFTER = lazy(r"[\u3400-\u9fff][^，,。；;：:、（(）)！!？?\s\[\]【】0-9]*")
# "基本支出和项目支出分别为 B 万元、C 万元": names before 分别为 label the amounts after it.
_RESPECTIVELY = lazy(r"分别[为是占]")
_NAME_SPLIT = lazy(r"[和与及、,，]|以及")
_LABEL_FILLER = lazy(
    r"(?:^(?:其中|包括|包含|含|分为|主要用于|主要有|另|此外|以及|及|和|与)+[：:]?)|(?:(?<!调整)(?<!调减)(?<!调增)(?:为|是|达到|达|约)+$)"
)  # 调整为 names the adjusted budget


@dataclass(slots=True)
class Mention:
    quantity: Quantity
    label: str  # folded words before the number in its clause, fillers kept
    name: str  # the label without leading connectives and trailing 为/是/达: "基本支出"
    break_before: str  # "" | "," | ";" | "." — the strongest separator since the previous mention
    intro_before: bool  # a part-intro marker ("其中") since the previous money mention, in this sentence
    between: str  # folded text since the previous mention
    after: str = ""  # the words right after the number ("用于基建工程项目审计"), "" when none
    in_brackets: bool = False  # inside (…): a detail of what stands before the brackets
    ratio_base: bool = False  # 完成预算180.00万元的112.35%: the base of the percentage after it

    @property
    def is_money(self) -> bool:
        return self.quantity.is_money

    @property
    def is_percent(self) -> bool:
        return self.quantity.is_percent


def _strength(text: str) -> str:
    if any(ch in _SENTENCE_END for ch in text):
        return "."
    if any(ch in _GROUP_END for ch in text):
        return ";"
    if any(ch in _LABEL_STOP for ch in text):
        return ","
    return ""


def unwrapped(folded: str) -> str:
    """``folded`` with each line break that wraps running text replaced by a mark that
    is neither a stop nor a character of a label (same length)."""
    if "\n" not in folded:
        return folded
    chars = list(folded)
    for match in _WRAPPED.finditer(folded):
        line_start = folded.rfind("\n", 0, match.start()) + 1
        if match.start() - line_start >= _WRAP_MIN_LINE:
            chars[match.start()] = _JOIN
    return "".join(chars)


def _opens_sentence(text: str, markers: tuple[str, ...]) -> bool:
    """Whether the last sentence of ``text`` (text since a sentence end) starts with a marker."""
    start = max(text.rfind(ch) for ch in _SENTENCE_END) + 1
    head = text[start:].lstrip(" \t\n" + _JOIN + ",:")
    return head.startswith(markers)


def mentions(text: str, offset: int, vocab: NumbersSpec) -> list[Mention]:
    """Money amounts and percentages of one block of text, in order, with labels."""
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    folded = unwrapped(fold_chars(text))
    quantities = [q for q in scan(text, offset) if q.is_money or q.is_percent]
    result: list[Mention] = []
    previous_end = 0
    intro_keys = vocab.part_intro_markers
    # Whether a part-intro marker stood since the last money mention, kept up segment by
    # segment (a marker holds no number, so no marker spans a mention): searching all
    # the text since that mention again for each one was quadratic. Past a sentence end
    # only a marker opening the new sentence counts.
    intro = False
    depth = 0  # brackets open before the mention
    for quantity in quantities:
        start = quantity.span[0] - offset
        between = folded[previous_end:start]
        stop = max((i for i, ch in enumerate(between) if ch in _LABEL_STOP), default=-1)
        label_start = previous_end + stop + 1
        label = folded[label_start:start].replace(_JOIN, "").strip()
        strength = _strength(between)
        if strength == ".":
            intro = _opens_sentence(between, intro_keys)
        else:
            intro = intro or any(marker in between for marker in intro_keys)
        depth = max(0, depth + between.count("(") - between.count(")"))
        name = _LABEL_FILLER.sub("", label).strip()
        end = quantity.span[1] - offset
        after = _AFTER.match(folded, end)
        result.append(
            Mention(
                quantity=quantity,
                label=label,
                name=name,
                break_before=strength,
                intro_before=intro,
                between=between,
                after=after.group().replace(_JOIN, "") if after else "",
                in_brackets=depth > 0,
            )
        )
        previous_end = end
        if quantity.is_money:
            intro = False
    for mention, following in zip(result, result[1:]):
        if mention.is_money and following.is_percent and following.between.strip() == "的":
            mention.ratio_base = True
    _apply_respectively(result)
    return result


def _apply_respectively(found: list[Mention]) -> None:
    """Give "甲和乙分别为 X、Y" amounts the names listed before 分别为."""
    for index, mention in enumerate(found):
        # The first 分别为/是/占 after at least one character: a plain search, where
        # "(.+?)分别为" tried every start of a long label without one.
        match = _RESPECTIVELY.search(mention.label, 1)
        if not match:
            continue
        names = [n.strip() for n in _NAME_SPLIT.split(mention.label[: match.start()]) if n.strip()]
        followers = [mention] + [m for m in found[index + 1 : index + len(names)] if not m.name]
        if len(followers) != len(names):
            continue
        kind = mention.quantity.unit
        if any(m.quantity.unit != kind and not (m.is_money and mention.is_money) for m in followers):
            continue
        for follower, name in zip(followers, names):
            follower.name = name


@lru_cache(maxsize=256)
def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary words folded once (the tuples come from the profile, which nothing changes)."""
    return tuple(fold_key(word) for word in words)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    key = fold_key(text)
    return any(word in key for word in _folded(words))


def longest_match(text: str, words: tuple[str, ...]) -> str:
    """The longest of ``words`` contained in ``text`` (folded), or ""."""
    key = fold_key(text)
    best = ""
    for word in _folded(words):
        if word in key and len(word) > len(best):
            best = word
    return best
