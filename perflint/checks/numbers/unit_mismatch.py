from collections.abc import Iterator
from typing import Any

from perflint.checks.base import Context, Rule, register
from perflint.facts.display import operand, shown
from perflint.facts.verdicts import UnitSlipProblem
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
        for problem in ctx.verdicts.of(UnitSlipProblem):
            amount, unit = problem.slip.quantity, problem.slip.suggested_unit
            claim: dict[str, Any] = {} if problem.figure is None else {problem.claim: shown(problem.figure)}
            yield self.report(
                ctx,
                amount.span,
                problem.claim,
                amount=shown(amount),
                unit=unit,
                evidence=Evidence(
                    stated=shown(amount),
                    expected=f"{amount.number_text}{unit}",
                    operands=[operand("金额", amount)],
                ),
                **claim,
            )
