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
from typing import TextIO

# Seconds a run lasts before the bar appears.
DELAY = 1.0


class Output:
    """Writes a run's text to its streams (no bar)."""

    def write(self, stream: TextIO, text: str) -> None:
        if text:
            stream.write(text)
            stream.flush()

    def advance(self) -> None:
        pass

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class ProgressOutput(Output):
    """Writes a run's text and, after ``delay`` seconds, draws a bar of files done on ``terminal``."""

    def __init__(self, total: int, terminal: TextIO, delay: float | None = None) -> None:
        self.total = total
        self.terminal = terminal
        import threading  # only a run that may draw a bar starts a timer thread

        self.completed = 0
        self._lock = threading.Lock()
        self._timer = threading.Timer(DELAY if delay is None else delay, self._show)
        self._timer.daemon = True
        self._progress = None  # a rich Progress once shown
        self._task = None
        self._closed = False

    def __enter__(self) -> "ProgressOutput":
        self._started = time.monotonic()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
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
            )
            self._task = progress.add_task("", total=self.total, completed=self.completed)
            progress.tasks[0].start_time = progress.get_time() - (time.monotonic() - self._started)  # the run's time, not the bar's
            progress.start()
            self._progress = progress

    def advance(self) -> None:
        with self._lock:
            self.completed += 1
            if self._progress is not None:
                self._progress.update(self._task, completed=self.completed)

    def write(self, stream: TextIO, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self._progress is not None and _same_terminal(stream, self.terminal):
                from rich.text import Text

                self._progress.console.print(Text.from_ansi(text.removesuffix("\n")), soft_wrap=True, highlight=False)
                return
            stream.write(text)
            stream.flush()


def _same_terminal(stream: TextIO, terminal: TextIO) -> bool:
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
