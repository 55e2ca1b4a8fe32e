"""Shared helpers for the tests: paths, and linting a text in-process."""

from __future__ import annotations

import compileall
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from perflint.checks.base import all_rules
from perflint.engine import Linter
from perflint.profiles import ProfileSet
from perflint.results import FileResult
from perflint.sources import source_from_text

# Folders made for this test session, removed at its end by the process that made them.
_SESSION_FOLDERS: list[str] = []


def _session_folder(prefix: str) -> str:
    folder = tempfile.mkdtemp(prefix=prefix)
    _SESSION_FOLDERS.append(folder)
    return folder


# The tests (and the perflint processes they start) keep their caches to themselves:
# a developer's own cache is neither read nor filled with test profiles.
if "PERFLINT_CACHE_DIR" not in os.environ:
    os.environ["PERFLINT_CACHE_DIR"] = _session_folder("perflint-test-cache-")

# The processes the tests start (perflint runs, language servers, reader processes, the
# test workers) each load perflint afresh; where the environment turns bytecode off, each
# would compile its 190 modules again (several seconds of the suite). They write it as
# Python does by default, in the __pycache__ folders git ignores. (A folder of the session
# given as PYTHONPYCACHEPREFIX was tried: every process then also compiled the installed
# libraries again, whose bytecode pip had written beside them.)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
if "PYTEST_XDIST_WORKER" not in os.environ:
    # Once, here, rather than by each test worker and each process they start at the
    # same moment (in a fresh clone, 4–6 s of the suite); a no-op when up to date.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "perflint", quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The test workers take whole files in this order (pyproject: --dist loadfile,
    # --no-loadscope-reorder). The files marked heavy take several seconds each; run
    # first, the small files after them even out the workers' ends, where one long file
    # taken last would leave the other worker idle.
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _SESSION_FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_REPORTS = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
needs_seed = pytest.mark.skipif(
    not SEED_REPORTS, reason="the shared seed report (../shared/seed/*.txt beside the repository) is not present"
)


_PROFILES = ProfileSet.load()
_RULES = [rule() for rule in all_rules()]


def lint_text(text: str, *, profile: str | None = None, dedent: bool = True, path: str = "report.md") -> FileResult:
    """Lint a report given as a string (dedented, so tests can indent it)."""
    if dedent:
        text = textwrap.dedent(text).lstrip("\n")
    linter = Linter(_PROFILES, _RULES, profile_id=profile)
    return linter.lint(source_from_text(text, path))


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]
