"""The filter stage between the rules and the formats (DESIGN.md: check → filter → format).

For one report: drop findings of rules the config deselected, apply the inline
suppression directives, report malformed and unused directives (PF902, PF903), then
apply the config's severity overrides. PF900 (a rule crashed) is never filtered: a
run that could not check everything must say so. The baseline, which spans files,
is applied afterwards by ``perflint.baseline``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from perflint.checks.base import Context
from perflint.checks.meta.internal_error import InternalError
from perflint.checks.meta.malformed_suppression import MalformedSuppression
from perflint.checks.meta.unused_suppression import UnusedSuppression
from perflint.config import rule_index
from perflint.results import Finding, Severity


@dataclass()
class FindingPolicy:
    """What the config says about findings: the enabled codes (None: all) and
    severity overrides by code."""

    enabled: frozenset[str] | None = None
    severities: Mapping[str, Severity] = field(default_factory=dict)

    def allows(self, code: str) -> bool:
        return self.enabled is None or code in self.enabled


_UNSUPPRESSIBLE = frozenset({InternalError.code, MalformedSuppression.code, UnusedSuppression.code})


def filter_findings(ctx: Context, findings: list[Finding], policy: FindingPolicy) -> list[Finding]:
    """The findings of one report after selection, suppression and severity overrides."""
    kept = [f for f in findings if f.code == InternalError.code or policy.allows(f.code)]
    comments = ctx.document.comments
    if comments or "<!--" in ctx.text:
        kept = _suppress(ctx, kept, policy)
    if policy.severities:
        for finding in kept:
            override = policy.severities.get(finding.code)
            if override is not None:
                finding.severity = override
    return kept


def _suppress(ctx: Context, findings: list[Finding], policy: FindingPolicy) -> list[Finding]:
    from perflint.suppressions import parse_suppressions  # only reports with comments pay for it

    suppressions = parse_suppressions(ctx.text, ctx.document.comments, rule_index())
    # Check every finding against every directive, so each covering directive counts as used.
    kept = [f for f in findings if f.code in _UNSUPPRESSIBLE or not suppressions.suppresses(f.code, f.span[0])]
    if policy.allows(MalformedSuppression.code):
        rule = MalformedSuppression()
        kept += [rule.report(ctx, problem.span, problem.key, **problem.args) for problem in suppressions.problems]
    if policy.allows(UnusedSuppression.code):
        rule = UnusedSuppression()
        for directive, idle in suppressions.unused(policy.enabled):
            if idle:
                kept.append(rule.report(ctx, directive.span, "unused", selectors=", ".join(idle)))
            else:
                kept.append(rule.report(ctx, directive.span, "unused-all"))
        kept += [rule.report(ctx, directive.span, "enable") for directive in suppressions.unmatched_enables]
    return kept
