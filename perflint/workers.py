"""Worker processes for ``-j N``: files linted by ``perflint.batch.Job`` in other
processes, the outcomes handed back in path order.

Workers are plain processes, each fed chunks of paths through a pipe and answering one
outcome per file, so the parent knows which file every worker is on: when a worker
dies (a crash in a C extension, the out-of-memory killer), the file it was linting
gets an error, its other files go back in the queue and a new worker takes over. On
Linux the workers are forked, inheriting the parent's loaded profiles and built
linters; elsewhere they are spawned and build their own from the same settings.
"""

import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from perflint.batch import Item, Job, Outcome, internal_error
from perflint.results import FileResult

# Files sent to a worker at a time (at most): enough that the pipe is not the cost,
# few enough that output flows steadily and the last chunks balance the workers.
MAX_CHUNK = 16


def run_in_workers(job: Job, items: Sequence[Item], workers: int, debug: bool) -> Iterator[Outcome]:
    """The outcome of every item in order; files in up to ``workers`` processes, the
    rest (stdin, paths that could not be listed) here."""
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
    assigned: deque[tuple[int, str]] = field(default_factory=lambda: deque())  # sent, not yet answered, in order


class _Pool:
    """Worker processes fed chunks of (index, path) through pipes."""

    def __init__(self, job: Job, count: int, chunk: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork") if "fork" in methods else multiprocessing.get_context("spawn")
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

    def _drain(self, worker: _Worker) -> Generator[tuple[int, Outcome], None, bool]:
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
