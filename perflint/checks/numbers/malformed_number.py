from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.clauses import text_pieces
from perflint.facts.quantities import unreadable_numbers
from perflint.results import Evidence, Finding, Severity


@register
class MalformedNumber(Rule):
    """A number is written with its separators where no number has them.

    **What it checks.** Digits joined by commas and a decimal point in places that no
    written number has them — ``7,00.0,77``, ``1,000.00.00`` — in the text and in table
    cells: thousands separators group three digits before the decimal point, and a
    decimal part holds no comma. Runs that read as something else are left alone: a
    list (``1,2,3``, ``1.5,2.5``), a date or a section number (``2021.07.12``). Such a
    figure is not read as an amount by the other number checks.

    **Why.** A figure no one can read (a garbled 700.77 in a funds table) hides the
    amount a reviewer must check, and on a published report it is seen by everyone.
    """

    code = "PF108"
    name = "malformed-number"
    severity = Severity.ERROR
    messages = {
        "default": (
            "数字“{number}”的分隔符位置有误，无法读作一个数",
            "the number “{number}” has its separators where no number has them and cannot be read",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for _, text, offset in text_pieces(ctx.document):
            for start, end in unreadable_numbers(text):
                number = text[start:end]
                yield self.report(ctx, (offset + start, offset + end), number=number, evidence=Evidence(stated=number))
