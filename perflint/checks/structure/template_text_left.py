from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity


@register
class TemplateTextLeft(Rule):
    """Template text was left in the report: an instruction, a placeholder, an empty slot.

    **What it checks.** The profile's ``content.template-text`` patterns over the whole
    report, headings and header fields included: instructions of the form
    (``（200字以内）``, ``结合自评情况，说明…``, ``请填写``, ``（参考提纲）``),
    placeholders (``20xx年``, ``XX中心``, ``××``, ``X月X日``) and number slots left empty
    (``编制数人``, ``共计人``, ``合计万元``, ``占总支出的%``). Full-width and ASCII forms and
    traditional characters match alike.

    **Why.** All of these are found in published reports; they show the form was not
    finished and they are the first thing a reader sees.
    """

    code = "PF009"
    name = "template-text-left"
    severity = Severity.ERROR
    messages = {
        "instruction": ("模板的填写说明“{text}”未删除", "the template's instruction “{text}” was left in"),
        "placeholder": ("占位符“{text}”未替换为实际内容", "the placeholder “{text}” was not replaced"),
        "empty-slot": ("“{text}”中的数字空缺，模板未填写完整", "a number is missing in “{text}”: the template slot was left empty"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        for leftover in ctx.content_facts.template_leftovers:
            yield self.report(ctx, leftover.span, leftover.kind, text=leftover.text, evidence=Evidence(stated=leftover.text))
