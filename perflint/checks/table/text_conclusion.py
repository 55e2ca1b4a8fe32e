from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.document import Span
from perflint.results import Evidence, Finding, Operand, Severity
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.verdicts import number
from perflint.text import fold_key


def outside(span: Span, tables: list[SelfEvaluationTable]) -> bool:
    return not any(table.span[0] <= span[0] < table.span[1] for table in tables)


def table_report(ctx: Context) -> bool:
    """Whether the report's own score and rate are its table's: not when its title says
    it evaluates more (a department's whole spending with a project's table inside)."""
    title = fold_key(ctx.document.title.text) if ctx.document.title else ""
    return not any(fold_key(word) in title for word in ctx.table_spec.overall_report_words)


@register
class TableTextConclusionMismatch(Rule):
    """The score or grade the text states is not the self-evaluation table's.

    **What it checks.** In a report with one self-evaluation table, the report's own
    score (``自评得分 96 分``, ``综合评分为 97 分``, as PF203 reads it) against the table's
    总分 得分, with the tolerance the digits allow (96 for 95.8); and, when the text gives
    a grade but no score, that grade against the band of the table's 总分. A report whose
    title says it evaluates more than the table (部门整体…, with a project's table
    inside) is not compared.

    **Why.** The text and the table are two copies of one result; when they differ, one
    of them was not updated.
    """

    code = "PF415"
    name = "table-text-conclusion-mismatch"
    severity = Severity.ERROR
    messages = {
        "score": (
            "自评得分 {stated} 与自评表总分 {table} 不符",
            "the stated score {stated} differs from the table's total score {table}",
        ),
        "grade": (
            "自评等级“{word}”与自评表总分 {table} 不符：应为“{expected}”",
            "the stated grade “{word}” does not match the table's total score {table}: it is “{expected}”",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        totals = [t for t in ctx.tables if t.total is not None and number(t.total.score)]
        if len(totals) != 1 or totals[0].is_off(self.code) or not table_report(ctx):
            return
        total = totals[0].total
        assert total is not None and total.score is not None and total.score.number is not None
        conclusion = ctx.content_facts.conclusion
        scores = sorted((s for s in conclusion.scores if outside(s.span, ctx.tables)), key=lambda s: not s.in_conclusion)
        table_score = Operand("总分", total.score.text, total.score.span)
        if scores:
            stated = scores[0]
            if not stated.quantity.interval().meets(total.score.interval()):
                shown = ctx.text[stated.span[0] : stated.span[1]]
                yield self.report(
                    ctx,
                    stated.span,
                    "score",
                    stated=shown,
                    table=total.score.text,
                    evidence=Evidence(stated=shown, expected=total.score.text, operands=[table_score]),
                )
            return
        grades = sorted((g for g in conclusion.grades if outside(g.span, ctx.tables)), key=lambda g: not g.in_conclusion)
        expected = ctx.content.conclusion.grade_for(total.score.number)
        if grades and expected is not None and grades[0].grade.grade != expected.grade:
            grade = grades[0]
            yield self.report(
                ctx,
                grade.span,
                "grade",
                word=grade.word,
                table=total.score.text,
                expected=expected.grade,
                evidence=Evidence(stated=grade.grade.grade, computed=expected.grade, operands=[table_score]),
            )
