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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from perflint import cache, options
from perflint.facts.content_vocabulary import ContentSpec
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.paths import shown
from perflint.patterns import lazy
from perflint.resources import resource_dir
from perflint.selfeval.spec import TableSpec
from perflint.smallfile import MiB, NotASmallFile, read_small_file
from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, Invalid, validate

T = TypeVar("T")

# Shared defaults under every template (not a template itself).
DEFAULTS_FILE = "_defaults.toml"
MAX_PROFILE_SIZE = 1 * MiB  # a template is tens of KB; /dev/zero must not be read forever


class ProfileError(Exception):
    """A profile file that cannot be used, or a profile name that does not exist."""


# Specs compare and hash by identity (eq=False): they are unique per profile, and
# rules use them as set members and dict keys in hot loops.


@dataclass(eq=False)
class HeaderFieldSpec:
    __pydantic_config__ = KEBAB_CASE

    name: str
    """The field's name as the template writes it (部门名称)."""
    aliases: tuple[str, ...] = ()
    """Other names units give it (单位名称, 部门（单位）名称)."""
    required: bool = True
    """Whether a report without it (or with it left empty) is reported (PF005)."""

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(fold_key(label) for label in (self.name, *self.aliases))


@dataclass(eq=False)
class SectionSpec:
    __pydantic_config__ = KEBAB_CASE

    id: str
    """A name of the part for the template's own references (content's conclusion-section…)."""
    title: str
    """The part's title as the template writes it."""
    aliases: tuple[str, ...] = ()
    """Other titles units give it; a heading matches when its folded title contains the title
    or an alias."""
    required: bool = True
    """Whether a report without this part is reported (PF001)."""
    children: "tuple[SectionSpec, ...]" = ()
    """The parts expected under this one."""
    in_attached_table: bool = False
    """The self-evaluation table carries this part (the score and grade, the indicators):
    a report that says its table is attached (（附…自评表）, 详见附表) has it there."""

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Folded title and aliases, longest first so the most specific wins."""
        return tuple(sorted({fold_key(label) for label in (self.title, *self.aliases)}, key=lambda key: (-len(key), key)))

    def walk(self) -> "Iterator[SectionSpec]":
        yield self
        for child in self.children:
            yield from child.walk()


_PROFILE_ID = lazy(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(eq=False)
class DetectSpec:
    """How a report is recognised as following a template (see perflint.detection)."""

    __pydantic_config__ = KEBAB_CASE

    title: tuple[str, ...] = ()
    """Words of a report's title that name this template's kind (部门整体, 项目支出…). A
    template that extends no other is chosen by them: the kind named earliest in the
    title wins."""
    words: tuple[str, ...] = ()
    """Evidence in the report's text, tables included, that it follows this template
    rather than the one it extends (a column such as 调整后预算数, a phrase of the form)."""
    table_words: tuple[str, ...] = ()
    """Words of a title that name the self-evaluation table (自评表, 评分表…) ..."""
    report_words: tuple[str, ...] = ()
    """... unless it also names a report (报告, 总结): then the table is attached to one."""
    min_share: Decimal = Decimal("0.5")
    """A template that extends another is chosen only when at least this share of its
    evidence is present: its ``words`` and the top-level sections it adds to those it
    extends."""

    def __post_init__(self) -> None:
        if not 0 < self.min_share <= 1:
            raise ValueError("min-share must be above 0 and at most 1")


@dataclass(eq=False)
class Profile:
    """One report template: how it is recognised, what it requires, the vocabularies of
    its checks and its rules' options."""

    __pydantic_config__ = KEBAB_CASE

    id: str
    """Lowercase letters, digits and hyphens; what ``--profile`` and ``extends`` name."""
    name: str
    """The template's name as its users know it (Chinese)."""
    kind: str
    """What the report evaluates: ``dept-overall`` (a department's or unit's whole
    spending) or ``project`` (a project or special fund); a template of one's own may
    name another kind."""
    form: Literal["report", "table"]
    """A report in prose (its table may be attached), or the self-evaluation table alone."""
    numbers: NumbersSpec
    """The vocabulary of the number checks (PF1xx)."""
    content: ContentSpec
    """The vocabulary of the content checks (PF006–PF009, PF2xx)."""
    table: TableSpec
    """The vocabulary and forms of the self-evaluation table's checks (PF4xx)."""
    detect: DetectSpec = field(default_factory=DetectSpec)
    """How a report is recognised as following this template."""
    description: str = ""
    """A line on the template, in English."""
    extends: str | None = None
    """The template this one builds on: its keys are laid over that template's, tables
    key by key, arrays (sections, header fields) replaced whole."""
    header_fields: tuple[HeaderFieldSpec, ...] = ()
    """The ``名称：值`` fields before the first section (部门名称, 填报日期…)."""
    sections: tuple[SectionSpec, ...] = ()
    """The outline: sections matched by title and aliases, never by number."""
    outline_anywhere: bool = False
    """Parts may stand at any depth and in any order, and a paragraph that opens with a
    part's title and a colon (``存在问题：…``) counts as that part: national templates,
    which units renumber and split as they like. Otherwise the outline fixes where each
    part stands and in which order."""
    source: str = ""  # the file it came from, for messages
    # Rule code → the rule's options under this template (perflint.options): built from
    # the [rules] tables of rules/_defaults.toml and of the template, not a TOML key itself.
    rule_options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
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


# -- loading: TOML, inheritance, validation (pydantic, only when a file is not cached) ----


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
        raise ProfileError(f"{shown(path)}: invalid TOML: {exc}") from None


def _read(path: Path) -> bytes:
    try:
        return read_small_file(path, MAX_PROFILE_SIZE)
    except NotASmallFile as exc:
        raise ProfileError(f"{shown(path)}: cannot read template: {exc}") from None
    except OSError as exc:
        raise ProfileError(f"{shown(path)}: cannot read template: {exc.strerror or exc}") from None


def _merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the base's."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(eq=False)
class _Defaults:
    """The vocabularies and rule options for reports no template fits."""

    numbers: NumbersSpec
    content: ContentSpec
    rule_options: dict[str, Any]
    table: TableSpec


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


def _resolved(raw: dict[str, tuple[Path, dict[str, Any]]], base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each template's data with what it extends laid under it (the defaults at the root)."""
    done: dict[str, dict[str, Any]] = {}

    def resolve(template_id: str, chain: tuple[str, ...]) -> dict[str, Any]:
        if template_id in done:
            return done[template_id]
        path, data = raw[template_id]
        parent = data.get("extends")
        if parent is None:
            under = base
        elif not isinstance(parent, str) or parent not in raw:
            known = ", ".join(sorted(raw))
            raise ProfileError(f"{shown(path)}: extends: unknown template {parent!r} (known templates: {known})")
        elif parent in chain:
            raise ProfileError(f"{shown(path)}: extends: {template_id!r} extends itself through {' → '.join((*chain, parent))}")
        else:
            under = {key: value for key, value in resolve(parent, (*chain, template_id)).items() if key not in _NOT_INHERITED}
        done[template_id] = _merged(under, data)
        return done[template_id]

    return {template_id: resolve(template_id, (template_id,)) for template_id in raw}


# Content keys that name sections of the outline.
_SECTION_REFERENCES = ("conclusion-section", "rectification-section", "expenditure-section", "measures-section")


def _without_lost_references(data: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A template that replaces the outline it extends does not have to restate every
    content key naming a section: an inherited reference to a section its own outline
    lacks is dropped (a reference it states itself must exist)."""
    content = data.get("content")
    if not isinstance(content, dict) or not isinstance(data.get("sections"), list):
        return data
    ids = set(_section_ids(data["sections"]))
    stated = own.get("content", {}) if isinstance(own.get("content"), dict) else {}
    kept = dict(content)
    for key in _SECTION_REFERENCES:
        if key not in stated and kept.get(key) and kept[key] not in ids:
            kept[key] = ""
    if "measured-sections" not in stated and isinstance(kept.get("measured-sections"), list):
        kept["measured-sections"] = [section for section in kept["measured-sections"] if section in ids]
    return {**data, "content": kept}


def _section_ids(sections: list[Any]) -> Iterator[str]:
    for section in sections:
        if isinstance(section, dict):
            if isinstance(section.get("id"), str):
                yield section["id"]
            yield from _section_ids(section.get("children", []) if isinstance(section.get("children"), list) else [])


# Keys that describe one template file and are not passed on to templates extending it.
_NOT_INHERITED = frozenset({"id", "name", "description", "extends", "source"})


def _build(defaults_path: Path, defaults_text: bytes, files: list[tuple[Path, bytes]]) -> tuple[_Defaults, list[Profile]]:
    defaults = _parse_toml(defaults_text, defaults_path)
    shared = _Defaults(
        _validate(NumbersSpec, defaults.get("numbers", {}), f"{shown(defaults_path)}: [numbers]"),
        _validate(ContentSpec, defaults.get("content", {}), f"{shown(defaults_path)}: [content]"),
        _rule_options(defaults.get("rules", {}), shown(defaults_path)),
        _validate(TableSpec, defaults.get("table", {}), f"{shown(defaults_path)}: [table]"),
    )
    raw: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, text in files:
        data = _parse_toml(text, path)
        template_id = data.get("id")
        if not isinstance(template_id, str):
            raise ProfileError(f"{shown(path)}: id: a template needs an id (lowercase letters, digits and hyphens)")
        if template_id in raw:
            raise ProfileError(f"{shown(path)}: id: template {template_id!r} is already defined in {shown(raw[template_id][0])}")
        raw[template_id] = (path, data)
    profiles = []
    for template_id, data in _resolved(raw, defaults).items():
        path, own = raw[template_id]
        data = _without_lost_references(data, own)
        rule_tables = data.get("rules", {})
        fields = {key: value for key, value in data.items() if key != "rules"}
        profile = _validate(Profile, {**fields, "source": str(path)}, shown(path))
        profile.rule_options = _rule_options(rule_tables, shown(path))
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


def default_table() -> TableSpec:
    """The self-evaluation table's vocabulary and forms for reports no template fits."""
    return _shipped()[0].table


def load_profile_file(path: Path) -> Profile:
    """The template a user's file defines (it may extend a shipped one)."""
    wanted = path.resolve()
    return next(profile for profile in ProfileSet.load([path]) if Path(profile.source).resolve() == wanted)


def template_files(folders: Iterable[Path]) -> list[Path]:
    """The template files in folders (``*.toml``; names starting with ``_`` are not
    templates), in name order; raises ``ProfileError`` for a folder that cannot be listed."""
    found = []
    for folder in folders:
        try:
            found += sorted(path for path in folder.iterdir() if path.suffix == ".toml" and not path.name.startswith(("_", ".")))
        except OSError as exc:
            raise ProfileError(f"{shown(folder)}: cannot list the template folder: {exc.strerror or exc}") from None
    return found


class ProfileSet:
    """The templates of a run: the shipped ones and any the user adds."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self._by_id: dict[str, Profile] = {}
        for profile in profiles:
            if profile.id in self._by_id:
                raise ProfileError(f"{profile.source}: template id {profile.id!r} is already defined in {self._by_id[profile.id].source}")
            self._by_id[profile.id] = profile

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> "ProfileSet":
        """The shipped templates and those of ``extra_files``, which may extend them."""
        defaults_path, shipped = _shipped_files()
        known = {path.resolve() for path in shipped}
        extra = [path for path in extra_files if path.resolve() not in known]
        if not extra:
            return cls(_shipped()[1])
        return cls(_cached_build(defaults_path, [*shipped, *extra])[1])

    def __iter__(self) -> Iterator[Profile]:
        return iter(self._by_id.values())

    def get(self, profile_id: str) -> Profile:
        try:
            return self._by_id[profile_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise ProfileError(f"unknown profile {profile_id!r} (known profiles: {known})") from None

    def ancestors(self, profile: Profile) -> list[Profile]:
        """What ``profile`` extends, nearest first."""
        chain = []
        while profile.extends is not None:
            profile = self._by_id[profile.extends]
            chain.append(profile)
        return chain
