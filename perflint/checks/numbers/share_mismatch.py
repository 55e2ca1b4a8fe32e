from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import as_unit, midpoint_text
from perflint.facts.display import corrected_figure, operand, outward, shown
from perflint.facts.verdicts import ImpliedTotalProblem, ShareProblem
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

    Parts stated with their shares but without their total (``A 100.00 万元，占 84.06%；
    B 23.34 万元，占 19.62%``) are checked against each other: each amount ÷ share
    implies the total, and the implied totals must agree within the rounding of the
    figures. When all parts but one agree, that one's share is reported; else the last.

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
        "implied": (
            "占比 {stated} 与其余各项不能同时成立：{part} ÷ {stated} 推得合计约 {implied}，{other} 推得约 {other_implied}",
            "the share {stated} cannot hold with the others: {part} ÷ {stated} gives a total of about {implied}, {other} gives about {other_implied}",
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
                fix=corrected_figure(share, corrected, "占比", "share", ctx.lang),
            )
        for implied in ctx.verdicts.of(ImpliedTotalProblem):
            yield self._implied(ctx, implied)

    def _implied(self, ctx: Context, problem: ImpliedTotalProblem) -> Finding:
        """The share the other parts single out (else the last), against the part whose
        implied total is farthest from its own."""
        odd = problem.odd if problem.odd is not None else problem.implied[-1][0]
        mine = next(total for part, total in problem.implied if part is odd)
        other, theirs = max(
            ((part, total) for part, total in problem.implied if part is not odd),
            key=lambda item: abs((item[1].lo + item[1].hi) - (mine.lo + mine.hi)),
        )
        share, amount, other_share = odd.share, odd.amount, other.share
        assert share is not None and amount is not None and other_share is not None and other.amount is not None
        unit = amount.unit
        implied = midpoint_text(as_unit(mine, unit), max(amount.decimals, 2), unit)
        other_implied = midpoint_text(as_unit(theirs, unit), max(amount.decimals, 2), unit)
        return self.report(
            ctx,
            share.span,
            "implied",
            stated=shown(share),
            part=f"{odd.name} {shown(amount)}",
            implied=implied,
            other=f"{other.name} {shown(other.amount)} ÷ {shown(other_share)}",
            other_implied=other_implied,
            evidence=Evidence(
                stated=shown(share),
                computed=implied,
                operands=[operand(p.name, p.amount) for p, _ in problem.implied if p.amount is not None]
                + [operand("占比", p.share) for p, _ in problem.implied if p.share is not None],
            ),
        )
