from collections.abc import Iterator

from perflint.checks.base import Context, Option, Rule, register
from perflint.document import Section
from perflint.results import Finding, Severity


@register
class HeadingNumbering(Rule):
    """Heading numbers skip or repeat within a level.

    **What it checks.** Among sibling headings numbered in the same style (一、 二、,
    （一）（二）, 1. 2., （1）（2）, ① ②), the numbers must run 1, 2, 3 … without a gap
    or a repeat, starting from 1. Each heading that breaks the run is reported once.

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
        "start": ("同级标题编号应从 1 开始，此处从“{number}”开始", "numbering of this level starts at “{number}” instead of 1"),
    }

    options = {
        "check-start": Option(
            True, bool, "report a level whose numbering does not start at 1; false suits reports excerpted from a longer document"
        )
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        check_start = self.option(ctx, "check-start")
        yield from self._siblings(ctx, ctx.document.sections, check_start)
        for section in ctx.document.walk():
            yield from self._siblings(ctx, section.children, check_start)

    def _siblings(self, ctx: Context, sections: list[Section], check_start: bool) -> Iterator[Finding]:
        last: dict[str, int] = {}
        for section in sections:
            heading = section.heading
            if heading.value is None:
                continue
            previous = last.get(heading.style)
            value = heading.value
            if previous is None:
                if value != 1 and check_start:
                    yield self.report(ctx, heading.span, "start", number=heading.number)
            elif value == previous:
                yield self.report(ctx, heading.span, "repeat", number=heading.number)
            elif value < previous:
                yield self.report(ctx, heading.span, "backwards", number=heading.number, previous=previous)
            elif value > previous + 1:
                missing = "、".join(str(n) for n in range(previous + 1, value))
                yield self.report(ctx, heading.span, "skip", number=heading.number, missing=missing)
            last[heading.style] = value
