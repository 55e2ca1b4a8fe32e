"""Breakdowns: a total, its parts and, where stated, each part's share.

Read from the mentions of one block of text. A total is an amount labelled with a
total marker (合计, 总额 …) or followed by a part-intro (其中, 包括 …); the amounts
after it are its parts while they stay in its clause group, or when their label is a
known part of the same partition (基本支出 after 项目支出, even past a semicolon or a
sentence end), or when their share names the total ("占总支出的"). An amount that is
itself followed by 其中 opens a nested breakdown. Parts listed first and closed by
"共计 A" form a breakdown too.

A breakdown is ``complete`` — its parts are all of the total — only when the text says
so: the parts are one of the profile's partitions, the list is closed by a total or
ends with "其他…", or it says 分别为 / 构成. Only then do the parts have to add up to the
total and the shares to 100%; any list must at least not exceed its total.
"""

import re
from dataclasses import dataclass, field

from perflint.facts.mentions import Mention, has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec, PartitionSpec
from perflint.facts.quantities import Quantity
from perflint.text import fold_key

_SHARE_BASE = re.compile(r"占(?P<base>.*?)(?:的|之)?(?:比重|比例|比)?$")
_SHARE_TAIL = re.compile(r"(?:所)?占.*$")


@dataclass(slots=True)
class Part:
    name: str
    amount: Quantity | None
    share: Quantity | None = None
    share_base: str = ""  # what the share is "of" as written ("总支出"); "" means the total


@dataclass(slots=True, eq=False)
class Breakdown:
    total: Quantity | None
    total_name: str
    parts: list[Part] = field(default_factory=list)
    complete: bool = False
    origin: str = "text"  # text | closing | table | shares
    intro: bool = False  # a part-intro (其中) followed the total
    partition: PartitionSpec | None = None


def share_of(mentions: list[Mention], index: int, vocab: NumbersSpec) -> tuple[Quantity | None, str]:
    """The share stated right after the money mention at ``index``, and its base."""
    for follower in mentions[index + 1 :]:
        if follower.is_money or follower.break_before == ".":
            break
        if not follower.is_percent or not has_any(follower.label, vocab.share_markers) or has_any(follower.label, vocab.rate_labels):
            continue
        match = _SHARE_BASE.search(fold_key(follower.label))
        return follower.quantity, (match.group("base") if match else "")
    return None, ""


def _partition_item(name: str, vocab: NumbersSpec) -> tuple[PartitionSpec, int] | None:
    key = fold_key(name)
    best: tuple[PartitionSpec, int] | None = None
    best_length = 0
    for partition in vocab.partitions:
        for index, item in enumerate(partition.keys):
            if item in key and len(item) > best_length:
                best, best_length = (partition, index), len(item)
    return best


def _within(partition: PartitionSpec, total_name: str) -> bool:
    return not partition.within or not total_name or has_any(total_name, partition.within)


def _is_execution_role(mention: Mention, vocab: NumbersSpec) -> bool:
    """A budget or executed amount ("预算数", "执行数"), not a part of anything."""
    match = longest_match(mention.name, vocab.budget_labels + vocab.executed_labels)
    return bool(match) and (len(match) >= 3 or match == fold_key(mention.name))


class _Builder:
    def __init__(self, mentions: list[Mention], vocab: NumbersSpec) -> None:
        self.mentions = mentions
        self.vocab = vocab
        self.found: list[Breakdown] = []
        self.shared: set[int] = set()  # ids of percentages taken as shares

    def part(self, index: int) -> Part:
        mention = self.mentions[index]
        share, base = share_of(self.mentions, index, self.vocab)
        if share is not None:
            self.shared.add(id(share))
        return Part(mention.name, mention.quantity, share, base)

    def admits(self, breakdown: Breakdown, index: int) -> bool:
        mention = self.mentions[index]
        if breakdown.intro and mention.break_before in ("", ","):
            return True
        if not breakdown.parts and mention.intro_before:
            breakdown.intro = True
            return True
        item = _partition_item(mention.name, self.vocab)
        if item is not None and _within(item[0], breakdown.total_name):
            taken = {_partition_item(p.name, self.vocab) for p in breakdown.parts}
            if breakdown.partition in (None, item[0]) and item not in taken:
                return True
        _, base = share_of(self.mentions, index, self.vocab)
        return bool(base) and has_any(base, self.vocab.share_total_bases)

    def open(self, index: int) -> Breakdown:
        mention = self.mentions[index]
        breakdown = Breakdown(mention.quantity, mention.name)
        self.found.append(breakdown)
        return breakdown

    def add(self, breakdown: Breakdown, index: int) -> None:
        part = self.part(index)
        breakdown.parts.append(part)
        item = _partition_item(part.name, self.vocab)
        if item is not None and breakdown.partition is None and _within(item[0], breakdown.total_name):
            breakdown.partition = item[0]

    def build(self) -> list[Breakdown]:
        money = [i for i, m in enumerate(self.mentions) if m.is_money]
        top: Breakdown | None = None
        sub: Breakdown | None = None
        pending: list[int] = []
        vocab = self.vocab
        for position, index in enumerate(money):
            mention = self.mentions[index]
            if mention.break_before == ".":
                pending, sub = [], None
            elif mention.break_before == ";":
                sub = None
            if has_any(mention.name, vocab.delta_markers):
                continue
            total_like = has_any(mention.label, vocab.total_markers)
            following = self.mentions[money[position + 1]] if position + 1 < len(money) else None
            intro_after = following is not None and following.intro_before
            if total_like and len(pending) >= 2:
                closing = self.open(index)
                for pending_index in pending:
                    self.add(closing, pending_index)
                closing.origin, closing.complete = "closing", True
                pending, top, sub = [], None, None
                continue
            if sub is not None and not total_like and self.admits(sub, index):
                self.add(sub, index)
                continue
            if top is not None and not total_like and self.admits(top, index):
                sub = None
                self.add(top, index)
                if intro_after:
                    sub = self.open(index)
                continue
            if total_like or intro_after:
                top, sub, pending = self.open(index), None, []
                continue
            if mention.break_before == ".":
                top = None
            if not _is_execution_role(mention, vocab):
                pending.append(index)
        self._share_only()
        for breakdown in self.found:
            self._decide_complete(breakdown)
        return [b for b in self.found if b.parts]

    def _share_only(self) -> None:
        """Shares stated without amounts ("基本支出占 22.57%，项目支出占 77.43%")."""
        run: list[Part] = []
        for mention in self.mentions + [None]:  # type: ignore[list-item]
            if mention is None or mention.is_money:
                self._close_share_run(run)
                run = []
                continue
            if id(mention.quantity) in self.shared or not has_any(mention.label, self.vocab.share_markers):
                continue
            name = _SHARE_TAIL.sub("", mention.name)
            if _partition_item(name, self.vocab) is not None:
                run.append(Part(name, None, mention.quantity, ""))
        self._close_share_run(run)

    def _close_share_run(self, run: list[Part]) -> None:
        if len(run) < 2:
            return
        items = {_partition_item(p.name, self.vocab) for p in run}
        partitions = {item[0].parts for item in items if item is not None}
        if len(partitions) == 1 and len(items) == len(run) == len(next(iter(items))[0].parts):  # type: ignore[index]
            self.found.append(Breakdown(None, "", list(run), complete=True, origin="shares"))

    def _decide_complete(self, breakdown: Breakdown) -> None:
        if breakdown.complete or len(breakdown.parts) < 2:
            return
        vocab = self.vocab
        partition = breakdown.partition
        if partition is not None and len(breakdown.parts) == len(partition.parts):
            items = {_partition_item(p.name, vocab) for p in breakdown.parts}
            if len(items) == len(partition.parts) and all(item is not None and item[0] is partition for item in items):
                breakdown.complete = True
                return
        if fold_key(breakdown.parts[-1].name).startswith(tuple(fold_key(m) for m in vocab.remainder_markers)):
            breakdown.complete = True
            return
        first = breakdown.parts[0].amount
        if first is not None:
            for mention in self.mentions:
                if mention.quantity is first:
                    if has_any(mention.between + mention.label, vocab.partition_markers):
                        breakdown.complete = True
                    break


def text_breakdowns(mentions: list[Mention], vocab: NumbersSpec) -> list[Breakdown]:
    return _Builder(mentions, vocab).build()
