"""Budget execution claims: budget(s), the executed amount and the stated rate.

执行率 = 执行数 ÷ 预算数, but forms differ in which budget they divide by (全年预算数,
调整后预算数, 年初预算数), so a claim keeps every budget it names and a rate passes if
it matches any of them. A claim runs from its first budget to its rate or the end of
its sentence; the next budget after a rate starts the next project's claim. A change
(比年初预算增加 758.97 万元) is no budget. A claim that changes its budget (年中调增 40
万元, 上年结转) keeps only its final budgets (全年预算, 调整后预算): its 年初 budget is
not the one spent against, and with no final budget stated it has none. A total after
the budgets (全年预算数 420 万元，县级配套 80 万元，合计 500 万元) is one more budget. A rate that is a target (执行率目标值为 70%,
≥90%) is not the claim's rate: the percentage after it in its sentence is (实际完成 76%).
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from perflint.document import Document, Span, Table
from perflint.facts.clauses import YEAR, find_words, within
from perflint.facts.mentions import Mention, has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.quantities import Quantity
from perflint.patterns import lazy
from perflint.text import fold_key

_QUOTED = lazy(r"[“\"「《]([^”\"」》]{2,60})[”\"」》]")


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
    budget_changed: bool = False  # an amount of the claim changes its budget (年中调增)
    economy: bool = False  # the claim is about spending kept low on purpose (三公经费)
    income: bool = False  # the claim is about money coming in (事业收入): collection, not spending

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
        if has_any(mention.label, vocab.other_rate_labels):
            return "", ""
        return ("rate", "") if has_any(mention.label, vocab.rate_labels) else ("", "")
    if has_any(mention.name, vocab.delta_markers):
        return "", ""  # 比年初预算增加 758.97 万元: a change, not a budget
    budget = longest_match(mention.name, vocab.budget_labels)
    executed = longest_match(mention.name, vocab.executed_labels)
    change = longest_match(mention.name, vocab.budget_changes)
    if change and len(change) >= len(budget) and not executed:
        return "", ""  # 年中追加预算40万元: a change to the budget (调减至 260 is the budget itself)
    if not budget and not executed:
        return "", ""
    # "预算执行数" is executed, "年初预算支出" is a budget: the longer label word wins.
    if len(executed) > len(budget):
        # A generic "支出" only counts as executed when it is the whole label.
        if len(executed) < 3 and executed != fold_key(mention.name):
            return "", ""
        return "executed", executed
    return "budget", budget


def _is_target(mention: Mention, vocab: NumbersSpec) -> bool:
    return bool(mention.quantity.operator) or has_any(mention.label, vocab.target_markers)


def roles(mentions: list[Mention], vocab: NumbersSpec) -> list[tuple[str, str]]:
    """``classify`` of each mention, with targets told from the rates found: a target
    rate has no role, and the next percentage of its sentence that is no share and no
    target is the rate."""
    found = [classify(mention, vocab) for mention in mentions]
    awaiting = False  # a target rate stands before, in this sentence
    for index, mention in enumerate(mentions):
        if mention.break_before in (".", ";") or mention.is_money:
            awaiting = False
        if not mention.is_percent:
            continue
        role = found[index][0]
        follower = mentions[index + 1] if index + 1 < len(mentions) else None
        bare_after = (
            follower is not None
            and follower.is_percent
            and not follower.break_before
            and not follower.label
            and not follower.quantity.operator
        )
        if role == "rate" and (_is_target(mention, vocab) or bare_after):
            found[index] = ("", "")
            awaiting = True
        elif awaiting and not has_any(mention.label, vocab.share_markers) and not _is_target(mention, vocab):
            found[index] = ("rate", "")
            awaiting = False
    return found


def executions(mentions: list[Mention], text: str, offset: int, vocab: NumbersSpec) -> list[Execution]:
    found: list[Execution] = []
    current: Execution | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.budget_changed:
            current.budgets = [b for b in current.budgets if has_any(b.name, vocab.final_budget_labels)]
        if current is not None and (current.budgets or current.executed is not None or current.rate is not None):
            found.append(current)
        current = None

    for mention, (role, word) in zip(mentions, roles(mentions, vocab), strict=True):
        if mention.break_before == "." and current is not None and (current.rate is not None or current.executed is not None):
            close()
        if not role and mention.is_money and has_any(mention.name, vocab.budget_changes):
            if current is None:
                current = Execution(subject=_subject(text, offset, mention))
            current.budget_changed = True
            continue
        if not role and current is not None and current.budgets and current.executed is None and current.rate is None:
            if mention.is_money and mention.quantity.exact and has_any(mention.label, vocab.total_markers):
                # 全年预算数 420 万元，县级配套 80 万元，合计 500 万元: the sum is a budget too.
                current.budgets.append(Labelled(longest_match(mention.label, vocab.total_markers), mention.quantity))
                continue
        if not role or not mention.quantity.exact and role != "rate" or mention.ratio_base:
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
        if has_any(mention.label, vocab.economy_items):
            current.economy = True
        if has_any(mention.label, vocab.income_words):
            current.income = True
    close()
    return found


def _subject(text: str, offset: int, mention: Mention) -> str:
    """The last quoted name before the claim in its sentence (the project)."""
    before = text[: mention.quantity.span[0] - offset]
    sentence_start = max(before.rfind(ch) for ch in "。！？!?") + 1
    quoted = _QUOTED.findall(before[sentence_start:])
    return quoted[-1] if quoted else ""


_SENTENCE_ENDS = "。！？!?；;"
_MONTH = lazy(r"(\d{1,2})\s*月")


def of_another_period(text: str, span: Span, fiscal_year: int | None, vocab: NumbersSpec) -> bool:
    """Whether the rate at ``span`` is stated for another period than the report's year:
    an interim date before December in its sentence, or last year in its clause."""
    sentence = text[max(text.rfind(ch, 0, span[0]) for ch in _SENTENCE_ENDS) + 1 : span[0]]
    clause = sentence[max(sentence.rfind(ch) for ch in "，,、") + 1 :]
    if has_any(sentence, vocab.investment_words):
        return True  # 总投资…已完成投资600万元，完成率75%: an investment's progress
    for marker in vocab.interim_markers:
        at = sentence.find(marker)
        if at >= 0:
            month = _MONTH.search(sentence, at)
            if month is None or int(month.group(1)) < 12:
                return True
    if has_any(clause, vocab.previous_year_markers):
        return True
    # 上年度该项目自评得分85分，执行率88%: the sentence is about last year (较上年… compares).
    if any(sentence[max(0, at - 1) : at] not in ("较", "比", "与") for _, at in find_words(sentence, vocab.previous_year_markers)):
        if not has_any(sentence, vocab.current_year_words):
            return True
    return fiscal_year is not None and any(int(year) < fiscal_year for year in YEAR.findall(clause))


_SENTENCE_SPLIT = lazy(r"[。！？!?；;\n]")
_CJK = lazy(r"[\u3400-\u9fff]")
# A sentence this short that says the rate is low (（1）执行率低。) heads its explanation.
_LOW_HEADING_MAX = 8
# 执行率低，主要是用地手续未办结: the low rate and what it comes from.
_EXPLAINED_LOW = lazy(r"[，,]\s*主要(?:是|系|由于)")
# A sentence that opens with one of these is a reason, whatever it is about.
_REASON_OPENINGS = ("原因是", "原因为", "主要原因是", "主要原因为", "究其原因")
# A reason takes words: fewer Chinese characters than this after a label (无, 暂无) is none.
_REASON_MIN_CHARS = 4


class Reasons:
    """Where a report states why its money was not spent (PF106): a reason for an execution
    figure is looked for in its sentence (or table row), then after it in its paragraph
    and the rest of its section, sub-sections included; then where the report states the
    same figure again, and in any sentence on why the execution rate is low."""

    def __init__(self, document: Document, vocab: NumbersSpec) -> None:
        self.text = document.text
        self.vocab = vocab
        self.blocks = list(document.blocks())  # in document order
        self.starts = [block.span[0] for _, block in self.blocks]

    def given(self, span: Span, since: int = 0, until: int | None = None) -> bool:
        """Whether a reason for the figure at ``span`` is stated after ``since`` (where the
        claim before it ends) and before ``until`` (where the next claim starts: a reason
        after that is the next claim's); or where the report states the same figure
        again, or in a sentence on why the execution rate is low (the problems section:
        执行率低的原因是…)."""
        return self.given_here(span, since, until) or self.restated_with_reason(span) or self.low_rate_explained

    def given_here(self, span: Span, since: int = 0, until: int | None = None) -> bool:
        """A reason in the figure's sentence (or table row), then after it in its
        paragraph and the rest of its section."""
        index = bisect_right(self.starts, span[0]) - 1
        if index < 0:
            return False
        section, block = self.blocks[index]
        if not block.span[0] <= span[0] < block.span[1]:
            return False
        text = self.text
        limit = len(text) if until is None else until
        floor = max(block.span[0], since)
        ends = _SENTENCE_ENDS + ("\n" if isinstance(block, Table) else "")
        start = max([floor] + [text.rfind(ch, floor, span[0]) + 1 for ch in ends])
        pieces = [text[start : min(block.span[1], limit)]]
        for following, later in self.blocks[index + 1 :]:
            if later.span[0] >= limit or (following is not section and not (section is not None and within(following, section))):
                break
            pieces.append(text[later.span[0] : min(later.span[1], limit)])
        return any(_gives_reason(sentence, self.vocab) for sentence in _SENTENCE_SPLIT.split("".join(pieces)))

    def restated_with_reason(self, span: Span) -> bool:
        """Whether the report states the same figure elsewhere with its reason after it
        (the problems section: 县级配套资金执行率为88.28%，主要原因是…; the text's rate
        and its reason beside the table's row)."""
        figure = self.text[span[0] : span[1]]
        at = self.text.find(figure)
        while at >= 0:
            if at != span[0] and self.given_here((at, at + len(figure)), at):
                return True
            at = self.text.find(figure, at + 1)
        return False

    @cached_property
    def low_rate_explained(self) -> bool:
        """Whether a sentence says why the execution rate is low (执行率低的原因是…,
        预算执行率未达90%，主要原因是…)."""
        vocab = self.vocab
        sentences = _SENTENCE_SPLIT.split(self.text)
        subjects = vocab.reason_subjects
        for sentence, following in zip(sentences, [*sentences[1:], ""]):
            if not has_any(sentence, vocab.rate_labels) or not has_any(sentence, vocab.shortfall_words):
                continue
            if has_any(sentence, vocab.interim_markers):
                continue  # 上半年支出进度偏慢 is not the year's rate
            if _gives_reason(sentence, vocab) or _EXPLAINED_LOW.search(sentence) is not None:
                return True
            # （1）执行率低。第5个基地用地手续未办结，…未支出。: the next sentence says why.
            if len(_CJK.findall(sentence)) <= _LOW_HEADING_MAX and has_any(following, subjects):
                return True
        return False


def _gives_reason(sentence: str, vocab: NumbersSpec) -> bool:
    """A sentence with a reason word that says something about the money: "发现的问题及
    原因：无" is a form's label with nothing after it, not a reason."""
    if sentence.lstrip(" \t\u3000").startswith(_REASON_OPENINGS):
        return len(_CJK.findall(sentence)) >= _REASON_MIN_CHARS + 2  # 原因是选址调整: a sentence that is the reason
    if not has_any(sentence, vocab.reason_markers):
        return False
    label, colon, said = sentence.partition("：") if "：" in sentence else sentence.partition(":")
    content = said if colon and has_any(label, vocab.reason_markers) else sentence
    subjects = vocab.reason_subjects + vocab.budget_labels + vocab.executed_labels + vocab.rate_labels
    return len(_CJK.findall(content)) >= _REASON_MIN_CHARS and has_any(content, subjects)
