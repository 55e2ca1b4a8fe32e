from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import midpoint_text
from perflint.facts.display import operand, outward, shown
from perflint.facts.verdicts import SharesSumProblem
from perflint.results import Evidence, Finding, Severity


@register
class SharesSumMismatch(Rule):
    """The shares of a whole do not add up to 100%.

    **What it checks.** Where the parts of a total are all of it (a known partition
    such as 基本支出/项目支出, a table with a 合计 row, a list closed by 共计) and every
    part has a stated share, the shares must add up to 100% within their rounding:
    22.57% + 77.43% passes, 22.57% + 81.11% does not. This also covers shares stated
    without amounts (``基本支出占 22.57%，项目支出占 77.43%``). Parts stated with their
    shares and no total may be only some of the whole: their shares must not add up to
    more than 100%. When a share is already reported as not matching its amounts
    (PF102), this rule stays silent.

    **Why.** Shares summing to 103.68% have been published; they are the quickest
    error for a reader to spot.
    """

    code = "PF103"
    name = "shares-sum-mismatch"
    severity = Severity.ERROR
    messages = {
        "default": ("各部分占比之和为 {computed}，不等于 100%（{shares}）", "the shares add up to {computed}, not 100% ({shares})"),
        "exceeds": ("各部分占比之和为 {computed}，超过 100%（{shares}）", "the shares add up to {computed}, more than 100% ({shares})"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for problem in ctx.verdicts.of(SharesSumProblem):
            breakdown, total = problem.breakdown, problem.computed
            shares = [p.share for p in breakdown.parts if p.share is not None]
            places = max(s.decimals for s in shares)
            computed = midpoint_text(total, places, "%")
            last = shares[-1]
            yield self.report(
                ctx,
                last.span,
                "default" if problem.complete else "exceeds",
                computed=computed,
                shares=" + ".join(f"{p.name} {shown(p.share)}" for p in breakdown.parts if p.share is not None),
                evidence=Evidence(
                    stated=computed,
                    expected="100%" if problem.complete else "≤ 100%",
                    interval=outward(total, places + 1),
                    operands=[operand(p.name, p.share) for p in breakdown.parts if p.share is not None],
                ),
            )
