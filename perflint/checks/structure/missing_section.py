from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class MissingSection(Rule):
    """A section or item that the report template requires is missing.

    **What it checks.** Every section of the profile's outline marked ``required``
    (and, inside a section that is present, every required item, such as the seven
    items of 管理效率分析) must appear as a heading. Headings are matched by title and
    aliases, not by number, so renumbered or inserted parts do not matter. When a
    whole section is missing, its items are not reported one by one.

    **Why.** The finance department's template fixes the outline; a report without
    one of its parts is sent back.
    """

    code = "PF001"
    name = "missing-section"
    severity = Severity.ERROR
    needs_profile = True
    messages = {
        "top": ("缺少模板要求的章节“{title}”", "missing required section “{title}”"),
        "child": ("“{parent}”缺少模板要求的部分“{title}”", "“{parent}” lacks the required part “{title}”"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.outline is not None
        for node in ctx.outline.walk():
            if node.present or not node.spec.required:
                continue
            parent = node.parent
            if parent is None:
                yield self.report(ctx, ctx.document_anchor(), "top", title=node.spec.title)
            elif parent.section is not None:
                heading = parent.section.heading
                yield self.report(ctx, heading.span, "child", parent=heading.label, title=node.spec.title)
            # A missing parent is reported itself; its parts are not reported again.
