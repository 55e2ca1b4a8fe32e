"""How reports number their headings and list items: the vocabulary, defined once.

Headings are numbered 一、 （一） 1. 1、 1） 1.1 （1） ①; a list written in sentences
numbers its items 一是 二是, 其一, 第一. Everything in perflint that recognises such a
number builds its pattern from the pieces here: the grammar's heading terminals
(``lark_terminals``, added to ``grammar/report.lark`` when the parser is built), Word's
automatic numbering, baseline fingerprints (which must not change when a heading is
renumbered), the outline's paragraph labels and the rules on lists and broken
paragraphs. A form of numbering added here is read the same way everywhere.

The constants are sources of regular expressions — pieces to put inside a larger
pattern — written so that they read the same in Python's ``re`` and in a Lark grammar.
"""

CN_DIGITS = "一二三四五六七八九"
#: One Chinese numeral character of a heading number: 一 … 九, 十.
CN_NUMERAL = "[一二三四五六七八九十]"
#: A heading number in Chinese numerals: 一 … 十 … 九十九.
CN_NUMBER = CN_NUMERAL + "{1,3}"
DIGIT = "[0-9０-９]"
#: An Arabic heading or item number, half or full width: 1 … 99.
ARABIC_NUMBER = DIGIT + "{1,2}"
#: 1 to 20 without a leading zero: the numbers a heading alone on its line may carry
#: ("1.2" above its title is a heading; "37.24" or "0.00" alone is a flattened cell).
ONE_TO_TWENTY = "(?:[1-9１-９]|[1１][0-9０-９]|[2２][0０])"
OPEN = "[（(]"
CLOSE = "[）)]"
#: What follows a Chinese numeral or a digit in 一、 一． 1. 1、
STOP = "[、.．]"
#: ① … ⑳
CIRCLED = "[①-⑳]"
#: The blanks a numbered line may start with.
INDENT = r"[ \t\u3000]*"
#: Bullets that open an item the way a number does.
BULLET = "[•·▪■◆●]"

#: 一、  二．
CN_HEADING = CN_NUMBER + STOP
#: （一）  (一)
PAREN_CN = OPEN + CN_NUMBER + CLOSE
#: （1）  (1)
PAREN_ARABIC = OPEN + ARABIC_NUMBER + CLOSE
#: 1.1  3.2.1
DECIMAL = ARABIC_NUMBER + "(?:[.．]" + ARABIC_NUMBER + ")+"
#: What ends an Arabic number of a heading or an item: 1、 1. 1） — not the "." of 3.5,
#: but the one of "2.2023年度目标" (item 2).
ARABIC_STOP = "(?:、|[.．](?!" + DIGIT + ")|[.．](?=(?:19|20)[0-9]{2}年)|[)）](?!" + DIGIT + "))"
#: A number and the mark after it, loosely: 一、 1. 1） — what the items of a list start with.
NUMBER_AND_STOP = "(?:" + CN_HEADING + "|" + ARABIC_NUMBER + "[、.．)）])"
#: 一是  二是: the items of a list run into sentences.
SHI_ITEM = CN_NUMBER + "是"
#: 其一  其二
QI_ITEM = "其" + CN_NUMERAL
#: 第一，  第二是
DI_ITEM = "第" + CN_NUMERAL + "+[，,、是]"
#: 首先 … 其次 … 最后: a list in sentences numbered by words.
SEQUENCE_WORD = "(?:首先|其次|再次|最后)"

# Containment order of numbering styles: 一、 holds （一） holds 1. holds （1） holds ①.
# Decimal numbers rank by depth below "1." ("1.1" at 31, "1.1.1" at 32).
STYLE_RANK: dict[str, float] = {"cn": 10, "paren-cn": 20, "arabic": 30, "decimal": 30, "paren-arabic": 40, "circled": 50}

# What a heading number alone on its line or before a figure must not be followed by: a
# unit makes "1.5万元", "2.5%", "0.5个百分点", "21.5 hm2" a quantity. A measure word that
# may also open a title (分, 次, 人, 台: "1.1 人员情况", "3.2 台账管理") makes one only
# where its clause ends: "88.50分，等级为良好" is a score a PDF line wrap put first.
_MEASURE_WORDS = "分|次|人次|人|户|家|座|台套|台|套|件|辆|项|个"
_NOT_A_UNIT = (
    r"(?![ \t\u3000]*(?:万|亿|千元|元|倍|公里|千米|平方公里|平方米|立方米|公顷|吨|亩|小时|个百分点|个月|年(?!度)|岁|[A-Za-z㎡㎞㎏]"
    r"|(?:" + _MEASURE_WORDS + r")(?=[，,。；;、：:）)]|[ \t\u3000]*(?:\n|$))))"
)
_ALONE = r"(?=[ \t\u3000]*\n)"
_NOT_ALONE = r"(?![ \t\u3000]*\n)"

# The grammar's heading-number terminals, by the style each one gives. A number alone on
# its line (its title on the next) counts only from 1 to 20 in each part: "(50)" under
# 产出指标 is its points, "43.2" a flattened cell.
_TERMINALS: dict[str, tuple[str, int, str]] = {
    # "一、二、三产业…" is a list of numerals, not a heading; "二、一般公共预算…" and "二、一是…" are.
    "NUM_CN": ("cn", 10, INDENT + CN_HEADING + "(?!" + CN_NUMBER + "[、.．，,])"),
    "NUM_PAREN_CN": ("paren-cn", 10, INDENT + PAREN_CN),
    "NUM_DECIMAL": (
        "decimal",
        11,
        INDENT
        + "(?:"
        + ONE_TO_TWENTY
        + "(?:[.．]"
        + ONE_TO_TWENTY
        + "){1,3}"
        + _ALONE
        + "|"
        + DIGIT
        + "{1,2}(?:[.．]"
        + DIGIT
        + "{1,2}){1,3}"
        + _NOT_ALONE
        + ")(?![0-9０-９.．%％‰])"
        + _NOT_A_UNIT,
    ),
    "NUM_ARABIC": (
        "arabic",
        10,
        INDENT + "(?:" + ONE_TO_TWENTY + ARABIC_STOP + _ALONE + "|" + ARABIC_NUMBER + ARABIC_STOP + _NOT_ALONE + ")",
    ),
    "NUM_PAREN_ARABIC": (
        "paren-arabic",
        10,
        INDENT + "(?:" + OPEN + ONE_TO_TWENTY + CLOSE + _ALONE + "|" + PAREN_ARABIC + _NOT_ALONE + ")",
    ),
    "NUM_CIRCLED": ("circled", 10, INDENT + CIRCLED),
}

#: The numbering style each of the grammar's heading-number terminals reads.
TERMINAL_STYLE: dict[str, str] = {name: style for name, (style, _, _) in _TERMINALS.items()}

#: A heading written bold rather than as a heading (**（一）部门职能**, as Word's bold
#: paragraphs come out of a converter) opens with the emphasis mark before its number.
EMPHASIS = "*_"
_EMPHASIS_OPEN = r"(?:\*\*|__)?"


def lark_terminals() -> str:
    """The heading-number terminals as Lark grammar lines, for ``grammar/report.lark``."""
    return "".join(
        f"{name}.{priority}: /{INDENT}{_EMPHASIS_OPEN}{pattern.removeprefix(INDENT)}/\n"
        for name, (_, priority, pattern) in _TERMINALS.items()
    )


def cn_numeral_value(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23; None if not such a numeral."""
    if "十" not in numeral:
        return CN_DIGITS.index(numeral) + 1 if len(numeral) == 1 and numeral in CN_DIGITS else None
    tens, _, ones = numeral.partition("十")
    if (tens and (len(tens) != 1 or tens not in CN_DIGITS)) or (ones and (len(ones) != 1 or ones not in CN_DIGITS)):
        return None
    return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)


def chinese_numeral(value: int, digits: str = "零" + CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; beyond 99 in Arabic digits.
    ``digits`` (zero to nine) and ``ten`` give other numerals: 壹 … 玖 and 拾."""
    if not 1 <= value <= 99:
        return str(value)
    tens, ones = divmod(value, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def circled_value(number: str) -> int | None:
    """① → 1 … ⑳ → 20."""
    return ord(number) - 0x2460 + 1 if len(number) == 1 and "①" <= number <= "⑳" else None
