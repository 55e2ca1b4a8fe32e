from collections.abc import Iterator

from perflint.checks.base import Context, Rule, register
from perflint.results import Evidence, Finding, Severity

_RELATION = {"floor": "未达到", "ceiling": "超出", "equal": "不等于"}
_RELATION_EN = {"floor": "falls short of", "ceiling": "exceeds", "equal": "differs from"}


@register
class MissedTargetWithoutReason(Rule):
    """An indicator stated in the text misses its target and no reason is given.

    **What it checks.** A sentence stating an indicator's target with its operator and,
    after it, the actual value in the same unit (``…人次数年初指标值为不低于180人，全年实际
    完成值164人``): a floor (不低于, 不少于, ≥) the actual falls below, a ceiling (不高于,
    不超过, ≤) it exceeds, or an exact target (=) it differs from is a missed target.
    It is reported at the actual value when no reason is given: no word of the
    profile's ``numbers.reason-markers`` (原因, 由于 …) in its sentence, after it in its
    paragraph or section, nor in any sentence of the report naming the indicator. When
    the report also claims that every target was met (``content.indicators.all-met-
    phrases``: 已按照计划完成目标, 全面完成 …), the message says so. Target labels, actual
    labels and operators are the profile's ``content.indicators``; a target without an
    operator (指标值为2023年12月底) is not judged.

    **Why.** Forms ask for the reason of every deviation from a target; a missed target
    passed over in silence — or under a claim that all targets were met — is what a
    reviewer sends back.
    """

    code = "PF213"
    name = "missed-target-without-reason"
    severity = Severity.WARNING
    messages = {
        "default": (
            "实际完成值 {actual} {relation}目标值“{target}”，未说明原因",
            "the actual value {actual} {relation_en} the target “{target}”, and no reason is given",
        ),
        "claimed": (
            "实际完成值 {actual} {relation}目标值“{target}”，未说明原因，而报告称“{claim}”",
            "the actual value {actual} {relation_en} the target “{target}”, with no reason given, while the report says “{claim}”",
        ),
    }

    def check(self, ctx: Context) -> Iterator[Finding]:
        claim = ctx.content_facts.all_met_claim
        for indicator in ctx.content_facts.indicators:
            if indicator.met or indicator.reason_given:
                continue
            yield self.report(
                ctx,
                indicator.actual_span,
                "claimed" if claim else "default",
                actual=indicator.actual_text,
                target=indicator.target_text,
                relation=_RELATION[indicator.kind],
                relation_en=_RELATION_EN[indicator.kind],
                claim=claim[0] if claim else "",
                evidence=Evidence(stated=indicator.actual_text, expected=indicator.target_text),
            )
