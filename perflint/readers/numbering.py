"""The numbers Word's automatic numbering shows but does not store in the text.

A numbering level has a format (``chineseCounting`` → 一, ``decimal`` → 1, …) and a
template (``%1、``, ``（%2）``, ``%1.%2``); counting follows Word: a level counts on
within its list and restarts whenever a shallower level moves on.
"""

import re
from dataclasses import dataclass

from perflint.heading_numbers import (
    ARABIC_NUMBER,
    CIRCLED,
    CN_HEADING,
    DECIMAL,
    DIGIT,
    INDENT,
    PAREN_ARABIC,
    PAREN_CN,
    chinese_numeral,
)

_CN_CAPITAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
# Beyond these a label would be absurd (Word's letters repeat: zz…z; roman numerals
# pile up m's) and, for a hostile start value such as 10¹¹, gigabytes long: such a
# number is written in digits. Word's own lists stop at 780 letters and 3999.
MAX_LETTER_VALUE = 26 * 30
MAX_ROMAN_VALUE = 3999
_PLACEHOLDER = re.compile(r"%([1-9])")
# Text that already opens with a heading number, in any form the report grammar reads.
_LEADING_NUMBER = re.compile(
    "^"
    + INDENT
    + "(?:"
    + "|".join(
        (
            CN_HEADING,
            PAREN_CN,
            ARABIC_NUMBER + "[、.．)）](?!" + DIGIT + ")",
            DECIMAL + "(?![0-9０-９%％])",
            PAREN_ARABIC,
            CIRCLED,
            r"#{1,6}[ \t]",
        )
    )
    + ")"
)
# "2023年…", "1.5万元…" start with a quantity, not a number of their own.
_LEADING_QUANTITY = re.compile(r"^[ \t\u3000]*[0-9０-９]+(?:[.．][0-9０-９]+)?(?:年|万|亿|元|%|％|个|月|日)")


def starts_with_number(text: str) -> bool:
    """True if ``text`` opens with a heading number (一、, （一）, 1., 1.1, （1）, ①) or ``#``."""
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return False
    return not _LEADING_QUANTITY.match(text)


def _roman(value: int) -> str:
    if value > MAX_ROMAN_VALUE:
        return str(value)
    out = []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def _letters(value: int) -> str:
    if value > MAX_LETTER_VALUE:
        return str(value)
    # Word repeats the letter past z: aa, bb…
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_value(kind: str, value: int) -> str:
    """One counter in one of Word's ``w:numFmt`` formats."""
    if value < 1:
        return str(value)
    if kind.startswith(("chineseCounting", "taiwaneseCounting", "japaneseCounting", "ideographDigital")):
        return chinese_numeral(value)
    if kind == "chineseLegalSimplified":
        return chinese_numeral(value, _CN_CAPITAL, "拾")
    if kind == "ideographTraditional" and value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if kind.startswith("decimalEnclosedCircle") and value <= 20:
        return chr(0x2460 + value - 1)
    if kind.startswith("decimalFullWidth"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if kind == "decimalZero":
        return f"{value:02d}"
    if kind == "lowerLetter":
        return _letters(value)
    if kind == "upperLetter":
        return _letters(value).upper()
    if kind == "lowerRoman":
        return _roman(value)
    if kind == "upperRoman":
        return _roman(value).upper()
    return str(value)


@dataclass(slots=True)
class NumberFormat:
    """One level of a Word list: ``kind`` is ``w:numFmt``, ``template`` is ``w:lvlText``."""

    kind: str
    template: str
    start: int = 1
    suffix: str = "\t"  # what Word puts between the number and the text (w:suff: tab, space or nothing)

    @property
    def shows_number(self) -> bool:
        return self.kind not in ("bullet", "none") and bool(self.template.strip())

    def label(self, value: int) -> str:
        """The label for a single-level count (every placeholder gets ``value``)."""
        return _PLACEHOLDER.sub(lambda _: format_value(self.kind, value), self.template) + self.suffix


# What a heading style's automatic number looks like when the numbering definition
# cannot be read: the usual report outline 一、 > （一） > 1. > （1）.
_DEFAULT_HEADING_FORMATS = {
    1: NumberFormat("chineseCounting", "%1、", suffix=""),
    2: NumberFormat("chineseCounting", "（%1）", suffix=""),
    3: NumberFormat("decimal", "%1.", suffix=" "),
    4: NumberFormat("decimal", "（%1）", suffix=" "),
}


def default_heading_format(level: int) -> NumberFormat:
    return _DEFAULT_HEADING_FORMATS.get(level, _DEFAULT_HEADING_FORMATS[4])


class ListCounters:
    """Running counts of every list, per level, as Word keeps them."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int | None]] = {}

    def next_label(self, definition: tuple[str, dict[int, NumberFormat]], ilvl: int) -> str | None:
        """Count one more item at ``ilvl`` of the list and return its label (None for bullets)."""
        list_id, levels = definition
        counts = self._counts.setdefault(list_id, [None] * 9)
        fmt = levels.get(ilvl)
        start = fmt.start if fmt is not None else 1
        current = counts[ilvl]
        counts[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        if fmt is None or not fmt.shows_number:
            return None

        def level_value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt = levels.get(level, fmt)
            value = counts[level]
            return format_value(level_fmt.kind, value if value is not None else level_fmt.start)

        label = _PLACEHOLDER.sub(level_value, fmt.template)
        return label + fmt.suffix if label.strip() else None
