"""Linting many files: the work done for one file, and running it in this process
(``-j 1``) or in worker processes (``-j N``), with the outcomes in path order.

``Job.run`` is the whole of one file's work — load, find its config, lint, fix when
asked, cut the result down to what the output needs (perflint.shrink) — and the same
function runs in both modes, so ``-j 2`` prints byte for byte what ``-j 1`` prints.

Workers are plain processes, each fed chunks of paths through a pipe and answering one
outcome per file, so the parent knows which file every worker is on: when a worker
dies (a crash in a C extension, the out-of-memory killer), the file it was linting
gets an error, its other files go back in the queue and a new worker takes over. On
Linux the workers are forked, inheriting the parent's loaded profiles and built
linters; elsewhere they are spawned and build their own from the same settings.
"""

from __future__ import annotations

import difflib
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from perflint.config import ConfigError, Overrides
from perflint.engine import FileResult
from perflint.shrink import shrink
from perflint.sources import DEFAULT_MAX_FILE_SIZE, LoadError, Source, load_path
from perflint.workspace import Workspace

# Files sent to a worker at a time (at most): enough that the pipe is not the cost,
# few enough that output flows steadily and the last chunks balance the workers.
MAX_CHUNK = 16


@dataclass(frozen=True)
class JobSpec:
    """The settings every file of a run is linted with (picklable: a spawned worker
    rebuilds its linters from it)."""

    overrides: Overrides = field(default_factory=Overrides)
    config_file: Path | None = None
    lang: str = "zh"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False


@dataclass(frozen=True, slots=True)
class StdinReport:
    """A report read from stdin, linted in the parent; ``config_path`` is where its
    config is searched from."""

    source: Source
    config_path: Path


# What a run is made of, in order: a file to read, a report already read from stdin,
# or a path that could not even be listed.
Item = Path | StdinReport | LoadError


@dataclass(slots=True)
class Outcome:
    """One file's result and what the command line does with it besides the findings."""

    result: FileResult
    fail_on: str = "error"  # the fail-on of the config governing the file
    config_error: str | None = None  # set when that config is broken; printed once for all its files
    diff: str = ""  # --diff: the unified diff of the fixes
    fixed_text: str | None = None  # --fix on stdin: the report to print (fixed or not)
    fixed: int = 0  # fixes applied
    changed: bool = False  # the fixes changed the file


class Job:
    """Lints one item with the run's settings; one per process, holding the linters
    built so far (one per config file)."""

    def __init__(self, spec: JobSpec, workspace: Workspace | None = None) -> None:
        self.spec = spec
        self._workspace = workspace

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
                outcome = self._lint(item.source, item.config_path, None)
            else:
                try:
                    source = load_path(item, max_size=self.spec.max_file_size)
                except LoadError as exc:
                    return Outcome(FileResult(exc.path, error=exc.reason))
                outcome = self._lint(source, item, item)
            outcome.result = shrink(outcome.result)
            return outcome
        except Exception as exc:
            if reraise:
                raise
            return Outcome(FileResult(_shown(item), error=internal_error(exc)))

    def _lint(self, source: Source, config_path: Path, write_to: Path | None) -> Outcome:
        try:
            linter, settings = self.workspace.linter_for(config_path)
        except ConfigError as exc:
            return Outcome(FileResult(source.path, error=f"not checked: {exc}"), config_error=str(exc))
        if not (self.spec.fix or self.spec.diff):
            return Outcome(linter.lint(source), fail_on=settings.fail_on)
        outcome = self._fix(linter, source, write_to)
        outcome.fail_on = settings.fail_on
        return outcome

    def _fix(self, linter, source: Source, write_to: Path | None) -> Outcome:
        from perflint.fixing import fix_source
        from perflint.writing import WriteError, write_fixed

        fixing = fix_source(linter, source, unsafe=self.spec.unsafe_fixes)
        if fixing.refused:
            return Outcome(FileResult(source.path, error=fixing.refused))
        outcome = Outcome(fixing.result)
        if fixing.changed:
            if self.spec.diff:
                outcome.diff = unified_diff(source.path, source.text, fixing.text)
            elif write_to is None:
                outcome.fixed_text = fixing.text
            else:
                try:
                    write_fixed(write_to, source, fixing.text)
                except WriteError as exc:
                    return Outcome(FileResult(source.path, error=str(exc)))
            outcome.fixed, outcome.changed = fixing.fixed, True
        elif write_to is None and not self.spec.diff:
            outcome.fixed_text = source.text
        return outcome


def internal_error(exc: BaseException) -> str:
    return f"internal error: {type(exc).__name__}: {exc} (set PERFLINT_DEBUG=1 for a traceback)"


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


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


def run(job: Job, items: Sequence[Item], jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of every item, in the order of ``items``, each as soon as it and
    all before it are done. ``jobs`` > 1 lints files in that many worker processes
    (never more than there are files)."""
    files = sum(1 for item in items if isinstance(item, Path))
    debug = bool(os.environ.get("PERFLINT_DEBUG"))
    if jobs < 2 or files < 2:
        for item in items:
            yield job.run(item, reraise=debug)
        return
    yield from _run_in_workers(job, items, jobs, debug)


def _run_in_workers(job: Job, items: Sequence[Item], workers: int, debug: bool) -> Iterator[Outcome]:
    # The first file is linted here, before the workers start: forked, they inherit
    # everything it loaded (profiles, linters, the parser) instead of each loading it.
    first = next(index for index, item in enumerate(items) if isinstance(item, Path))
    for item in items[: first + 1]:
        yield job.run(item, reraise=debug)
    paths = [(index, str(item)) for index, item in enumerate(items) if index > first and isinstance(item, Path)]
    workers = min(workers, len(paths))
    size = max(1, min(MAX_CHUNK, len(paths) // (workers * 8)))
    queue = deque(paths[start : start + size] for start in range(0, len(paths), size))
    done: dict[int, Outcome] = {}
    pool = _Pool(job, workers, size)
    try:
        for index in range(first + 1, len(items)):
            item = items[index]
            if not isinstance(item, Path):
                pool.feed(queue)  # keep the workers busy while this one is linted here
                yield job.run(item, reraise=debug)
                continue
            while index not in done:
                pool.feed(queue)
                done.update(pool.collect(queue))
            yield done.pop(index)
    finally:
        pool.close()


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    assigned: deque[tuple[int, str]] = field(default_factory=deque)  # sent, not yet answered, in order


class _Pool:
    """Worker processes fed chunks of (index, path) through pipes."""

    def __init__(self, job: Job, count: int, chunk: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.job = job
        self.chunk = chunk
        self.workers = [self._start() for _ in range(count)]

    def _start(self) -> _Worker:
        for stream in (sys.stdout, sys.stderr):  # a forked child flushes what it inherits
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.job), daemon=True, name="perflint-worker")
        # A forked worker shares the parent's memory until it writes to it; frozen, the
        # objects it inherits are left alone by its garbage collector, which would
        # otherwise touch (and so copy) every one of them.
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        child.close()
        return _Worker(process, parent)

    def feed(self, queue: deque[list[tuple[int, str]]]) -> None:
        """Give each worker up to two chunks ahead, so none waits for the parent."""
        for worker in self.workers:
            while queue and len(worker.assigned) < 2 * self.chunk:
                chunk = queue.popleft()
                worker.assigned.extend(chunk)
                try:
                    worker.conn.send(chunk)
                except OSError:
                    break  # it died: collect() finds out and hands its files on

    def collect(self, queue: deque[list[tuple[int, str]]]) -> Iterator[tuple[int, Outcome]]:
        """Wait for at least one answer or one worker's death; yield what came in."""
        busy = [worker for worker in self.workers if worker.assigned]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for number, worker in enumerate(self.workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                alive = yield from self._drain(worker)
                if not alive or worker.process.sentinel in ready:
                    yield from self._replace(number, queue)

    def _drain(self, worker: _Worker) -> Iterator[tuple[int, Outcome]]:
        """Receive what the worker has sent; False if its pipe is closed."""
        try:
            while worker.conn.poll():
                index, outcome = worker.conn.recv()
                expected, _ = worker.assigned.popleft()
                assert index == expected, "a worker answered out of order"
                yield index, outcome
        except (EOFError, OSError):
            return False
        return True

    def _replace(self, number: int, queue: deque[list[tuple[int, str]]]) -> Iterator[tuple[int, Outcome]]:
        """A worker has stopped: the file it was on gets an error, the files it had
        not started go back to the front of the queue, and a new worker starts."""
        worker = self.workers[number]
        worker.process.join(timeout=5)
        if worker.assigned:
            index, path = worker.assigned.popleft()
            yield index, Outcome(FileResult(path, error=f"internal error: {_how_it_stopped(worker.process.exitcode)}"))
            if worker.assigned:
                queue.appendleft(list(worker.assigned))
        worker.conn.close()
        self.workers[number] = self._start()

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
            worker.conn.close()


def _how_it_stopped(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process linting it was killed by {name}"
    return f"the worker process linting it stopped (exit status {exitcode})"


def _serve(conn: Connection, job: Job) -> None:
    """A worker: lint the chunks it is sent, answering one outcome per file, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    debug = bool(os.environ.get("PERFLINT_DEBUG"))
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for index, path in chunk:
            try:
                outcome = job.run(Path(path), reraise=debug)
            except Exception as exc:  # PERFLINT_DEBUG: the traceback goes to stderr, the run goes on
                traceback.print_exc()
                outcome = Outcome(FileResult(path, error=internal_error(exc)))
            try:
                conn.send((index, outcome))
            except Exception as exc:  # an outcome that cannot be pickled
                conn.send((index, Outcome(FileResult(path, error=f"internal error: cannot pass the result on: {exc}"))))
