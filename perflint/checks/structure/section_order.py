from bisect import bisect_left
from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.outline import OutlineNode
from perflint.results import Finding, Severity


def _in_order(positions: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of ``positions``."""
    tails: list[int] = []  # index of the smallest tail of each length
    previous: list[int] = [-1] * len(positions)
    tail_values: list[int] = []
    for i, value in enumerate(positions):
        k = bisect_left(tail_values, value)
        if k == len(tail_values):
            tail_values.append(value)
            tails.append(i)
        else:
            tail_values[k] = value
            tails[k] = i
        previous[i] = tails[k - 1] if k else -1
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i != -1:
        keep.add(i)
        i = previous[i]
    return keep


@register
class SectionOrder(Rule):
    """Sections appear in a different order from the template, or under the wrong parent.

    **What it checks.** Among the sections of one level that are present, their order
    in the report must follow the profile's outline; a section found elsewhere than
    under its expected parent (e.g. 自评结论 placed inside 部门基本情况) is reported as
    misplaced. The smallest set of sections that breaks the order is reported.

    **Why.** Reviewers read reports against the template; a part out of its place is
    easy to miss, and often signals a copy-and-paste slip.
    """

    code = "PF002"
    name = "section-order"
    severity = Severity.WARNING
    needs_profile = True
    messages = {
        "before": (
            "章节“{title}”的位置与模板顺序不符，应在“{other}”之前",
            "section “{title}” is out of the template's order: it belongs before “{other}”",
        ),
        "after": (
            "章节“{title}”的位置与模板顺序不符，应在“{other}”之后",
            "section “{title}” is out of the template's order: it belongs after “{other}”",
        ),
        "misplaced": ("章节“{title}”应位于“{parent}”之下", "section “{title}” belongs under “{parent}”"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.outline is not None and ctx.profile is not None
        if ctx.profile.outline_anywhere:
            return  # the template fixes no order
        yield from self._level(ctx, ctx.outline.roots)
        for node in ctx.outline.walk():
            if node.children:
                yield from self._level(ctx, node.children)

    def _level(self, ctx: Context, nodes: list[OutlineNode]) -> Iterator[Finding]:
        present = [n for n in nodes if n.section is not None]
        for node in present:
            if node.misplaced and node.parent is not None and node.parent.section is not None:
                assert node.section is not None
                yield self.report(
                    ctx, node.section.heading.span, "misplaced", title=node.section.heading.label, parent=node.parent.section.heading.label
                )
        placed = [n for n in present if not n.misplaced]
        keep = _in_order([n.section.heading.span[0] for n in placed])  # type: ignore[union-attr]
        for index, node in enumerate(placed):
            if index in keep:
                continue
            assert node.section is not None
            label = node.section.heading.label
            # Name the neighbour the reader should move it past: the first section the
            # template puts after this one, or else the last it puts before.
            later = [placed[j] for j in range(index + 1, len(placed)) if j in keep]
            earlier = [placed[j] for j in range(index) if j in keep]
            if later:
                yield self.report(ctx, node.section.heading.span, "before", title=label, other=later[0].section.heading.label)  # type: ignore[union-attr]
            elif earlier:
                yield self.report(ctx, node.section.heading.span, "after", title=label, other=earlier[-1].section.heading.label)  # type: ignore[union-attr]
