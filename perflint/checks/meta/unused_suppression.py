from collections.abc import Iterator
from typing import TYPE_CHECKING

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity

if TYPE_CHECKING:  # parsed only for reports with comments (perflint.filtering)
    from perflint.suppressions import Suppressions


@register
class UnusedSuppression(Rule):
    """A suppression comment that suppressed nothing.

    **What it checks.** After the rules run, each ``disable``, ``disable-next-line``
    and ``disable-file`` directive must have hidden at least one finding for each
    code or prefix it names, and each ``enable`` must close an open ``disable``.
    Selectors whose rules are all deselected by the config are not counted. This
    finding is produced after suppression and cannot itself be suppressed (turn it
    off with ``ignore = ["PF903"]``).

    **Why.** A stale directive left behind after the text was corrected would hide
    the next, real problem on that line.
    """

    code = "PF903"
    name = "unused-suppression"
    severity = Severity.INFO
    messages = {
        "unused": ("该 perflint 指令未屏蔽任何问题：{selectors}", "this perflint directive suppressed nothing: {selectors}"),
        "unused-all": ("该 perflint 指令未屏蔽任何问题", "this perflint directive suppressed nothing"),
        "enable": ("enable 指令之前没有对应的 disable", "enable without a matching disable before it"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # the directives are judged in check_suppressions

    def check_suppressions(self, ctx: Context, suppressions: "Suppressions") -> Iterator[Finding]:
        for directive, idle in suppressions.unused():
            if idle:
                yield self.report(ctx, directive.span, "unused", selectors=", ".join(idle))
            else:
                yield self.report(ctx, directive.span, "unused-all")
        for directive in suppressions.unmatched_enables:
            yield self.report(ctx, directive.span, "enable")
