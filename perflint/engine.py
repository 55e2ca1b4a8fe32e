"""The pipeline for one report: parse, choose the profile, run the rules, place findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from perflint.checks.base import Context, Rule
from perflint.checks.meta.internal_error import InternalError
from perflint.document import Document, Section
from perflint.facts.content import FileFacts
from perflint.findings import Finding
from perflint.parse import parse
from perflint.positions import LineIndex
from perflint.profiles import ProfileSet
from perflint.sources import Source


@dataclass(eq=False)
class FileResult:
    """The outcome for one path: findings, or the reason it could not be linted."""

    path: str
    source: Source | None = None
    profile: str | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    facts: FileFacts | None = None  # file-level facts (rectification status); None if not linted

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.source.text if self.source else "")

    @property
    def had_internal_error(self) -> bool:
        return any(f.code == InternalError.code for f in self.findings)


class Linter:
    """Lints sources with a fixed set of rules and profiles."""

    def __init__(self, profiles: ProfileSet, rules: list[Rule], *, profile_id: str | None = None, lang: str = "zh") -> None:
        self.profiles = profiles
        self.rules = rules
        self.forced_profile = profiles.get(profile_id) if profile_id else None
        self.lang = lang

    def lint(self, source: Source) -> FileResult:
        document = parse(source.text)
        profile = self.forced_profile or self.profiles.detect(document.title.text if document.title else None)
        ctx = Context(source, document, profile, lang=self.lang, profile_forced=self.forced_profile is not None)
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.needs_profile and profile is None:
                continue
            try:
                findings.extend(rule.check(ctx))
            except Exception as exc:  # one broken rule must not sink the run
                findings.append(InternalError().report(ctx, ctx.document_anchor(), rule=rule.code, error=f"{type(exc).__name__}: {exc}"))
        try:
            facts = FileFacts(rectification=ctx.content_facts.rectification_status)
        except Exception as exc:  # a fact that cannot be read must not sink the run either
            facts = FileFacts()
            findings.append(InternalError().report(ctx, ctx.document_anchor(), rule="file facts", error=f"{type(exc).__name__}: {exc}"))
        length = len(source.text)
        for finding in findings:
            start, end = finding.span
            start = max(0, min(start, length))
            finding.span = (start, max(start, min(end, length)))
            finding.section = section_path(document, start)
        findings.sort(key=Finding.sort_key)
        return FileResult(source.path, source, profile.id if profile else None, findings=findings, facts=facts)


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
