from collections.abc import Iterator
from dataclasses import dataclass

from perflint.checks.base import Context, Rule, register
from perflint.document import Block, Paragraph
from perflint.heading_numbers import (
    BULLET,
    CIRCLED,
    DI_ITEM,
    INDENT,
    NUMBER_AND_STOP,
    PAREN_ARABIC,
    PAREN_CN,
    QI_ITEM,
    SEQUENCE_WORD,
    SHI_ITEM,
)
from perflint.patterns import lazy
from perflint.prose import MASK, Prose, is_han, opens_chinese
from perflint.results import Edit, Finding, Fix, Severity
from perflint.validation import KEBAB_CASE

# An item of a list written one a paragraph: an enumerator (一是 其二 第三 首先 （1） 1、 ①)
# at its start. Headings are parsed apart; these are the run-in forms left in paragraphs.
_ENUMERATOR = lazy(
    INDENT + "(?:" + "|".join((SHI_ITEM, QI_ITEM, DI_ITEM, SEQUENCE_WORD, PAREN_CN, PAREN_ARABIC, NUMBER_AND_STOP, CIRCLED, BULLET)) + ")"
)
_SENTENCE_END = set("。！？!?")
# A continuation shorter than this is a cell or a label, not the rest of a sentence.
_SENTENCE_MIN = 8
_CLAUSE_MARKS = set("，、；：,;:")


@register
class BrokenParagraph(Rule):
    """A paragraph is broken in the middle of a sentence.

    **What it checks.** A paragraph whose last character cannot end a paragraph,
    followed by a blank line and a paragraph that carries the sentence on (it starts
    with a Chinese character and is not an enumerated item; headings are never
    continuations). The ends that cannot close a paragraph are the profile's
    ``break-marks`` (``、``, ``，``). A semicolon (``item-break-marks``) also ends list
    items written one a paragraph (GB/T 15834 4.6.3.3), so after it a break is
    reported only when neither paragraph is an item — an enumerator such as ``一是`` or
    ``（1）``, a ``标签：`` opening, or the text of a numbered heading. A paragraph ending
    in a Chinese character with no punctuation at all is reported too
    (``unpunctuated-breaks``) unless it is a short title-like line
    (``title-max-length``). The fix joins the two paragraphs; it is safe after a
    comma or semicolon, unsafe after a bare character, which may instead lack its
    full stop.

    **Why.** It is the usual trace of a page break in a report copied out of a PDF or
    a word processor: the published text shows one sentence cut in two.
    """

    code = "PF303"
    name = "broken-paragraph"
    severity = Severity.WARNING
    messages = {
        "default": (
            "段落在“{end}”处断开，下一段是同一句的续文（疑为分页所致）",
            "the paragraph breaks off after “{end}” and the next one carries the sentence on (a page break?)",
        ),
        "unpunctuated": (
            "段落以“{end}”结束而无句末标点，下一段似为同一句的续文（疑为分页所致，或缺少句末标点）",
            "the paragraph ends in “{end}” without punctuation and the next one seems to carry the sentence on (a page break, or a missing full stop?)",
        ),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        break_marks: str
        """A paragraph ending in one of these marks never ends there: followed by a blank
        line and a continuation, it was broken (a page break); the fix joins the two."""
        item_break_marks: str
        """These end list items too (GB/T 15834 4.6.3.3), so a break after them counts
        only when neither paragraph is an item (an enumerator such as 一是 or （1）, or a
        ``label：`` opening)."""
        unpunctuated_breaks: bool
        """Also report a paragraph ending in a Chinese character with no closing
        punctuation (an unsafe fix: it may lack its full stop instead)."""
        title_max_length: int
        """A line this short without punctuation is a title, not a broken sentence."""
        label_max_length: int
        """A colon this close to the start makes a paragraph a labelled item
        (``存在问题：``)."""

        def __post_init__(self) -> None:
            if self.title_max_length < 0 or self.label_max_length < 0:
                raise ValueError("title-max-length and label-max-length must not be negative")

    def check(self, ctx: Context) -> Iterator[Finding]:
        # Text above the title is a web page's, not the report's (navigation, dates).
        title = ctx.document.title
        preamble = [b for b in ctx.document.preamble if title is None or b.span[0] > title.span[0]]
        blocks: list[list[Block]] = [preamble] + [s.blocks for s in ctx.document.walk()]
        for siblings in blocks:
            for first, second in zip(siblings, siblings[1:]):
                if isinstance(first, Paragraph) and isinstance(second, Paragraph):
                    finding = self._check_pair(ctx, first, second)
                    if finding is not None:
                        yield finding

    def _check_pair(self, ctx: Context, first: Paragraph, second: Paragraph) -> Finding | None:
        options = self.options(ctx)
        prose = ctx.prose
        text = ctx.text
        end = first.span[0] + len(first.text.rstrip())
        start = second.span[0] + len(second.text) - len(second.text.lstrip())
        gap = text[end:start]
        if end <= first.span[0] or gap.strip() or gap.count("\n") < 2:
            return None  # not two paragraphs separated by blank lines only
        last, following = prose.text[end - 1], prose.text[start]
        if MASK in (last, following) or not opens_chinese(following):
            return None
        if _ENUMERATOR.match(prose.text, start):
            return None
        key, applicability = "default", "safe"
        if last in options.break_marks:
            pass
        elif last in options.item_break_marks:
            if self._is_item(prose, first, options.label_max_length) or self._is_item(prose, second, options.label_max_length):
                return None
        elif is_han(last) and options.unpunctuated_breaks:
            # Without a mark to go by, only prose on both sides is evidence: a cell of a
            # table flattened one a paragraph, a field, a list of bullets or a title is not.
            if not (self._line_of_prose(first.text, options) and self._sentence_text(second.text)):
                return None
            if self._is_item(prose, first, options.label_max_length) or self._is_item(prose, second, options.label_max_length):
                return None
            key, applicability = "unpunctuated", "unsafe"
        else:
            return None
        fix = Fix(applicability, [Edit((end, start), "")], ctx.said("与下一段合并", "join with the next paragraph"))
        return self.report(ctx, (end - 1, end), key, end=last, fix=fix)

    @staticmethod
    def _is_item(prose: Prose, paragraph: Paragraph, label_max_length: int) -> bool:
        start = paragraph.span[0] + len(paragraph.text) - len(paragraph.text.lstrip())
        line_start, _ = prose.line_bounds(start)
        if prose.text[line_start:start].strip():
            return True  # the text of a run-in heading ("1. 预算编制。…")
        if _ENUMERATOR.match(prose.text, start):
            return True
        head = paragraph.text.lstrip()[: label_max_length + 1]
        colon = min((i for i in (head.find("："), head.find(":")) if i >= 0), default=-1)
        return colon > 0 and not any(ch in _CLAUSE_MARKS or ch in _SENTENCE_END for ch in head[:colon])

    @staticmethod
    def _line_of_prose(text: str, options: "BrokenParagraph.Options") -> bool:
        """Longer than a title, and not laid out in columns (a table's row)."""
        stripped = text.strip()
        return len(stripped) > options.title_max_length and "  " not in stripped and "\t" not in stripped

    @staticmethod
    def _sentence_text(text: str) -> bool:
        """Text that goes on as a sentence: with clause punctuation, or ending one."""
        stripped = text.strip()
        return len(stripped) >= _SENTENCE_MIN and (any(ch in _CLAUSE_MARKS for ch in stripped) or stripped[-1] in _SENTENCE_END)
