"""Character-level normalisation shared by the parser, the profiles and the rules.

Two kinds of folding:

* ``fold_chars`` keeps the length of the text (one character in, one out), so an
  offset into the folded text is an offset into the original. Facts are extracted
  from folded text and keep their spans. It maps full-width ASCII forms to ASCII,
  the ideographic space to a space and traditional characters to simplified ones.
* ``fold_key`` is for comparing labels (a heading, a header field, a vocabulary
  word): ``fold_chars`` plus removal of whitespace and of the punctuation that
  varies between ASCII and full-width copies of the same heading.
"""

import unicodedata
from functools import lru_cache
from pathlib import Path

from perflint.patterns import lazy

_DATA = Path(__file__).resolve().parent / "data"

# Punctuation whose presence or width differs between copies of one label;
# dropping it lets "（四）部门整体支出情况" match "(四)部门整体支出情况".
_KEY_DROP = " \t\n\r\u3000\u00a0:：,，、.．。;；()（）[]【】〔〕“”\"'‘’《》<>〈〉-—_·•"


@lru_cache(maxsize=1)
def _char_table() -> dict[int, int]:
    # U+FF01..U+FF5E are the full-width forms of U+0021..U+007E.
    table: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    traditional, simplified = (_DATA / "t2s.txt").read_text(encoding="utf-8").splitlines()[2:4]
    table.update(str.maketrans(traditional, simplified))
    return table


@lru_cache(maxsize=1)
def _number_table() -> dict[int, int]:
    table = dict(_char_table())
    # A full-width comma separates list items, never thousands: keep it distinct.
    del table[0xFF0C]
    table[0x2212] = ord("-")  # minus sign
    return table


@lru_cache(maxsize=1)
def _key_drop_table() -> dict[int, None]:
    return {ord(ch): None for ch in _KEY_DROP}


# Rules fold the same paragraphs and labels again and again; translating is the slow
# part, and a str caches its own hash, so remembering recent results is cheap.
@lru_cache(maxsize=8192)
def fold_chars(text: str) -> str:
    """Full-width ASCII to ASCII and traditional to simplified, one char for one."""
    return text.translate(_char_table())


@lru_cache(maxsize=2048)
def fold_number_chars(text: str) -> str:
    """``fold_chars`` for reading numbers: like it, but "，" stays a list comma and
    the minus sign becomes "-". Same length as ``text``."""
    return text.translate(_number_table())


# Mirrors of Chinese pages gloss characters with their pinyin, "項(xiàng)目": a label
# compares without the glosses.
_PINYIN_GLOSS = lazy(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """A comparison key for labels: folded, without spaces, variable punctuation and
    pinyin glosses."""
    if "(" in text or "（" in text:
        text = _PINYIN_GLOSS.sub("", text)
    return fold_chars(text).translate(_key_drop_table()).lower()


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: wide and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
