"""Linting off the message loop, the newest buffer of each document winning.

A lint of a long report takes a while; run on pygls's message loop it would hold up
every hover and code action behind it. Here one worker thread lints, in order of
arrival, the newest buffer of each document: a document edited five times while a
lint runs is linted once more, not five times, and a result for a buffer the editor
has since replaced (or closed) is dropped, never published over a newer one.

One thread is enough: a lint is Python code holding the GIL, so a second one would
not finish sooner; the message loop still gets its turns while the worker runs.
"""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A document's buffer as it was when a lint was asked for."""

    uri: str
    version: int | None
    text: str
    path: Path
    encoding: str  # the position encoding agreed with the client


class LintQueue(Generic[R]):
    """Lints snapshots with ``lint`` on one worker thread and hands each result that
    is still the newest for its document to ``publish`` (on the worker thread).

    ``lint`` returns ``None`` for a document it does not lint.
    """

    def __init__(self, lint: Callable[[Snapshot], R | None], publish: Callable[[Snapshot, R], None]) -> None:
        self._lint = lint
        self._publish = publish
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="perflint-lint")
        self._lock = threading.Lock()
        self._pending: dict[str, Snapshot] = {}  # the newest snapshot not yet taken by the worker
        self._newest: dict[str, int] = {}  # which request is the newest, per document
        self._requests = 0
        self._stopped = False

    def submit(self, snapshot: Snapshot) -> None:
        """Lint ``snapshot`` soon; it supersedes every earlier one of its document."""
        with self._lock:
            if self._stopped:
                return
            self._requests += 1
            self._newest[snapshot.uri] = self._requests
            self._pending[snapshot.uri] = snapshot
            self._worker.submit(self._lint_pending, snapshot.uri)

    def close(self, uri: str, then: Callable[[], None]) -> None:
        """The document is closed: no result of it is published from now on; ``then``
        runs under the same lock, so that nothing published lands after it."""
        with self._lock:
            self._newest.pop(uri, None)
            self._pending.pop(uri, None)
            then()

    def call(self, function: Callable[[], T]) -> "Future[T]":
        """Run ``function`` on the worker, after the lints asked for before it."""
        with self._lock:
            if self._stopped:
                cancelled: Future[T] = Future()
                cancelled.cancel()
                return cancelled
            return self._worker.submit(function)

    def stop(self) -> None:
        """Drop what is queued; the lint that runs finishes unpublished."""
        with self._lock:
            self._stopped = True
            self._pending.clear()
            self._newest.clear()
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _lint_pending(self, uri: str) -> None:
        with self._lock:
            snapshot = self._pending.pop(uri, None)
            request = self._newest.get(uri)
        if snapshot is None or request is None:
            return  # an earlier job linted the newest snapshot already, or it was closed
        try:
            result = self._lint(snapshot)
        except Exception as exc:  # one report that breaks the linter must not stop the worker
            logger.error("could not lint %s: %s: %s", snapshot.uri, type(exc).__name__, exc)
            logger.debug("the lint failed", exc_info=True)
            return
        if result is None:
            return
        with self._lock:
            if self._newest.get(uri) == request:
                self._publish(snapshot, result)
