from collections.abc import Iterator
from dataclasses import dataclass

from perflint.checks.base import Context, Rule, register
from perflint.facts.clauses import contains_any
from perflint.patterns import lazy
from perflint.results import Finding, Severity
from perflint.text import fold_chars
from perflint.validation import KEBAB_CASE

# A date that can be a deadline: 2024年6月, 6月底, 6月30日前, 2024年底 (the markers
# of the template's vocabulary cover the words: 年底前, 期限, 时限…).
_DATE = lazy(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}\s*年(?:底|内|末)")


@register
class MeasureWithoutDeadline(Rule):
    """The improvement measures give no completion deadline, where the template asks for one.

    **What it checks.** Where the template turns ``require-deadline`` on (Guangdong's
    project self-evaluation report), the part that states the improvement measures — the
    template's measures section, or a paragraph opening with its label (``改进措施：``) —
    must say by when: a date (``2024年6月``, ``6月底``, ``6月30日前``) or a deadline word of
    the template's vocabulary (``年底前``, ``期限``, ``时限``…). A missing measures part is
    PF001's.

    **Why.** Guangdong's instructions ask for each measure *with its completion
    deadline*; a measure without one cannot be followed up at the next year's review.
    """

    code = "PF212"
    name = "measure-without-deadline"
    severity = Severity.WARNING
    needs_profile = True
    messages = {
        "default": ("“{title}”没有写明改进措施的完成时限", "“{title}” gives no completion deadline for its measures"),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        require_deadline: bool
        """Whether the template asks for a completion deadline for the measures (off but in
        templates that do, such as gd-project)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = ctx.content
        if not self.options(ctx).require_deadline or not spec.measures_section or ctx.outline is None:
            return
        node = ctx.outline.find(spec.measures_section)
        if node is None:
            return
        if node.section is not None:
            start, end = node.section.span
            title, where = node.section.heading.label, node.section.heading.span
        elif node.label is not None:
            start, end = node.label[0], _paragraph_end(ctx.text, node.label[0])
            title, where = ctx.text[node.label[0] : node.label[1]], node.label
        else:
            return
        text = fold_chars(ctx.text[start:end])
        if _DATE.search(text) or contains_any(text, spec.problems.deadline_markers):
            return
        yield self.report(ctx, where, title=title)


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n\n", start)
    return len(text) if end < 0 else end
