from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.checks.structure.inline_list_numbering import goes_on_from
from perflint.results import Finding, Severity


@register
class NumberingStart(Rule):
    """A level of headings does not start at 1.

    **What it checks.** Among sibling headings numbered in the same style, the first
    number must be 1 (一、, （一）, 1., （1）, ①). Numbering that restarts under each
    parent is fine; gaps and repeats after the first heading are PF003's. A heading that
    goes on from a list begun inside the paragraph before it (``附件：1.…`` then
    ``2.…`` on the next line) starts nothing.

    **Why.** A level that starts at 二 or （三） has lost its first part — deleted, or
    moved elsewhere. It is only information: an excerpt of a report, a page cut out of a
    longer document, or a copy whose first item was lost on the way starts there just
    as well, and a reviewer can tell at a glance which it is.
    """

    code = "PF010"
    name = "numbering-start"
    severity = Severity.INFO
    messages = {
        "default": ("同级标题编号应从 1 开始，此处从“{number}”开始", "numbering of this level starts at “{number}” instead of 1"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for siblings in ctx.document.sibling_groups():
            started: set[str] = set()
            for section in siblings:
                heading = section.heading
                if heading.value is None or heading.style in started:
                    continue
                started.add(heading.style)
                if heading.value != 1 and not goes_on_from(ctx.paragraphs, heading):
                    yield self.report(ctx, heading.span, number=heading.number)
