"""Command line: ``perflint [check] PATH…``, ``perflint profiles``, ``perflint rule``,
``perflint server``.

Exit status: 0 no finding at or above ``--fail-on``; 1 there is one; 2 perflint could
not do its job (a usage or profile error, a file that could not be read, a rule that
failed). Errors are one line each on stderr; every other file is still linted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from perflint import __version__
from perflint.findings import Severity
from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter
from perflint.profiles import ProfileError
from perflint.sources import DEFAULT_MAX_FILE_SIZE, REPORT_SUFFIXES, LoadError, iter_report_paths, load_path, source_from_bytes

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")
COMMANDS = ("check", "profiles", "rule", "server")


class _HelpFormatter(argparse.HelpFormatter):
    """argparse asks for the terminal's size each time an argument is added; a fixed
    width (COLUMNS when set) spares every run the lookup and its imports."""

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        super().__init__(prog, width=int(columns) if columns.isdigit() else 100)


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perflint",
        formatter_class=_HelpFormatter,
        description="Lint performance self-evaluation reports (绩效自评报告).",
        epilog="Other commands: 'perflint profiles' lists the report templates; 'perflint rule CODE|--all' explains rules; "
        "'perflint server' runs the language server.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories; '-' reads stdin")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default=os.environ.get("PERFLINT_OUTPUT_FORMAT", "full"))
    parser.add_argument("-o", "--output-file", metavar="FILE", help="write the output to FILE instead of stdout")
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one beside each report")
    parser.add_argument("--select", action="append", metavar="RULES", help="enable only these rules: codes, prefixes (PF0), names or ALL, comma-separated")
    parser.add_argument("--extend-select", action="append", default=[], metavar="RULES", help="enable these rules as well")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help="disable these rules")
    parser.add_argument("--statistics", action="store_true", help="print how many findings each rule has instead of the findings")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline file")
    parser.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit")
    parser.add_argument("--profile", help="report template to check against (default: detected from the title)")
    parser.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 (default: error, or the config's fail-on)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (2 still means an error)")
    parser.add_argument("--stdin-filename", help="the name to report for a report read from '-'")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help="refuse larger files (default: 20 MB)")
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    _add_fix_arguments(parser)
    return parser


def _profiles_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perflint profiles", description="List the report templates perflint knows.")
    return parser


def _error(message: str) -> None:
    print(f"perflint: error: {message}", file=sys.stderr)


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
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("PERFLINT_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set PERFLINT_DEBUG=1 for a traceback)")
        return EXIT_ERROR


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
    from perflint.config import ConfigError, Overrides
    from perflint.engine import FileResult
    from perflint.workspace import Workspace

    overrides = Overrides(
        profile=options.profile,
        fail_on=options.fail_on,
        select=options.select,
        extend_select=options.extend_select,
        ignore=options.ignore,
    )
    config_file = Path(options.config) if options.config else None
    workspace = Workspace(overrides, config_file, lang=options.lang)
    try:  # a bad --config or command-line selector stops the run before any file
        if config_file is not None:
            workspace.linter_for(config_file)
        else:
            workspace.resolver.settings_of(None)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR

    results: list[FileResult] = []
    fail_on: dict[int, str] = {}  # id(result) → the fail-on of the config governing it
    config_errors: list[str] = []
    not_checked: set[int] = set()
    fixer = _Fixer(options) if options.fix or options.diff else None

    def lint(source, config_path: Path, write_to: Path | None) -> None:
        try:
            linter, settings = workspace.linter_for(config_path)
        except ConfigError as exc:
            if str(exc) not in config_errors:
                config_errors.append(str(exc))
            results.append(FileResult(source.path, error=f"not checked: {exc}"))
            not_checked.add(id(results[-1]))
            return
        result = fixer.lint(linter, source, write_to) if fixer is not None else linter.lint(source)
        fail_on[id(result)] = settings.fail_on
        results.append(result)

    def unreadable(error: LoadError) -> None:
        results.append(FileResult(error.path, error=error.reason))

    for argument in options.paths:
        if argument == "-":
            name = options.stdin_filename or "-"
            try:
                data = sys.stdin.buffer.read(options.max_file_size + 1)
                if len(data) > options.max_file_size:
                    raise LoadError(name, f"input is over the size limit of {options.max_file_size} bytes (--max-file-size)")
                source = source_from_bytes(data, name, REPORT_SUFFIXES.get(Path(name).suffix.lower(), "md"))
            except LoadError as exc:
                unreadable(exc)
                continue
            # The config is searched from the stdin name's folder (the working directory without one).
            lint(source, Path(name) if options.stdin_filename else Path.cwd() / "-", None)
            continue
        for item in iter_report_paths(argument):
            if isinstance(item, LoadError):
                unreadable(item)
                continue
            try:
                source = load_path(item, max_size=options.max_file_size)
            except LoadError as exc:
                unreadable(exc)
                continue
            lint(source, item, item)

    for message in config_errors:
        _error(message)
    for result in results:
        if result.error and id(result) not in not_checked:
            _error(f"{result.path}: {result.error}")

    if options.write_baseline:
        return _write_baseline(results, Path(options.write_baseline), options.lang)
    if options.baseline:
        from perflint.baseline import BaselineError, apply_baseline

        try:
            apply_baseline(results, Path(options.baseline), options.lang)
        except BaselineError as exc:
            _error(str(exc))
            return EXIT_ERROR
    if fixer is not None and options.diff:
        return fixer.diff_status(results)

    to_file = options.output_file is not None
    # With a fixed report on stdout (from stdin), the findings go to stderr.
    stream = sys.stderr if fixer is not None and fixer.wrote_stdout else sys.stdout
    if options.statistics:
        from perflint.output.statistics import render_statistics

        text = render_statistics(results, as_json=options.output_format == "json")
    else:
        color = _use_color(options.color, stream) and not (to_file and options.color == "auto")
        text = formatter(options.output_format)(results, RenderOptions(color=color, lang=options.lang))
    if to_file:
        try:
            target = Path(options.output_file)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            _error(f"{options.output_file}: cannot write output: {exc.strerror or exc}")
            return EXIT_ERROR
    else:
        stream.write(text)
        stream.flush()
    if fixer is not None:
        fixer.summarise()
    return _exit_status(results, fail_on, options.exit_zero)


def _write_baseline(results: list, path: Path, lang: str) -> int:
    from perflint.baseline import BaselineError, write_baseline

    try:
        count = write_baseline(results, path, lang)
    except BaselineError as exc:
        _error(str(exc))
        return EXIT_ERROR
    files = sum(1 for r in results if not r.error)
    print(f"perflint: recorded {count} finding{'s' if count != 1 else ''} from {files} file{'s' if files != 1 else ''} in {path}")
    return EXIT_ERROR if any(r.error or r.had_internal_error for r in results) else EXIT_OK


def _exit_status(results: list, fail_on: dict[int, str], exit_zero: bool) -> int:
    if any(r.error or r.had_internal_error for r in results):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    for result in results:
        level = fail_on.get(id(result), "error")
        if level == "never":
            continue
        threshold = Severity(level).rank
        if any(f.severity.rank >= threshold for f in result.findings):
            return EXIT_FINDINGS
    return EXIT_OK


# -- fixes: --fix, --diff, --unsafe-fixes ------------------------------------------------
# Kept apart from the rest of the command line: the work is in perflint.fixing (what to
# apply, the facts guard) and perflint.writing (encoding and line ends).


def _add_fix_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fixes")
    group.add_argument("--fix", action="store_true", help="apply safe fixes in place, then report what remains")
    group.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing (exit 1 if there are any)")
    group.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change the meaning (with --fix or --diff)")


class _Fixer:
    """Fixes each report as it is linted; counts what it did."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.diff = options.diff
        self.unsafe = options.unsafe_fixes
        self.fixed_findings = 0
        self.fixed_files = 0
        self.wrote_stdout = False

    def lint(self, linter, source, path: Path | None = None):
        from perflint.engine import FileResult
        from perflint.fixing import fix_source
        from perflint.writing import WriteError, write_fixed

        outcome = fix_source(linter, source, unsafe=self.unsafe)
        if outcome.refused:
            return FileResult(source.path, error=outcome.refused)
        if outcome.changed:
            if self.diff:
                sys.stdout.write(_unified_diff(source.path, source.text, outcome.text))
            elif path is None:
                sys.stdout.write(outcome.text)
                self.wrote_stdout = True
            else:
                try:
                    write_fixed(path, source, outcome.text)
                except WriteError as exc:
                    return FileResult(source.path, error=str(exc))
            self.fixed_findings += outcome.fixed
            self.fixed_files += 1
        elif path is None and not self.diff:
            sys.stdout.write(source.text)
            self.wrote_stdout = True
        return outcome.result

    def summarise(self) -> None:
        if self.fixed_findings:
            print(f"perflint: fixed {_count(self.fixed_findings, 'finding')} in {_count(self.fixed_files, 'file')}", file=sys.stderr)

    def diff_status(self, results: list) -> int:
        sys.stdout.flush()
        if self.fixed_findings:
            print(f"perflint: would fix {_count(self.fixed_findings, 'finding')} in {_count(self.fixed_files, 'file')}", file=sys.stderr)
        if any(r.error for r in results):
            return EXIT_ERROR
        return EXIT_FINDINGS if self.fixed_files else EXIT_OK


def _unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
