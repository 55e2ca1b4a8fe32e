"""What one cell of the self-evaluation table states: nothing, a figure (with its
operator and unit), a date, or words.

A target is written ``≥45处``, ``≤6.8万元``, ``=100%``, ``100%``, ``不少于12种``, ``95%以上``,
``2024年11月30日前`` or in words (``有效提升``); an actual the same way without the
operator. A figure keeps its digits as written: the interval it stands for comes from
them (``Interval.stated``), never from a float.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from perflint.document import Span, TableCell
from perflint.facts.intervals import Interval
from perflint.patterns import lazy
from perflint.text import fold_key, fold_number_chars

# Operator words before a figure, and after it.
_BEFORE = (
    ("≥", "≥"),
    ("≧", "≥"),
    (">=", "≥"),
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("大于等于", "≥"),
    ("达到", "≥"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("<=", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不大于", "≤"),
    ("小于等于", "≤"),
    ("控制在", "≤"),
    ("＞", ">"),
    (">", ">"),
    ("大于", ">"),
    ("超过", ">"),
    ("＜", "<"),
    ("<", "<"),
    ("小于", "<"),
    ("低于", "<"),
    ("═", "="),
    ("＝", "="),
    ("=", "="),
    ("等于", "="),
)
_SIGNS = frozenset(word for word, _ in _BEFORE if not any("\u4e00" <= char <= "\u9fff" for char in word))
_AFTER = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"))
_FIGURE = lazy(r"(?P<sign>[-+])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?")
_DATE = lazy(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?")
_DATE_BEFORE = ("前", "之前", "以前", "前完成")
_DATE_AFTER = ("后", "之后", "以后")
# What may follow a figure as its unit: a short run without digits or sentence marks.
_UNIT = lazy(r"^[^\d,，。；;：:、]{0,6}$")


@dataclass(slots=True)
class Value:
    """One cell as read; ``span`` is the cell's text in the document."""

    text: str  # as written, stripped
    span: Span
    kind: str  # "blank" | "number" | "date" | "text"
    number: Decimal | None = None
    decimals: int = 0
    unit: str = ""  # what follows the figure: %, 万元, 个, 处 …
    prefix: str = ""  # words before the figure that are not an operator (每亩 in 每亩300)
    operator: str = ""  # ≥ ≤ > < = from a sign or a word (不少于, 以上)
    when: date | None = None  # a date's day (the last day of its month or year if not given)
    number_span: Span | None = None  # the figure (with its unit) inside the cell

    @property
    def is_number(self) -> bool:
        return self.kind == "number"

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    @property
    def is_bare_operator(self) -> bool:
        """An operator sign and nothing else (≥, ═): a 指标性质 cell."""
        return self.kind == "text" and self.text in _SIGNS

    @property
    def is_plain_number(self) -> bool:
        """A bare figure (points, a score): no operator, no words, no unit but 分."""
        return self.kind == "number" and not self.operator and not self.prefix and self.unit in ("", "分")

    def interval(self) -> Interval:
        assert self.number is not None
        return Interval.stated(self.number, self.decimals)

    @property
    def figure(self) -> str:
        """The figure as written (for messages), without operator words."""
        if self.number_span is None:
            return self.text
        start = self.number_span[0] - self.span[0]
        end = self.number_span[1] - self.span[0]
        return self.text[start:end]


def read_value(cell: TableCell, empty_keys: frozenset[str]) -> Value:
    """What ``cell`` states."""
    return read_text(cell.text, cell.span, empty_keys)


@lru_cache(maxsize=8192)
def read_text(text: str, span: Span, empty_keys: frozenset[str]) -> Value:
    """What ``text`` states; ``span`` is where ``text`` stands in the document. Rows are
    read more than once (a header test, then the row): results are remembered, and
    shared, so callers must not change them."""
    stripped = text.strip()
    lead = span[0] + len(text) - len(text.lstrip())
    span = (lead, lead + len(stripped))
    if fold_key(stripped) in empty_keys:
        return Value(stripped, span, "blank")
    folded = fold_number_chars(stripped).replace("，", ",")  # same length as ``stripped``
    dated = _read_date(stripped, folded, span)
    if dated is not None:
        return dated
    figures = list(_FIGURE.finditer(folded))
    if len(figures) != 1:
        return Value(stripped, span, "text")
    match = figures[0]
    after_raw = folded[match.end() :]
    operator, prefix = _operator_before(folded[: match.start()].strip())
    unit, after_operator = _unit_after(after_raw.strip())
    if unit is None:
        return Value(stripped, span, "text")
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    number = Decimal(f"{digits}.{frac}" if frac is not None else digits)
    if match.group("sign") == "-":
        number = -number
    figure_end = match.end() + (len(after_raw) - len(after_raw.lstrip()) + len(unit) if unit else 0)
    return Value(
        stripped,
        span,
        "number",
        number=number,
        decimals=len(frac) if frac is not None else 0,
        unit=unit,
        prefix=prefix,
        operator=operator or after_operator,
        number_span=(lead + match.start(), lead + figure_end),
    )


def _operator_before(before: str) -> tuple[str, str]:
    for word, operator in _BEFORE:
        if before.endswith(word):
            return operator, before[: -len(word)].strip()
    return "", before


def _unit_after(after: str) -> tuple[str | None, str]:
    """(unit, operator) of what follows a figure; unit None when it is not a unit."""
    for word, operator in _AFTER:
        if after.endswith(word):
            unit = after[: -len(word)].rstrip()
            return (unit, operator) if _UNIT.match(unit) else (None, "")
    return (after, "") if _UNIT.match(after) else (None, "")


def _read_date(text: str, folded: str, span: Span) -> Value | None:
    match = _DATE.search(folded)
    if match is None:
        return None
    rest = (folded[: match.start()] + folded[match.end() :]).strip()
    operator = ""
    if rest.endswith(_DATE_BEFORE) or rest.startswith(("在", "于")) and rest.endswith(_DATE_BEFORE):
        operator = "≤"
    elif rest.endswith(_DATE_AFTER):
        operator = "≥"
    elif rest and rest not in ("底", "末", "年底", "年末"):
        return None
    year = int(match.group("y"))
    month = int(match.group("m")) if match.group("m") else 12
    if not 1 <= month <= 12:
        return None
    day_text = match.group("d")
    try:
        if day_text:
            when = date(year, month, int(day_text))
        else:
            following = date(year + (month == 12), month % 12 + 1, 1)
            when = date.fromordinal(following.toordinal() - 1)
    except ValueError:
        return None
    return Value(text, span, "date", operator=operator, when=when)
