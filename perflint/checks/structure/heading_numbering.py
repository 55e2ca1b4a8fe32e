from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.checks.structure.inline_list_numbering import goes_on_from
from perflint.document import Section
from perflint.results import Finding, Severity


@register
class HeadingNumbering(Rule):
    """Heading numbers skip or repeat within a level.

    **What it checks.** Among sibling headings numbered in the same style (一、 二、,
    （一）（二）, 1. 2., （1）（2）, ① ②), the numbers must run on without a gap, a repeat
    or a step back. Each heading that breaks the run is reported once. Where the first
    number is not 1 is PF010's (an excerpt or a damaged copy starts there as often as
    a report does). A numbered line that goes on from a list begun inside the paragraph
    before it (``附件：1.…`` then ``2.…`` on the next line) is an item of that list.

    **Why.** A skipped or repeated number usually means a part was deleted, pasted
    twice or renumbered by hand; published reports show all three.
    """

    code = "PF003"
    name = "heading-numbering"
    severity = Severity.WARNING
    messages = {
        "skip": ("标题编号不连续：“{number}”之前缺少编号 {missing}", "heading numbering skips {missing} before “{number}”"),
        "repeat": ("标题编号重复：“{number}”与前一同级标题编号相同", "heading number “{number}” repeats the previous sibling's number"),
        "backwards": ("标题编号倒退：“{number}”出现在编号 {previous} 之后", "heading number “{number}” comes after number {previous}"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for siblings in ctx.document.sibling_groups():
            yield from self._siblings(ctx, siblings)

    def _siblings(self, ctx: Context, sections: list[Section]) -> Iterator[Finding]:
        last: dict[str, int] = {}
        for section in sections:
            heading = section.heading
            if heading.value is None or goes_on_from(ctx.paragraphs, heading):
                continue  # 附件：1.… then 2.… on the next line: an item of that list
            previous = last.get(heading.style)
            value = heading.value
            if previous is None:
                pass
            elif value == previous:
                yield self.report(ctx, heading.span, "repeat", number=heading.number)
            elif value < previous:
                yield self.report(ctx, heading.span, "backwards", number=heading.number, previous=previous)
            elif value > previous + 1:
                missing = "、".join(str(n) for n in range(previous + 1, value))
                yield self.report(ctx, heading.span, "skip", number=heading.number, missing=missing)
            last[heading.style] = value
