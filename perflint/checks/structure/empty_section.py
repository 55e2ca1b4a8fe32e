from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.clauses import contains_any
from perflint.results import Finding, Severity
from perflint.text import fold_chars


@register
class EmptySection(Rule):
    """A section the template requires is present but has no content.

    **What it checks.** A required section of the profile's outline whose heading is
    followed by no text, no table and no sub-section with text. A section with
    required parts is judged by its parts, so only the innermost empty one is reported.
    A section whose title points to an attachment (``（附专项资金绩效目标自评表）``,
    ``详见附件``: the template's ``attachment-markers``) has its content there.

    **Why.** A heading kept from the template with nothing under it is a part left
    unwritten.
    """

    code = "PF004"
    name = "empty-section"
    severity = Severity.WARNING
    needs_profile = True
    messages = {"default": ("章节“{title}”没有内容", "section “{title}” has no content")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.outline is not None
        for node in ctx.outline.walk():
            section = node.section
            if section is None or not node.spec.required or section.has_content():
                continue
            if contains_any(fold_chars(section.title), ctx.content.attachment_markers):
                continue
            if any(child.section is not None for child in node.children):
                continue  # the present parts report themselves
            yield self.report(ctx, section.heading.span, title=section.heading.label)
