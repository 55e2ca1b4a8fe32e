from collections.abc import Iterator
from typing import TYPE_CHECKING

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity

if TYPE_CHECKING:  # parsed only for reports with comments (perflint.filtering)
    from perflint.suppressions import Suppressions


@register
class MalformedSuppression(Rule):
    """A ``perflint:`` suppression comment that perflint cannot understand.

    **What it checks.** Every HTML comment that starts with ``perflint`` is a
    directive: ``disable-next-line``, ``disable``, ``enable`` or ``disable-file``,
    followed by codes (``PF003``), prefixes (``PF0``) or rule names, and optionally
    ``-- reason``. An unknown action or selector, a ``disable-next-line`` with no line
    after it, and a directive written inside a line of text (directives must stand on
    a line of their own) are reported here. The filter reports this after applying
    suppressions, so a directive cannot hide it.

    **Why.** A directive that does not parse suppresses nothing; without this finding
    the author would believe the warning was dealt with.
    """

    code = "PF902"
    name = "malformed-suppression"
    severity = Severity.WARNING
    messages = {
        "no-action": ("perflint 指令缺少动作（应为 {actions} 之一）", "perflint directive has no action (expected one of {actions})"),
        "unknown-action": (
            "未知的 perflint 指令“{action}”（应为 {actions}）",
            "unknown perflint directive “{action}” (expected {actions})",
        ),
        "unknown-selector": (
            "perflint 指令中的“{selector}”不是已知的规则代码、前缀或名称",
            "“{selector}” in the perflint directive is not a known rule code, prefix or name",
        ),
        "no-line": ("disable-next-line 之后没有可作用的行", "disable-next-line has no line after it to apply to"),
        "inline": (
            "perflint 指令须单独成行，写在行内不起作用",
            "a perflint directive must stand on a line of its own; inside a line it has no effect",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # the directives are judged in check_suppressions

    def check_suppressions(self, ctx: Context, suppressions: "Suppressions") -> Iterator[Finding]:
        for problem in suppressions.problems:
            yield self.report(ctx, problem.span, problem.key, **problem.args)
