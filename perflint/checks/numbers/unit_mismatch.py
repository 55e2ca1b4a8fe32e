from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import UnitSlip, check_rate, check_share, check_sum, likely_slip
from perflint.facts.display import operand, shown
from perflint.results import Evidence, Finding, Severity


@register
class UnitMismatch(Rule):
    """An amount's unit looks wrong: the claim holds only if it is 10,000 times larger or smaller.

    **What it checks.** A total and its parts, a share, or an execution rate that does
    not hold as written but holds exactly when one amount is read in 万元 instead of 元
    (or the other way round). That amount is reported, with the unit that makes the
    claim consistent, instead of a plain sum, share or rate error.

    **Why.** 元 written where 万元 was meant (or a figure pasted from a table in 元 into
    a sentence in 万元) is a common slip, and the plain arithmetic error would hide it.
    """

    code = "PF107"
    name = "unit-mismatch"
    severity = Severity.ERROR
    messages = {
        "sum": (
            "金额 {amount} 的单位疑有误：按“{unit}”计，各部分之和与合计相符",
            "the unit of {amount} looks wrong: read as {unit}, the parts add up to the total",
        ),
        "share": (
            "金额 {amount} 的单位疑有误：按“{unit}”计，占比 {share} 相符",
            "the unit of {amount} looks wrong: read as {unit}, the share {share} matches",
        ),
        "rate": (
            "金额 {amount} 的单位疑有误：按“{unit}”计，执行率 {rate} 相符",
            "the unit of {amount} looks wrong: read as {unit}, the execution rate {rate} matches",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        reported: set[int] = set()
        dominant = ctx.facts.dominant_money_unit

        def finding(slips: tuple[UnitSlip, ...], key: str, **args: str) -> Iterator[Finding]:
            slip = likely_slip(slips, dominant)
            if slip is None or id(slip.quantity) in reported:
                return
            reported.add(id(slip.quantity))
            amount = slip.quantity
            yield self.report(
                ctx,
                amount.span,
                key,
                amount=shown(amount),
                unit=slip.suggested_unit,
                evidence=Evidence(
                    stated=shown(amount),
                    expected=f"{amount.number_text}{slip.suggested_unit}",
                    operands=[operand("金额", amount)],
                ),
                **args,
            )

        for breakdown in ctx.facts.breakdowns:
            verdict = check_sum(breakdown)
            if verdict is not None and verdict.unit_slips:
                yield from finding(verdict.unit_slips, "sum")
                continue  # the shares fail for the same reason
            for part in breakdown.parts:
                share = check_share(part, breakdown, ctx.numbers)
                if share is not None and share.unit_slips and part.share is not None:
                    yield from finding(share.unit_slips, "share", share=shown(part.share))
        for execution in ctx.facts.executions:
            rate = check_rate(execution)
            if rate is not None and rate.unit_slips:
                yield from finding(rate.unit_slips, "rate", rate=shown(rate.rate))
