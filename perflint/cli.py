"""Command line: ``perflint [check] PATH…``, ``perflint profiles``.

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
COMMANDS = ("check", "profiles")


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perflint",
        description="Lint performance self-evaluation reports (绩效自评报告).",
        epilog="Other commands: 'perflint profiles' lists the report templates.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories; '-' reads stdin")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default=os.environ.get("PERFLINT_OUTPUT_FORMAT", "full"))
    parser.add_argument("--profile", help="report template to check against (default: detected from the title)")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error", help="lowest severity that makes the exit status 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (2 still means an error)")
    parser.add_argument("--stdin-filename", help="the name to report for a report read from '-'")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help="refuse larger files (default: 20 MB)")
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
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


def _run_check(args: list[str]) -> int:
    options = _check_parser().parse_args(args)
    from perflint.checks.base import all_rules
    from perflint.engine import FileResult, Linter
    from perflint.profiles import ProfileSet

    try:
        linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()], profile_id=options.profile, lang=options.lang)
    except ProfileError as exc:
        _error(str(exc))
        return EXIT_ERROR

    results: list[FileResult] = []
    for argument in options.paths:
        if argument == "-":
            name = options.stdin_filename or "-"
            try:
                data = sys.stdin.buffer.read(options.max_file_size + 1)
                if len(data) > options.max_file_size:
                    raise LoadError(name, f"input is over the size limit of {options.max_file_size} bytes (--max-file-size)")
                source = source_from_bytes(data, name, REPORT_SUFFIXES.get(Path(name).suffix.lower(), "md"))
            except LoadError as exc:
                results.append(FileResult(exc.path, error=exc.reason))
                continue
            results.append(linter.lint(source))
            continue
        for item in iter_report_paths(argument):
            if isinstance(item, LoadError):
                results.append(FileResult(item.path, error=item.reason))
                continue
            try:
                source = load_path(item, max_size=options.max_file_size)
            except LoadError as exc:
                results.append(FileResult(exc.path, error=exc.reason))
                continue
            results.append(linter.lint(source))

    for result in results:
        if result.error:
            _error(f"{result.path}: {result.error}")
    render = formatter(options.output_format)
    sys.stdout.write(render(results, RenderOptions(color=_use_color(options.color, sys.stdout), lang=options.lang)))
    sys.stdout.flush()
    return _exit_status(results, options.fail_on, options.exit_zero)


def _exit_status(results: list, fail_on: str, exit_zero: bool) -> int:
    if any(r.error or r.had_internal_error for r in results):
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK
