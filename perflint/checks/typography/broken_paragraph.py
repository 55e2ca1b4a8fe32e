import re
from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.document import Block, Paragraph
from perflint.prose import MASK, Prose, is_han, opens_chinese
from perflint.results import Edit, Finding, Fix, Severity

# An item of a list written one a paragraph: an enumerator (一是 其二 第三 首先 （1） 1、 ①)
# at its start. Headings are parsed apart; these are the run-in forms left in paragraphs.
_ENUMERATOR = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+[，,、是]|首先|其次|再次|最后"
    r"|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}[、.．)）]|[①-⑳])"
)
_SENTENCE_END = set("。！？!?")
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

    def check(self, ctx: Context) -> Iterator[Finding]:
        blocks: list[list[Block]] = [ctx.document.preamble] + [s.blocks for s in ctx.document.walk()]
        for siblings in blocks:
            for first, second in zip(siblings, siblings[1:]):
                if isinstance(first, Paragraph) and isinstance(second, Paragraph):
                    finding = self._check_pair(ctx, first, second)
                    if finding is not None:
                        yield finding

    def _check_pair(self, ctx: Context, first: Paragraph, second: Paragraph) -> Finding | None:
        options = ctx.typography
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
            if self._title_like(first.text.strip(), options.title_max_length):
                return None
            key, applicability = "unpunctuated", "unsafe"
        else:
            return None
        fix = Fix(applicability, [Edit((end, start), "")], "与下一段合并")
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
    def _title_like(text: str, title_max_length: int) -> bool:
        return "\n" not in text and len(text) <= title_max_length and not any(ch in _CLAUSE_MARKS or ch in _SENTENCE_END for ch in text)
