"""What a run does with each file's outcome: one sink per output mode, chosen once from
the command line (perflint.cli, which also turns ``Seen`` into the exit status).

``Run.take`` handles what every mode shares — a line on stderr for a file that could not
be linted (once for all the files of a broken config), the ``--baseline``, and ``Seen``,
the tally the exit status comes from — and hands the outcome to the run's sink:

- ``StreamSink``: a format with a part per file (full, concise, json-lines, github),
  each part printed as soon as its file is done, the closing part at the end;
- ``DocumentSink``: a format that is one document for the whole run (json, sarif, junit,
  html, csv), rendered at the end; ``StatisticsSink``: ``--statistics``, the same way;
- ``FixSink``: ``--fix`` and ``--diff``: the diffs, the report read from stdin printed
  back, how many fixes; with ``--fix`` what remains goes on to one of the sinks above;
- ``BaselineSink``: ``--write-baseline``.

A sink takes outcomes (``take``) and then ends the run (``finish``), or is dropped when
the run stops early (``discard``). Its text goes to a ``Target``: stdout, stderr, or the
``-o`` file, which is written beside the old one and put in place only after the run
(perflint.atomic), so an interrupted or failed run leaves the old output as it was.
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from perflint.atomic import AtomicWriter
from perflint.batch import Outcome
from perflint.output import FilePart, RenderOptions
from perflint.output.escaping import terminal_safe
from perflint.output.summary import Totals
from perflint.progress import Output
from perflint.results import FileResult, Severity


@dataclass(slots=True)
class Seen:
    """What the run saw, as far as the exit status is concerned."""

    not_linted: bool = False  # a file could not be read, its config is broken, or its fixes were not applied
    rule_failed: bool = False  # a rule raised on a file (its finding says so)
    failing: bool = False  # a finding at or above the fail-on of the file's config
    fixed: int = 0  # fixes applied (or, with --diff, that would be)
    fixed_files: int = 0
    output_failed: bool = False  # the -o file or the baseline could not be written

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        self.not_linted |= bool(result.error)
        self.rule_failed |= result.had_internal_error
        self.failing |= fails(result, outcome.fail_on)
        if outcome.changed:
            self.fixed += outcome.fixed
            self.fixed_files += 1


def fails(result: FileResult, fail_on: str) -> bool:
    """Whether ``result`` has a finding at or above ``fail_on``."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in result.findings)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Target:
    """Where a sink's text goes: a standard stream, or the ``-o`` file. A write to the
    file that fails (a full disk) is remembered and said once, when the run ends."""

    def __init__(self, output: Output, stream: IO[str], file: AtomicWriter | None = None, name: str = "") -> None:
        self.output = output
        self.stream = stream
        self.file = file
        self.name = name
        self._failure: OSError | None = None

    @classmethod
    def open_file(cls, output: Output, name: str) -> "Target":
        """The ``-o`` file, opened before the run so that a folder that cannot take it
        is said before any work (raises OSError)."""
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = AtomicWriter(path, encoding="utf-8")
        return cls(output, writer.file, writer, name)

    @property
    def to_file(self) -> bool:
        return self.file is not None

    def write(self, text: str) -> None:
        self._written(self.output.write, text)

    def write_bytes(self, data: bytes) -> None:
        self._written(self.output.write_bytes, data)

    def _written(self, write: Callable, what: str | bytes) -> None:
        if self._failure is not None:
            return
        try:
            write(self.stream, what)
        except OSError as exc:
            if self.file is None:
                raise
            self._failure = exc

    def commit(self, seen: Seen) -> None:
        """Put the ``-o`` file in place; when that fails, say why and leave the old one."""
        if self.file is None:
            return
        try:
            if self._failure is not None:
                raise self._failure
            self.file.commit()
        except OSError as exc:
            self.file.discard()
            self.output.write(sys.stderr, f"perflint: error: {terminal_safe(self.name)}: cannot write output: {exc.strerror or exc}\n")
            seen.output_failed = True

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()


class Sink(Protocol):
    """Takes each file's outcome in path order, then ends the run's output."""

    def take(self, outcome: Outcome) -> None: ...

    def finish(self, seen: Seen) -> None:
        """The run is over: the output is completed (or its failure said, in ``seen``)."""

    def discard(self) -> None:
        """The run stopped early: drop what is half written."""


class StreamSink:
    """A format printed a part per file as each is done, and a closing part (the summary)."""

    def __init__(self, parts: tuple[FilePart, Callable | None], target: Target, options: RenderOptions) -> None:
        self.part, self.closing = parts
        self.target = target
        self.options = options
        self.totals = Totals()

    def take(self, outcome: Outcome) -> None:
        self.totals.add(outcome.result)
        self.target.write(self.part(outcome.result, self.options))

    def finish(self, seen: Seen) -> None:
        if self.closing is not None:
            self.target.write(self.closing(self.totals, self.options))
        self.target.commit(seen)

    def discard(self) -> None:
        self.target.discard()


class DocumentSink:
    """A format rendered once from all the results, at the end (the results are kept as
    perflint.batch cut them down). ``utf8_bytes``: a file in UTF-8 whatever the stream's
    encoding (html, csv), written as bytes."""

    def __init__(self, render: Callable[[list[FileResult]], str], target: Target, *, utf8_bytes: bool = False) -> None:
        self.render = render
        self.target = target
        self.utf8_bytes = utf8_bytes
        self.kept: list[FileResult] = []

    def take(self, outcome: Outcome) -> None:
        self.kept.append(outcome.result)

    def finish(self, seen: Seen) -> None:
        text = self.render(self.kept)
        if self.utf8_bytes:
            self.target.write_bytes(text.encode("utf-8"))
        else:
            self.target.write(text)
        self.target.commit(seen)

    def discard(self) -> None:
        self.target.discard()


class StatisticsSink(DocumentSink):
    """``--statistics``: how many findings of each rule, as text or JSON."""

    def __init__(self, target: Target, *, as_json: bool) -> None:
        from perflint.output.statistics import render_statistics

        super().__init__(lambda results: render_statistics(results, as_json=as_json), target)


class FixSink:
    """``--fix`` and ``--diff``: each file's diff, or the report read from stdin printed
    back (fixed or not) on stdout as it comes; at the end how many fixes were made (or
    would be), after what remains of the findings when ``remaining`` shows them."""

    def __init__(self, output: Output, *, diff: bool, remaining: Sink | None) -> None:
        self.output = output
        self.diff = diff
        self.remaining = remaining

    def take(self, outcome: Outcome) -> None:
        self.output.write(sys.stdout, outcome.diff)
        if outcome.fixed_report is not None:
            self.output.write_bytes(sys.stdout, outcome.fixed_report)
        if self.remaining is not None:
            self.remaining.take(outcome)

    def finish(self, seen: Seen) -> None:
        if self.remaining is not None:
            self.remaining.finish(seen)
        sys.stdout.flush()  # the diffs before the line that counts them
        if seen.fixed:
            done = "would fix" if self.diff else "fixed"
            self.output.write(sys.stderr, f"perflint: {done} {count(seen.fixed, 'finding')} in {count(seen.fixed_files, 'file')}\n")

    def discard(self) -> None:
        if self.remaining is not None:
            self.remaining.discard()


class BaselineSink:
    """``--write-baseline FILE``: every finding recorded in FILE at the end (perflint.baseline)."""

    def __init__(self, output: Output, path: Path, lang: str) -> None:
        self.output = output
        self.path = path
        self.lang = lang
        self.kept: list[FileResult] = []

    def take(self, outcome: Outcome) -> None:
        self.kept.append(outcome.result)

    def finish(self, seen: Seen) -> None:
        from perflint.baseline import BaselineError, write_baseline

        try:
            recorded = write_baseline(self.kept, self.path, self.lang)
        except BaselineError as exc:
            self.output.write(sys.stderr, f"perflint: error: {terminal_safe(str(exc))}\n")
            seen.output_failed = True
            return
        files = sum(1 for result in self.kept if not result.error)
        self.output.write(sys.stdout, f"perflint: recorded {count(recorded, 'finding')} from {count(files, 'file')} in {self.path}\n")

    def discard(self) -> None:
        pass  # nothing is written before the end


class Run:
    """One run's outcomes, in path order, through what every mode shares into its sink."""

    def __init__(self, sink: Sink, output: Output, baseline=None) -> None:
        self.sink = sink
        self.output = output
        self.baseline = baseline  # a perflint.baseline.Baseline, with --baseline
        self.seen = Seen()
        self._config_errors: set[str] = set()

    def take(self, outcome: Outcome) -> None:
        result = outcome.result
        if outcome.config_error is not None:
            if outcome.config_error not in self._config_errors:  # once per broken config, not per file
                self._config_errors.add(outcome.config_error)
                self._error(outcome.config_error)
        elif result.error:
            self._error(f"{result.path}: {result.error}")
        if self.baseline is not None:
            self.baseline.apply(result)
        self.seen.add(outcome)
        self.sink.take(outcome)

    def finish(self) -> Seen:
        self.sink.finish(self.seen)
        return self.seen

    def _error(self, message: str) -> None:
        self.output.write(sys.stderr, f"perflint: error: {terminal_safe(message)}\n")
