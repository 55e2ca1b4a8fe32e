"""Report templates as data: ``rules/*.toml`` validated into ``Profile`` objects.

A profile says how to recognise its template (title patterns), which header fields
it requires, the outline of its sections and the vocabularies of its checks. Sections
are matched by title and aliases after folding (see ``perflint.text.fold_key``), never
by their numbers.

The specs are plain records (perflint.records): rules read them in hot loops, and a
run must not pay for pydantic when nothing changed. pydantic validates them at the
boundary — each TOML file's keys (unknown ones are errors: a typo must not be silently
ignored), types and bounds, through a ``TypeAdapter`` over these very classes'
``__init__`` signatures — and only when the profile files changed: the validated set is pickled into
the user's cache (perflint.cache), keyed like a .pyc by the files' sizes and times.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from perflint import cache
from perflint.resources import resource_dir
from perflint.smallfile import MiB, NotASmallFile, read_small_file
from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, Invalid, kebab, validate

T = TypeVar("T")

# Shared defaults under every profile (not a profile itself).
DEFAULTS_FILE = "_defaults.toml"
MAX_PROFILE_SIZE = 1 * MiB  # a template is tens of KB; /dev/zero must not be read forever


class ProfileError(Exception):
    """A profile file that cannot be used, or a profile name that does not exist."""


def _at_least(count: int, name: str, value: tuple[Any, ...] | str) -> None:
    if len(value) < count:
        raise ValueError(f"{name} needs at least {count} {'item' if count == 1 else 'items'}")


def _within(name: str, value: Decimal | int, low: int, high: int | None = None) -> None:
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {f'between {low} and {high}' if high is not None else f'at least {low}'}")


# Specs compare and hash by identity (eq=False): they are unique per profile, and
# rules use them as set members and dict keys in hot loops.


@dataclass(eq=False)
class HeaderFieldSpec:
    __pydantic_config__ = KEBAB_CASE

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(fold_key(label) for label in (self.name, *self.aliases))


@dataclass(eq=False)
class SectionSpec:
    __pydantic_config__ = KEBAB_CASE

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    children: "tuple[SectionSpec, ...]" = ()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Folded title and aliases, longest first so the most specific wins."""
        return tuple(sorted({fold_key(label) for label in (self.title, *self.aliases)}, key=lambda key: (-len(key), key)))

    def walk(self) -> "Iterator[SectionSpec]":
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False)
class PartitionSpec:
    __pydantic_config__ = KEBAB_CASE

    parts: tuple[str, ...]
    # Words one of which the total's label must contain for these parts to be all of
    # it (基本支出 and 项目支出 make up an expenditure or a budget, not an income).
    within: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _at_least(2, "parts", self.parts)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(fold_key(part) for part in self.parts)


@dataclass(eq=False)
class NumbersSpec:
    """Vocabulary and thresholds of the number checks (PF1xx)."""

    __pydantic_config__ = KEBAB_CASE

    low_execution_rate: Decimal
    total_markers: tuple[str, ...]
    part_intro_markers: tuple[str, ...]
    partition_markers: tuple[str, ...]
    remainder_markers: tuple[str, ...]
    delta_markers: tuple[str, ...]
    share_markers: tuple[str, ...]
    share_total_bases: tuple[str, ...]
    budget_labels: tuple[str, ...]
    executed_labels: tuple[str, ...]
    rate_labels: tuple[str, ...]
    partitions: tuple[PartitionSpec, ...] = ()

    def __post_init__(self) -> None:
        _within("low-execution-rate", self.low_execution_rate, 0, 100)


@dataclass(eq=False)
class TypographySpec:
    """Options of the typography checks (PF3xx): what counts as a slip, what to fix to."""

    __pydantic_config__ = KEBAB_CASE

    # PF301: heading-number brackets in a document that mixes widths are fixed to
    # full width (GB/T 15834), or to whichever width most headings use.
    bracket_target: Literal["fullwidth", "majority"]
    # PF302: Latin words accepted in Chinese prose (compared ignoring case), and which
    # words can be slips at all: "lowercase" ones only (acronyms and capitalised names
    # pass) or "all" (then only the allow-list passes).
    latin_allow: tuple[str, ...]
    latin_words: Literal["lowercase", "all"]
    latin_min_length: int
    # PF303: paragraph ends that cannot close a paragraph, ends that close a list item
    # (a break after them is reported only outside lists), and how long a line without
    # closing punctuation may be and still be a title rather than a broken sentence.
    break_marks: str
    item_break_marks: str
    unpunctuated_breaks: bool
    title_max_length: int
    label_max_length: int
    # PF304: ASCII punctuation that is a slip between Chinese characters.
    halfwidth_punctuation: str
    # PF305: punctuation that is never doubled.
    repeated_punctuation: str
    # PF306: spacing between a number and its Chinese unit: the document's majority,
    # always closed up, always spaced, or not checked.
    number_unit_spacing: Literal["majority", "closed", "spaced", "off"]
    spacing_units: tuple[str, ...]

    def __post_init__(self) -> None:
        _within("latin-min-length", self.latin_min_length, 1)
        _within("title-max-length", self.title_max_length, 0)
        _within("label-max-length", self.label_max_length, 0)

    @cached_property
    def latin_allow_keys(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.latin_allow)

    @cached_property
    def units_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.spacing_units), key=lambda unit: (-len(unit), unit)))


@dataclass(eq=False)
class GradeSpec:
    __pydantic_config__ = KEBAB_CASE

    grade: str  # the canonical grade, e.g. 优
    words: tuple[str, ...]  # words that state it, e.g. 优秀, 优
    min_score: Decimal  # lowest score of its band (inclusive)

    def __post_init__(self) -> None:
        _at_least(1, "grade", self.grade)
        _at_least(1, "words", self.words)


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
        _at_least(1, "grades", self.grades)
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


_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(eq=False)
class Profile:
    __pydantic_config__ = KEBAB_CASE

    id: str
    name: str
    detect: tuple[str, ...]  # title substrings that identify the template
    numbers: NumbersSpec
    typography: TypographySpec
    content: ContentSpec
    description: str = ""
    header_fields: tuple[HeaderFieldSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    source: str = ""  # the file it came from, for messages

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        if not _PROFILE_ID.match(self.id):
            raise ValueError(f"id {self.id!r} must be lowercase letters, digits and hyphens")
        seen: set[str] = set()
        for top in self.sections:
            for section in top.walk():
                if section.id in seen:
                    raise ValueError(f"section id {section.id!r} is used twice")
                seen.add(section.id)
        unknown = [spec_id for spec_id in self.content.section_ids() if spec_id not in seen]
        if unknown:
            raise ValueError(f"content refers to unknown section ids: {', '.join(unknown)}")

    @cached_property
    def _detect_keys(self) -> tuple[str, ...]:
        return tuple(key for key in map(fold_key, self.detect) if key)

    def detection_score(self, title: str) -> int:
        """Length of the longest detect pattern found in ``title``; 0 if none."""
        key = fold_key(title)
        return max((len(k) for k in self._detect_keys if k in key), default=0)


# -- validation (pydantic, only when a file is not in the cache) ------------------------


def _validate(cls: type[T], data: dict[str, Any], where: str) -> T:
    try:
        return validate(cls, data)
    except Invalid as exc:
        raise ProfileError(f"{where}: {exc}") from None


def _parse_toml(text: bytes, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}") from None


def _read(path: Path) -> bytes:
    try:
        return read_small_file(path, MAX_PROFILE_SIZE)
    except NotASmallFile as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc}") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None


def _merged(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the default."""
    merged = dict(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(eq=False)
class _Defaults:
    """The vocabularies for reports no profile fits."""

    numbers: NumbersSpec
    typography: TypographySpec
    content: ContentSpec


def _build(defaults_path: Path, defaults_text: bytes, files: list[tuple[Path, bytes]]) -> tuple[_Defaults, list[Profile]]:
    defaults = _parse_toml(defaults_text, defaults_path)
    shared = _Defaults(
        _validate(NumbersSpec, defaults.get("numbers", {}), f"{defaults_path}: [numbers]"),
        _validate(TypographySpec, defaults.get("typography", {}), f"{defaults_path}: [typography]"),
        _validate(ContentSpec, defaults.get("content", {}), f"{defaults_path}: [content]"),
    )
    profiles = []
    for path, text in files:
        data = _merged(defaults, _parse_toml(text, path))
        profiles.append(_validate(Profile, {**data, "source": str(path)}, f"{path}: invalid profile"))
    return shared, profiles


# -- the cache of validated profiles ------------------------------------------------------


def _cache_key(paths: list[Path]) -> str:
    """Like a .pyc: the files' paths, sizes and modification times (perflint's version
    is in the cache directory). A file that cannot be stat'ed makes the key unusable."""
    parts = []
    for path in paths:
        stat = path.stat()
        parts.append(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(parts)


def _cached_build(defaults_path: Path, files: list[Path]) -> tuple[_Defaults, list[Profile]]:
    """Validated profiles, from the cache when the files are the ones validated before;
    an unreadable or stale cache is simply rebuilt."""
    try:
        key: str | None = _cache_key([defaults_path, *files])
    except OSError:
        key = None  # _read below reports the file that cannot be read
    # One cache file per set of profile files: an edit replaces its entry.
    names = "\n".join(str(path.resolve()) for path in (defaults_path, *files))
    name = f"profiles-{cache.entry_key(names)}.pickle"
    stored = cache.load(name, tuple) if key else None
    if stored is not None and len(stored) == 2 and stored[0] == key and _is_built(stored[1]):
        return stored[1]  # type: ignore[no-any-return]
    built = _build(defaults_path, _read(defaults_path), [(path, _read(path)) for path in files])
    for profile in built[1]:
        profile.detection_score("")  # fill the cached keys before pickling
    if key:
        cache.store(name, (key, built))
    return built


def _is_built(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], _Defaults)
        and isinstance(value[1], list)
        and all(isinstance(profile, Profile) for profile in value[1])
    )


def _shipped_files() -> tuple[Path, list[Path]]:
    rules = resource_dir("rules")
    return rules / DEFAULTS_FILE, sorted(p for p in rules.glob("*.toml") if not p.name.startswith("_"))


@lru_cache(maxsize=1)
def _shipped() -> tuple[_Defaults, list[Profile]]:
    defaults_path, files = _shipped_files()
    return _cached_build(defaults_path, files)


def default_numbers() -> NumbersSpec:
    """The number vocabulary for reports no profile fits."""
    return _shipped()[0].numbers


def default_typography() -> TypographySpec:
    """The typography options for reports no profile fits."""
    return _shipped()[0].typography


def default_content() -> ContentSpec:
    """The content vocabulary for reports no profile fits."""
    return _shipped()[0].content


def typography_with(base: TypographySpec, overrides: dict[str, Any]) -> TypographySpec:
    """``base`` with some options replaced (kebab-case keys, as in the profile's table).

    Raises ``ProfileError`` naming the bad option."""
    data = {kebab(field.name): getattr(base, field.name) for field in fields(base)}
    return _validate(TypographySpec, {**data, **overrides}, "invalid typography options")


def load_profile_file(path: Path) -> Profile:
    """A user's profile file, over the shipped defaults."""
    defaults_path, _ = _shipped_files()
    return _cached_build(defaults_path, [path])[1][0]


class ProfileSet:
    """The profiles of a run: the shipped ones plus any the user adds."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self._by_id: dict[str, Profile] = {}
        for profile in profiles:
            if profile.id in self._by_id:
                raise ProfileError(f"{profile.source}: profile id {profile.id!r} is already defined in {self._by_id[profile.id].source}")
            self._by_id[profile.id] = profile

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> "ProfileSet":
        return cls([*_shipped()[1], *(load_profile_file(path) for path in extra_files)])

    def __iter__(self) -> Iterator[Profile]:
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
        scored = [(profile.detection_score(title), profile) for profile in self._by_id.values()]
        score, best = max(scored, key=lambda item: item[0], default=(0, None))
        return best if score > 0 else None
