from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Finding, Severity


@register
class MissingHeaderField(Rule):
    """A header field the template requires is missing or left empty.

    **What it checks.** The lines between the title and the first section hold the
    header fields (``部门名称：…``, ``填报日期：…``); each field the profile marks
    ``required`` must be present, under its name or an alias, and filled in.

    **Why.** Reports are filed and published by department and date; without them a
    report cannot be attributed.
    """

    code = "PF005"
    name = "missing-header-field"
    severity = Severity.ERROR
    needs_profile = True
    messages = {
        "missing": ("缺少表头字段“{field}”", "missing header field “{field}”"),
        "empty": ("表头字段“{field}”未填写", "header field “{field}” is empty"),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.profile is not None
        for spec in ctx.profile.header_fields:
            if not spec.required:
                continue
            found = next((f for f in ctx.document.fields if f.key in spec.keys), None)
            if found is None:
                yield self.report(ctx, ctx.document_anchor(), "missing", field=spec.name)
            elif found.blank:
                yield self.report(ctx, found.name_span, "empty", field=found.name)
