"""The pipeline for one report: parse, choose the profile, run the rules, place findings."""

from collections.abc import Mapping
from typing import Any

from perflint.checks.base import Context, Rule
from perflint.checks.meta.internal_error import InternalError
from perflint.detection import choose, forced
from perflint.document import Document, Section
from perflint.facts.summary import add_table_statements, file_facts
from perflint.filtering import FindingPolicy, filter_findings
from perflint.parse import parse
from perflint.profiles import ProfileSet
from perflint.results import FileFacts, FileResult, Finding
from perflint.selfeval.facts import tables_facts
from perflint.sources import Source


class Linter:
    """Lints sources with a fixed set of rules, profiles and config (one per config file)."""

    def __init__(
        self,
        profiles: ProfileSet,
        rules: list[Rule],
        *,
        profile_id: str | None = None,
        profile_origin: str = "--profile",
        lang: str = "zh",
        rule_options: Mapping[str, Mapping[str, Any]] | None = None,
        policy: FindingPolicy | None = None,
        fail_on: str = "error",
    ) -> None:
        self.profiles = profiles
        self.fail_on = fail_on  # what the file facts say fails a report (the config's fail-on)
        self.policy = policy or FindingPolicy()
        self.rules = [rule for rule in rules if self.policy.allows(rule.code)]
        self.forced_profile = profiles.get(profile_id) if profile_id else None
        self.profile_origin = profile_origin  # where a forced template was named, for the reason
        self.lang = lang
        # Rule code → option → value, laid over each report's template (perflint.options);
        # the config validates them when it is read (perflint.config.Settings.rule_options).
        self.rule_options = rule_options or {}

    def lint(self, source: Source) -> FileResult:
        document = parse(source.text)
        choice = forced(self.forced_profile, self.profile_origin) if self.forced_profile else choose(document, self.profiles)
        profile = choice.profile
        ctx = Context(source, document, profile, lang=self.lang, choice=choice, rule_options=self.rule_options)
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.needs_profile and profile is None:
                continue
            try:
                findings.extend(rule.check(ctx))
            except Exception as exc:  # one broken rule must not sink the run
                findings.append(InternalError.for_failure(ctx, rule.code, exc))
        try:
            facts = file_facts(
                document, ctx.content_facts, ctx.facts, ctx.numbers, kind=profile.kind if profile else None, fail_on=self.fail_on
            )
            facts.tables = tables_facts(ctx.tables, source)
            add_table_statements(facts, ctx.tables, ctx.content_facts, ctx.content.conclusion)
        except Exception as exc:  # a fact that cannot be read must not sink the run either
            facts = FileFacts(fail_on=self.fail_on)
            findings.append(InternalError.for_failure(ctx, "file facts", exc))
        length = len(source.text)
        for finding in findings:
            start, end = finding.span
            start = max(0, min(start, length))
            finding.span = (start, max(start, min(end, length)))
        findings = filter_findings(ctx, findings, self.policy, self.rules)
        for finding in findings:
            finding.section = section_path(document, finding.span[0])
        findings.sort(key=Finding.sort_key)
        return FileResult(
            source.path,
            source,
            profile.id if profile else None,
            findings=findings,
            facts=facts,
            profile_reason=choice.reason_in(self.lang),
            profile_candidates=list(choice.candidates),
        )


def section_path(document: Document, offset: int) -> list[str]:
    """Labels of the headings enclosing ``offset``, outermost first."""
    path: list[str] = []
    level: list[Section] = document.sections
    while True:
        inside = next((s for s in level if s.span[0] <= offset < max(s.span[1], s.span[0] + 1)), None)
        if inside is None:
            return path
        path.append(inside.heading.label)
        level = inside.children
