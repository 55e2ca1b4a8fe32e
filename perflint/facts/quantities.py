"""Numbers as stated in a report: the text, an exact ``Decimal``, its decimals, its unit.

``scan`` reads every number of a piece of text, in ASCII or full-width digits, with
thousands separators, a space before the unit, a sign, approximation words (约, 多,
余, 左右) and comparison operators (≥90%). Chinese-numeral quantities are read too
(百分之二十二点五七, 三千万元) but flagged ``approximate`` when they are not exact
figures, and approximate numbers are never checked as exact.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from perflint.document import Span
from perflint.facts.intervals import Interval
from perflint.patterns import lazy
from perflint.text import fold_number_chars

# Money units and their size in 元.
MONEY_UNITS: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}

_NUMBER = lazy(
    r"(?P<op>[≥≤><=＞＜]\s*)?"
    r"(?<![0-9A-Za-z.])(?P<sign>-)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?![0-9.]\d)"
    r"(?P<approx>多|余)?"
    # A line wrap between a number and its unit (274.63⏎万元, as PDF text breaks lines).
    r"(?P<space>[ \t]*(?:\n(?=[万亿千]\n?元|%))?)"
    # A line wrap inside a unit (万⏎元) leaves it one unit.
    r"(?P<unit>亿\n?元|万\n?元|千\n?元|元|%|‰|个百分点|分(?![之析配类解别期批])|万|亿)?"
)
_CN_PERCENT = lazy(r"百分之(?P<num>[零〇一二两三四五六七八九十百点]+)")
_CN_MONEY = lazy(r"(?<![0-9.])(?P<num>[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿点]*)(?P<unit>亿元|万元|千元|元)")
_APPROX_BEFORE = ("约", "近", "逾", "超过", "大约", "将近", "不足", "不到", "上")
_APPROX_AFTER = ("左右", "以上", "以下", "以内")

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}


@dataclass(slots=True)
class Quantity:
    span: Span  # the number and its unit as written
    text: str  # as written, e.g. "3,189.14万元", "２２．５７％"
    value: Decimal  # in its own unit (万元 stays 万元)
    decimals: int
    unit: str  # 元, 万元, 亿元, 千元, %, ‰, 个百分点, 分, 万, 亿 or ""
    approximate: bool = False
    operator: str = ""  # ≥, ≤, >, <, = before a target value

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def exact(self) -> bool:
        return not self.approximate and not self.operator

    def interval(self) -> Interval:
        """The interval the stated digits stand for, in the number's own unit."""
        return Interval.stated(self.value, self.decimals)

    def yuan_interval(self) -> Interval:
        """For money: the interval in 元, so amounts in different units compare."""
        return self.interval().scaled(MONEY_UNITS[self.unit])

    @property
    def number_text(self) -> str:
        """The digits as written, without the unit (for messages)."""
        if self.unit and fold_number_chars(self.text).endswith(self.unit):
            return self.text[: len(self.text) - len(self.unit)].rstrip()
        return self.text


def cn_number(text: str) -> tuple[Decimal, int] | None:
    """A Chinese numeral with an optional 点 fraction: 二十二点五七 → (22.57, 2)."""
    whole, _, frac = text.partition("点")
    if frac and not all(ch in _CN_DIGIT for ch in frac):
        return None
    total = section = digit = 0
    seen = False
    for ch in whole:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
            seen = True
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
            seen = True
        elif ch in _CN_LARGE:
            total += (section + digit) * _CN_LARGE[ch]
            section = digit = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = Decimal(total + section + digit)
    if frac:
        value += Decimal("0." + "".join(str(_CN_DIGIT[ch]) for ch in frac))
    return value, len(frac)


# Digits joined by "," and "." with nothing between: one number (3,189.14), a list
# (1,2,3 or 1.5,2.5), a date or a section number (2021.07.12), or none of these.
_DIGIT_RUN = lazy(r"(?<![\d.,])\d+(?:[.,]\d+)+(?!\d)")
_ONE_NUMBER = lazy(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LIST_ITEM = lazy(r"0(?:\.\d+)?|[1-9]\d*(?:\.\d+)?")


def unreadable_numbers(text: str) -> list[Span]:
    """Local spans of digit runs that cannot be read as a number: commas and a decimal
    point in places no written number has them (7,00.0,77). A run with commas only may
    be a list (1,2,3), one with points only a date or a section number (2021.07.12), and
    one whose comma-separated items are numbers a list of them (1.5,2.5): none of
    those is reported."""
    folded = fold_number_chars(text)
    if "," not in folded or "." not in folded:
        return []
    found = []
    for match in _DIGIT_RUN.finditer(folded):
        token = match.group()
        if "," not in token or "." not in token or _ONE_NUMBER.fullmatch(token):
            continue
        if not all(_LIST_ITEM.fullmatch(item) for item in token.split(",")):
            found.append(match.span())
    return found


# A line break between two characters of a number: PDF text breaks its full lines
# anywhere (全年调整预算5137.8⏎5万元), and a page's footer may stand between the pieces
# (自评得分8⏎— 1 —⏎9.2分). On a line that long the pieces are one number, unless the next
# line starts with an item number (…合计100⏎2.项目支出); elsewhere neither piece is read.
_WRAP_LINE_MIN = 16
_FOOTER = r"[ \t]*(?:[—–-]+[ \t]*\d+[ \t]*[—–-]+|第[ \t]*\d+[ \t]*页(?:[ \t]*[,，]?[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t]*\n"
_BREAK_IN_NUMBER = lazy(r"(?<=[\d.,])\n(?:" + _FOOTER + r")?(?=\d)")
_ITEM_NUMBER = lazy(r"\d+[.．、](?!\d)")
_WRAP_BEFORE = lazy(r"\d[.,]?\n$")
_WRAP_AFTER = lazy(r"[.,]?\n\d")


def _joined(folded: str) -> tuple[str, list[int]]:
    """``folded`` with the line breaks inside numbers taken out (see above), and where
    each of its characters stands in ``folded`` (one more entry: the end)."""
    keep = list(range(len(folded) + 1))
    if "\n" not in folded:
        return folded, keep
    cut: list[tuple[int, int]] = []
    for match in _BREAK_IN_NUMBER.finditer(folded):
        line_start = folded.rfind("\n", 0, match.start()) + 1
        if match.start() - line_start >= _WRAP_LINE_MIN and not _ITEM_NUMBER.match(folded, match.end()):
            cut.append(match.span())
    if not cut:
        return folded, keep
    gone = {i for start, end in cut for i in range(start, end)}
    keep = [i for i in keep if i not in gone]
    return "".join(folded[i] for i in keep[:-1]), keep


def _wrapped(folded: str, start: int, end: int) -> bool:
    """Whether the digits at ``folded[start:end]`` run on across a line break."""
    return bool(_WRAP_BEFORE.search(folded[max(0, start - 3) : start]) or _WRAP_AFTER.match(folded, end, end + 3))


# "３，１８９．１４": in a number written in full-width digits, a full-width comma
# before exactly three digits is a thousands separator (elsewhere it separates items).
_FULLWIDTH_GROUP = lazy(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


@lru_cache(maxsize=4096)
def scan(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """Every number in ``text``; spans are offsets into the document (``offset`` added).

    Several fact extractors read the numbers of the same paragraph, so results are
    remembered; they are shared, so callers must not change the quantities."""
    original = fold_number_chars(_FULLWIDTH_GROUP.sub(",", text))
    folded, where = _joined(original)
    found: list[Quantity] = []
    # The pieces of a digit run that is no number are not numbers either.
    unreadable = unreadable_numbers(text)
    for match in _NUMBER.finditer(folded):
        start = match.start("sign") if match.group("sign") else match.start("int")
        if any(a <= where[start] < b for a, b in unreadable):
            continue
        unit = (match.group("unit") or "").replace("\n", "")
        if unit:
            end = match.end("unit")
        elif match.group("approx"):
            end = match.end("approx")
        else:
            end = match.end("frac") if match.group("frac") is not None else match.end("int")
        digits_end = match.end("frac") if match.group("frac") is not None else match.end("int")
        if _wrapped(folded, start, digits_end):
            continue
        digits = match.group("int").replace(",", "")
        frac = match.group("frac")
        try:
            value = Decimal(f"{digits}.{frac}" if frac is not None else digits)
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        if match.group("sign"):
            value = -value
        before = folded[max(0, start - 2) : start]
        after = folded[end : end + 4].lstrip(" \t")  # 50% 以上: a web page spaces it off
        approximate = bool(match.group("approx")) or before.endswith(_APPROX_BEFORE) or after.startswith(_APPROX_AFTER)
        first, last = where[start], where[end - 1] + 1
        found.append(
            Quantity(
                span=(offset + first, offset + last),
                text="".join(text[i] for i in where[start:end]).replace("\n", ""),
                value=value,
                decimals=len(frac) if frac is not None else 0,
                unit=unit,
                approximate=approximate,
                operator=(match.group("op") or "").strip().replace("＞", ">").replace("＜", "<"),
            )
        )
    for match in _CN_PERCENT.finditer(original) if "百分之" in original else ():
        parsed = cn_number(match.group("num"))
        if parsed:
            found.append(
                Quantity((offset + match.start(), offset + match.end()), text[match.start() : match.end()], parsed[0], parsed[1], "%")
            )
    for match in _CN_MONEY.finditer(original) if "元" in original else ():
        parsed = cn_number(match.group("num"))
        if parsed:
            # "三千万元" is a round figure, never an exact statement.
            found.append(
                Quantity(
                    (offset + match.start(), offset + match.end()),
                    text[match.start() : match.end()],
                    parsed[0],
                    parsed[1],
                    match.group("unit"),
                    approximate=True,
                )
            )
    found.sort(key=lambda q: q.span)
    return tuple(found)
