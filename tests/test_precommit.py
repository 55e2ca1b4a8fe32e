"""The pre-commit hook: its definition, checked with pre-commit's own manifest schema,
and the README's snippet installed by pre-commit from a local clone and run on a
scratch repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_readme_examples import block

from conftest import FIXTURES, ROOT
from test_cli import run

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit (a test dependency) is not installed")

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hook() -> dict:
    [only] = clientlib.load_manifest(str(HOOKS))  # raises InvalidManifestError on a bad manifest
    return only


def test_manifest_is_valid_and_runs_the_console_script():
    entry = hook()
    assert (entry["id"], entry["entry"], entry["language"]) == ("perflint", "perflint", "python")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^perflint = "perflint\.cli:main"$', pyproject, re.M), "the hook's entry must be the console script"


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("reports/2023/部门自评.md", True),
        ("a.markdown", True),
        ("b.txt", True),
        ("c.docx", True),
        ("D.DOCX", True),
        ("r.md.expected.json", False),
        ("notes.doc", False),
        ("scan.pdf", True),
        ("SCAN.PDF", True),
        ("budget.xlsx", False),
        ("facts.csv", False),
        ("md", False),
    ],
)
def test_files_pattern(name: str, matches: bool):
    assert bool(re.search(hook()["files"], name)) is matches


def test_the_hook_command_fails_on_a_bad_report_and_passes_a_clean_one():
    # pre-commit runs `entry args… FILES…` and fails the commit on a non-zero exit.
    args = hook()["args"]
    bad = run(*args, str(FIXTURES / "gd-dept-overall" / "missing-section.md"))
    assert bad.returncode == 1
    good = run(*args, str(FIXTURES / "gd-dept-overall" / "clean.md"))
    assert good.returncode == 0


# What a clone of perflint needs for pip to install it (the wheel's sources and metadata).
CLONED = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "perflint", "rules", "grammar")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}
# What pip says when no package index can be reached: the hook's environment cannot be made here.
_NO_INDEX = ("No matching distribution found", "Could not find a version", "NewConnectionError", "Network is unreachable")


def _git(folder: Path, *args: str) -> str:
    env = {**os.environ, **GIT_IDENTITY}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def _clone_of_this_tree(target: Path) -> str:
    """This working tree's perflint as a git repository (what a user clones), its commit."""
    for name in CLONED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "perflint")
    return _git(target, "rev-parse", "HEAD")


def _pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    # pip in the hook's environment: no byte-compiling of what it installs, no look for a newer pip
    # (the hook runs once or twice here; both cost more CPU than the whole test otherwise).
    quiet_pip = {"PIP_NO_COMPILE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env = {**os.environ, **GIT_IDENTITY, **quiet_pip, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PERFLINT_OUTPUT_FORMAT", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git, which pre-commit clones hook repositories with")
def test_the_readme_snippet_installs_the_hook_from_a_clone_and_lints_only_the_reports(tmp_path: Path):
    """The README's .pre-commit-config.yaml, as written but for where perflint is: the
    hook installs from a local clone, lints the reports (Markdown, Word, PDF) and leaves
    a spreadsheet and a CSV beside them alone; `pre-commit autoupdate` pins the commit."""
    clone = tmp_path / "perflint"
    clone.mkdir()
    commit = _clone_of_this_tree(clone)
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    shutil.copy(FIXTURES / "gd-dept-overall" / "missing-section.md", project / "reports" / "report.md")
    shutil.copy(FIXTURES / "office" / "clean.docx", project / "reports" / "report.docx")
    shutil.copy(FIXTURES / "office" / "clean.pdf", project / "reports" / "scan.pdf")
    (project / "reports" / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet, not a report")
    (project / "reports" / "facts.csv").write_text("unit,score\n测试中心,92\n", encoding="utf-8")
    (project / "notes.md").write_text("# 会议记录\n\n不是报告。\n", encoding="utf-8")  # outside reports/
    snippet = block("yaml", "id: perflint")
    assert re.search(r"^    rev: HEAD\b", snippet, re.M), "the snippet installs as written: rev HEAD until autoupdate pins it"
    config = re.sub(r"^(  - repo: )\S+", lambda m: m.group(1) + clone.as_posix(), snippet, count=1, flags=re.M)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    failing = _pre_commit(project, home, "run", "--all-files")
    if failing.returncode not in (0, 1) and any(sign in failing.stdout + failing.stderr for sign in _NO_INDEX):
        pytest.skip("pre-commit could not install the hook's environment: no package index reachable for pip")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "reports/report.md:1:1: PF001 error" in failing.stdout
    assert "检查了 3 个文件" in failing.stdout  # report.md, report.docx, scan.pdf: not the .xlsx, the .csv or notes.md
    assert "xlsx" not in failing.stdout and "csv" not in failing.stdout and "notes.md" not in failing.stdout

    shutil.copy(FIXTURES / "gd-dept-overall" / "clean.md", project / "reports" / "report.md")
    _git(project, "add", "-A")
    passing = _pre_commit(project, home, "run", "--all-files")
    assert passing.returncode == 0, passing.stdout + passing.stderr

    update = _pre_commit(project, home, "autoupdate")
    assert update.returncode == 0, update.stdout + update.stderr
    pinned = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^    rev: {commit}\b", pinned, re.M), pinned
    assert _pre_commit(project, home, "validate-config", ".pre-commit-config.yaml").returncode == 0
