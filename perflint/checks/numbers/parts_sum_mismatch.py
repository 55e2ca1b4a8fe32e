from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.arithmetic import as_unit, midpoint_text
from perflint.facts.breakdowns import Part
from perflint.facts.display import corrected_figure, operand, outward, shown
from perflint.facts.verdicts import Blame, SumProblem
from perflint.results import Evidence, Finding, Severity


@register
class PartsSumMismatch(Rule):
    """The parts of a total do not add up to it.

    **What it checks.** A total with its parts — ``合计 A 万元，其中基本支出 B 万元…；项目支出
    C 万元``, parts closed by ``共计 A 万元``, a Markdown table with a 合计 row — where the
    text says the parts are all of the total (a known partition such as 基本支出/项目支出,
    a closing 共计, a last part 其他…, or 分别为). Each figure stands for the interval its
    digits allow (719.75 means 719.745–719.755), so honest rounding passes; a whole
    number listed under a total written with decimals in its unit is that whole amount
    (30 万元 under 89.97 万元 is 30.00, not 29.5–30.5). A list that
    may be a subset (``其中`` naming only some parts) is checked only for exceeding the
    total. Units are normalised (元, 千元, 万元, 亿元). When the stated shares agree with
    the parts' sum, the total is the odd figure and a display-only fix proposes the sum.
    Three or more parts after 其中 that fall short of the total by under 1%, their sum one
    digit off it (2253 for 2263), are most likely a list meant to add up with one figure
    mistyped, but a subset leaving out one round amount looks the same: that is reported
    as a warning, not an error. So is a list after 其中 whose twin in the same paragraph —
    another list after 其中 naming the same three or more parts in the same order
    (申请预算资金 A，其中…；完成预算资金 B，其中…) — adds up exactly to its own total: the
    twin shows these parts are all of the total.

    **Why.** Totals that do not add up are the first thing a reviewer checks, and the
    most visible error in a published report.
    """

    code = "PF101"
    name = "parts-sum-mismatch"
    severity = Severity.ERROR
    messages = {
        "sum": (
            "各部分之和为 {computed}，与合计 {stated} 不符（{parts}）",
            "the parts add up to {computed}, not to the stated total {stated} ({parts})",
        ),
        "near": (
            "所列各部分之和为 {computed}，比合计 {stated} 少不到 1% 且只差一位数字，疑有一项写错（若所列只是部分项目则无误）（{parts}）",
            "the listed parts add up to {computed}, less than 1% short of the total {stated} and one digit off it: a figure looks mistyped, unless the list is only some of the parts ({parts})",
        ),
        "twin": (
            "各部分之和为 {computed}，与合计 {stated} 不符；同段另一组同名同序的各项恰好合计 {twin}，故此处所列应为全部（{parts}）",
            "the parts add up to {computed}, not to the stated total {stated}; a twin list of the same parts in the same order adds up exactly to its total {twin}, so these are all the parts ({parts})",
        ),
        "exceeds": (
            "所列各部分之和 {computed} 超过合计 {stated}（{parts}）",
            "the listed parts add up to {computed}, more than the total {stated} ({parts})",
        ),
        "part": (
            "{name} {stated} 与合计 {total} 及其余各部分不符：按合计应为 {expected}（各部分之和为 {computed}）",
            "{name} {stated} does not fit the total {total} and the other parts: it should be {expected} (the parts add up to {computed})",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for problem in ctx.verdicts.of(SumProblem):
            breakdown, total, blame = problem.breakdown, problem.total, problem.blame
            places = max(p.amount.decimals for p in breakdown.parts if p.amount is not None)
            computed_in_unit = as_unit(problem.computed, total.unit)
            computed = midpoint_text(computed_in_unit, max(places, total.decimals), total.unit)
            parts = " + ".join(f"{p.name or '?'} {shown(p.amount)}" for p in breakdown.parts if p.amount is not None)
            if blame is not None and blame.part is not None:
                yield self._odd_part(ctx, problem, blame.part, blame, computed)
                continue
            fix = None
            if blame is not None:  # the total is the odd figure: propose the parts' sum
                corrected = midpoint_text(as_unit(blame.expected, total.unit), total.decimals)
                fix = corrected_figure(total, corrected, "合计", "total", ctx.lang)
            near = breakdown.near_miss
            twin = breakdown.twin_total
            key = "near" if near else "twin" if twin is not None and problem.complete else "sum" if problem.complete else "exceeds"
            yield self.report(
                ctx,
                total.span,
                key,
                stated=shown(total),
                computed=computed,
                parts=parts,
                twin=shown(twin) if twin is not None else "",
                evidence=Evidence(
                    stated=shown(total),
                    computed=computed,
                    interval=outward(computed_in_unit, max(places, total.decimals) + 1),
                    operands=[operand(p.name, p.amount) for p in breakdown.parts if p.amount is not None],
                ),
                fix=fix,
                severity=Severity.WARNING if key in ("near", "twin") else None,
            )

    def _odd_part(self, ctx: Context, problem: SumProblem, part: Part, blame: Blame, computed: str) -> Finding:
        breakdown, total, amount = problem.breakdown, problem.total, blame.figure
        expected_interval = as_unit(blame.expected, amount.unit)
        expected = midpoint_text(expected_interval, amount.decimals)
        return self.report(
            ctx,
            amount.span,
            "part",
            name=part.name,
            stated=shown(amount),
            total=shown(total),
            expected=f"{expected}{amount.unit}",
            computed=computed,
            evidence=Evidence(
                stated=shown(amount),
                computed=f"{expected}{amount.unit}",
                interval=outward(expected_interval, amount.decimals + 1),
                operands=[operand(breakdown.total_name or "合计", total)]
                + [operand(p.name, p.amount) for p in breakdown.parts if p.amount is not None and p is not part],
            ),
            fix=corrected_figure(amount, expected, part.name, lang=ctx.lang),
        )
