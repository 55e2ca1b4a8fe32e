"""``perflint profiles``: the report templates perflint knows, and ``perflint profiles show
ID``: one template with everything it inherits resolved, as TOML (or JSON).

The templates are the shipped ones and those the config file of the current folder (or
``--config FILE``) adds with ``extra-profiles`` and ``profile-paths``.
"""

import argparse
import json
import sys
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from perflint.profiles import Profile, ProfileError, ProfileSet
from perflint.validation import kebab

# Keys that are how perflint holds a template, not what its file says.
_HIDDEN = frozenset({"source", "rule_options"})


def run_profiles(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="perflint profiles", description="List the report templates, or show one.")
    parser.add_argument("action", nargs="?", choices=("list", "show"), default="list", help="list (default) or show ID")
    parser.add_argument("id", nargs="?", metavar="ID", help="with show: the template to show")
    parser.add_argument("--config", metavar="FILE", help="use this config file (its extra-profiles and profile-paths)")
    parser.add_argument(
        "--output-format", choices=("text", "json", "toml"), default=None, help="text or json for list; toml (default) or json for show"
    )
    options = parser.parse_args(args)
    if options.action == "show" and not options.id:
        parser.error("show needs a template id (see 'perflint profiles')")
    try:
        profiles = _profiles(Path(options.config) if options.config else None)
        if options.action == "show":
            text = _show(profiles, profiles.get(options.id), options.output_format or "toml")
        else:
            text = _list(profiles, options.output_format or "text")
    except ProfileError as exc:
        print(f"perflint: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _profiles(config_file: Path | None) -> ProfileSet:
    from perflint.config import ConfigError, ConfigResolver

    resolver = ConfigResolver(config_file=config_file)
    try:
        settings = resolver.settings_for(Path.cwd() / "-")
    except ConfigError as exc:
        raise ProfileError(str(exc)) from None
    return ProfileSet.load(settings.extra_profiles)


def detected_by(profile: Profile, profiles: ProfileSet) -> str:
    """How perflint recognises reports of this template, in a line."""
    if profile.extends is None:
        words = "、".join(profile.detect.title) or "—"
        form = "the self-evaluation table alone" if profile.form == "table" else "a report"
        return f"a title naming {form} of this kind: {words}"
    parent = profiles.ancestors(profile)[0]
    inherited = {spec.id for spec in parent.sections}
    marks = [spec.title for spec in profile.sections if spec.id not in inherited] + list(profile.detect.words)
    if not marks:
        return f"only when named (--profile or the config's profile); otherwise {parent.id}"
    share = format(profile.detect.min_share * 100, "f").rstrip("0").rstrip(".")
    return f"a report of {parent.id}'s kind showing at least {share}% of: {'、'.join(marks)}"


def _list(profiles: ProfileSet, output_format: str) -> str:
    rows = [
        {
            "id": profile.id,
            "name": profile.name,
            "kind": profile.kind,
            "form": profile.form,
            "extends": profile.extends,
            "detected_by": detected_by(profile, profiles),
            "source": profile.source,
        }
        for profile in sorted(profiles, key=lambda p: [a.id for a in reversed(profiles.ancestors(p))] + [p.id])
    ]
    if output_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for row in rows:
        extends = f", extends {row['extends']}" if row["extends"] else ""
        lines.append(f"{row['id']}\t{row['name']}\t({row['kind']} {row['form']}{extends})\n    detected by {row['detected_by']}")
    return "\n".join(lines) + "\n"


def _show(profiles: ProfileSet, profile: Profile, output_format: str) -> str:
    data = template_data(profile)
    if output_format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output_format == "text":
        output_format = "toml"
    import tomli_w

    header = f"# {profile.id}: {profile.name}, from {profile.source}\n"
    if profile.extends:
        chain = " → ".join(p.id for p in profiles.ancestors(profile))
        header += f"# with everything it inherits ({chain}) resolved\n"
    return header + "\n" + tomli_w.dumps(data)


def template_data(profile: Profile) -> dict[str, Any]:
    """The template as its TOML file would state it with nothing inherited."""
    data = _plain(profile)
    data["rules"] = {code: _plain(options) for code, options in sorted(profile.rule_options.items())}
    return data


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            kebab(field.name): _plain(getattr(value, field.name))
            for field in fields(value)
            if field.name not in _HIDDEN and getattr(value, field.name) is not None
        }
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
