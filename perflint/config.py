"""Configuration files: ``.perflint.toml``, ``perflint.toml`` and ``[tool.perflint]`` in
``pyproject.toml``.

For each linted file the closest config file wins, searched upward from the file's
directory (in one directory ``.perflint.toml`` before ``perflint.toml`` before
``pyproject.toml``; a ``pyproject.toml`` without ``[tool.perflint]`` is passed over).
Files are not merged: a config composes only through an explicit ``extend = "path"``.
``--config FILE`` replaces the search, and command-line flags override every file.

Every key is validated: an unknown key, rule, rule option or selector is a
``ConfigError`` naming the file and the key, which the CLI prints as one line and
exits 2 on.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from perflint.options import option_names, validate_value
from perflint.paths import shown
from perflint.profiles import ProfileError, template_files
from perflint.results import Severity
from perflint.selection import RuleIndex, SelectionLayer, SelectorError, resolve
from perflint.smallfile import MiB, NotASmallFile, read_small_file
from perflint.validation import KEBAB_CASE, Invalid, validate

if TYPE_CHECKING:
    from perflint.checks.base import Rule

CONFIG_NAMES = (".perflint.toml", "perflint.toml", "pyproject.toml")
# A config is a few lines; a pyproject.toml a few KB. Anything larger is not one.
MAX_CONFIG_SIZE = 1 * MiB


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is the one-line message."""

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        where = ": ".join(str(part) for part in (shown(path), key) if part)
        super().__init__(f"{where}: {reason}" if where else reason)
        self.path = str(path)
        self.key = key


@dataclass
class ConfigModel:
    """The keys of a config file (``[tool.perflint]`` in pyproject.toml), validated by
    pydantic (perflint.validation; unknown keys are errors) when a config file is read."""

    __pydantic_config__ = KEBAB_CASE

    extend: str | None = None  # a config file this one builds on, relative to this file
    profile: str | None = None  # report template id, instead of detecting it from the title
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    extra_profiles: list[str] = field(default_factory=list)  # template files, relative to this file
    profile_paths: list[str] = field(default_factory=list)  # folders of template files, relative to this file
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-rule tables: severity and options


@dataclass
class Overrides:
    """What the command line sets; ``None`` or empty leaves the config's value."""

    profile: str | None = None
    fail_on: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """The effective configuration for the files one config file governs."""

    origin: Path | None  # the config file, None when none was found
    profile: str | None
    fail_on: str
    extra_profiles: tuple[Path, ...]
    enabled: frozenset[str]  # selected rule codes
    severities: dict[str, Severity]  # code → overridden severity
    rule_options: dict[str, dict[str, Any]]  # code → option → value


@dataclass
class _Layer:
    path: Path
    key_prefix: str  # "tool.perflint." in pyproject.toml, "" elsewhere
    model: ConfigModel
    # Rule code → option → its value, validated (filled in by _validate_layer).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def rule_index() -> RuleIndex:
    return RuleIndex.from_rules(_rules_by_code().values())


@lru_cache(maxsize=1)
def _rules_by_code() -> "dict[str, type[Rule]]":
    from perflint.checks.base import all_rules

    return {rule.code: rule for rule in all_rules()}


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only a run that finds a config file pays for it

    try:
        return tomllib.loads(_read_text(path))
    except FileNotFoundError:
        raise ConfigError(path, "", "no such config file") from None
    except NotASmallFile as exc:
        raise ConfigError(path, "", str(exc)) from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"invalid TOML: {exc}") from None


def _read_text(path: Path) -> str:
    return read_small_file(path, MAX_CONFIG_SIZE).decode("utf-8")


def _perflint_table(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    if path.name != "pyproject.toml":
        return data, ""
    tool = data.get("tool")
    table = tool.get("perflint") if isinstance(tool, dict) else None
    return (table if isinstance(table, dict) else None), "tool.perflint."


def _configures_perflint(path: Path) -> bool:
    """Whether the file ``path`` (found to exist) is a config: a .perflint.toml or
    perflint.toml always is, a pyproject.toml only with a [tool.perflint] table."""
    if path.name != "pyproject.toml":
        return True
    try:
        text = _read_text(path)
    except (OSError, UnicodeDecodeError, NotASmallFile):
        return True  # broken: let loading report it rather than skip it silently
    if "perflint" not in text:
        return False  # most projects' pyproject.toml: no need to parse it (tomllib costs a cold run ~5 ms)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    return _perflint_table(path, data)[0] is not None


def _load_layer(path: Path) -> _Layer:
    table, prefix = _perflint_table(path, _read_toml(path))
    if table is None:
        raise ConfigError(path, "", "has no [tool.perflint] table")
    try:
        model = validate(ConfigModel, table)
    except Invalid as exc:
        key, reason = exc.problems[0]
        raise ConfigError(path, prefix + key, reason) from None
    layer = _Layer(path, prefix, model)
    _validate_layer(layer)
    return layer


def load_layers(path: Path) -> list[_Layer]:
    """The config file and those it extends, the furthest base first."""
    chain: list[_Layer] = []
    seen: set[Path] = set()
    current: Path | None = path.resolve()
    extended_by: _Layer | None = None
    while current is not None:
        if current in seen:
            raise ConfigError(path, "extend", f"extends itself through {current}")
        seen.add(current)
        if extended_by is not None and not current.exists():  # named by the file that extends it
            raise ConfigError(extended_by.path, "extend", f"{shown(current)}: no such config file")
        layer = _load_layer(current)
        chain.append(layer)
        extend = layer.model.extend
        extended_by = layer
        current = (current.parent / Path(extend).expanduser()).resolve() if extend else None
    return chain[::-1]


def _validate_layer(layer: _Layer) -> None:
    index = rule_index()
    model, path, prefix = layer.model, layer.path, layer.key_prefix
    for key, values in (("select", model.select or []), ("extend-select", model.extend_select), ("ignore", model.ignore)):
        for value in values:
            try:
                index.parse(value)
            except SelectorError as exc:
                raise ConfigError(path, prefix + key, str(exc)) from None
    for name, table in model.rules.items():
        severity = table.get("severity")
        if severity is not None and severity not in {s.value for s in Severity}:
            raise ConfigError(path, f"{prefix}rules.{name}.severity", f"{severity!r} is not a severity (expected error, warning or info)")
    tables = {name: {key: value for key, value in table.items() if key != "severity"} for name, table in model.rules.items()}
    layer.rule_options = validated_rule_options(tables, path, f"{prefix}rules.")


def validated_rule_options(tables: Mapping[str, Mapping[str, Any]], path: Path | str = "", prefix: str = "") -> dict[str, dict[str, Any]]:
    """Rule code → option → validated value, from option tables keyed by rule code or
    name (a config file's [rules.*] tables, or a caller of the API); raises ``ConfigError``
    naming the bad key."""
    index = rule_index()
    validated: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        code = index.code_of(name)
        if code is None:
            raise ConfigError(path, f"{prefix}{name}", f"unknown rule {name!r} (use a code such as PF003 or a rule name)")
        rule = _rules_by_code()[code]
        options_type = rule.Options
        names = option_names(options_type) if options_type is not None else []
        for option, value in table.items():
            key = f"{prefix}{name}.{option}"
            if options_type is None or option not in names:
                known = ", ".join(sorted(names)) or "none"
                raise ConfigError(path, key, f"unknown option for {code} ({rule.name}); its options: {known}")
            try:
                validated.setdefault(code, {})[option] = validate_value(options_type, option, value)
            except Invalid as exc:
                raise ConfigError(path, key, exc.problems[0][1]) from None
    return validated


def settings_from_layers(layers: list[_Layer], overrides: Overrides, origin: Path | None) -> Settings:
    """Combine the layers (base first) and the command line into ``Settings``."""
    index = rule_index()
    profile: str | None = None
    fail_on: str | None = None
    extra_profiles: list[Path] = []
    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    selection = [SelectionLayer(select=(index.parse("ALL"),))]
    for layer in layers:
        model = layer.model
        profile = model.profile or profile
        fail_on = model.fail_on or fail_on
        extra_profiles += [(layer.path.parent / Path(p).expanduser()).resolve() for p in model.extra_profiles]
        try:
            extra_profiles += template_files((layer.path.parent / Path(p).expanduser()).resolve() for p in model.profile_paths)
        except ProfileError as exc:
            raise ConfigError(layer.path, layer.key_prefix + "profile-paths", str(exc)) from None
        selection.append(
            SelectionLayer(
                select=index.parse_all(model.select) if model.select is not None else None,
                extend_select=index.parse_all(model.extend_select),
                ignore=index.parse_all(model.ignore),
            )
        )
        for name, table in model.rules.items():
            code = index.code_of(name)
            assert code is not None  # validated at load
            if "severity" in table:
                severities[code] = Severity(table["severity"])
        for code, values in layer.rule_options.items():
            options.setdefault(code, {}).update(values)
    cli_layer = SelectionLayer(
        select=_parse_cli(index, "--select", overrides.select) if overrides.select is not None else None,
        extend_select=_parse_cli(index, "--extend-select", overrides.extend_select),
        ignore=_parse_cli(index, "--ignore", overrides.ignore),
    )
    selection.append(cli_layer)
    return Settings(
        origin=origin,
        profile=overrides.profile or profile,
        fail_on=overrides.fail_on or fail_on or "error",
        extra_profiles=tuple(dict.fromkeys(extra_profiles)),
        enabled=resolve(selection),
        severities=severities,
        rule_options=options,
    )


def _parse_cli(index: RuleIndex, flag: str, values: list[str]) -> tuple:
    try:
        return index.parse_all(v for value in values for v in value.split(",") if v.strip())
    except SelectorError as exc:
        raise ConfigError("command line", flag, str(exc)) from None


def find_config(directory: Path) -> Path | None:
    """The closest config file at or above ``directory``."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and _configures_perflint(candidate):
                return candidate
    return None


class ConfigResolver:
    """Settings for each linted path, cached per config file (several files in one
    run may be governed by different configs)."""

    def __init__(self, overrides: Overrides | None = None, config_file: Path | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.config_file = config_file
        self._by_directory: dict[Path, Path | None] = {}
        self._by_config: dict[Path | None, Settings | ConfigError] = {}

    def config_path_for(self, path: Path) -> Path | None:
        if self.config_file is not None:
            return self.config_file.resolve()
        directory = path.resolve().parent
        if directory not in self._by_directory:
            self._by_directory[directory] = find_config(directory)
        return self._by_directory[directory]

    def settings_for(self, path: Path) -> Settings:
        """Settings for the report at ``path``; raises ``ConfigError``."""
        return self.settings_of(self.config_path_for(path))

    def settings_of(self, config: Path | None) -> Settings:
        if config not in self._by_config:
            try:
                layers = load_layers(config) if config is not None else []
                self._by_config[config] = settings_from_layers(layers, self.overrides, config)
            except ConfigError as exc:
                self._by_config[config] = exc
        outcome = self._by_config[config]
        if isinstance(outcome, ConfigError):
            raise outcome
        return outcome
