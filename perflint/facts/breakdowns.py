"""Breakdowns: a total, its parts and, where stated, each part's share.

Read from the mentions of one block of text. A total is an amount labelled with a
total marker (合计, 总额 …) or followed by a part-intro (其中, 包括 …); the amounts
after it are its parts while they stay in its clause group, or when their label is a
known part of the same partition (基本支出 after 项目支出, even past a semicolon or a
sentence end), or when their share names the total ("占总支出的"). An amount that is
itself followed by 其中 opens a nested breakdown, and so does a part followed by items of
its own partition (基本支出…，人员经费…，公用经费…). Parts listed first and closed by
"共计 A" form a breakdown too.

A part names what it is, before the amount (基本支出 719.75 万元) or after it (30万元用于
审计): a bare amount beside another (a flattened table row's next column) is no part.
A list after 其中 runs while its amounts follow each other in one clause group; past a
semicolon it continues only with a part written like the one before it (绩效自评“优”的
项目…；绩效自评“良”的项目…) and only while the parts do not yet make the total; once an
amount breaks the run, later ones do not rejoin it (其中中央资金…，省级资金…；用于直发
直补资金…、项目扶持资金… is two lists). Once its parts make the total, an amount that
would take them past it ends the list: it is the next figure of the account (调减 40 万元,
全年实际下达 71 万元; 当期发生支出… after 结转… and 当期取得收入… made what came in),
unless it is the rest of a known partition the parts began (基本支出 … then 项目支出). An amount in brackets after a part is a detail
of that part (…218.07万元（其中“三区”人才项目49万元）), not one more part. A closing total
of another flow of money (本年支出合计 after incomes) closes nothing.

A breakdown is ``complete`` — its parts are all of the total — only when the text says
so: the parts are one of the profile's partitions, the list is closed by a total or
ends with "其他…", or it says 分别为 / 构成. Only then do the parts have to add up to the
total and the shares to 100%; any list must at least not exceed its total. One more
case reads as complete: three or more parts after 其中 that fall short of the total by
less than 1% and whose sum differs from it in a single digit (2253 for 2263) — a list
meant to add up with one figure mistyped, most likely; it is marked ``near_miss``, for a
subset leaving out one round amount would look the same.

Parts with their shares but no total (A 100 万元，占 84.06%；B 23.34 万元，占 19.62%) are a
breakdown without a total (origin ``implied``) when each share is of money, not of a
number of things (占项目总数的): each amount ÷ share implies the total, and those totals
must agree.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from perflint.facts.intervals import Interval, interval_sum, percent_ratio, round_to
from perflint.facts.mentions import Mention, has_any, longest_match
from perflint.facts.numbers_vocabulary import NumbersSpec, PartitionSpec
from perflint.facts.quantities import MONEY_UNITS, Quantity
from perflint.patterns import lazy
from perflint.text import fold_key

_SHARE_BASE = lazy(r"占(?P<base>.*?)(?:的|之)?(?:比重|比例|比)?(?:为|是|达到|达|约|到)?$")
_SHARE_TAIL = lazy(r"(?:所)?占.*$")
# Parts written alike share this much of their wording, at the start or at the end.
_PARALLEL_PREFIX = 2
_PARALLEL_SUFFIX = 3
# A list after 其中 short of its total by less than this share is read as meant to add up
# (with the single-digit test of ``_one_digit_apart``).
_NEAR_MISS = Decimal("0.99")
_NEAR_MISS_PARTS = 3
# A list read as complete because its twin adds up names at least this many parts.
_TWIN_PARTS = 3


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
    origin: str = "text"  # text | closing | table | shares | implied
    intro: bool = False  # a part-intro (其中) followed the total
    # Read as complete only because its parts fall short of the total by one digit: a
    # list meant to add up, most likely, but perhaps a subset leaving out one amount.
    near_miss: bool = False
    # Read as complete only because a twin list of the same paragraph — the same parts in
    # the same order — makes its own total exactly: that list's total.
    twin_total: Quantity | None = None
    partition: PartitionSpec | None = None


def shares_after(mentions: list[Mention], index: int, vocab: NumbersSpec) -> list[tuple[Quantity, str]]:
    """The shares stated after the money mention at ``index`` (before the next amount or
    sentence end), each with its base."""
    found = []
    own = mentions[index]
    detail = False  # an amount in brackets after the part: what follows in them is its
    for position in range(index + 1, len(mentions)):  # not a slice: that copies the rest at every amount
        follower = mentions[position]
        if own.in_brackets and not follower.in_brackets:
            break  # past the brackets: the share of the part before them
        if follower.in_brackets and not own.in_brackets:
            # 基本支出…（人员经费…，公用经费…），占…: the detail is passed over; a share
            # alone in the brackets (基本支出…（占比47%）) is the part's own.
            detail = detail or follower.is_money
            if detail:
                continue
        if follower.is_money or follower.break_before == ".":
            break
        if not follower.is_percent or not has_any(follower.label, vocab.share_markers) or has_any(follower.label, vocab.rate_labels):
            continue
        if has_any(follower.label, vocab.respective_markers):
            break  # the shares of the parts before, in order (``respective_shares``)
        match = _SHARE_BASE.search(fold_key(follower.label))
        found.append((follower.quantity, match.group("base") if match else ""))
    return found


def respective_shares(mentions: list[Mention], index: int, vocab: NumbersSpec) -> list[Quantity]:
    """分别占 27.06%、72.94% right after the money mention at ``index``: the shares, in order."""
    found: list[Quantity] = []
    for position in range(index + 1, len(mentions)):
        follower = mentions[position]
        if follower.is_money or follower.break_before in (".", ";"):
            break
        if not follower.is_percent:
            continue
        if not found and not (has_any(follower.label, vocab.share_markers) and has_any(follower.label, vocab.respective_markers)):
            break
        found.append(follower.quantity)
    return found


def share_of(mentions: list[Mention], index: int, vocab: NumbersSpec) -> tuple[Quantity | None, str]:
    """The share stated right after the money mention at ``index``, and its base."""
    found = shares_after(mentions, index, vocab)
    return found[0] if found else (None, "")


def description(mention: Mention) -> str:
    """What an amount is said to be: its label, else the words after it (30万元用于审计)."""
    return mention.name or mention.after


def _parallel(first: str, second: str) -> bool:
    """Two parts written alike: 绩效自评“优”的项目… and 绩效自评“良”的项目…"""
    a, b = fold_key(first), fold_key(second)
    prefix = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    suffix = next((i for i, (x, y) in enumerate(zip(reversed(a), reversed(b))) if x != y), min(len(a), len(b)))
    return prefix >= _PARALLEL_PREFIX or suffix >= _PARALLEL_SUFFIX


def partition_item(name: str, vocab: NumbersSpec) -> tuple[PartitionSpec, int] | None:
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
        self.broken: set[int] = set()  # ids of breakdowns whose run of parts an amount broke
        self.index_of: dict[int, int] = {id(m.quantity): i for i, m in enumerate(mentions)}  # one mention per quantity
        self.sums: dict[int, tuple[int, Interval | None]] = {}  # running sums of parts, by breakdown

    def part(self, index: int) -> Part:
        mention = self.mentions[index]
        share, base = share_of(self.mentions, index, self.vocab)
        if share is not None:
            self.shared.add(id(share))
        return Part(description(mention), mention.quantity, share, base)

    def admits(self, breakdown: Breakdown, index: int) -> bool:
        mention = self.mentions[index]
        name = description(mention)
        if not name:
            return False  # a bare figure: the next column of a flattened row, not a part
        if self.within_a_part(breakdown, name) or mention.ratio_base:
            return False
        if breakdown.parts:
            last = self.mentions[self.index_of[id(breakdown.parts[-1].amount)]]
            if mention.in_brackets != last.in_brackets:
                return False  # a detail in brackets after a part, or the list after them
        elif mention.in_brackets and not mention.intro_before:
            return False
        # Past a total its parts already make, only the rest of a partition they began joins.
        past = self.made_past(breakdown, mention)
        if breakdown.intro and id(breakdown) not in self.broken and not past:
            if mention.break_before in ("", ","):
                return True
            if mention.break_before == ";" and _parallel(breakdown.parts[-1].name, name) and not self.adds_up(breakdown):
                return True
        if not breakdown.parts and mention.intro_before:
            breakdown.intro = True
            return True
        item = partition_item(name, self.vocab)
        if item is not None and _within(item[0], breakdown.total_name):
            taken = {partition_item(p.name, self.vocab) for p in breakdown.parts}
            if (breakdown.partition is item[0] or (breakdown.partition is None and not past)) and item not in taken:
                return True
        _, base = share_of(self.mentions, index, self.vocab)
        return bool(base) and has_any(base, self.vocab.share_total_bases) and not past

    def within_a_part(self, breakdown: Breakdown, name: str) -> bool:
        """Whether ``name`` names a part of one of the breakdown's parts (小微企业 within
        中小企业), not one more part."""
        return any(
            part in name and any(whole in p.name and part not in p.name for p in breakdown.parts) for whole, part in self.vocab.nested_parts
        )

    def adds_up(self, breakdown: Breakdown) -> bool:
        """Whether the parts so far already make the total (within rounding)."""
        summed = self.parts_sum(breakdown)
        return summed is not None and breakdown.total is not None and summed.meets(breakdown.total.yuan_interval())

    def same_flow(self, total: int, parts: list[int]) -> bool:
        """Whether a total may close the parts listed before it: it names no flow of money
        (收入, 支出) that none of them names while they name another."""
        flows = self.vocab.flows

        def named(index: int) -> set[int]:
            return {n for n, words in enumerate(flows) if has_any(self.mentions[index].name, words)}

        of_total = named(total)
        of_parts = set().union(*(named(index) for index in parts))
        return not (of_total and of_parts and not of_total & of_parts)

    def parts_sum(self, breakdown: Breakdown) -> Interval | None:
        """The sum of the parts so far in 元; None when the total or a part is no exact amount."""
        if not _exact_money(breakdown.total):
            return None
        # The parts' running sum, kept up as parts are added: a long list is summed once.
        counted, summed = self.sums.get(id(breakdown), (0, Interval.exact(Decimal(0))))
        for part in breakdown.parts[counted:]:
            amount = part.amount
            summed = summed + amount.yuan_interval() if summed is not None and amount is not None and _exact_money(amount) else None
        self.sums[id(breakdown)] = (len(breakdown.parts), summed)
        return summed

    def made_past(self, breakdown: Breakdown, mention: Mention) -> bool:
        """Whether the parts so far make the total and ``mention`` would take them past it:
        the list is done, and the amount is the next figure of the account (a change, a
        new total, what was spent of what came in), not one more part."""
        total = breakdown.total
        if total is None or not breakdown.parts or not _exact_money(mention.quantity) or not self.adds_up(breakdown):
            return False
        summed = self.parts_sum(breakdown)
        return summed is not None and (summed + mention.quantity.yuan_interval()).lo > total.yuan_interval().hi

    def open(self, index: int) -> Breakdown:
        mention = self.mentions[index]
        breakdown = Breakdown(mention.quantity, mention.name)
        self.found.append(breakdown)
        return breakdown

    def nested_under_last(self, top: Breakdown, index: int) -> Breakdown | None:
        """A breakdown of ``top``'s last part that the amount at ``index`` begins, when it
        is an item of a partition of that part (人员经费 after 基本支出 in 基本支出…，人员经费…，
        公用经费…；项目支出…), not of ``top``'s own partition."""
        if not top.parts or top.partition is None or top.parts[-1].amount is None:
            return None
        item = partition_item(description(self.mentions[index]), self.vocab)
        if item is None or item[0] is top.partition:
            return None
        last = top.parts[-1]
        # The part it nests under is named among its partition's ``within`` words as an
        # item of top's partition (基本支出), not by a generic word (支出).
        parents = [key for key in map(fold_key, item[0].within) if key in top.partition.keys]
        if not any(key in fold_key(last.name) for key in parents):
            return None
        return self.open(self.index_of[id(last.amount)])

    def add(self, breakdown: Breakdown, index: int) -> None:
        part = self.part(index)
        breakdown.parts.append(part)
        item = partition_item(part.name, self.vocab)
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
            closes = total_like and not has_any(mention.label, vocab.cumulative_markers)
            if closes and len(pending) >= 2 and self.same_flow(index, pending):
                closing = self.open(index)
                for pending_index in pending:
                    self.add(closing, pending_index)
                closing.origin, closing.complete = "closing", True
                pending, top, sub = [], None, None
                continue
            if sub is not None and not total_like and self.admits(sub, index):
                self.add(sub, index)
                continue
            nested = None if sub is not None or top is None or total_like else self.nested_under_last(top, index)
            if nested is not None:
                sub = nested
                self.add(sub, index)
                continue
            if top is not None and not total_like and self.admits(top, index):
                sub = None
                self.add(top, index)
                if intro_after:
                    sub = self.open(index)
                continue
            if not mention.in_brackets:
                # The run of parts is broken: an amount that is none of them came between.
                self.broken.update(id(b) for b in (top, sub) if b is not None and b.parts)
            if total_like or intro_after:
                top, sub, pending = self.open(index), None, []
                continue
            if mention.break_before == ".":
                top = None
            if not _is_execution_role(mention, vocab):
                pending.append(index)
        self._respective()
        self._share_only()
        self._implied()
        for breakdown in self.found:
            self._decide_complete(breakdown)
        self._twins()
        return [b for b in self.found if b.parts]

    def _respective(self) -> None:
        """Shares stated together after the last part (分别占 27.06%、72.94%) go to the parts
        in order, when there is one for each part and no part has its own."""
        for breakdown in self.found:
            last = breakdown.parts[-1].amount if breakdown.parts else None
            if last is None or any(part.share is not None for part in breakdown.parts):
                continue
            shares = respective_shares(self.mentions, self.index_of[id(last)], self.vocab)
            if len(shares) == len(breakdown.parts):
                for part, share in zip(breakdown.parts, shares, strict=True):
                    part.share = share
                    self.shared.add(id(share))

    def _implied(self) -> None:
        """Parts with their shares and no total: runs of amounts in one sentence, each
        followed by exactly one share of the same whole, none of them in a breakdown."""
        taken = {id(b.total) for b in self.found} | {id(p.amount) for b in self.found for p in b.parts}
        run: list[Part] = []
        base_key = ""
        for index, mention in enumerate(self.mentions):
            if not mention.is_money:
                continue
            shares = shares_after(self.mentions, index, self.vocab)
            fits = (
                id(mention.quantity) not in taken
                and bool(description(mention))
                and len(shares) == 1
                and (not shares[0][1] or has_any(shares[0][1], self.vocab.share_total_bases))
                and not self._counts(shares[0][1])
            )
            key = fold_key(shares[0][1]) if fits else ""
            if not fits or mention.break_before == "." or (run and key != base_key):
                self._close_implied(run)
                run = []
            if fits:
                share, base = shares[0]
                run.append(Part(description(mention), mention.quantity, share, base))
                base_key = key
        self._close_implied(run)

    def _counts(self, base: str) -> bool:
        """A share of a number of things (占项目总数的), not of money (占预算数的 is money)."""
        vocab = self.vocab
        return base.endswith("数") and not has_any(base, vocab.budget_labels + vocab.executed_labels)

    def _close_implied(self, run: list[Part]) -> None:
        if len(run) >= 2:
            self.found.append(Breakdown(None, "", list(run), origin="implied"))

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
            if partition_item(name, self.vocab) is not None:
                base = _SHARE_BASE.search(fold_key(mention.label))
                run.append(Part(name, None, mention.quantity, base.group("base") if base else ""))
        self._close_share_run(run)

    def _close_share_run(self, run: list[Part]) -> None:
        # Shares of the whole only (占总支出的, 占比): 占年初预算的 80% is of something else.
        if len(run) < 2 or any(p.share_base and not has_any(p.share_base, self.vocab.share_total_bases) for p in run):
            return
        items = {partition_item(p.name, self.vocab) for p in run}
        partitions = {item[0].parts for item in items if item is not None}
        if len(partitions) == 1 and len(items) == len(run) == len(next(iter(items))[0].parts):  # type: ignore[index]
            self.found.append(Breakdown(None, "", list(run), complete=True, origin="shares"))

    def _twins(self) -> None:
        """A list after 其中 whose twin — another list after 其中 in the paragraph naming
        the same three or more parts in the same order (申请… then 完成…) — makes its own
        total exactly is complete too: the twin shows the parts are all of it."""
        lists = [
            b
            for b in self.found
            if b.intro and len(b.parts) >= _TWIN_PARTS and _exact_money(b.total) and all(_exact_money(p.amount) for p in b.parts)
        ]
        names = {id(b): [fold_key(p.name) for p in b.parts] for b in lists}
        adding_up = [b for b in lists if self.adds_up(b)]
        for breakdown in lists:
            summed, total = self.parts_sum(breakdown), breakdown.total
            # Parts over their total are wrong whatever the list is: PF101 says so already.
            if breakdown.complete or summed is None or total is None or summed.hi > total.yuan_interval().lo:
                continue
            twin = next((t for t in adding_up if t is not breakdown and names[id(t)] == names[id(breakdown)]), None)
            if twin is not None:
                breakdown.complete = True
                breakdown.twin_total = twin.total

    def _decide_complete(self, breakdown: Breakdown) -> None:
        if breakdown.complete or len(breakdown.parts) < 2:
            return
        vocab = self.vocab
        partition = breakdown.partition
        if partition is not None and len(breakdown.parts) == len(partition.parts):
            items = {partition_item(p.name, vocab) for p in breakdown.parts}
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
        if breakdown.intro and _near_miss(breakdown):
            breakdown.complete = breakdown.near_miss = True


def _exact_money(quantity: Quantity | None) -> bool:
    return quantity is not None and quantity.is_money and quantity.exact and quantity.value >= 0


def _near_miss(breakdown: Breakdown) -> bool:
    """Three or more parts short of the total by under 1%, their sum one digit off it."""
    total = breakdown.total
    amounts = [p.amount for p in breakdown.parts if p.amount is not None]
    if total is None or not _exact_money(total) or len(amounts) < _NEAR_MISS_PARTS or len(amounts) != len(breakdown.parts):
        return False
    if not all(_exact_money(a) for a in amounts):
        return False
    computed = interval_sum([a.yuan_interval() for a in amounts])
    stated = total.yuan_interval()
    if computed.meets(stated) or computed.hi > stated.lo:
        return False
    ratio = percent_ratio(computed, stated)
    if ratio is None or ratio.lo < 100 * _NEAR_MISS:
        return False
    places = max([a.decimals for a in amounts] + [total.decimals])
    size = MONEY_UNITS[total.unit]
    written = round_to(total.value, places)
    summed = round_to((computed.lo + computed.hi) / 2 / size, places)
    return _one_digit_apart(format(written, "f"), format(summed, "f"))


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def text_breakdowns(mentions: list[Mention], vocab: NumbersSpec) -> list[Breakdown]:
    return _Builder(mentions, vocab).build()
