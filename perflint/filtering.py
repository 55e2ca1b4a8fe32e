"""The filter stage between the rules and the formats (DESIGN.md: check → filter → format).

For one report: drop findings of rules the config deselected, apply the inline
suppression directives, let the rules about the directives judge them (each rule's
``check_suppressions`` hook: PF902, PF903), then apply the config's severity overrides.
PF900 (a rule crashed) is never filtered: a run that could not check everything must
say so. The baseline, which spans files, is applied afterwards by ``perflint.baseline``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from perflint.checks.base import Context, Rule
from perflint.checks.meta.internal_error import InternalError
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


def filter_findings(ctx: Context, findings: list[Finding], policy: FindingPolicy, rules: Sequence[Rule]) -> list[Finding]:
    """The findings of one report after selection, suppression and severity overrides;
    ``rules`` are the rules of the run, whose suppression hooks run here."""
    kept = [f for f in findings if f.code == InternalError.code or policy.allows(f.code)]
    comments = ctx.document.comments
    if comments or "<!--" in ctx.text:
        kept = _suppress(ctx, kept, policy, rules)
    if policy.severities:
        for finding in kept:
            override = policy.severities.get(finding.code)
            if override is not None:
                finding.severity = override
    return kept


def _suppress(ctx: Context, findings: list[Finding], policy: FindingPolicy, rules: Sequence[Rule]) -> list[Finding]:
    from perflint.suppressions import parse_suppressions  # only reports with comments pay for it

    suppressions = parse_suppressions(ctx.text, ctx.document.comments, rule_index(), policy.enabled)
    # Check every finding against every directive, so each covering directive counts as used.
    kept = [f for f in findings if f.code == InternalError.code or not suppressions.suppresses(f.code, f.span[0])]
    # Findings about the directives come after they were applied, so none can hide them.
    for rule in rules:
        if not policy.allows(rule.code):
            continue
        try:
            kept.extend(list(rule.check_suppressions(ctx, suppressions)))
        except Exception as exc:  # one broken rule must not sink the run
            kept.append(InternalError.for_failure(ctx, rule.code, exc))
    return kept
