from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import midpoint_text
from perflint.facts.display import corrected_figure, operand, outward, shown
from perflint.facts.verdicts import ShareProblem
from perflint.results import Evidence, Finding, Severity


@register
class ShareMismatch(Rule):
    """A stated share does not match the part divided by the total.

    **What it checks.** Each share stated with a part (``基本支出 719.75 万元，占总支出的
    22.57%``, ``（占比 22.57%）``, a 占比 column of a table) against part ÷ total. The
    stated percentage stands for the interval its digits allow, and so do the amounts:
    22.57% and 22.6% both pass for 719.75 ÷ 3189.14, 22.58% does not. A share "of"
    something other than the total (``占年初预算的 95%``) is not compared with it. Where
    the total itself is the odd figure (the shares fit the parts' sum), or one part's
    amount is (its share fits the total, the amount does not), PF101 reports that
    figure instead. The display-only fix gives the share recomputed to the same
    number of decimals.

    **Why.** A share that is not part ÷ total is a visible arithmetic error in a
    published report, often a figure copied from last year's report.
    """

    code = "PF102"
    name = "share-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": (
            "占比 {stated} 与 {part} ÷ {total} = {computed} 不符",
            "the share {stated} does not match {part} ÷ {total} = {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for problem in ctx.verdicts.of(ShareProblem):
            part, breakdown = problem.part, problem.breakdown
            share, amount, total = part.share, part.amount, breakdown.total
            assert share is not None and amount is not None and total is not None
            computed = midpoint_text(problem.computed, share.decimals, "%")
            corrected = midpoint_text(problem.computed, share.decimals)
            yield self.report(
                ctx,
                share.span,
                stated=shown(share),
                part=f"{part.name} {shown(amount)}",
                total=shown(total),
                computed=computed,
                evidence=Evidence(
                    stated=shown(share),
                    computed=computed,
                    interval=outward(problem.computed, share.decimals + 2),
                    operands=[operand(part.name, amount), operand(breakdown.total_name or "合计", total)],
                ),
                fix=corrected_figure(share, corrected, "占比"),
            )
