"""Config files: discovery, precedence, validation, selection, severities, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.config import ConfigError, ConfigResolver, Overrides, find_config
from perflint.selection import RuleIndex, SelectionLayer, SelectorError, resolve

from conftest import FIXTURES
from test_cli import err, out
from test_cli import run_here as run

SKIP = FIXTURES / "gd-dept-overall" / "numbering-skip.md"  # one PF003 warning
MISSING = FIXTURES / "gd-dept-overall" / "missing-section.md"  # one PF001 error


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report_in(folder: Path, source: Path = SKIP, name: str = "r.md") -> Path:
    return put(folder / name, source.read_text(encoding="utf-8"))


def findings(proc) -> list[tuple[str, str]]:
    data = json.loads(out(proc))
    return [(f["code"], f["severity"]) for file in data["files"] for f in file["findings"]]


# -- selection ------------------------------------------------------------------------

INDEX = RuleIndex(("PF001", "PF002", "PF003", "PF010", "PF901"), {"missing-section": "PF001", "heading-numbering": "PF003"})


def sel(*texts: str):
    return INDEX.parse_all(texts)


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ([SelectionLayer(select=sel("ALL"))], {"PF001", "PF002", "PF003", "PF010", "PF901"}),
        ([SelectionLayer(select=sel("PF0"))], {"PF001", "PF002", "PF003", "PF010"}),
        ([SelectionLayer(select=sel("PF00"))], {"PF001", "PF002", "PF003"}),
        ([SelectionLayer(select=sel("PF0"), ignore=sel("PF003"))], {"PF001", "PF002", "PF010"}),
        ([SelectionLayer(select=sel("PF003"), ignore=sel("PF0"))], {"PF003"}),  # the more specific wins
        ([SelectionLayer(select=sel("heading-numbering", "PF901"))], {"PF003", "PF901"}),
        ([SelectionLayer(select=sel("ALL"), ignore=sel("PF9", "missing-section"))], {"PF002", "PF003", "PF010"}),
        ([SelectionLayer(select=sel("PF9")), SelectionLayer(extend_select=sel("PF001"))], {"PF001", "PF901"}),
        ([SelectionLayer(select=sel("PF9")), SelectionLayer(select=sel("PF002"))], {"PF002"}),  # a later select starts afresh
        ([SelectionLayer(select=sel("ALL")), SelectionLayer(ignore=sel("PF0"))], {"PF901"}),
        ([SelectionLayer(select=sel("pf00"))], {"PF001", "PF002", "PF003"}),
    ],
)
def test_selection_resolves_like_ruff(layers, expected):
    assert resolve(layers) == expected


@pytest.mark.parametrize("text", ["PF7", "PF0001", "PF00X", "heading_numbering", "E501", ""])
def test_unknown_selectors_are_rejected(text):
    with pytest.raises(SelectorError):
        INDEX.parse(text)


# -- discovery ------------------------------------------------------------------------


def test_closest_config_wins_and_files_are_not_merged(tmp_path: Path):
    put(tmp_path / "perflint.toml", 'ignore = ["PF003"]\nfail-on = "warning"\n')
    put(tmp_path / "sub" / ".perflint.toml", '[rules.PF003]\nseverity = "info"\n')
    outer, inner = report_in(tmp_path), report_in(tmp_path / "sub")
    resolver = ConfigResolver()
    assert resolver.config_path_for(outer) == tmp_path / "perflint.toml"
    assert resolver.config_path_for(inner) == tmp_path / "sub" / ".perflint.toml"
    inner_settings = resolver.settings_for(inner)
    assert "PF003" in inner_settings.enabled  # the outer ignore does not reach it
    assert inner_settings.fail_on == "error"
    assert "PF003" not in resolver.settings_for(outer).enabled


def test_file_precedence_within_one_directory(tmp_path: Path):
    put(tmp_path / "pyproject.toml", "[tool.perflint]\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    put(tmp_path / "perflint.toml", "")
    assert find_config(tmp_path) == tmp_path / "perflint.toml"
    put(tmp_path / ".perflint.toml", "")
    assert find_config(tmp_path) == tmp_path / ".perflint.toml"


def test_pyproject_without_a_perflint_table_is_passed_over(tmp_path: Path):
    put(tmp_path / "perflint.toml", 'ignore = ["PF003"]\n')
    put(tmp_path / "project" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert find_config(tmp_path / "project") == tmp_path / "perflint.toml"
    # one that names perflint elsewhere is read, and passed over too
    put(tmp_path / "project" / "pyproject.toml", '[project]\nname = "x"\ndependencies = ["perflint"]\n')
    assert find_config(tmp_path / "project") == tmp_path / "perflint.toml"
    # and one that has the table is the closest config
    put(tmp_path / "project" / "pyproject.toml", '[tool.perflint]\nignore = ["PF003"]\n')
    assert find_config(tmp_path / "project") == tmp_path / "project" / "pyproject.toml"


def test_extend_inherits_and_the_closer_file_overrides(tmp_path: Path):
    put(
        tmp_path / "base.toml",
        'ignore = ["PF001"]\nfail-on = "warning"\n[rules.PF306]\nnumber-unit-spacing = "closed"\n[rules.PF003]\nseverity = "error"\n',
    )
    put(tmp_path / "team" / "perflint.toml", 'extend = "../base.toml"\nfail-on = "info"\n[rules.heading-numbering]\nseverity = "info"\n')
    settings = ConfigResolver().settings_for(tmp_path / "team" / "r.md")
    assert "PF001" not in settings.enabled
    assert settings.fail_on == "info"
    assert settings.severities["PF003"].value == "info"
    assert settings.rule_options == {"PF306": {"number-unit-spacing": "closed"}}


def test_a_missing_base_is_said_from_the_file_that_extends_it(tmp_path: Path):
    put(tmp_path / "perflint.toml", 'extend = "base/nothere.toml"\n')
    with pytest.raises(ConfigError) as caught:
        ConfigResolver().settings_for(tmp_path / "r.md")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'perflint.toml'}: extend: ") and message.endswith("nothere.toml: no such config file")


def test_extend_cycle_is_an_error(tmp_path: Path):
    put(tmp_path / "a.toml", 'extend = "b.toml"\n')
    put(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match="extends itself"):
        ConfigResolver(config_file=tmp_path / "a.toml").settings_for(tmp_path / "r.md")


# -- the command line -----------------------------------------------------------------


def test_config_severity_and_fail_on_change_the_exit_status(tmp_path: Path):
    report = report_in(tmp_path)
    assert run(str(report)).returncode == 0  # PF003 is a warning
    put(tmp_path / "perflint.toml", '[rules.PF003]\nseverity = "error"\n')
    proc = run("--output-format", "json", str(report))
    assert proc.returncode == 1 and findings(proc) == [("PF003", "error")]
    put(tmp_path / "perflint.toml", 'fail-on = "warning"\n')
    assert run(str(report)).returncode == 1
    assert run("--fail-on", "error", str(report)).returncode == 0  # the flag overrides the file


def test_cli_selection_overrides_config(tmp_path: Path):
    report = report_in(tmp_path)
    put(tmp_path / "perflint.toml", 'select = ["PF9"]\n')
    assert findings(run("--output-format", "json", str(report))) == []
    assert findings(run("--output-format", "json", "--extend-select", "PF003", str(report))) == [("PF003", "warning")]
    assert findings(run("--output-format", "json", "--select", "PF0", str(report))) == [("PF003", "warning")]
    assert findings(run("--output-format", "json", "--select", "PF0", "--ignore", "heading-numbering", str(report))) == []
    assert findings(run("--output-format", "json", "--select", "PF001,PF003", str(report))) == [("PF003", "warning")]


def test_rule_option_from_config(tmp_path: Path):
    low = FIXTURES / "gd-dept-overall" / "numbers-low-execution.md"
    report = report_in(tmp_path, low)
    assert ("PF106", "warning") in findings(run("--output-format", "json", str(report)))  # 85.00% is below 90%
    put(tmp_path / "perflint.toml", "[rules.low-execution-rate]\nlow-execution-rate = 80\n")
    assert ("PF106", "warning") not in findings(run("--output-format", "json", str(report)))


def test_different_configs_for_files_in_one_run(tmp_path: Path):
    a = report_in(tmp_path / "a")
    b = report_in(tmp_path / "b")
    put(tmp_path / "b" / "perflint.toml", '[rules.PF003]\nseverity = "info"\n')
    proc = run("--output-format", "json", str(a), str(b))
    assert findings(proc) == [("PF003", "warning"), ("PF003", "info")]


def test_explicit_config_replaces_discovery(tmp_path: Path):
    report = report_in(tmp_path)
    put(tmp_path / "perflint.toml", 'ignore = ["PF003"]\n')
    other = put(tmp_path / "ci" / "strict.toml", '[rules.PF003]\nseverity = "error"\n')
    assert findings(run("--output-format", "json", str(report))) == []
    assert findings(run("--output-format", "json", "--config", str(other), str(report))) == [("PF003", "error")]


def test_pyproject_table(tmp_path: Path):
    report = report_in(tmp_path)
    put(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.perflint]\nignore = ["heading-numbering"]\n')
    assert findings(run("--output-format", "json", str(report))) == []


def test_extra_profiles_and_profile_key(tmp_path: Path):
    profile = put(
        tmp_path / "profiles" / "mini.toml",
        'id = "mini"\nname = "测试模板"\nkind = "dept-overall"\nform = "report"\n[detect]\ntitle = ["工作总结"]\n[[header-fields]]\nname = "单位名称"\n',
    )
    report = put(tmp_path / "r.md", "2023年度工作总结\n\n一、基本情况\n\n正文。\n")
    assert findings(run("--output-format", "json", str(report))) == [("PF901", "info")]
    put(tmp_path / "perflint.toml", f'extra-profiles = ["profiles/{profile.name}"]\n')
    proc = run("--output-format", "json", str(report))
    assert json.loads(out(proc))["files"][0]["profile"] == "mini"
    assert findings(proc) == [("PF005", "error")]  # 单位名称 is missing
    put(tmp_path / "perflint.toml", 'extra-profiles = ["profiles/mini.toml"]\nprofile = "gd-dept-overall"\n')
    assert json.loads(out(run("--output-format", "json", str(report))))["files"][0]["profile"] == "gd-dept-overall"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("perflint.toml", 'selct = ["PF0"]\n', "perflint.toml: selct: unknown key"),
        ("perflint.toml", 'select = ["PF7"]\n', "perflint.toml: select: 'PF7' matches no rule"),
        ("perflint.toml", 'ignore = ["typo-rule"]\n', "perflint.toml: ignore: unknown rule selector 'typo-rule'"),
        ("perflint.toml", '[rules.PF999]\nseverity = "info"\n', "perflint.toml: rules.PF999: unknown rule 'PF999'"),
        (
            "perflint.toml",
            '[rules.PF306]\nlevel = "info"\n',
            "perflint.toml: rules.PF306.level: unknown option for PF306 (number-unit-spacing); its options: not-unit-words, number-unit-spacing, spacing-units",
        ),
        (
            "perflint.toml",
            '[rules.PF303]\nunpunctuated-breaks = "no"\n',
            "perflint.toml: rules.PF303.unpunctuated-breaks: Input should be a valid boolean",
        ),
        ("perflint.toml", '[rules.PF001]\nseverity = "fatal"\n', "perflint.toml: rules.PF001.severity: 'fatal' is not a severity"),
        ("perflint.toml", 'fail-on = "sometimes"\n', "perflint.toml: fail-on: Input should be 'error', 'warning', 'info' or 'never'"),
        ("perflint.toml", 'profile = "nope"\n', "perflint.toml: profile: unknown profile 'nope'"),
        ("perflint.toml", 'extra-profiles = ["missing.toml"]\n', "missing.toml: cannot read template: No such file"),
        ("perflint.toml", "select = [\n", "perflint.toml: invalid TOML"),
        ("pyproject.toml", "[tool.perflint]\nbogus = 1\n", "pyproject.toml: tool.perflint.bogus: unknown key"),
        ("pyproject.toml", "[tool.perflint.rules.PF003]\nfoo = 1\n", "pyproject.toml: tool.perflint.rules.PF003.foo: unknown option"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key_and_exit_two(tmp_path: Path, name, content, message):
    put(tmp_path / name, content)
    report = report_in(tmp_path)
    proc = run("--output-format", "json", str(report), cwd=tmp_path)
    assert proc.returncode == 2
    lines = err(proc).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("perflint: error: ") and message in lines[0], lines[0]


def test_a_bad_config_does_not_stop_other_files(tmp_path: Path):
    put(tmp_path / "bad" / "perflint.toml", "nonsense = true\n")
    bad = report_in(tmp_path / "bad")
    good = report_in(tmp_path / "good", MISSING)
    proc = run("--output-format", "json", str(bad), str(good))
    assert proc.returncode == 2
    files = json.loads(out(proc))["files"]
    assert "nonsense" in files[0]["error"]
    assert [f["code"] for f in files[1]["findings"]] == ["PF001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "PF7"], "command line: --select: 'PF7' matches no rule"),
        (["--ignore", "nope"], "command line: --ignore: unknown rule selector 'nope'"),
        (["--config", "absent.toml"], "absent.toml: no such config file"),
    ],
)
def test_bad_command_line_config_stops_before_linting(tmp_path: Path, args, message):
    proc = run(*args, str(report_in(tmp_path)), cwd=tmp_path)
    assert proc.returncode == 2
    [line] = err(proc).splitlines()
    assert line.startswith(f"perflint: error: {message}")
    assert out(proc) == ""


def test_overrides_dataclass_defaults():
    assert Overrides().select is None and Overrides().ignore == []


def test_stdin_report_uses_the_config_of_its_stdin_filename(tmp_path: Path):
    put(tmp_path / "dept" / "perflint.toml", '[rules.PF003]\nseverity = "error"\n')
    proc = run("--output-format", "json", "--stdin-filename", "dept/r.md", "-", stdin=SKIP.read_bytes(), cwd=tmp_path)
    assert findings(proc) == [("PF003", "error")]
    proc = run("--output-format", "json", "--stdin-filename", "r.md", "-", stdin=SKIP.read_bytes(), cwd=tmp_path)
    assert findings(proc) == [("PF003", "warning")]
