from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class InternalError(Rule):
    """A rule failed on this report (a bug in perflint, not in the report).

    **What it checks.** Nothing: the engine reports this when a rule raises an
    exception, so that one broken rule costs one finding rather than the whole run.
    The run then exits with status 2, since not every check was done.

    **Why.** A linter must never hide that it could not do its job.
    """

    code = "PF900"
    name = "internal-error"
    severity = Severity.ERROR
    messages = {"default": ("规则 {rule} 在检查时出错：{error}", "rule {rule} failed: {error}")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())  # the engine calls for_failure when a rule raises

    @classmethod
    def for_failure(cls, ctx: Context, culprit: str, exc: Exception) -> Finding:
        """The finding for ``culprit`` (a rule's code, or what else was being read)
        having raised ``exc`` on the report in ``ctx``."""
        return cls().report(ctx, ctx.document_anchor(), rule=culprit, error=f"{type(exc).__name__}: {exc}")
