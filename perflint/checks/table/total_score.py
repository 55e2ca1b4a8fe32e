from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity
from perflint.selfeval.display import bounds, midpoint, operand
from perflint.selfeval.values import Value
from perflint.selfeval.verdicts import number, scored, stated_sum


@register
class TableTotalScore(Rule):
    """The 总分 of a self-evaluation table is not the sum of its scores.

    **What it checks.** The 得分 of the 总分 (合计) row against the execution rate's score
    plus every 三级指标's score. The scores are added as written, as a reviewer adds them,
    and the 总分 may round their sum to its own digits (9.91 and 84 make a 总分 of 94).
    A table with a blank score (PF412) or a row perflint could not put on its columns
    is not checked.

    **Why.** The 总分 decides the grade; a 总分 that is not the sum of its scores is
    either a wrong total or a score changed without the total.
    """

    code = "PF404"
    name = "table-total-score"
    severity = Severity.ERROR
    messages = {
        "default": (
            "总分 {stated} 与各项得分之和 {computed} 不符",
            "the total score {stated} is not the sum of the scores, {computed}",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables_checked_by(self.code):
            total = table.total
            if not table.complete or total is None or not number(total.score) or total.score is None:
                continue
            if not table.funds:
                continue  # the funds block cut off: the execution score is unknown
            indicators = scored(table)
            if not indicators or "score" not in table.indicator_columns or not all(number(i.score) for i in indicators):
                continue
            scores: list[tuple[str, Value]] = [(i.name.text, i.score) for i in indicators if i.score is not None]
            funds = table.funds_total
            if funds is not None and "score" in table.funds_columns:
                if not number(funds.score) or funds.score is None:
                    continue
                scores.insert(0, (funds.label.text, funds.score))
            computed = stated_sum([score for _, score in scores])
            if computed.meets(total.score.interval()):
                continue
            places = max(score.decimals for _, score in scores)
            shown = midpoint(computed, max(places, total.score.decimals))
            yield self.report(
                ctx,
                total.score.span,
                stated=total.score.text,
                computed=shown,
                evidence=Evidence(
                    stated=total.score.text,
                    computed=shown,
                    interval=bounds(computed, max(places, total.score.decimals)),
                    operands=[operand(name, score) for name, score in scores],
                ),
            )
