"""Facts: the typed claims a report makes, each with its span.

``extract`` walks the document once; rules read the result through ``Context.facts``
and never re-parse text.
"""

from collections import Counter
from dataclasses import dataclass, field

from perflint.document import Document, Paragraph, Table
from perflint.facts.breakdowns import Breakdown, text_breakdowns
from perflint.facts.execution import Execution, executions
from perflint.facts.mentions import mentions
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.tables import table_breakdowns, table_executions


@dataclass(slots=True)
class Facts:
    breakdowns: list[Breakdown] = field(default_factory=list)
    executions: list[Execution] = field(default_factory=list)
    money_units: Counter[str] = field(default_factory=Counter)  # how often each money unit is written

    @property
    def dominant_money_unit(self) -> str:
        return self.money_units.most_common(1)[0][0] if self.money_units else "万元"


def extract(document: Document, vocab: NumbersSpec) -> Facts:
    facts = Facts()
    for _, block in document.blocks():
        if isinstance(block, Paragraph):
            found = mentions(block.text, block.span[0], vocab)
            if not found:
                continue
            facts.money_units.update(m.quantity.unit for m in found if m.is_money)
            facts.breakdowns.extend(text_breakdowns(found, vocab))
            facts.executions.extend(executions(found, block.text, block.span[0], vocab))
        elif isinstance(block, Table):
            facts.breakdowns.extend(table_breakdowns(block, vocab))
            facts.executions.extend(table_executions(block, vocab))
    return facts
