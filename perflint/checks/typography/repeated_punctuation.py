import re
from collections.abc import Iterator
from dataclasses import dataclass

from perflint.checks.base import Context, Rule, register
from perflint.results import Edit, Finding, Fix, Severity
from perflint.validation import KEBAB_CASE


@register
class RepeatedPunctuation(Rule):
    """The same punctuation mark twice in a row.

    **What it checks.** A mark of the profile's ``repeated-punctuation`` (``，`` ``。``
    ``、`` ``；`` ``：`` ``？`` ``！``) written twice or more in a row in prose. The ellipsis
    ``……`` and the dash ``——`` are single marks of two characters and are not listed.
    The safe fix keeps one.

    **Why.** A doubled mark is a typing slip (often left where a phrase was deleted);
    official documents never double punctuation for emphasis.
    """

    code = "PF305"
    name = "repeated-punctuation"
    severity = Severity.INFO
    messages = {
        "default": ("标点“{mark}”重复", "punctuation “{mark}” repeated"),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        repeated_punctuation: str
        """Marks that are never doubled (``……`` and ``——`` are single marks, not listed)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        marks = self.options(ctx).repeated_punctuation
        if not marks:
            return
        for match in re.compile(f"([{re.escape(marks)}])\\1+").finditer(ctx.prose.text):
            fix = Fix(
                "safe",
                [Edit((match.start() + 1, match.end()), "")],
                ctx.said(f"只保留一个“{match.group(1)}”", f"keep one “{match.group(1)}”"),
            )
            yield self.report(ctx, match.span(), mark=match.group(), fix=fix)
