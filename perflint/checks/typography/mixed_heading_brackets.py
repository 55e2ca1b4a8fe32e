from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from perflint.checks.base import Context, Rule, register
from perflint.document import Heading
from perflint.results import Edit, Finding, Fix, Severity
from perflint.validation import KEBAB_CASE

_TO_FULL = str.maketrans("()", "（）")
_TO_HALF = str.maketrans("（）", "()")
_WIDTH_NAMES = {"full": ("全角", "full-width"), "half": ("半角", "half-width"), "mixed": ("全角半角混用", "mixed-width")}


def bracket_width(number: str) -> str | None:
    """ "full", "half" or "mixed" for a bracketed heading number; None for others."""
    full = sum(number.count(ch) for ch in "（）")
    half = sum(number.count(ch) for ch in "()")
    if not full and not half:
        return None
    return "mixed" if full and half else ("full" if full else "half")


@register
class MixedHeadingBrackets(Rule):
    """Heading numbers in brackets mix full-width and half-width brackets.

    **What it checks.** The bracketed heading numbers of one document — ``（一）``,
    ``（1）`` — must all use the same bracket width. When both widths appear (or one
    number mixes them, ``（一)``), each heading whose brackets are not the target is
    reported: full-width by default, as GB/T 15834 has brackets in Chinese text, or the
    width most headings use when the profile's ``bracket-target`` is ``majority``. A
    document that uses half-width brackets throughout is consistent and not reported.
    The safe fix rewrites the brackets (and drops the space a half-width number was
    followed by).

    **Why.** Mixed widths are the trace of sections pasted from different sources; a
    published official document is judged on its form.
    """

    code = "PF301"
    name = "mixed-heading-brackets"
    severity = Severity.INFO
    messages = {
        "default": (
            "标题编号“{number}”的括号与其他标题不一致（{width}），应为“{expected}”",
            "heading number “{number}” uses {width} brackets unlike the other headings; write “{expected}”",
        ),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        bracket_target: Literal["fullwidth", "majority"]
        """``"fullwidth"`` fixes every half-width heading bracket (GB/T 15834: brackets in
        Chinese text are full-width); ``"majority"`` fixes the minority to whatever width
        most headings use."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        numbered = [(s.heading, w) for s in ctx.document.walk() if (w := bracket_width(s.heading.number)) is not None]
        widths = Counter(width for _, width in numbered)
        if len(widths) < 2 and "mixed" not in widths:
            return
        target = "full"
        if self.options(ctx).bracket_target == "majority" and widths["half"] > widths["full"]:
            target = "half"
        zh_or_en = 1 if ctx.lang == "en" else 0
        for heading, width in numbered:
            if width == target or ctx.text.find(heading.number, heading.span[0]) < 0:
                continue
            span, expected, fix = self._fix(ctx, heading, target)
            yield self.report(ctx, span, number=heading.number, width=_WIDTH_NAMES[width][zh_or_en], expected=expected, fix=fix)

    @staticmethod
    def _fix(ctx: Context, heading: Heading, target: str) -> tuple[tuple[int, int], str, Fix]:
        text = ctx.text
        start = text.find(heading.number, heading.span[0])
        end = start + len(heading.number)
        expected = heading.number.translate(_TO_FULL if target == "full" else _TO_HALF)
        edit_end = end
        if target == "full":
            # A full-width bracket carries its own spacing: "(一) 部门职能" → "（一）部门职能".
            while edit_end < heading.title_span[0] and text[edit_end] in " \t\u3000":
                edit_end += 1
        message = ctx.said(f"改为“{expected}”", f"replace with “{expected}”")
        return (start, end), expected, Fix("safe", [Edit((start, edit_end), expected)], message)
