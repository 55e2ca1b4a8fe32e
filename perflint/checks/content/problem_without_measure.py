from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class ProblemWithoutMeasure(Rule):
    """Problems are stated with no improvement measure after them.

    **What it checks.** A sentence that opens with a problem label (``存在问题：``,
    ``存在的问题主要是``, ``发现的问题及原因主要是：``, ``二是存在的问题…``) or a heading that
    names problems (``七、存在的问题及原因分析``) must be followed, in the same section and
    before the next problem, by a measure (``改进措施``, ``下一步改进措施``, ``整改措施`` …);
    a section whose heading names problems — the heading and the problems stated under
    it — may also be answered by a measure heading right after it (``八、下一步改进措施``,
    ``六、有关建议``). ``存在问题：无`` states no problem. Labels are the profile's
    ``content.problems``.

    **Why.** The template asks for problems *and* the measures to fix them; a problem
    left unanswered is what reviewers send back.
    """

    code = "PF206"
    name = "problem-without-measure"
    severity = Severity.WARNING
    messages = {"default": ("“{label}”之后本部分没有提出改进措施", "no improvement measure follows “{label}” in this section")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        for problem in ctx.content_facts.problems:
            if not problem.answered:
                yield self.report(ctx, problem.span, label=problem.label)
