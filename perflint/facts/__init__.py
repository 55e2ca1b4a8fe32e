"""Facts: the typed claims a report makes, each with its span.

``extract`` walks the document once; rules read the result through ``Context.facts``
and never re-parse text.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from perflint.document import Document, Paragraph, Span, Table
from perflint.facts.allocations import Allocation, allocations
from perflint.facts.breakdowns import Breakdown, text_breakdowns
from perflint.facts.execution import Execution, executions
from perflint.facts.mentions import mentions
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.tables import caption_unit, table_breakdowns, table_executions


@dataclass(slots=True)
class Facts:
    breakdowns: list[Breakdown] = field(default_factory=list)
    executions: list[Execution] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)  # amounts cited documents allocate
    money_units: Counter[str] = field(default_factory=Counter)  # how often each money unit is written

    @property
    def dominant_money_unit(self) -> str:
        return self.money_units.most_common(1)[0][0] if self.money_units else "万元"


def extract(document: Document, vocab: NumbersSpec, checked: Sequence[Span] = ()) -> Facts:
    """The number claims of the document. Of the tables within ``checked`` (the
    self-evaluation tables, which the PF4xx rules check) only the budget and executed
    amounts are taken, so that a slip in them is reported once. Tables are read after
    the text: a budget column that no header, caption or cell gives a unit is taken in
    the unit the text states its amounts in."""
    facts = Facts()
    tables: list[Table] = []
    for _, block in document.blocks():
        if isinstance(block, Paragraph):
            found = mentions(block.text, block.span[0], vocab)
            if not found:
                continue
            facts.money_units.update(m.quantity.unit for m in found if m.is_money)
            facts.breakdowns.extend(text_breakdowns(found, vocab))
            facts.executions.extend(executions(found, block.text, block.span[0], vocab))
            facts.allocations.extend(allocations(block.text, block.span[0], vocab.allocation_verbs))
        elif isinstance(block, Table):
            tables.append(block)
    text_unit = facts.dominant_money_unit if facts.money_units else ""
    for table in tables:
        unit = caption_unit(document.text, table.span[0])
        if not any(start <= table.span[0] < end for start, end in checked):
            facts.breakdowns.extend(table_breakdowns(table, vocab, unit))
            facts.executions.extend(table_executions(table, vocab, unit, text_unit))
            continue
        # A self-evaluation table: its sums and stated rates are the PF4xx rules' to
        # check (each slip once); its amounts still tell over- and low execution.
        for execution in table_executions(table, vocab, unit, text_unit):
            execution.rate = None
            if execution.budgets and execution.executed is not None:
                facts.executions.append(execution)
    return facts
