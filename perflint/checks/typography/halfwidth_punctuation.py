import re
from collections.abc import Iterator
from dataclasses import dataclass

from perflint.checks.base import Context, Rule, register
from perflint.patterns import lazy
from perflint.prose import SPACES, Prose, is_chinese, is_han, opens_chinese
from perflint.results import Edit, Finding, Fix, Severity
from perflint.validation import KEBAB_CASE

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAIR = lazy(r"\(([^()\n]*)\)")


@register
class HalfwidthPunctuation(Rule):
    """Half-width punctuation between Chinese characters.

    **What it checks.** ASCII ``,`` ``;`` ``:`` ``?`` ``!`` with Chinese text on the
    left and Chinese text (or the end of the line) on the right, and pairs of ASCII
    brackets ``( )`` around Chinese text — the content starts with a Chinese
    character — next to Chinese text. Marks between digits or Latin letters (``3,189.14``,
    ``14:30``, ``1:2``, ``Fig. 1(a)``), in URLs, e-mail addresses, code, tables and
    Markdown syntax are left alone, and so is a bracket that starts with a figure
    (``(2023 年)``). Which marks are checked is the profile's
    ``halfwidth-punctuation``. The safe fix writes the full-width mark and drops the
    spaces around it.

    **Why.** GB/T 15834 has full-width punctuation in Chinese text; ASCII marks
    come from copying text out of web pages and PDFs, and they show.
    """

    code = "PF304"
    name = "halfwidth-punctuation"
    severity = Severity.INFO
    messages = {
        "default": (
            "中文中使用了半角标点“{mark}”，应为全角“{expected}”",
            "half-width “{mark}” in Chinese text; write the full-width “{expected}”",
        ),
        "brackets": (
            "中文中使用了半角括号“()”，应为全角“（）”",
            "half-width brackets “()” around Chinese text; write the full-width “（）”",
        ),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        halfwidth_punctuation: str
        """The ASCII marks checked between Chinese characters (fixed to full width)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        marks = self.options(ctx).halfwidth_punctuation
        prose = ctx.prose
        singles = "".join(ch for ch in ",;:?!" if ch in marks)
        if singles:
            for match in re.compile(f"[{re.escape(singles)}]").finditer(prose.text):
                offset = match.start()
                _, left = prose.before(offset)
                _, right = prose.after(offset + 1)
                if is_chinese(left) and (right == "" or opens_chinese(right)):
                    mark = match.group()
                    fix = Fix(
                        "safe",
                        [_replace(prose, offset, FULL_WIDTH[mark])],
                        ctx.said(f"改为“{FULL_WIDTH[mark]}”", f"replace with “{FULL_WIDTH[mark]}”"),
                    )
                    yield self.report(ctx, (offset, offset + 1), mark=mark, expected=FULL_WIDTH[mark], fix=fix)
        if "(" in marks and ")" in marks:
            for match in _PAIR.finditer(prose.text):
                inner = match.group(1).strip(SPACES)
                if not inner or not is_han(inner[0]):
                    continue
                _, left = prose.before(match.start())
                _, right = prose.after(match.end())
                if not (left == "" or right == "" or is_chinese(left) or opens_chinese(right)):
                    continue
                edits = [_replace(prose, match.start(), "（"), _replace(prose, match.end() - 1, "）")]
                yield self.report(
                    ctx,
                    match.span(),
                    "brackets",
                    fix=Fix("safe", edits, ctx.said("改为全角括号“（）”", "replace with full-width brackets “（）”")),
                )


def _replace(prose: Prose, offset: int, mark: str) -> Edit:
    """Replace the mark at ``offset``, with the spaces that separate it from Chinese
    text (a full-width mark carries its own spacing)."""
    start, end = offset, offset + 1
    left_at, left = prose.before(offset)
    if is_chinese(left):
        start = left_at + 1
    right_at, right = prose.after(offset + 1)
    if opens_chinese(right):
        end = right_at
    return Edit((start, end), mark)
