from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.facts.allocations import Allocation
from perflint.facts.display import shown
from perflint.results import Evidence, Finding, Severity
from perflint.text import fold_key


@register
class DocumentAmountMismatch(Rule):
    """One document is cited twice for the same allocation with amounts that disagree.

    **What it checks.** A document cited by its number (``…财〔2023〕41号``, ``【2023】``,
    ``[2023]`` alike) and, in the same sentence after it, an allocation verb (the
    profile's ``numbers.allocation-verbs``: 下达, 拨付, 安排 …) with what is allocated and
    the amount (``下达某县2023年资金5万元``). Two citations of one document to the same
    recipient for the same year disagree when they name the same item with different
    amounts, or when one names an item (``山洪灾害防治设施维养6万元``) worth more than the
    amount the other gives the document as a whole (``资金5万元``: the profile's
    ``numbers.generic-allocation-items``). Reported at the later citation. A document
    allocating several items (one each time), a sentence summing several documents
    (``…等3个文件，共下达…``) and a verb inside the document's title are not compared.

    **Why.** A document allocates one amount; when the report gives it two, one of
    them is mistyped and the funds section does not add up.
    """

    code = "PF109"
    name = "document-amount-mismatch"
    severity = Severity.WARNING
    messages = {
        "same": (
            "同一文件 {document} 前文下达“{item}”{first}，此处为 {second}",
            "the same document {document} allocates {first} for “{item}” earlier and {second} here",
        ),
        "over": (
            "同一文件 {document} 下达的资金为 {whole}，而其中“{item}”一项即为 {part}，超过该文件的总额",
            "the same document {document} allocates {whole} in all, but {part} for “{item}” alone",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        generic = {fold_key(word) for word in ctx.numbers.generic_allocation_items}
        seen: list[Allocation] = []
        for allocation in ctx.facts.allocations:
            for earlier in seen:
                if (earlier.key, earlier.recipient, earlier.year) != (allocation.key, allocation.recipient, allocation.year):
                    continue
                finding = self._compare(ctx, earlier, allocation, generic)
                if finding is not None:
                    yield finding
                    break
            seen.append(allocation)

    def _compare(self, ctx: Context, earlier: Allocation, later: Allocation, generic: set[str]) -> Finding | None:
        first, second = earlier.amount.yuan_interval(), later.amount.yuan_interval()
        # Two writings of one figure may round it differently, but not apart: 5万元 and
        # 6万元 only touch at 5.5万元, which no honest rounding gives both.
        if earlier.item == later.item:
            if first.hi > second.lo and second.hi > first.lo:
                return None
            return self.report(
                ctx,
                later.amount.span,
                "same",
                document=later.document,
                item=later.item,
                first=shown(earlier.amount),
                second=shown(later.amount),
                evidence=Evidence(stated=shown(later.amount), expected=shown(earlier.amount)),
            )
        if (earlier.item in generic) == (later.item in generic):
            return None  # two named items: one document may allocate several
        whole, part = (earlier, later) if earlier.item in generic else (later, earlier)
        if part.amount.yuan_interval().lo < whole.amount.yuan_interval().hi:
            return None
        return self.report(
            ctx,
            later.amount.span,
            "over",
            document=later.document,
            item=part.item,
            whole=shown(whole.amount),
            part=shown(part.amount),
            evidence=Evidence(stated=shown(part.amount), expected=f"≤ {shown(whole.amount)}"),
        )
