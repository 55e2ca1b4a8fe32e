"""The progress bar of a long run: on stderr, shown only once the run has lasted a
second, so a quick run (the usual one, on save or in pre-commit) never draws it and
never imports rich for it.

While the bar is up, whatever goes to the terminal it is drawn on — error lines, and
the findings when stdout is that terminal too — is printed above it through rich, so
the bar stays at the bottom; output to a pipe or a file is written as it is.
"""

import os
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich is imported only when the bar is drawn
    from rich.progress import Progress, TaskID

# Seconds a run lasts before the bar appears.
DELAY = 1.0


class Clock:
    """The time the bar goes by: the monotonic clock, and a timer thread to show the bar
    when the delay has passed. Tests put a clock of their own in ``CLOCK`` to move time
    forward without waiting."""

    def now(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, action: Callable[[], None]) -> Callable[[], None]:
        """Run ``action`` after ``delay`` seconds (in another thread); returns what cancels it."""
        import threading  # only a run that may draw a bar starts a timer thread

        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()
        return timer.cancel


CLOCK = Clock()


class Output:
    """Writes a run's text to its streams (no bar)."""

    def write(self, stream: IO[str], text: str) -> None:
        if text:
            stream.write(text)
            stream.flush()

    def write_bytes(self, stream: IO[str], data: bytes) -> None:
        """Bytes to ``stream``'s binary buffer (a report printed back in its own encoding)."""
        if not data:
            return
        stream.flush()  # what was written as text goes first
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream (output captured in memory)
            stream.write(data.decode("utf-8", errors="replace"))
            stream.flush()
            return
        buffer.write(data)
        buffer.flush()

    def advance(self) -> None:
        pass

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class ProgressOutput(Output):
    """Writes a run's text and, after ``delay`` seconds, draws a bar of files done on ``terminal``."""

    def __init__(self, total: int, terminal: TextIO, delay: float | None = None, clock: Clock | None = None) -> None:
        import threading  # the timer's thread and the run's share the bar

        self.total = total
        self.terminal = terminal
        self.completed = 0
        self._clock = clock or CLOCK
        self._delay = DELAY if delay is None else delay
        self._lock = threading.Lock()
        self._cancel: Callable[[], None] | None = None
        self._progress: Progress | None = None  # once shown
        self._task: TaskID | None = None
        self._closed = False

    def __enter__(self) -> "ProgressOutput":
        self._started = self._clock.now()
        self._cancel = self._clock.call_later(self._delay, self._show)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._cancel is not None:
            self._cancel()
        with self._lock:
            self._closed = True
            if self._progress is not None:
                self._progress.stop()
                self._progress = None  # what the run prints after this goes straight to its stream

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        with self._lock:
            if self._closed:
                return
            console = Console(file=self.terminal, highlight=False)
            progress = Progress(
                TextColumn("perflint"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,  # the terminal keeps the findings and the summary, not the bar
                redirect_stdout=False,  # this class routes the output itself (write)
                redirect_stderr=False,
                get_time=self._clock.now,
            )
            self._task = progress.add_task("", total=self.total, completed=self.completed)
            progress.tasks[0].start_time = self._started  # the run's time, not the bar's
            progress.start()
            self._progress = progress

    def advance(self) -> None:
        with self._lock:
            self.completed += 1
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, completed=self.completed)

    def write(self, stream: IO[str], text: str) -> None:
        if not text:
            return
        with self._lock:
            if self._progress is not None and _same_terminal(stream, self.terminal):
                from rich.text import Text

                self._progress.console.print(Text.from_ansi(text.removesuffix("\n")), soft_wrap=True, highlight=False)
                return
            stream.write(text)
            stream.flush()

    def write_bytes(self, stream: IO[str], data: bytes) -> None:
        if data and self._progress is not None and _same_terminal(stream, self.terminal):
            self.write(stream, data.decode("utf-8", errors="replace"))  # above the bar, as text
            return
        super().write_bytes(stream, data)


def _same_terminal(stream: IO[str], terminal: TextIO) -> bool:
    if stream is terminal:
        return True
    try:
        return stream.isatty() and os.path.samestat(os.fstat(stream.fileno()), os.fstat(terminal.fileno()))
    except (OSError, ValueError, AttributeError):
        return False


def run_output(total: int, show_bar: bool) -> Output:
    """The output for a run of ``total`` files: with a bar on stderr when ``show_bar``
    and stderr is a terminal able to draw one."""
    terminal = sys.stderr
    if show_bar and total > 1 and _isatty(terminal) and os.environ.get("TERM") != "dumb":
        return ProgressOutput(total, terminal)
    return Output()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False
