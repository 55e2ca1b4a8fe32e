"""Budget execution claims: budget(s), the executed amount and the stated rate.

执行率 = 执行数 ÷ 预算数, but forms differ in which budget they divide by (全年预算数,
调整后预算数, 年初预算数), so a claim keeps every budget it names and a rate passes if
it matches any of them. A claim runs from its first budget to its rate or the end of
its sentence; the next budget after a rate starts the next project's claim.
"""

import re
from dataclasses import dataclass, field

from perflint.document import Span
from perflint.facts.mentions import Mention, has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import Quantity
from perflint.text import fold_key

_QUOTED = re.compile(r"[“\"「《]([^”\"」》]{2,60})[”\"」》]")


@dataclass(slots=True)
class Labelled:
    name: str
    amount: Quantity


@dataclass(slots=True, eq=False)
class Execution:
    budgets: list[Labelled] = field(default_factory=list)
    executed: Labelled | None = None
    rate: Quantity | None = None
    subject: str = ""  # the project named in quotes before the claim, if any

    @property
    def span(self) -> Span:
        quantities = (
            [b.amount for b in self.budgets] + ([self.executed.amount] if self.executed else []) + ([self.rate] if self.rate else [])
        )
        return (min(q.span[0] for q in quantities), max(q.span[1] for q in quantities))


def classify(mention: Mention, vocab: NumbersSpec) -> tuple[str, str]:
    """The role of a mention in an execution claim — "budget", "executed", "rate" or
    "" — and the vocabulary word that gave it (the label shown in messages)."""
    if mention.is_percent:
        return ("rate", "") if has_any(mention.label, vocab.rate_labels) else ("", "")
    budget = longest_match(mention.name, vocab.budget_labels)
    executed = longest_match(mention.name, vocab.executed_labels)
    if not budget and not executed:
        return "", ""
    # "预算执行数" is executed, "年初预算支出" is a budget: the longer label word wins.
    if len(executed) > len(budget):
        # A generic "支出" only counts as executed when it is the whole label.
        if len(executed) < 3 and executed != fold_key(mention.name):
            return "", ""
        return "executed", executed
    return "budget", budget


def executions(mentions: list[Mention], text: str, offset: int, vocab: NumbersSpec) -> list[Execution]:
    found: list[Execution] = []
    current: Execution | None = None

    def close() -> None:
        nonlocal current
        if current is not None and (current.budgets or current.executed is not None or current.rate is not None):
            found.append(current)
        current = None

    for mention in mentions:
        if mention.break_before == "." and current is not None and (current.rate is not None or current.executed is not None):
            close()
        role, word = classify(mention, vocab)
        if not role or not mention.quantity.exact and role != "rate":
            continue
        if role == "budget":
            if current is not None and (current.executed is not None or current.rate is not None):
                close()
            if current is None:
                current = Execution(subject=_subject(text, offset, mention))
            current.budgets.append(Labelled(word, mention.quantity))
        elif role == "executed":
            if current is not None and (current.executed is not None or current.rate is not None):
                close()
            if current is None:
                current = Execution(subject=_subject(text, offset, mention))
            current.executed = Labelled(word, mention.quantity)
        else:
            if current is None:
                current = Execution(subject=_subject(text, offset, mention))
            elif current.rate is not None:
                close()
                current = Execution()
            current.rate = mention.quantity
    close()
    return found


def _subject(text: str, offset: int, mention: Mention) -> str:
    """The last quoted name before the claim in its sentence (the project)."""
    before = text[: mention.quantity.span[0] - offset]
    sentence_start = max(before.rfind(ch) for ch in "。！？!?") + 1
    quoted = _QUOTED.findall(before[sentence_start:])
    return quoted[-1] if quoted else ""
