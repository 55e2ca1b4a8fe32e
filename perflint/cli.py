"""Command line: ``perflint [check] PATH…``, ``perflint profiles``, ``perflint rule``,
``perflint server``.

Exit status: 0 no finding at or above ``--fail-on``; 1 there is one; 2 perflint could
not do its job (a usage or profile error, a file that could not be read, a rule that
failed). Errors are one line each on stderr; every other file is still linted.
"""

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from perflint import __version__
from perflint.output import (
    OUTPUT_FORMATS,
    RenderOptions,
    draws_progress,
    formatter,
    keeps_whole_text,
    streaming_parts,
    syntax,
    writes_utf8_bytes,
)
from perflint.output.escaping import terminal_safe
from perflint.sources import DEFAULT_MAX_FILE_SIZE, REPORT_SUFFIXES, LoadError, iter_report_paths, source_from_bytes

if TYPE_CHECKING:  # imported where used: `perflint rule` and --version do not load the linter
    from perflint.progress import Output
    from perflint.sinks import Notices, Seen, Sink

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")

# -j never starts more worker processes than this many per CPU the process may use.
MAX_JOBS_PER_CPU = 2
# The least --max-read-memory (MB) that reads a report: below it the reader fails in
# ways that blame the file (an XML parser out of memory reports a syntax error);
# measured, Python and the readers take about 100 MB.
MIN_READ_MEMORY_MB = 200


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perflint",
        description="Lint performance self-evaluation reports (绩效自评报告).",
        epilog="Other commands: 'perflint profiles' lists the report templates; 'perflint rule CODE|--all' explains rules; "
        "'perflint server' runs the language server.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="report files or directories; '-' reads stdin (default: the current folder)"
    )
    parser.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, help="how to print the findings (default: full, or $PERFLINT_OUTPUT_FORMAT)"
    )
    parser.add_argument("-o", "--output-file", type=_file_name, metavar="FILE", help="write the output to FILE instead of stdout")
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
        "--max-file-size", type=_byte_count, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help="refuse larger files (default: 20 MB)"
    )
    parser.add_argument(
        "-q", "--quiet", action="count", default=0, help="print the findings only; -qq prints nothing (the exit status says it all)"
    )
    parser.add_argument(
        "--max-read-time",
        type=_budget_number(float),
        metavar="SECONDS",
        help="refuse a .docx or .pdf that takes longer to read (default: 120; 0: no limit)",
    )
    parser.add_argument(
        "--max-read-memory",
        type=_budget_number(int, MIN_READ_MEMORY_MB, "the reader itself needs about 100 MB"),
        metavar="MB",
        help=f"refuse a .docx or .pdf that needs more memory to read (default: 2048; at least {MIN_READ_MEMORY_MB}; 0: no limit)",
    )
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    _add_fix_arguments(parser)
    _add_batch_arguments(parser)
    return parser


def _file_name(text: str) -> str:
    """An argparse type: a file name, not an empty one (``-o ""``: a variable left unset)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty file name")
    return text


def _budget_number(kind: type, least: int = 0, why: str = "") -> Callable[[str], float | int]:
    """An argparse type: a number of ``kind``, 0 (no limit) or at least ``least``."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {text}")
        if 0 < value < least:
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or at least {least}, not {text}: {why}")
        return value  # type: ignore[no-any-return]

    return parse


def _read_budget(options: argparse.Namespace):
    """The --max-read-time and --max-read-memory budget (perflint.readers.budget)."""
    from perflint.readers.budget import DEFAULT_READ_BUDGET, MiB, ReadBudget

    seconds = DEFAULT_READ_BUDGET.seconds if options.max_read_time is None else options.max_read_time
    memory = DEFAULT_READ_BUDGET.memory if options.max_read_memory is None else options.max_read_memory * MiB
    return ReadBudget(seconds, memory)


def _error(message: str) -> None:
    if sys.stderr is not None:  # closed (2>&-): the exit status says it
        print(f"perflint: error: {terminal_safe(message)}", file=sys.stderr)


def _byte_count(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {value!r}") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {value}")
    return size


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    # Loading the linter makes tens of thousands of long-lived objects (compiled
    # patterns, classes, the parser's tables, the templates) and hardly any cycles; the
    # cyclic collector would walk them again and again while they load (a tenth of a
    # cold run). So it waits until the linter is loaded (_loaded), and the objects
    # loaded by then are frozen out of later collections (once per process).
    global _collect_when_loaded
    _collect_when_loaded = gc.isenabled()
    gc.disable()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        _loaded()


# Whether the collector was on when main() began (a caller may have switched it off).
_collect_when_loaded = True
# Whether this process has frozen what it loaded. A flag, not gc.get_freeze_count(): that
# walks every frozen object, which in a process that calls main() again and again (the
# tests, an editor's host) is a long walk on every call.
_frozen = False


def _loaded() -> None:
    """The linter is loaded: the collector goes back on, past what is loaded."""
    global _frozen
    if not _collect_when_loaded or gc.isenabled():
        return
    if not _frozen:
        gc.freeze()
        _frozen = True
    gc.enable()


def _main(args: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a console that is not UTF-8 (GBK, ASCII): what it cannot show is escaped
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
    from perflint.profiles_command import run_profiles

    return run_profiles(args)


def _run_server(args: list[str]) -> int:
    argparse.ArgumentParser(prog="perflint server", description="Run the language server on stdin/stdout.").parse_args(args)
    try:
        from perflint.lsp.server import serve
    except ImportError as exc:
        _error(f"perflint server needs the lsp extra: pip install 'perflint[lsp]' ({exc})")
        return EXIT_ERROR
    _loaded()  # the server runs for hours: its garbage must be collected
    serve()
    return EXIT_OK


def _run_check(args: list[str]) -> int:
    options = _check_parser().parse_args(args)
    problem = _settle_options(options)
    if problem is not None:
        _error(problem)
        return EXIT_ERROR
    from perflint.batch import Job, JobSpec, run
    from perflint.config import ConfigError, Overrides
    from perflint.progress import run_output
    from perflint.sinks import Notices, Run

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
    _loaded()

    items = _items(options)
    clash = _output_over_an_input(options, items)
    if clash is not None:
        _error(clash)
        return EXIT_ERROR
    baseline = None
    if options.baseline and not options.write_baseline:
        from perflint.baseline import Baseline, BaselineError

        try:
            baseline = Baseline(Path(options.baseline), options.lang)
        except BaselineError as exc:
            _error(str(exc))
            return EXIT_ERROR
    show_bar = not options.no_progress and draws_progress(options.output_format) and not options.diff and not options.quiet
    output = run_output(len(items), show_bar)
    notices = Notices(output, options.quiet)
    jobs = _worker_count(options, items, notices)
    try:
        sink = _sink(options, output, notices, items)
    except OSError as exc:
        _error(f"{options.output_file}: cannot write output: {exc.strerror or exc}")
        return EXIT_ERROR
    lint = Run(sink, notices, baseline, options.baseline or "")
    outcomes = run(job, items, jobs)
    try:
        with output:
            for outcome in outcomes:
                lint.take(outcome)
                output.advance()
        seen = lint.finish()
    except BaseException:
        sink.discard()  # an interrupted run leaves the old -o file as it was
        raise
    finally:
        outcomes.close()  # an interrupted run stops its workers
    return exit_status(seen, options)


def _settle_options(options: argparse.Namespace) -> str | None:
    """Fill in what the command line left to defaults — the paths, the output format —
    and say what cannot work before any file is read (None when all is well)."""
    if options.output_format is None:
        chosen = os.environ.get("PERFLINT_OUTPUT_FORMAT", "").strip() or "full"
        if chosen not in OUTPUT_FORMATS:
            return f"PERFLINT_OUTPUT_FORMAT={chosen!r} is not an output format; use one of {', '.join(OUTPUT_FORMATS)}"
        options.output_format = chosen
    if not options.paths:  # as ruff: the current folder, or stdin when it is given a name
        options.paths = ["-"] if options.stdin_filename else ["."]
    if options.diff and options.write_baseline:  # a diff run lints nothing to record: the file would be emptied
        return "--write-baseline cannot be used with --diff"
    shows = options.output_file is None or options.diff or options.fix or options.write_baseline
    prints_report = options.fix and "-" in options.paths  # the fixed report read from stdin, even with -qq
    if sys.stdout is None and ((shows and options.quiet < 2) or prints_report):
        return "stdout is closed: give an output file with -o FILE, or run with -qq for the exit status alone"
    return None


def _worker_count(options: argparse.Namespace, items: list, notices: "Notices") -> int:
    """How many processes lint: ``-j`` (0: one per CPU), never more than there are files
    to share out, nor more than MAX_JOBS_PER_CPU times the CPUs (more only takes memory:
    linting is CPU-bound). A larger ``-j`` is cut down, saying so."""
    from perflint.batch import available_cpus

    cpus = available_cpus()
    wanted = options.jobs or cpus
    limit = MAX_JOBS_PER_CPU * cpus
    files = sum(1 for item in items if isinstance(item, Path))
    if wanted > limit and files > limit:  # (fewer files than that: one process each, nothing to say)
        notices.note(f"-j {options.jobs}: using {limit} processes, {MAX_JOBS_PER_CPU} per CPU available ({cpus})")
        wanted = limit
    return max(1, min(wanted, files))


def _sink(options: argparse.Namespace, output: "Output", notices: "Notices", items: list) -> "Sink":
    """The sink of the run's output mode (raises OSError when the -o file cannot be made)."""
    from perflint.sinks import BaselineSink, FixSink, QuietSink, Sink, Target

    stdout = Target.standard(output, sys.stdout, notices)
    if options.diff:  # the patch, to -o when given
        patch = Target.open_file(output, options.output_file, notices) if options.output_file is not None else stdout
        return FixSink(patch, notices, diff=True, remaining=None, show_fixes=options.show_fixes)
    remaining: Sink
    if options.write_baseline:
        remaining = BaselineSink(stdout, notices, Path(options.write_baseline), options.lang)
    elif options.quiet >= 2 and options.output_file is None:
        remaining = QuietSink()
    else:
        remaining = _findings_sink(options, output, notices, items)
    return FixSink(stdout, notices, diff=False, remaining=remaining, show_fixes=options.show_fixes) if options.fix else remaining


def _findings_sink(options: argparse.Namespace, output: "Output", notices: "Notices", items: list) -> "Sink":
    """The sink that shows the findings: to -o, to stdout, or to stderr when stdout
    carries the report read from stdin and fixed."""
    from perflint.batch import StdinReport
    from perflint.sinks import DocumentSink, StatisticsSink, StreamSink, Target

    if options.output_file is not None:
        target = Target.open_file(output, options.output_file, notices)
    elif options.fix and any(isinstance(item, StdinReport) for item in items):
        target = Target.standard(output, sys.stderr, notices)
    else:
        target = Target.standard(output, sys.stdout, notices)
    if options.statistics:
        as_json = options.output_format == "json"
        target.fit_to("json" if as_json else None)
        return StatisticsSink(target, as_json=as_json)
    target.fit_to(syntax(options.output_format))
    color = _use_color(options.color, target.stream) and not (target.to_file and options.color == "auto")
    render_options = RenderOptions(
        color=color, lang=options.lang, unsafe_fixes=options.unsafe_fixes, fixing=options.fix, quiet=options.quiet >= 1
    )
    parts = streaming_parts(options.output_format)
    if parts is not None and not options.fix:  # with --fix, the findings that remain come after the fixes
        return StreamSink(parts, target, render_options)
    render = formatter(options.output_format)
    return DocumentSink(lambda results: render(results, render_options), target, utf8_bytes=writes_utf8_bytes(options.output_format))


def exit_status(seen: "Seen", options: argparse.Namespace) -> int:
    """From what the run saw (perflint.sinks.Seen): 0 no finding at or above --fail-on,
    1 there is one, 2 perflint could not do its job. ``--diff`` answers another question —
    would anything change? — so it is 1 when there are fixes and a rule's failure does not
    count; ``--write-baseline`` records the findings and so is not failed by them;
    ``--exit-zero`` turns 1 into 0, never 2."""
    if options.diff:
        if seen.not_linted or seen.output_failed:
            return EXIT_ERROR
        return EXIT_FINDINGS if seen.fixed_files else EXIT_OK
    if seen.not_linted or seen.rule_failed or seen.output_failed:
        return EXIT_ERROR
    if options.write_baseline or options.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if seen.failing else EXIT_OK


def _output_over_an_input(options: argparse.Namespace, items: list) -> str | None:
    """Why the file the run would write (-o, --write-baseline) may not be written: it is
    one of the run's inputs — a report, the file named for stdin's report, the config or
    baseline read. None when it is not."""
    from perflint.batch import StdinReport

    if options.write_baseline:
        flag, name = "--write-baseline", options.write_baseline
    elif options.output_file is not None:
        flag, name = "-o", options.output_file
    else:
        return None
    try:
        written = os.stat(name)
    except OSError:
        return None  # not there yet, or not reachable: nothing of the run's to lose
    inputs = [item for item in items if isinstance(item, Path)]
    inputs += [item.config_path for item in items if isinstance(item, StdinReport) and options.stdin_filename]
    inputs += [Path(option) for option in (options.config, options.baseline) if option]
    for path in inputs:
        try:
            if os.path.samestat(written, os.stat(path)):
                return f"{flag} {name}: that is {path}, an input of this run; write to another file"
        except OSError:
            continue
    return None


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
        items.append(StdinReport(source, Path(name) if options.stdin_filename else Path.cwd() / "-", data))
    return items


# -- fixes: --fix, --diff, --unsafe-fixes ------------------------------------------------
# The work is in perflint.fixing (what to apply, the facts guard), perflint.writing
# (encoding and line ends) and, per file, perflint.batch.Job (in a worker with -j).


def _add_fix_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fixes")
    group.add_argument("--fix", action="store_true", help="apply safe fixes in place, then report what remains")
    group.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing (exit 1 if there are any)")
    group.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change the meaning (with --fix or --diff)")
    group.add_argument(
        "--show-fixes", action="store_true", help="with --fix or --diff, list the fixes made (or that would be) by file and rule"
    )


# -- many files: -j/--jobs, output as each file is done, the progress bar ------------------
# The per-file work and the worker processes are in perflint.batch, the bar in
# perflint.progress; this block decides what is printed when.


def _add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("many files")
    group.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=1,
        metavar="N",
        help=f"lint in N processes (at most one per file and {MAX_JOBS_PER_CPU} per CPU); 0 means one per CPU (default: 1)",
    )
    group.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw the progress bar (drawn on a terminal after a second, for the full, concise, html and csv formats)",
    )


def _job_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError("expected 0 (one per CPU) or more")
    return count
