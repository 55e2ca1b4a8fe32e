import re
from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.document import Heading, Paragraph
from perflint.heading_numbers import (
    ARABIC_NUMBER,
    ARABIC_STOP,
    CIRCLED,
    CLOSE,
    CN_NUMBER,
    CN_NUMERAL,
    INDENT,
    OPEN,
    STOP,
    circled_value,
    cn_numeral_value,
)
from perflint.patterns import lazy
from perflint.results import Finding, Severity
from perflint.text import fold_chars

# An item number at the start of a paragraph or right after a sentence or clause ends,
# by style: 1. 1、 (not 3.5, but 2.2023年 is item 2), （1）, ①, 一是, 一要, （一）, 一、
# (not 一、二类), 第一， and 其一.
_ITEM = lazy(
    r"(?:^|(?<=[。；;：:\n]))"
    + INDENT
    + "(?:"
    + "|".join(
        (
            "(?P<arabic>" + ARABIC_NUMBER + ")" + ARABIC_STOP,
            OPEN + "(?P<paren>" + ARABIC_NUMBER + ")" + CLOSE,
            "(?P<circled>" + CIRCLED + ")",
            "(?P<shi>" + CN_NUMBER + ")是",
            "(?P<yao>" + CN_NUMBER + ")要",
            OPEN + "(?P<paren_cn>" + CN_NUMBER + ")" + CLOSE,
            "(?P<cn>" + CN_NUMBER + ")" + STOP + "(?!" + CN_NUMBER + "[、.．])",
            "第(?P<di>" + CN_NUMBER + ")[，,]",
            "其(?P<qi>" + CN_NUMERAL + ")[，,]",
        )
    )
    + ")"
)
# Styles numbered in Chinese numerals, and those whose number has one character before it.
_CHINESE = frozenset({"shi", "yao", "paren_cn", "cn", "di", "qi"})
_OPENED = frozenset({"paren", "paren_cn", "di", "qi"})
# A list shorter than this says too little about its own numbering.
MIN_ITEMS = 3


@register
class InlineListNumbering(Rule):
    """A numbered list written in running text repeats or skips a number.

    **What it checks.** Items numbered inside a paragraph — ``1.…。2.…。3.…``,
    ``（1）…；（2）…``, ``①…②…``, ``一是…；二是…``, ``一要…``, ``（一）…``, ``一、…``,
    ``第一，…``, ``其一，…`` — each at the start of the paragraph or
    right after a sentence or clause ends; an item right after a label's colon
    (改进措施：一是…) starts a list of its own. In a list of at least three items of one
    style, a number that repeats the one before, or skips ahead, is reported. Headings
    are PF003's; a paragraph's list may start anywhere (it may go on from the last one).

    **Why.** A repeated or skipped item number is the trace of an item deleted or pasted
    twice when the report was edited; published reports show both.
    """

    code = "PF011"
    name = "inline-list-numbering"
    severity = Severity.WARNING
    messages = {
        "repeat": ("列表编号重复：“{number}”与前一项编号相同", "list number “{number}” repeats the previous item's"),
        "skip": ("列表编号不连续：“{number}”之前缺少编号 {missing}", "list numbering skips {missing} before “{number}”"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for paragraph in ctx.paragraphs:
            yield from self._paragraph(ctx, paragraph)

    def _paragraph(self, ctx: Context, paragraph: Paragraph) -> Iterator[Finding]:
        folded = fold_chars(paragraph.text)
        runs: dict[str, list[list[tuple[int, tuple[int, int], str]]]] = {}
        for match in _ITEM.finditer(folded):
            style, value = _item(match)
            if value is not None:
                start = paragraph.span[0] + match.start(style) - (1 if style in _OPENED else 0)
                end = paragraph.span[0] + match.end()
                style_runs = runs.setdefault(style, [[]])
                if style_runs[-1] and folded[: match.start()].rstrip().endswith((":", "：")):
                    style_runs.append([])  # 改进措施：一是… after 存在问题：一是…: a list of its own
                style_runs[-1].append((value, (start, end), ctx.text[start:end].strip()))
        for run in (run for style_runs in runs.values() for run in style_runs):
            if len(run) < MIN_ITEMS:
                continue
            for (previous, _, _), (value, span, number) in zip(run, run[1:]):
                if value == previous:
                    yield self.report(ctx, span, "repeat", number=number)
                elif value > previous + 1:
                    missing = "、".join(str(n) for n in range(previous + 1, value))
                    yield self.report(ctx, span, "skip", number=number, missing=missing)


def inline_items(text: str) -> list[tuple[str, int]]:
    """(style, value) of each item number written inside ``text``, in order."""
    return [(style, value) for style, value in map(_item, _ITEM.finditer(fold_chars(text))) if value is not None]


def _item(match: re.Match[str]) -> tuple[str, int | None]:
    style = match.lastgroup
    assert style is not None
    return style, _value(style, match.group(style))


def _value(style: str, number: str) -> int | None:
    if style == "circled":
        return circled_value(number)
    if style in _CHINESE:
        return cn_numeral_value(number)
    return int(number)


# Heading styles and the inline item styles they continue.
_HEADING_STYLES = {"arabic": "arabic", "paren-arabic": "paren", "circled": "circled"}


def goes_on_from(paragraphs: list[Paragraph], heading: Heading) -> bool:
    """Whether the paragraph right before ``heading`` holds the item before it: the
    heading is the next item of a list begun inside that paragraph (附件：1.… then 2.… on
    the next line), not a heading of the outline."""
    before = next((p for p in reversed(paragraphs) if p.span[1] <= heading.span[0]), None)
    if before is None or heading.value is None:
        return False
    wanted = heading.value - 1
    return any(value == wanted and style == _HEADING_STYLES.get(heading.style) for style, value in inline_items(before.text))
