from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class ProfileNotDetected(Rule):
    """No report template fits this report, so template checks were skipped.

    **What it checks.** The template is chosen by evidence (``perflint profiles`` says
    how each is recognised): the title names the kind of report (部门整体 / 单位整体 /
    项目支出 / 专项资金…) and whether it is a report or the self-evaluation table alone,
    which picks a national template; a provincial template is chosen instead when the
    report shows enough of what sets that form apart. ``--profile`` or the config's
    ``profile`` overrides this. When the title names no kind, this one finding says so
    and names the templates whose outline the report partly follows, and the rules that
    need a template (mandatory sections, header fields, …) do not run.

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
        "titled-candidates": (
            "未能根据标题“{title}”识别报告模板，已跳过模板相关检查；大纲接近的模板：{candidates}（可用 --profile 指定）",
            "no report template matches the title “{title}”; template checks were skipped; templates the outline is close to: "
            "{candidates} (use --profile)",
        ),
        "untitled": (
            "未找到报告标题，无法识别报告模板，已跳过模板相关检查（可用 --profile 指定）",
            "no title found, so no report template was recognised; template checks were skipped (use --profile)",
        ),
        "untitled-candidates": (
            "未找到报告标题，无法识别报告模板，已跳过模板相关检查；大纲接近的模板：{candidates}（可用 --profile 指定）",
            "no title found, so no report template was recognised; template checks were skipped; templates the outline is "
            "close to: {candidates} (use --profile)",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.profile is not None:
            return
        candidates = ", ".join(ctx.choice.candidates) if ctx.choice is not None else ""
        suffix = "-candidates" if candidates else ""
        title = ctx.document.title
        if title is None:
            yield self.report(ctx, (0, 0), "untitled" + suffix, candidates=candidates)
        else:
            yield self.report(ctx, title.span, "titled" + suffix, title=title.text, candidates=candidates)
