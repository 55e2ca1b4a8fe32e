"""The caches that make a cold start fast must never change what perflint finds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

REPORT = FIXTURES / "gd-dept-overall" / "numbers-wrong-share.md"

# Modules a warm run of a Markdown report needs none of: each costs a cold start
# milliseconds (typing, dataclasses and inspect together were a third of it).
HEAVY = ("pydantic", "annotated_types", "lark", "typing", "dataclasses", "inspect", "pkgutil", "threading", "rich", "tomllib")

# Runs the CLI and says its exit status, how many findings it printed and which heavy
# modules it imported.
PROBE = f"""
import sys, io
from perflint.cli import main
out = io.StringIO()
sys.stdout, real = out, sys.stdout
status = main(sys.argv[1:])
sys.stdout = real
print(status, out.getvalue().count('"code"'), ",".join(name for name in {HEAVY!r} if name in sys.modules) or "-")
"""


def probe(cache: Path, *args: str, **env: str) -> list[str]:
    environment = {**os.environ, "PERFLINT_CACHE_DIR": str(cache), **env}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_a_warm_cache_gives_the_same_findings_without_pydantic(tmp_path: Path):
    report = tmp_path / "reports" / REPORT.name  # away from this repository's pyproject.toml
    report.parent.mkdir()
    report.write_bytes(REPORT.read_bytes())
    cold = probe(tmp_path, "--output-format", "json", str(report))
    warm = probe(tmp_path, "--output-format", "json", str(report))
    assert cold[0] == warm[0] == "1" and cold[1] == warm[1] != "0"
    assert {"pydantic", "lark"} <= set(cold[2].split(","))  # the first run validated the profiles, built the parser
    assert warm[2] == "-"  # the second read both from the cache and imported nothing it does not use
    for name in ("profiles-*.pickle", "regex-*.pickle", "grammar-*.pickle"):
        assert any(tmp_path.rglob(name)), name


def test_damaged_caches_are_rebuilt(tmp_path: Path):
    probe(tmp_path, "--output-format", "json", str(REPORT))
    for cached in tmp_path.rglob("*.pickle"):
        cached.write_bytes(b"not a pickle")
    again = probe(tmp_path, "--output-format", "json", str(REPORT))
    assert again[0] == "1" and again[1] != "0"


def test_caching_can_be_turned_off(tmp_path: Path):
    result = probe(tmp_path, "--output-format", "json", str(REPORT), PERFLINT_NO_CACHE="1")
    assert result[0] == "1"
    assert not any(tmp_path.iterdir())


def test_an_edited_profile_is_validated_again(tmp_path: Path):
    from perflint.profiles import ProfileError, load_profile_file
    from perflint.resources import resource_dir

    profile = tmp_path / "mine.toml"
    base = (resource_dir("rules") / "gd-dept-overall.toml").read_text(encoding="utf-8").replace('id = "gd-dept-overall"', 'id = "mine"')
    profile.write_text(base, encoding="utf-8")
    assert load_profile_file(profile).id == "mine"
    profile.write_text(base + "\nunknown-key = 1\n", encoding="utf-8")
    os.utime(profile, ns=(1, 1))  # a different modification time, as an editor would leave
    try:
        load_profile_file(profile)
    except ProfileError as exc:
        assert "unknown-key: unknown key" in str(exc)
    else:
        raise AssertionError("the edited profile was served from the cache")


def _lint_everything() -> None:
    from conftest import _PROFILES, _RULES
    from perflint.engine import Linter
    from perflint.sources import load_path

    linter = Linter(_PROFILES, _RULES)
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".md", ".txt"):
            linter.lint(load_path(path))


def test_every_pattern_from_the_cache_equals_what_re_compiles():
    """Lint everything once, then build each pattern from its cached program, as a
    later process would, and compare it with re.compile's."""
    import _sre

    from perflint import regexes

    _lint_everything()
    programs = regexes.known()
    assert len(programs) > 50
    for (pattern, flags), program in programs.items():
        rebuilt = _sre.compile(pattern, *program)
        assert rebuilt == re.compile(pattern, flags), pattern
        assert rebuilt.groupindex == re.compile(pattern, flags).groupindex


def test_patterns_built_from_vocabularies_are_the_same_in_every_process(tmp_path: Path):
    """String hashing is salted per process: a pattern built from a set's order would
    differ from run to run, miss the regex cache every time and grow it without end."""
    probe(tmp_path, "--output-format", "json", str(REPORT), PYTHONHASHSEED="1")
    [first] = tmp_path.rglob("regex-*.pickle")
    size = first.stat().st_size
    probe(tmp_path, "--output-format", "json", str(REPORT), PYTHONHASHSEED="2")
    probe(tmp_path, "--output-format", "json", str(REPORT), PYTHONHASHSEED="3")
    assert first.stat().st_size == size
