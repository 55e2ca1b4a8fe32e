"""The pre-commit hook definition, checked with pre-commit's own manifest schema."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, ROOT
from test_cli import run

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
        ("scan.pdf", False),
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
