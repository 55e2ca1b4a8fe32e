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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from perflint import cache, options
from perflint.facts.content_vocabulary import ContentSpec
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.resources import resource_dir
from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, Invalid, validate

T = TypeVar("T")

# Shared defaults under every profile (not a profile itself).
DEFAULTS_FILE = "_defaults.toml"


class ProfileError(Exception):
    """A profile file that cannot be used, or a profile name that does not exist."""


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


_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(eq=False)
class Profile:
    __pydantic_config__ = KEBAB_CASE

    id: str
    name: str
    detect: tuple[str, ...]  # title substrings that identify the template
    numbers: NumbersSpec
    content: ContentSpec
    description: str = ""
    header_fields: tuple[HeaderFieldSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    source: str = ""  # the file it came from, for messages
    # Rule code → the rule's options under this template (perflint.options): built from
    # the [rules] tables of rules/_defaults.toml and of the template, not a TOML key itself.
    rule_options: dict[str, Any] = field(default_factory=dict)

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
        return path.read_bytes()
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
    """The vocabularies and rule options for reports no profile fits."""

    numbers: NumbersSpec
    content: ContentSpec
    rule_options: dict[str, Any]


def _rule_options(tables: Any, where: str) -> dict[str, Any]:
    """Rule code → options, from a ``[rules]`` table (keyed by code or name) merged over
    the rules' declarations."""
    from perflint.checks.base import all_rules

    if not isinstance(tables, dict):
        raise ProfileError(f"{where}: rules: expected a table of rule tables")
    rules = {rule.code: rule for rule in all_rules()}
    by_name = {rule.name: rule.code for rule in rules.values()}
    given: dict[str, dict[str, Any]] = {}
    for key, table in tables.items():
        code = key if key in rules else by_name.get(key)
        if code is None:
            raise ProfileError(f"{where}: rules.{key}: unknown rule (use a code such as PF003 or a rule name)")
        if not isinstance(table, dict):
            raise ProfileError(f"{where}: rules.{key}: expected a table of options")
        if rules[code].Options is None:
            raise ProfileError(f"{where}: rules.{key}: {code} has no options")
        given[code] = {**given.get(code, {}), **table}
    built = {}
    for code, rule in rules.items():
        if rule.Options is None:
            continue
        try:
            built[code] = options.build(rule.Options, given.get(code, {}))
        except Invalid as exc:
            raise ProfileError(f"{where}: rules.{code}: {exc}") from None
    return built


def _build(defaults_path: Path, defaults_text: bytes, files: list[tuple[Path, bytes]]) -> tuple[_Defaults, list[Profile]]:
    defaults = _parse_toml(defaults_text, defaults_path)
    shared = _Defaults(
        _validate(NumbersSpec, defaults.get("numbers", {}), f"{defaults_path}: [numbers]"),
        _validate(ContentSpec, defaults.get("content", {}), f"{defaults_path}: [content]"),
        _rule_options(defaults.get("rules", {}), str(defaults_path)),
    )
    profiles = []
    for path, text in files:
        data = _merged(defaults, _parse_toml(text, path))
        rule_tables = data.pop("rules", {})
        profile = _validate(Profile, {**data, "source": str(path)}, f"{path}: invalid profile")
        profile.rule_options = _rule_options(rule_tables, str(path))
        profiles.append(profile)
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


def default_content() -> ContentSpec:
    """The content vocabulary for reports no profile fits."""
    return _shipped()[0].content


def default_rule_options() -> dict[str, Any]:
    """Rule code → options, for reports no profile fits."""
    return _shipped()[0].rule_options


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
