"""The vocabulary of the content facts (PF006–PF009, PF2xx): grades and their bands, the
words around a stated score or grade, dates and years, problems and measures,
rectification status, vague results, counts against lists, template text left in.

A template's ``[content]`` table (rules/_defaults.toml, then the template's own) fills it.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, at_least


@dataclass(eq=False)
class GradeSpec:
    __pydantic_config__ = KEBAB_CASE

    grade: str  # the canonical grade, e.g. 优
    words: tuple[str, ...]  # words that state it, e.g. 优秀, 优
    min_score: Decimal  # lowest score of its band (inclusive)

    def __post_init__(self) -> None:
        at_least(1, "grade", self.grade)
        at_least(1, "words", self.words)


@dataclass(eq=False)
class ConclusionSpec:
    """Grades, bands and the words around a stated grade or score (PF201–PF205)."""

    __pydantic_config__ = KEBAB_CASE

    score_min: Decimal
    score_max: Decimal
    grades: tuple[GradeSpec, ...]
    score_labels: tuple[str, ...]
    grade_nouns: tuple[str, ...]
    verdict_labels: tuple[str, ...]
    connectors: tuple[str, ...]
    grade_suffixes: tuple[str, ...]
    not_grades: tuple[str, ...]
    previous_year_markers: tuple[str, ...]
    self_evaluation_markers: tuple[str, ...]
    other_subject_markers: tuple[str, ...]
    component_markers: tuple[str, ...]

    def __post_init__(self) -> None:
        at_least(1, "grades", self.grades)
        if self.score_min >= self.score_max:
            raise ValueError("score-min must be below score-max")
        floors = [g.min_score for g in self.grades]
        if len(set(floors)) != len(floors) or not all(self.score_min <= f <= self.score_max for f in floors):
            raise ValueError("grade min-scores must be distinct and within score-min..score-max")
        if min(floors) != self.score_min:
            raise ValueError("the lowest grade must start at score-min (every score needs a grade)")

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


@dataclass(eq=False)
class DatesSpec:
    """Filing date and the year spending statements are attributed to (PF006–PF008)."""

    __pydantic_config__ = KEBAB_CASE

    filing_date_labels: tuple[str, ...]
    spending_words: tuple[str, ...]
    attribution_markers: tuple[str, ...]
    document_words: tuple[str, ...]
    comparison_markers: tuple[str, ...]
    future_markers: tuple[str, ...]


@dataclass(eq=False)
class ProblemsSpec:
    """Labels of stated problems and of the measures that must answer them (PF206)."""

    __pydantic_config__ = KEBAB_CASE

    problem_labels: tuple[str, ...]
    measure_labels: tuple[str, ...]
    none_phrases: tuple[str, ...]


@dataclass(eq=False)
class RectificationSpec:
    """Phrases that state the rectification status, by status (PF207, PF208)."""

    __pydantic_config__ = KEBAB_CASE

    completed: tuple[str, ...]
    in_progress: tuple[str, ...]
    not_done: tuple[str, ...]
    nothing: tuple[str, ...]
    nothing_exact: tuple[str, ...]
    reason_markers: tuple[str, ...]
    plan_markers: tuple[str, ...]


@dataclass(eq=False)
class VagueSpec:
    __pydantic_config__ = KEBAB_CASE

    phrases: tuple[str, ...]


@dataclass(eq=False)
class CountsSpec:
    """Counts stated next to their lists or their itemised counts (PF210, PF211)."""

    __pydantic_config__ = KEBAB_CASE

    units: tuple[str, ...]
    list_intros: tuple[str, ...]
    list_leads: tuple[str, ...]
    total_markers: tuple[str, ...]


def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(eq=False)
class TemplateTextSpec:
    """Patterns of template text left in a report (PF009)."""

    __pydantic_config__ = KEBAB_CASE

    instruction_patterns: tuple[str, ...]
    placeholder_patterns: tuple[str, ...]
    empty_slot_patterns: tuple[str, ...]

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        for pattern in (*self.instruction_patterns, *self.placeholder_patterns, *self.empty_slot_patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Kind (instruction, placeholder, empty-slot) → its compiled patterns."""
        return {
            "instruction": _compiled(self.instruction_patterns),
            "placeholder": _compiled(self.placeholder_patterns),
            "empty-slot": _compiled(self.empty_slot_patterns),
        }


@dataclass(eq=False)
class ContentSpec:
    """What the report says: the vocabularies of the PF006–PF009 and PF2xx rules."""

    __pydantic_config__ = KEBAB_CASE

    conclusion_section: str
    rectification_section: str
    expenditure_section: str
    measured_sections: tuple[str, ...]
    conclusion: ConclusionSpec
    dates: DatesSpec
    problems: ProblemsSpec
    rectification: RectificationSpec
    vague: VagueSpec
    counts: CountsSpec
    template_text: TemplateTextSpec

    def section_ids(self) -> tuple[str, ...]:
        named = (self.conclusion_section, self.rectification_section, self.expenditure_section, *self.measured_sections)
        return tuple(spec_id for spec_id in named if spec_id)
