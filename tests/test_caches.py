"""The caches never change what perflint finds, and never load what another user wrote."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

REPORT = FIXTURES / "gd-dept-overall" / "numbers-wrong-share.md"

# Runs the CLI; prints its exit status and how many findings it printed.
PROBE = """
import sys, io
from perflint.cli import main
out = io.StringIO()
sys.stdout, real = out, sys.stdout
status = main(sys.argv[1:])
sys.stdout = real
print(status, out.getvalue().count('"code"'))
"""


def probe(cache: Path, *args: str, **env: str) -> tuple[list[str], str]:
    environment = {**os.environ, "PERFLINT_CACHE_DIR": str(cache), **env}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.split(), proc.stderr


def lint(cache: Path, **env: str) -> tuple[list[str], str]:
    return probe(cache, "--output-format", "json", str(REPORT), **env)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder as a first run leaves it (built once: each run that builds one
    validates the templates and analyses the grammar, ~0.4 s)."""
    cache = tmp_path_factory.mktemp("built") / "cache"
    lint(cache)
    return cache


@pytest.fixture
def cache(built: Path, tmp_path: Path) -> Path:
    """A copy of that folder for one test to damage, with its modes."""
    copy = tmp_path / "cache"
    shutil.copytree(built, copy)
    return copy


def test_a_warm_cache_gives_the_same_findings(tmp_path: Path):
    cache = tmp_path / "cache"
    cold, _ = lint(cache)
    warm, _ = lint(cache)
    assert cold == warm and cold[0] == "1" and cold[1] != "0"
    assert any(cache.glob("grammar-*")) and any(cache.glob("profiles-*"))


def test_the_cache_folder_is_private(tmp_path: Path):
    cache = tmp_path / "cache"
    lint(cache)
    assert cache.stat().st_mode & 0o777 == 0o700


def test_damaged_caches_are_rebuilt(cache: Path, tmp_path: Path):
    for cached in cache.iterdir():
        cached.write_bytes(b"not a pickle")
    again, err = lint(cache)
    assert again[0] == "1" and again[1] != "0" and err == ""


def test_a_cached_value_of_the_wrong_type_is_rebuilt(cache: Path, tmp_path: Path):
    for cached in cache.glob("profiles-*"):
        cached.write_bytes(pickle.dumps({"something": "else"}))
    again, err = lint(cache)
    assert again[0] == "1" and again[1] != "0" and err == ""


def test_caching_can_be_turned_off(tmp_path: Path):
    result, _ = lint(tmp_path, PERFLINT_NO_CACHE="1")
    assert result[0] == "1"
    assert not any(tmp_path.iterdir())


class _Planted:
    """Unpickling this runs code: what an attacker would plant."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def _plant_everywhere(cache: Path, marker: Path) -> None:
    for cached in cache.iterdir():
        if cached.is_file():
            cached.chmod(0o600)
            cached.write_bytes(pickle.dumps(_Planted(str(marker))))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_a_folder_others_can_write_is_not_read(cache: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    _plant_everywhere(cache, marker)
    cache.chmod(0o777)
    result, err = lint(cache)
    assert not marker.exists()
    assert result[0] == "1" and result[1] != "0"
    assert err.count("warning") == 1 and "cache is not used" in err


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_a_file_others_can_write_is_not_read(cache: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    _plant_everywhere(cache, marker)
    for cached in cache.iterdir():
        cached.chmod(0o666)
    result, err = lint(cache)
    assert not marker.exists()
    assert result[0] == "1" and err.count("warning") == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_links_are_not_followed(cache: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cached in list(cache.iterdir()):
        target = elsewhere / cached.name
        target.write_bytes(pickle.dumps(_Planted(str(marker))))
        cached.unlink()
        cached.symlink_to(target)
    result, _ = lint(cache)
    assert not marker.exists() and result[0] == "1"
    # A linked cache folder is not used either, and nothing is written through it.
    linked = tmp_path / "linked"
    linked.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    result, err = lint(linked)
    assert not marker.exists() and result[0] == "1" and "cache is not used" in err
    assert sorted(p.name for p in elsewhere.iterdir()) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to make a file owned by another user")
def test_a_file_of_another_user_is_not_read(cache: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    _plant_everywhere(cache, marker)
    for cached in cache.iterdir():
        os.chown(cached, 65534, 65534)
    result, err = lint(cache)
    assert not marker.exists() and result[0] == "1" and "cache is not used" in err


def test_writes_never_follow_a_planted_link(tmp_path: Path, monkeypatch):
    """Temporary files come from mkstemp: a link at a name the writer could be predicted to
    use (the entry's name and the writing process's id, as perflint once did) is not
    written through."""
    from perflint import cache

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("PERFLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("PERFLINT_NO_CACHE", raising=False)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    name = "profiles-a.pickle"
    for planted in (f"{name}.{os.getpid()}.tmp", f"profiles.{os.getpid()}.tmp", f".{name}.tmp", f"{name}.tmp"):
        (folder / planted).symlink_to(victim)
    cache.store(name, {"stored": 1})
    assert victim.read_text() == "precious"
    assert cache.load(name, dict) == {"stored": 1}


def test_an_edited_profile_is_validated_again(tmp_path: Path):
    from perflint.profiles import ProfileError, load_profile_file
    from perflint.resources import resource_dir

    profile = tmp_path / "mine.toml"
    base = (resource_dir("rules") / "gd-dept-overall.toml").read_text(encoding="utf-8").replace('id = "gd-dept-overall"', 'id = "mine"')
    profile.write_text(base, encoding="utf-8")
    assert load_profile_file(profile).id == "mine"
    profile.write_text(base + "\nunknown-key = 1\n", encoding="utf-8")
    os.utime(profile, ns=(1, 1))  # a different modification time, as an editor would leave
    with pytest.raises(ProfileError, match="unknown-key: unknown key"):
        load_profile_file(profile)


def test_a_new_entry_leaves_the_newest_few_of_its_kind_and_other_kinds_alone(tmp_path: Path, monkeypatch):
    from perflint import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("PERFLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("PERFLINT_NO_CACHE", raising=False)
    names = [f"grammar-{n:02d}.lark" for n in range(7)]
    for age, name in enumerate(names):
        cache.write(name, lambda handle: handle.write(b"x"))
        os.utime(folder / name, ns=(age * 10**9, age * 10**9))  # later names are newer
    cache.store("profiles-a.pickle", 1)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(names[-cache.KEPT_PER_KIND :] + ["profiles-a.pickle"])


def test_the_code_fingerprint_changes_with_any_file_of_the_package(tmp_path: Path):
    from perflint import cache

    before = cache.code_fingerprint()
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == before  # stable
    target = Path(cache.__file__).resolve().parent / "rules_probe_for_fingerprint.tmp"
    try:
        target.write_text("x")
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() != before
    finally:
        target.unlink()
        cache.code_fingerprint.cache_clear()
