"""Which config, profiles and ``Linter`` apply to a path — shared by the CLI and the
language server. One ``Linter`` is built per config file and reused for every report
that config governs.
"""

from pathlib import Path

from perflint.config import ConfigError, ConfigResolver, Overrides, Settings
from perflint.engine import Linter
from perflint.filtering import FindingPolicy
from perflint.profiles import ProfileError, ProfileSet


class Workspace:
    def __init__(self, overrides: Overrides | None = None, config_file: Path | None = None, *, lang: str = "zh") -> None:
        self.resolver = ConfigResolver(overrides, config_file)
        self.lang = lang
        self._linters: dict[Path | None, tuple[Linter, Settings] | ConfigError] = {}

    def linter_for(self, path: Path) -> tuple[Linter, Settings]:
        """The linter and settings for the report at ``path``; raises ``ConfigError``
        (for a bad config file, or a profile it names that is unknown or broken)."""
        config = self.resolver.config_path_for(path)
        if config not in self._linters:
            self._linters[config] = self._build(config)
        outcome = self._linters[config]
        if isinstance(outcome, ConfigError):
            raise outcome
        return outcome

    def _build(self, config: Path | None) -> tuple[Linter, Settings] | ConfigError:
        from perflint.checks.base import all_rules

        try:
            settings = self.resolver.settings_of(config)
        except ConfigError as exc:
            return exc
        prefix = "tool.perflint." if config is not None and config.name == "pyproject.toml" else ""
        try:
            profiles = ProfileSet.load(settings.extra_profiles)
        except ProfileError as exc:  # the message names the template file and its key
            return ConfigError(config or "", "", str(exc))
        try:
            linter = Linter(
                profiles,
                [rule() for rule in all_rules()],
                profile_id=settings.profile,
                profile_origin="--profile" if self.resolver.overrides.profile else str(config or ""),
                lang=self.lang,
                rule_options=settings.rule_options,
                policy=FindingPolicy(settings.enabled, settings.severities),
                fail_on=settings.fail_on,
            )
        except ProfileError as exc:
            if self.resolver.overrides.profile is None and config is not None:
                return ConfigError(config, prefix + "profile", str(exc))
            return ConfigError("", "", str(exc))  # --profile: the message says it all
        return linter, settings
