from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class ProfileNotDetected(Rule):
    """No report template fits this report, so template checks were skipped.

    **What it checks.** The profile is chosen from the report's title (each profile in
    ``rules/*.toml`` lists the title patterns of its template) unless ``--profile``
    names one. When none fits, this one finding says so, and the rules that need a
    template (mandatory sections, header fields, …) do not run.

    **Why.** Checking a report against the wrong template would raise a finding for
    every section it does not have.
    """

    code = "PF901"
    name = "profile-not-detected"
    severity = Severity.INFO
    messages = {
        "titled": (
            "未能根据标题“{title}”识别报告模板，已跳过模板相关检查（可用 --profile 指定）",
            "no report template matches the title “{title}”; template checks were skipped (use --profile)",
        ),
        "untitled": (
            "未找到报告标题，无法识别报告模板，已跳过模板相关检查（可用 --profile 指定）",
            "no title found, so no report template was recognised; template checks were skipped (use --profile)",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.profile is not None:
            return
        title = ctx.document.title
        if title is None:
            yield self.report(ctx, (0, 0), "untitled")
        else:
            yield self.report(ctx, title.span, "titled", title=title.text)
