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
- ``BaselineSink``: ``--write-baseline``;
- ``QuietSink``: ``-qq`` without ``-o``: nothing is shown, the exit status says it all.

A sink takes outcomes (``take``) and then ends the run (``finish``), or is dropped when
the run stops early (``discard``). Its text goes to a ``Target``: stdout, stderr, or the
``-o`` file, which is written beside the old one and put in place only after the run
(perflint.atomic), so an interrupted or failed run leaves the old output as it was.
perflint's own lines on stderr — errors and notes — go through ``Notices``, which ``-q``
and ``-qq`` quieten.
"""

import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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
    output_failed: bool = False  # the -o file, the baseline or stdout could not be written
    hidden: int = 0  # findings the --baseline hid
    # Fixes --fix would make in Word or PDF reports, which it never rewrites: file → how many.
    in_documents: dict[str, int] = field(default_factory=dict)
    # --show-fixes: file → (code, name) → fixes applied (or that would be).
    fixed_rules: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        self.not_linted |= bool(result.error)
        self.rule_failed |= result.had_internal_error
        self.failing |= fails(result, outcome.fail_on)
        if outcome.changed:
            self.fixed += outcome.fixed
            self.fixed_files += 1
            self.fixed_rules[result.path] = outcome.fixed_rules
        if outcome.in_document:
            self.in_documents[result.path] = outcome.in_document


def fails(result: FileResult, fail_on: str) -> bool:
    """Whether ``result`` has a finding at or above ``fail_on``."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in result.findings)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Notices:
    """perflint's own lines on stderr: errors (a file that could not be linted, an output
    that could not be written) and notes (what --fix did, what the baseline hid), a file
    name's control characters written as escapes (perflint.output.escaping). ``-q``
    (``quiet`` 1) drops the notes, ``-qq`` (2) the errors too: the exit status remains."""

    def __init__(self, output: Output, quiet: int = 0) -> None:
        self.output = output
        self.quiet = quiet

    def error(self, message: str) -> None:
        if self.quiet < 2:
            self._say(f"perflint: error: {terminal_safe(message)}\n")

    def note(self, message: str) -> None:
        if self.quiet < 1:
            self._say(f"perflint: {terminal_safe(message)}\n")

    def note_lines(self, lines: list[str]) -> None:
        """Lines that go on from the note before them, as they are."""
        if self.quiet < 1 and lines:
            self._say("".join(terminal_safe(line) + "\n" for line in lines))

    def _say(self, line: str) -> None:
        if sys.stderr is None:  # closed (2>&-): there is nowhere to say it
            return
        try:
            self.output.write(sys.stderr, line)
        except OSError:
            pass  # stderr itself cannot be written: the exit status still says it


class Target:
    """Where a sink's text goes: a standard stream, or the ``-o`` file. A write that
    fails (a full disk, ``> /dev/full``) is remembered and said once, when the run ends;
    a reader that went away (``| head``) ends the run at once (BrokenPipeError)."""

    def __init__(
        self, output: Output, stream: IO[str], file: AtomicWriter | None = None, name: str = "", notices: Notices | None = None
    ) -> None:
        self.output = output
        self.stream = stream
        self.file = file
        self.name = name or getattr(stream, "name", "output")
        self.notices = notices or Notices(output)
        self._failure: OSError | None = None
        self.fit: Callable[[str], str] | None = None  # makes a machine format fit the stream's encoding

    def fit_to(self, syntax: str | None) -> None:
        """Text of this ``syntax`` (``json``, ``xml``) is made to fit a standard stream's
        encoding before it is written (perflint.output.encodings); a file is UTF-8."""
        if self.file is None:
            from perflint.output.encodings import fitter

            self.fit = fitter(syntax, getattr(self.stream, "encoding", None))

    @classmethod
    def open_file(cls, output: Output, name: str, notices: Notices | None = None) -> "Target":
        """The ``-o`` file, opened before the run so that a folder that cannot take it
        is said before any work (raises OSError)."""
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = AtomicWriter(path, encoding="utf-8")
        return cls(output, writer.file, writer, name, notices)

    @classmethod
    def standard(cls, output: Output, stream: IO[str], notices: Notices) -> "Target":
        """stdout or stderr, named as a person would name it."""
        return cls(output, stream, name="stdout" if stream is sys.stdout else "stderr", notices=notices)

    @property
    def to_file(self) -> bool:
        return self.file is not None

    @property
    def failed(self) -> bool:
        return self._failure is not None

    def write(self, text: str) -> None:
        self._written(self.output.write, self.fit(text) if self.fit is not None else text)

    def write_bytes(self, data: bytes) -> None:
        self._written(self.output.write_bytes, data)

    def _written(self, write: Callable, what: str | bytes) -> None:
        if self._failure is not None:
            return
        try:
            write(self.stream, what)
        except OSError as exc:
            if self.file is None and isinstance(exc, BrokenPipeError):
                raise  # the reader went away (| head): perflint.cli ends the run quietly
            self._failure = exc
            if self.file is None:
                _drop_buffered(self.stream)

    def commit(self, seen: Seen) -> None:
        """Put the ``-o`` file in place; when that or a write failed, say why (and leave
        the old file)."""
        try:
            if self._failure is not None:
                raise self._failure
            if self.file is not None:
                self.file.commit()
        except OSError as exc:
            if self.file is not None:
                self.file.discard()
            self.notices.error(f"{self.name}: cannot write output: {exc.strerror or exc}")
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


def _drop_buffered(stream: IO[str]) -> None:
    """After a failed write to a standard stream, point it at /dev/null: what is still
    buffered would fail again when Python flushes it at exit, with a message of its own."""
    try:
        stream.flush()
    except (OSError, ValueError):
        pass
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    try:
        stream.flush()
    except (OSError, ValueError):
        pass


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


class QuietSink:
    """``-qq`` with nothing to write: the findings are neither shown nor kept."""

    def take(self, outcome: Outcome) -> None:
        pass

    def finish(self, seen: Seen) -> None:
        pass

    def discard(self) -> None:
        pass


class FixSink:
    """``--fix`` and ``--diff``: each file's diff, or the report read from stdin printed
    back (fixed or not) on stdout as it comes; at the end how many fixes were made (or
    would be), with ``show_fixes`` of which rules, and the fixes of Word and PDF reports
    that are the document's to make; what remains of the findings comes first, when
    ``remaining`` shows them."""

    def __init__(self, stdout: Target, notices: Notices, *, diff: bool, remaining: Sink | None, show_fixes: bool = False) -> None:
        self.stdout = stdout
        self.notices = notices
        self.diff = diff
        self.remaining = remaining
        self.show_fixes = show_fixes

    def take(self, outcome: Outcome) -> None:
        if self.notices.quiet < 2:
            self.stdout.write_bytes(outcome.diff)
        if outcome.fixed_report is not None:
            self.stdout.write_bytes(outcome.fixed_report)
        if self.remaining is not None:
            self.remaining.take(outcome)

    def finish(self, seen: Seen) -> None:
        if self.remaining is not None:
            self.remaining.finish(seen)
        self.stdout.commit(seen)
        if sys.stdout is not None and not self.stdout.failed:
            try:
                sys.stdout.flush()  # the diffs before the lines that count them
            except (OSError, ValueError):
                pass  # a write of them failed already, and was said
        if seen.fixed:
            done = "would fix" if self.diff else "fixed"
            what = f"{done} {count(seen.fixed, 'finding')} in {count(seen.fixed_files, 'file')}"
            self.notices.note(what + (":" if self.show_fixes else ""))
            if self.show_fixes:
                self.notices.note_lines(fixes_by_rule(seen.fixed_rules))
        if seen.in_documents:
            self.notices.note(in_documents(seen.in_documents))

    def discard(self) -> None:
        if self.remaining is not None:
            self.remaining.discard()


def fixes_by_rule(fixed: dict[str, Counter[tuple[str, str]]]) -> list[str]:
    """``--show-fixes``: each file, then how many fixes of each rule, most first."""
    lines = []
    for path, rules in fixed.items():
        lines.append(f"  {path}:")
        lines += [f"    {n} × {code} ({name})" for (code, name), n in sorted(rules.items(), key=lambda item: (-item[1], item[0]))]
    return lines


def in_documents(fixes: dict[str, int]) -> str:
    """The one line that says Word and PDF reports keep their fixes for the author."""
    total = sum(fixes.values())
    where = next(iter(fixes)) if len(fixes) == 1 else count(len(fixes), "Word or PDF report")
    fixes_made = "1 fix" if total == 1 else f"{total} fixes"
    return f"{where}: {fixes_made} to make in the document: perflint does not rewrite Word or PDF files"


class BaselineSink:
    """``--write-baseline FILE``: every finding recorded in FILE at the end (perflint.baseline)."""

    def __init__(self, stdout: Target, notices: Notices, path: Path, lang: str) -> None:
        self.stdout = stdout
        self.notices = notices
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
            self.notices.error(str(exc))
            seen.output_failed = True
            return
        files = sum(1 for result in self.kept if not result.error)
        if self.notices.quiet < 1:
            self.stdout.write(f"perflint: recorded {count(recorded, 'finding')} from {count(files, 'file')} in {self.path}\n")
        self.stdout.commit(seen)

    def discard(self) -> None:
        pass  # nothing is written before the end


class Run:
    """One run's outcomes, in path order, through what every mode shares into its sink."""

    def __init__(self, sink: Sink, notices: Notices, baseline=None, baseline_name: str = "") -> None:
        self.sink = sink
        self.notices = notices
        self.baseline = baseline  # a perflint.baseline.Baseline, with --baseline
        self.baseline_name = baseline_name
        self.seen = Seen()
        self._config_errors: set[str] = set()

    def take(self, outcome: Outcome) -> None:
        result = outcome.result
        if outcome.config_error is not None:
            if outcome.config_error not in self._config_errors:  # once per broken config, not per file
                self._config_errors.add(outcome.config_error)
                self.notices.error(outcome.config_error)
        elif result.error:
            self.notices.error(f"{result.path}: {result.error}")
        if self.baseline is not None:
            self.seen.hidden += self.baseline.apply(result)
        self.seen.add(outcome)
        self.sink.take(outcome)

    def finish(self) -> Seen:
        self.sink.finish(self.seen)
        if self.baseline is not None:
            self.notices.note(f"the baseline {self.baseline_name} hid {count(self.seen.hidden, 'finding')}")
        return self.seen
