"""Command line: ``perflint [check] PATH…``, ``perflint profiles``, ``perflint rule``,
``perflint server``.

Exit status: 0 no finding at or above ``--fail-on``; 1 there is one; 2 perflint could
not do its job (a usage or profile error, a file that could not be read, a rule that
failed). Errors are one line each on stderr; every other file is still linted.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from perflint import __version__
from perflint.output import OUTPUT_FORMATS, RenderOptions, draws_progress, formatter, keeps_whole_text, streaming_parts, writes_utf8_bytes
from perflint.output.escaping import terminal_safe
from perflint.profiles import ProfileError
from perflint.results import Severity
from perflint.sources import DEFAULT_MAX_FILE_SIZE, REPORT_SUFFIXES, LoadError, iter_report_paths, source_from_bytes

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perflint",
        description="Lint performance self-evaluation reports (绩效自评报告).",
        epilog="Other commands: 'perflint profiles' lists the report templates; 'perflint rule CODE|--all' explains rules; "
        "'perflint server' runs the language server.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories; '-' reads stdin")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default=os.environ.get("PERFLINT_OUTPUT_FORMAT", "full"))
    parser.add_argument("-o", "--output-file", metavar="FILE", help="write the output to FILE instead of stdout")
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one beside each report")
    parser.add_argument(
        "--select", action="append", metavar="RULES", help="enable only these rules: codes, prefixes (PF0), names or ALL, comma-separated"
    )
    parser.add_argument("--extend-select", action="append", default=[], metavar="RULES", help="enable these rules as well")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help="disable these rules")
    parser.add_argument("--statistics", action="store_true", help="print how many findings each rule has instead of the findings")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline file")
    parser.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit")
    parser.add_argument("--profile", help="report template to check against (default: detected from the title)")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 (default: error, or the config's fail-on)"
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (2 still means an error)")
    parser.add_argument("--stdin-filename", help="the name to report for a report read from '-'")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument(
        "--max-file-size", type=int, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help="refuse larger files (default: 20 MB)"
    )
    parser.add_argument(
        "--max-read-time",
        type=_budget_number(float),
        metavar="SECONDS",
        help="refuse a .docx or .pdf that takes longer to read (default: 120; 0: no limit)",
    )
    parser.add_argument(
        "--max-read-memory",
        type=_budget_number(int),
        metavar="MB",
        help="refuse a .docx or .pdf that needs more memory to read (default: 2048; 0: no limit)",
    )
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    _add_fix_arguments(parser)
    _add_batch_arguments(parser)
    return parser


def _budget_number(kind: type) -> Callable[[str], float | int]:
    """An argparse type: a number of ``kind``, 0 or more."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {text}")
        return value  # type: ignore[no-any-return]

    return parse


def _read_budget(options: argparse.Namespace):
    """The --max-read-time and --max-read-memory budget (perflint.readers.budget)."""
    from perflint.readers.budget import DEFAULT_READ_BUDGET, MiB, ReadBudget

    seconds = DEFAULT_READ_BUDGET.seconds if options.max_read_time is None else options.max_read_time
    memory = DEFAULT_READ_BUDGET.memory if options.max_read_memory is None else options.max_read_memory * MiB
    return ReadBudget(seconds, memory)


def _profiles_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perflint profiles", description="List the report templates perflint knows.")
    return parser


def _error(message: str) -> None:
    print(f"perflint: error: {terminal_safe(message)}", file=sys.stderr)


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        if args and args[0] == "profiles":
            return _run_profiles(args[1:])
        if args and args[0] == "rule":
            from perflint.rule_command import run_rule

            return run_rule(args[1:])
        if args and args[0] == "server":
            return _run_server(args[1:])
        if args and args[0] == "check":
            args = args[1:]
        return _run_check(args)
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`perflint … | head`): stop quietly
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("PERFLINT_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set PERFLINT_DEBUG=1 for a traceback)")
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run_profiles(args: list[str]) -> int:
    _profiles_parser().parse_args(args)
    from perflint.profiles import ProfileSet

    try:
        profiles = ProfileSet.load()
    except ProfileError as exc:
        _error(str(exc))
        return EXIT_ERROR
    for profile in profiles:
        print(f"{profile.id}\t{profile.name}\t(title contains: {' | '.join(profile.detect)})")
    return EXIT_OK


def _run_server(args: list[str]) -> int:
    argparse.ArgumentParser(prog="perflint server", description="Run the language server on stdin/stdout.").parse_args(args)
    try:
        from perflint.lsp.server import serve
    except ImportError as exc:
        _error(f"perflint server needs the lsp extra: pip install 'perflint[lsp]' ({exc})")
        return EXIT_ERROR
    serve()
    return EXIT_OK


def _run_check(args: list[str]) -> int:
    options = _check_parser().parse_args(args)
    from perflint.batch import Job, JobSpec, available_cpus, run
    from perflint.config import ConfigError, Overrides
    from perflint.progress import run_output

    overrides = Overrides(
        profile=options.profile,
        fail_on=options.fail_on,
        select=options.select,
        extend_select=options.extend_select,
        ignore=options.ignore,
    )
    config_file = Path(options.config) if options.config else None
    job = Job(
        JobSpec(
            overrides,
            config_file,
            lang=options.lang,
            max_file_size=options.max_file_size,
            read_budget=_read_budget(options),
            fix=options.fix,
            diff=options.diff,
            unsafe_fixes=options.unsafe_fixes,
            whole_text=keeps_whole_text(options.output_format),
        )
    )
    try:  # a bad --config or command-line selector stops the run before any file
        if config_file is not None:
            job.workspace.linter_for(config_file)
        else:
            job.workspace.resolver.settings_of(None)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR

    report = _Report(options)
    if not report.prepare():
        return EXIT_ERROR
    items = _items(options)
    show_bar = not options.no_progress and draws_progress(options.output_format) and not options.diff
    outcomes = run(job, items, options.jobs or available_cpus())
    try:
        with run_output(len(items), show_bar) as output:
            report.output = output
            for outcome in outcomes:
                report.take(outcome)
                output.advance()
    finally:
        outcomes.close()  # an interrupted run stops its workers
    return report.finish()


def _items(options: argparse.Namespace) -> list:
    """What the command line names, in order: files found under each path, stdin's report."""
    from perflint.batch import StdinReport

    items: list = []
    for argument in options.paths:
        if argument != "-":
            items.extend(iter_report_paths(argument))
            continue
        name = options.stdin_filename or "-"
        try:
            data = sys.stdin.buffer.read(options.max_file_size + 1)
            if len(data) > options.max_file_size:
                raise LoadError(name, f"input is over the size limit of {options.max_file_size} bytes (--max-file-size)")
            source = source_from_bytes(data, name, REPORT_SUFFIXES.get(Path(name).suffix.lower(), "md"), _read_budget(options))
        except LoadError as exc:
            items.append(exc)
            continue
        # The config is searched from the stdin name's folder (the working directory without one).
        items.append(StdinReport(source, Path(name) if options.stdin_filename else Path.cwd() / "-"))
    return items


def _write_baseline(results: list, path: Path, lang: str) -> int:
    from perflint.baseline import BaselineError, write_baseline

    try:
        count = write_baseline(results, path, lang)
    except BaselineError as exc:
        _error(str(exc))
        return EXIT_ERROR
    files = sum(1 for r in results if not r.error)
    print(f"perflint: recorded {_count(count, 'finding')} from {_count(files, 'file')} in {path}")
    return EXIT_ERROR if any(r.error or r.had_internal_error for r in results) else EXIT_OK


def _fails(result, fail_on: str) -> bool:
    """Whether ``result`` has a finding at or above ``fail_on``."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in result.findings)


# -- fixes: --fix, --diff, --unsafe-fixes ------------------------------------------------
# The work is in perflint.fixing (what to apply, the facts guard), perflint.writing
# (encoding and line ends) and, per file, perflint.batch.Job (in a worker with -j).


def _add_fix_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fixes")
    group.add_argument("--fix", action="store_true", help="apply safe fixes in place, then report what remains")
    group.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing (exit 1 if there are any)")
    group.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change the meaning (with --fix or --diff)")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- many files: -j/--jobs, output as each file is done, the progress bar ------------------
# The per-file work and the worker processes are in perflint.batch, the bar in
# perflint.progress; this block decides what is printed when.


def _add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("many files")
    group.add_argument(
        "-j", "--jobs", type=_job_count, default=1, metavar="N", help="lint in N processes; 0 means one per CPU (default: 1)"
    )
    group.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw the progress bar (drawn on a terminal after a second, full and concise formats)",
    )


def _job_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError("expected 0 (one per CPU) or more")
    return count


class _Report:
    """Takes each file's outcome in path order: says what could not be linted, applies
    the baseline, prints a file's findings at once when the format allows (full,
    concise, json-lines, github) and keeps only what the end of the run needs."""

    def __init__(self, options: argparse.Namespace) -> None:
        from perflint.output.summary import Totals
        from perflint.progress import Output

        self.options = options
        self.output = Output()
        self.baseline = None
        self.fixing = options.fix or options.diff
        self.prints_findings = not (options.write_baseline or options.diff)
        streams = self.prints_findings and not (options.statistics or self.fixing)
        self.parts = streaming_parts(options.output_format) if streams else None
        self.keeps = self.parts is None and not options.diff
        self.kept: list = []  # shrunk results (perflint.shrink), for formats rendered at the end
        self.totals = Totals()
        self.stream = sys.stdout
        self.to_file = options.output_file is not None
        self.config_errors: set[str] = set()
        self.had_error = False  # a file not linted, or a rule that failed
        self.had_error_result = False  # a file not linted (what --diff's status looks at)
        self.failing = False  # a finding at or above the governing fail-on
        self.fixed = self.fixed_files = 0
        self.wrote_stdout = False  # --fix on stdin printed the report; findings go to stderr
        self.part_options = RenderOptions()

    def prepare(self) -> bool:
        """Read the baseline and open the output file before any work; False (with the
        error said) when either fails."""
        options = self.options
        if options.baseline and not options.write_baseline:
            from perflint.baseline import Baseline, BaselineError

            try:
                self.baseline = Baseline(Path(options.baseline), options.lang)
            except BaselineError as exc:
                _error(str(exc))
                return False
        if self.to_file and self.prints_findings:
            try:
                target = Path(options.output_file)
                target.parent.mkdir(parents=True, exist_ok=True)
                self.stream = target.open("w", encoding="utf-8")
            except OSError as exc:
                _error(f"{options.output_file}: cannot write output: {exc.strerror or exc}")
                return False
        self.part_options = self._render_options(self.stream)
        return True

    def _render_options(self, stream) -> RenderOptions:
        color = _use_color(self.options.color, stream) and not (self.to_file and self.options.color == "auto")
        return RenderOptions(color=color, lang=self.options.lang)

    def _error(self, message: str) -> None:
        self.output.write(sys.stderr, f"perflint: error: {terminal_safe(message)}\n")

    def take(self, outcome) -> None:
        result = outcome.result
        if outcome.config_error is not None:
            if outcome.config_error not in self.config_errors:  # once per broken config, not per file
                self.config_errors.add(outcome.config_error)
                self._error(outcome.config_error)
        elif result.error:
            self._error(f"{result.path}: {result.error}")
        self.output.write(sys.stdout, outcome.diff)
        if outcome.fixed_text is not None:
            self.output.write(sys.stdout, outcome.fixed_text)
            self.wrote_stdout = True
        if outcome.changed:
            self.fixed += outcome.fixed
            self.fixed_files += 1
        if self.baseline is not None:
            self.baseline.apply(result)
        self.had_error_result |= bool(result.error)
        self.had_error |= bool(result.error or result.had_internal_error)
        self.failing |= _fails(result, outcome.fail_on)
        if self.parts is not None:
            self.totals.add(result)
            self.output.write(self.stream, self.parts[0](result, self.part_options))
        elif self.keeps:
            self.kept.append(result)

    def finish(self) -> int:
        options = self.options
        if options.write_baseline:
            return _write_baseline(self.kept, Path(options.write_baseline), options.lang)
        if options.diff:
            sys.stdout.flush()
            if self.fixed:
                print(f"perflint: would fix {_count(self.fixed, 'finding')} in {_count(self.fixed_files, 'file')}", file=sys.stderr)
            if self.had_error_result:
                return EXIT_ERROR
            return EXIT_FINDINGS if self.fixed_files else EXIT_OK
        if self.parts is not None:
            closing_part = self.parts[1]
            if closing_part is not None:
                self.output.write(self.stream, closing_part(self.totals, self.part_options))
        else:
            if self.wrote_stdout and not self.to_file:
                self.stream = sys.stderr  # the fixed report is on stdout
            if options.statistics:
                from perflint.output.statistics import render_statistics

                text = render_statistics(self.kept, as_json=options.output_format == "json")
            else:
                text = formatter(options.output_format)(self.kept, self._render_options(self.stream))
            if writes_utf8_bytes(options.output_format) and not options.statistics and hasattr(self.stream, "buffer"):
                self.stream.flush()  # html and csv are UTF-8 files whatever the terminal's encoding
                self.stream.buffer.write(text.encode("utf-8"))
                self.stream.buffer.flush()
            else:
                self.output.write(self.stream, text)
        if self.to_file:
            try:
                self.stream.close()
            except OSError as exc:
                _error(f"{options.output_file}: cannot write output: {exc.strerror or exc}")
                return EXIT_ERROR
        if self.fixing and self.fixed:
            print(f"perflint: fixed {_count(self.fixed, 'finding')} in {_count(self.fixed_files, 'file')}", file=sys.stderr)
        if self.had_error:
            return EXIT_ERROR
        if options.exit_zero:
            return EXIT_OK
        return EXIT_FINDINGS if self.failing else EXIT_OK
