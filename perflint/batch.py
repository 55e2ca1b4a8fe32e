"""Linting many files: the work done for one file, and running it in this process
(``-j 1``) or in worker processes (``-j N``, perflint.workers), with the outcomes in
path order.

``Job.run`` is the whole of one file's work — load, find its config, lint, fix when
asked, cut the result down to what the output needs (perflint.shrink) — and the same
function runs in both modes, so ``-j 2`` prints byte for byte what ``-j 1`` prints.
"""

import os
from collections import Counter
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.config import ConfigError, Overrides
from perflint.fixable import WRITABLE_FORMATS, applicable_fix
from perflint.results import FileResult
from perflint.shrink import shrink
from perflint.sources import DEFAULT_MAX_FILE_SIZE, LoadError, Source, load_path
from perflint.workspace import Workspace

if TYPE_CHECKING:
    from perflint.readers.budget import ReadBudget


@dataclass()
class JobSpec:
    """The settings every file of a run is linted with (picklable: a spawned worker
    rebuilds its linters from it)."""

    overrides: Overrides = field(default_factory=lambda: Overrides())
    config_file: Path | None = None
    lang: str = "zh"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    read_budget: "ReadBudget | None" = None  # for .docx and .pdf; None: the default
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    whole_text: bool = False  # keep each report's whole text (--output-format html), up to WHOLE_TEXT_LIMIT


# A report kept whole for a format that shows it (html) is kept whole up to this many
# characters, some 250 pages; a longer one keeps only the lines its findings point at.
WHOLE_TEXT_LIMIT = 500_000


@dataclass(slots=True)
class StdinReport:
    """A report read from stdin, linted in the parent; ``config_path`` is where its
    config is searched from."""

    source: Source
    config_path: Path
    data: bytes  # the bytes read: --fix prints the report back in their encoding and line ends


# What a run is made of, in order: a file to read, a report already read from stdin,
# or a path that could not even be listed.
Item = Path | StdinReport | LoadError


@dataclass(slots=True)
class Outcome:
    """One file's result and what the command line does with it besides the findings."""

    result: FileResult
    fail_on: str = "error"  # the fail-on of the config governing the file
    config_error: str | None = None  # set when that config is broken; printed once for all its files
    diff: bytes = b""  # --diff: the unified diff of the fixes, in the report's encoding (perflint.diffs)
    fixed_report: bytes | None = None  # --fix on stdin: the report to print (fixed or not), encoded as it came
    fixed: int = 0  # fixes applied
    changed: bool = False  # the fixes changed the file
    fixed_rules: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, name) → fixes applied
    in_document: int = 0  # a Word or PDF report: the fixes --fix would make, which are the document's to make


class Job:
    """Lints one item with the run's settings; one per process, holding the linters
    built so far (one per config file)."""

    def __init__(self, spec: JobSpec) -> None:
        self.spec = spec
        self._workspace: Workspace | None = None

    def __getstate__(self) -> dict:
        return {"spec": self.spec}  # a spawned worker builds its own workspace

    def __setstate__(self, state: dict) -> None:
        self.spec, self._workspace = state["spec"], None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace(self.spec.overrides, self.spec.config_file, lang=self.spec.lang)
        return self._workspace

    def run(self, item: Item, *, reraise: bool = False) -> Outcome:
        """The outcome for ``item``; an unexpected exception becomes the file's error
        (or propagates, with ``reraise``) so that one bad file does not stop a run."""
        try:
            if isinstance(item, LoadError):
                return Outcome(FileResult(item.path, error=item.reason))
            if isinstance(item, StdinReport):
                outcome = self._lint(item.source, item.config_path, item)
            else:
                try:
                    source = load_path(item, max_size=self.spec.max_file_size, budget=self.spec.read_budget)
                except LoadError as exc:
                    return Outcome(FileResult(exc.path, error=exc.reason))
                outcome = self._lint(source, item, item)
            linted = outcome.result.source
            if not (self.spec.whole_text and linted is not None and len(linted.text) <= WHOLE_TEXT_LIMIT):
                outcome.result = shrink(outcome.result)
            return outcome
        except Exception as exc:
            if reraise:
                raise
            return Outcome(FileResult(_shown(item), error=internal_error(exc)))

    def _lint(self, source: Source, config_path: Path, item: Path | StdinReport) -> Outcome:
        try:
            linter, settings = self.workspace.linter_for(config_path)
        except ConfigError as exc:
            return Outcome(FileResult(source.path, error=f"not checked: {exc}"), config_error=str(exc))
        if not (self.spec.fix or self.spec.diff):
            return Outcome(linter.lint(source), fail_on=settings.fail_on)
        if source.format not in WRITABLE_FORMATS:
            outcome = self._in_document(linter, source, item)
        else:
            outcome = self._fix(linter, source, item)
        outcome.fail_on = settings.fail_on
        return outcome

    def _in_document(self, linter, source: Source, item: Path | StdinReport) -> Outcome:
        """A Word or PDF report under --fix or --diff: perflint never rewrites one, so it
        is linted as usual and its fixes are counted, to be made in the document (a
        report read from stdin is printed back as it came)."""
        result = linter.lint(source)
        fixes = sum(1 for finding in result.findings if applicable_fix(finding, unsafe=self.spec.unsafe_fixes) is not None)
        outcome = Outcome(result, in_document=fixes)
        if isinstance(item, StdinReport) and not self.spec.diff:
            outcome.fixed_report = item.data
        return outcome

    def _fix(self, linter, source: Source, item: Path | StdinReport) -> Outcome:
        """Fix ``source``: a diff with --diff; else the file written back, or the report
        read from stdin given back to be printed."""
        from perflint.fixing import fix_source
        from perflint.writing import WriteError, fixed_bytes, write_fixed

        fixing = fix_source(linter, source, unsafe=self.spec.unsafe_fixes)
        if fixing.refused:
            return Outcome(FileResult(source.path, error=fixing.refused))
        outcome = Outcome(fixing.result)
        try:
            if self.spec.diff:
                if fixing.changed:
                    outcome.diff = _diff(source, fixing.text, item)
            elif isinstance(item, StdinReport):
                outcome.fixed_report = fixed_bytes(source, fixing.text, item.data) if fixing.changed else item.data
            elif fixing.changed:
                write_fixed(item, source, fixing.text)
        except WriteError as exc:
            return Outcome(FileResult(source.path, error=str(exc)))
        if fixing.changed:
            outcome.fixed, outcome.changed, outcome.fixed_rules = fixing.fixed, True, fixing.rules
        return outcome


def _diff(source: Source, fixed_text: str, item: Path | StdinReport) -> bytes:
    """--diff: the report's bytes as read against the bytes --fix would write (raises
    perflint.writing.WriteError when the file changed since it was read)."""
    from perflint.diffs import diff_path, unified_diff
    from perflint.writing import fixed_bytes, fixed_version

    if isinstance(item, StdinReport):
        before, after = item.data, fixed_bytes(source, fixed_text, item.data)
    else:
        version, after = fixed_version(item, source, fixed_text)
        before = version.content
    return unified_diff(diff_path(source.path), before, after, source.encoding)


def internal_error(exc: BaseException) -> str:
    return f"internal error: {type(exc).__name__}: {exc} (set PERFLINT_DEBUG=1 for a traceback)"


def _shown(item: Item) -> str:
    if isinstance(item, StdinReport):
        return item.source.path
    return item.path if isinstance(item, LoadError) else str(item)


# -- running ------------------------------------------------------------------------------


def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(job: Job, items: Sequence[Item], jobs: int = 1) -> Generator[Outcome, None, None]:
    """The outcome of every item, in the order of ``items``, each as soon as it and
    all before it are done. ``jobs`` > 1 lints files in that many worker processes
    (never more than there are files)."""
    files = sum(1 for item in items if isinstance(item, Path))
    debug = bool(os.environ.get("PERFLINT_DEBUG"))
    if jobs < 2 or files < 2:
        for item in items:
            yield job.run(item, reraise=debug)
        return
    from perflint.workers import run_in_workers  # only here: multiprocessing costs a cold start

    yield from run_in_workers(job, items, jobs, debug)
