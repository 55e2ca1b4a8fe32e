"""Report templates as data: ``rules/*.toml`` validated into ``Profile`` models.

A profile says how to recognise its template (title patterns), which header fields
it requires and the outline of its sections. Sections are matched by title and
aliases after folding (see ``perflint.text.fold_key``), never by their numbers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from perflint.resources import resource_dir
from perflint.text import fold_key


# Shared defaults under every profile (not a profile itself).
DEFAULTS_FILE = "_defaults.toml"


class ProfileError(Exception):
    """A profile file that cannot be used, or a profile name that does not exist."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class HeaderFieldSpec(_Model):
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(fold_key(label) for label in (self.name, *self.aliases))


class SectionSpec(_Model):
    id: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    children: tuple[SectionSpec, ...] = ()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Folded title and aliases, longest first so the most specific wins."""
        return tuple(sorted({fold_key(label) for label in (self.title, *self.aliases)}, key=len, reverse=True))

    def walk(self) -> Iterable[SectionSpec]:
        yield self
        for child in self.children:
            yield from child.walk()


class PartitionSpec(_Model):
    parts: tuple[str, ...] = Field(min_length=2)
    # Words one of which the total's label must contain for these parts to be all of
    # it (基本支出 and 项目支出 make up an expenditure or a budget, not an income).
    within: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(fold_key(part) for part in self.parts)


class NumbersSpec(_Model):
    """Vocabulary and thresholds of the number checks (PF1xx)."""

    low_execution_rate: Decimal = Field(alias="low-execution-rate", ge=0, le=100)
    total_markers: tuple[str, ...] = Field(alias="total-markers")
    part_intro_markers: tuple[str, ...] = Field(alias="part-intro-markers")
    partition_markers: tuple[str, ...] = Field(alias="partition-markers")
    remainder_markers: tuple[str, ...] = Field(alias="remainder-markers")
    delta_markers: tuple[str, ...] = Field(alias="delta-markers")
    share_markers: tuple[str, ...] = Field(alias="share-markers")
    share_total_bases: tuple[str, ...] = Field(alias="share-total-bases")
    budget_labels: tuple[str, ...] = Field(alias="budget-labels")
    executed_labels: tuple[str, ...] = Field(alias="executed-labels")
    rate_labels: tuple[str, ...] = Field(alias="rate-labels")
    partitions: tuple[PartitionSpec, ...] = ()


class TypographySpec(_Model):
    """Options of the typography checks (PF3xx): what counts as a slip, what to fix to."""

    # PF301: heading-number brackets in a document that mixes widths are fixed to
    # full width (GB/T 15834), or to whichever width most headings use.
    bracket_target: Literal["fullwidth", "majority"] = Field(alias="bracket-target")
    # PF302: Latin words accepted in Chinese prose (compared ignoring case), and which
    # words can be slips at all: "lowercase" ones only (acronyms and capitalised names
    # pass) or "all" (then only the allow-list passes).
    latin_allow: tuple[str, ...] = Field(alias="latin-allow")
    latin_words: Literal["lowercase", "all"] = Field(alias="latin-words")
    latin_min_length: int = Field(alias="latin-min-length", ge=1)
    # PF303: paragraph ends that cannot close a paragraph, ends that close a list item
    # (a break after them is reported only outside lists), and how long a line without
    # closing punctuation may be and still be a title rather than a broken sentence.
    break_marks: str = Field(alias="break-marks")
    item_break_marks: str = Field(alias="item-break-marks")
    unpunctuated_breaks: bool = Field(alias="unpunctuated-breaks")
    title_max_length: int = Field(alias="title-max-length", ge=0)
    label_max_length: int = Field(alias="label-max-length", ge=0)
    # PF304: ASCII punctuation that is a slip between Chinese characters.
    halfwidth_punctuation: str = Field(alias="halfwidth-punctuation")
    # PF305: punctuation that is never doubled.
    repeated_punctuation: str = Field(alias="repeated-punctuation")
    # PF306: spacing between a number and its Chinese unit: the document's majority,
    # always closed up, always spaced, or not checked.
    number_unit_spacing: Literal["majority", "closed", "spaced", "off"] = Field(alias="number-unit-spacing")
    spacing_units: tuple[str, ...] = Field(alias="spacing-units")

    @cached_property
    def latin_allow_keys(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.latin_allow)

    @cached_property
    def units_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.spacing_units), key=len, reverse=True))
class GradeSpec(_Model):
    grade: str = Field(min_length=1, description="the canonical grade, e.g. 优")
    words: tuple[str, ...] = Field(min_length=1, description="words that state it, e.g. 优秀, 优")
    min_score: Decimal = Field(alias="min-score", description="lowest score of its band (inclusive)")


class ConclusionSpec(_Model):
    """Grades, bands and the words around a stated grade or score (PF201–PF205)."""

    score_min: Decimal = Field(alias="score-min")
    score_max: Decimal = Field(alias="score-max")
    grades: tuple[GradeSpec, ...] = Field(min_length=1)
    score_labels: tuple[str, ...] = Field(alias="score-labels")
    grade_nouns: tuple[str, ...] = Field(alias="grade-nouns")
    verdict_labels: tuple[str, ...] = Field(alias="verdict-labels")
    connectors: tuple[str, ...]
    grade_suffixes: tuple[str, ...] = Field(alias="grade-suffixes")
    not_grades: tuple[str, ...] = Field(alias="not-grades")
    previous_year_markers: tuple[str, ...] = Field(alias="previous-year-markers")
    self_evaluation_markers: tuple[str, ...] = Field(alias="self-evaluation-markers")
    other_subject_markers: tuple[str, ...] = Field(alias="other-subject-markers")
    component_markers: tuple[str, ...] = Field(alias="component-markers")

    @model_validator(mode="after")
    def _bands(self) -> ConclusionSpec:
        if self.score_min >= self.score_max:
            raise ValueError("score-min must be below score-max")
        floors = [g.min_score for g in self.grades]
        if len(set(floors)) != len(floors) or not all(self.score_min <= f <= self.score_max for f in floors):
            raise ValueError("grade min-scores must be distinct and within score-min..score-max")
        if min(floors) != self.score_min:
            raise ValueError("the lowest grade must start at score-min (every score needs a grade)")
        return self

    @cached_property
    def by_floor(self) -> tuple[GradeSpec, ...]:
        """Grades from the highest band down."""
        return tuple(sorted(self.grades, key=lambda g: g.min_score, reverse=True))

    def grade_for(self, score: Decimal) -> GradeSpec | None:
        """The grade whose half-open band holds ``score``; None outside the scale."""
        if not self.score_min <= score <= self.score_max:
            return None
        return next(g for g in self.by_floor if score >= g.min_score)

    def band(self, grade: GradeSpec) -> tuple[Decimal, Decimal, bool]:
        """(low, high, high_inclusive) of a grade's band."""
        higher = [g.min_score for g in self.grades if g.min_score > grade.min_score]
        return (grade.min_score, min(higher), False) if higher else (grade.min_score, self.score_max, True)

    @cached_property
    def grade_words(self) -> dict[str, GradeSpec]:
        """Folded grade word → its grade."""
        return {fold_key(word): grade for grade in self.grades for word in grade.words}

    @cached_property
    def all_grade_words(self) -> tuple[str, ...]:
        return tuple(word for grade in self.grades for word in grade.words)


class DatesSpec(_Model):
    """Filing date and the year spending statements are attributed to (PF006–PF008)."""

    filing_date_labels: tuple[str, ...] = Field(alias="filing-date-labels")
    spending_words: tuple[str, ...] = Field(alias="spending-words")
    attribution_markers: tuple[str, ...] = Field(alias="attribution-markers")
    document_words: tuple[str, ...] = Field(alias="document-words")
    comparison_markers: tuple[str, ...] = Field(alias="comparison-markers")
    future_markers: tuple[str, ...] = Field(alias="future-markers")


class ProblemsSpec(_Model):
    """Labels of stated problems and of the measures that must answer them (PF206)."""

    problem_labels: tuple[str, ...] = Field(alias="problem-labels")
    measure_labels: tuple[str, ...] = Field(alias="measure-labels")
    none_phrases: tuple[str, ...] = Field(alias="none-phrases")


class RectificationSpec(_Model):
    """Phrases that state the rectification status, by status (PF207, PF208)."""

    completed: tuple[str, ...]
    in_progress: tuple[str, ...] = Field(alias="in-progress")
    not_done: tuple[str, ...] = Field(alias="not-done")
    nothing: tuple[str, ...]
    nothing_exact: tuple[str, ...] = Field(alias="nothing-exact")
    reason_markers: tuple[str, ...] = Field(alias="reason-markers")
    plan_markers: tuple[str, ...] = Field(alias="plan-markers")


class VagueSpec(_Model):
    phrases: tuple[str, ...]


class CountsSpec(_Model):
    """Counts stated next to their lists or their itemised counts (PF210, PF211)."""

    units: tuple[str, ...] = Field(min_length=1)
    list_intros: tuple[str, ...] = Field(alias="list-intros")
    list_leads: tuple[str, ...] = Field(alias="list-leads")
    total_markers: tuple[str, ...] = Field(alias="total-markers")


def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


class TemplateTextSpec(_Model):
    """Patterns of template text left in a report (PF009)."""

    instruction_patterns: tuple[str, ...] = Field(alias="instruction-patterns")
    placeholder_patterns: tuple[str, ...] = Field(alias="placeholder-patterns")
    empty_slot_patterns: tuple[str, ...] = Field(alias="empty-slot-patterns")

    @field_validator("instruction_patterns", "placeholder_patterns", "empty_slot_patterns")
    @classmethod
    def _valid_regex(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        return patterns

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Kind (instruction, placeholder, empty-slot) → its compiled patterns."""
        return {
            "instruction": _compiled(self.instruction_patterns),
            "placeholder": _compiled(self.placeholder_patterns),
            "empty-slot": _compiled(self.empty_slot_patterns),
        }


class ContentSpec(_Model):
    """What the report says: the vocabularies of the PF006–PF009 and PF2xx rules."""

    conclusion_section: str = Field(alias="conclusion-section")
    rectification_section: str = Field(alias="rectification-section")
    expenditure_section: str = Field(alias="expenditure-section")
    measured_sections: tuple[str, ...] = Field(alias="measured-sections")
    conclusion: ConclusionSpec
    dates: DatesSpec
    problems: ProblemsSpec
    rectification: RectificationSpec
    vague: VagueSpec
    counts: CountsSpec
    template_text: TemplateTextSpec = Field(alias="template-text")

    def section_ids(self) -> tuple[str, ...]:
        named = (self.conclusion_section, self.rectification_section, self.expenditure_section, *self.measured_sections)
        return tuple(spec_id for spec_id in named if spec_id)


class Profile(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    description: str = ""
    detect: tuple[str, ...] = Field(min_length=1, description="title substrings that identify the template")
    header_fields: tuple[HeaderFieldSpec, ...] = Field(default=(), alias="header-fields")
    sections: tuple[SectionSpec, ...] = ()
    numbers: NumbersSpec
    typography: TypographySpec
    content: ContentSpec
    source: str = Field(default="", exclude=True)

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, sections: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
        seen: set[str] = set()
        for top in sections:
            for spec in top.walk():
                if spec.id in seen:
                    raise ValueError(f"section id {spec.id!r} is used twice")
                seen.add(spec.id)
        return sections

    @model_validator(mode="after")
    def _content_sections_exist(self) -> Profile:
        known = {spec.id for top in self.sections for spec in top.walk()}
        unknown = [spec_id for spec_id in self.content.section_ids() if spec_id not in known]
        if unknown:
            raise ValueError(f"content refers to unknown section ids: {', '.join(unknown)}")
        return self

    def detection_score(self, title: str) -> int:
        """Length of the longest detect pattern found in ``title``; 0 if none."""
        key = fold_key(title)
        return max((len(k) for k in map(fold_key, self.detect) if k and k in key), default=0)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}") from None


def _merged(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the default."""
    merged = dict(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    return _read_toml(resource_dir("rules") / DEFAULTS_FILE)


@lru_cache(maxsize=1)
def default_numbers() -> NumbersSpec:
    """The number vocabulary for reports no profile fits."""
    return NumbersSpec.model_validate(_defaults()["numbers"])


@lru_cache(maxsize=1)
def default_typography() -> TypographySpec:
    """The typography options for reports no profile fits."""
    return TypographySpec.model_validate(_defaults()["typography"])


def typography_with(base: TypographySpec, overrides: dict[str, Any]) -> TypographySpec:
    """``base`` with some options replaced (kebab-case keys, as in the profile's table).

    Raises ``ProfileError`` naming the bad option."""
    try:
        return TypographySpec.model_validate({**base.model_dump(by_alias=True), **overrides})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in error['loc']) or '(top)'}: {error['msg']}" for error in exc.errors())
        raise ProfileError(f"invalid typography options: {problems}") from None
def default_content() -> ContentSpec:
    """The content vocabulary for reports no profile fits."""
    return ContentSpec.model_validate(_defaults()["content"])


def load_profile_file(path: Path) -> Profile:
    data = _merged(_defaults(), _read_toml(path))
    try:
        return Profile.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or '(top)'}: {error['msg']}" for error in exc.errors()
        )
        raise ProfileError(f"{path}: invalid profile: {problems}") from None


class ProfileSet:
    """The profiles of a run: the shipped ones plus any the user adds."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self._by_id: dict[str, Profile] = {}
        for profile in profiles:
            if profile.id in self._by_id:
                raise ProfileError(f"{profile.source}: profile id {profile.id!r} is already defined in {self._by_id[profile.id].source}")
            self._by_id[profile.id] = profile

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> ProfileSet:
        files = sorted(p for p in resource_dir("rules").glob("*.toml") if not p.name.startswith("_")) + list(extra_files)
        return cls(load_profile_file(path) for path in files)

    def __iter__(self):
        return iter(self._by_id.values())

    def get(self, profile_id: str) -> Profile:
        try:
            return self._by_id[profile_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise ProfileError(f"unknown profile {profile_id!r} (known profiles: {known})") from None

    def detect(self, title: str | None) -> Profile | None:
        """The profile whose detect pattern best matches the title, if any does."""
        if not title:
            return None
        best = max(self._by_id.values(), key=lambda p: p.detection_score(title), default=None)
        return best if best is not None and best.detection_score(title) > 0 else None
