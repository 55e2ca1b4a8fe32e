"""Many files: ``-j N`` prints exactly what ``-j 1`` prints, in path order, streams what
can be streamed, survives a worker that fails or dies, and draws a progress bar only on
a terminal, for the human formats, once a run has lasted a second."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from perflint import cli, progress
from perflint.engine import Linter
from perflint.output import OUTPUT_FORMATS
from perflint.sources import LoadError, iter_report_paths

from conftest import FIXTURES
from test_cli import err, out, run_here

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

REPORTS = FIXTURES / "gd-dept-overall"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text fixtures and a quarter of them again (so each worker gets several chunks), some Word and
    PDF reports, files that cannot be read and a folder whose config is broken."""
    root = tmp_path_factory.mktemp("batch") / "reports"
    texts = sorted(report for report in REPORTS.iterdir() if report.suffix in (".md", ".txt"))
    for copy, reports in (("2022", texts[::4]), ("2023", texts)):
        target = root / copy
        target.mkdir(parents=True)
        for report in reports:
            shutil.copy(report, target / report.name)
    # A Word report: findings whose positions have origins (a PDF's, pages, are compared
    # across processes once, in test_pdf_pages_are_the_same_from_two_processes: reading
    # a PDF costs ~0.1 s, in every one of the runs here).
    shutil.copy(FIXTURES / "office" / "missing-section.docx", root / "2023" / "missing-section.docx")
    (root / "2023" / "empty.md").write_bytes(b"")
    (root / "2023" / "truncated-utf16.md").write_bytes(b"\xff\xfe\x00")
    (root / "2023" / "dangling.md").symlink_to(root / "nowhere.md")
    broken = root / "broken-config"
    broken.mkdir()
    (broken / "perflint.toml").write_text("unknown-key = 1\n", encoding="utf-8")
    for name in ("clean.md", "missing-section.md"):
        shutil.copy(REPORTS / name, broken / name)
    return root


def both(*args: str, cwd: Path) -> tuple:
    return run_here("-j", "1", *args, cwd=cwd), run_here("-j", "2", *args, cwd=cwd)


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
def test_two_processes_print_what_one_prints(folder: Path, output_format: str):
    serial, parallel = both("--output-format", output_format, folder.name, cwd=folder.parent)
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert parallel.returncode == serial.returncode == 2  # the unreadable files and the broken config
    # the findings are there, not only the errors (the csv facts table counts them: a report failing)
    assert (b"PF001" if output_format != "csv" else "不通过".encode()) in serial.stdout
    lines = err(serial).splitlines()
    assert "perflint: error: reports/broken-config/perflint.toml: unknown-key: unknown key" in lines
    assert "perflint: error: reports/2023/empty.md: empty file" in lines
    assert len(lines) == 4  # the config once, not once per file it governs; three unreadable files


@pytest.mark.parametrize("extra", [["--statistics"], ["--lang", "en", "--output-format", "full"], ["--color", "always"]])
def test_two_processes_print_what_one_prints_with_other_options(folder: Path, extra: list[str]):
    serial, parallel = both(*extra, folder.name, cwd=folder.parent)
    assert (parallel.stdout, parallel.stderr, parallel.returncode) == (serial.stdout, serial.stderr, serial.returncode)


def test_results_come_in_path_order(folder: Path):
    proc = run_here("-j", "2", "--output-format", "json", str(folder))
    names = [entry["filename"] for entry in json.loads(out(proc))["files"]]
    walked = [item.path if isinstance(item, LoadError) else str(item) for item in iter_report_paths(str(folder))]
    assert names == walked
    assert len(names) > 50


def test_pdf_pages_are_the_same_from_two_processes(tmp_path: Path):
    for name in ("numbering-skip.pdf", "missing-section.docx", "clean.pdf"):
        shutil.copy(FIXTURES / "office" / name, tmp_path / name)
    serial, parallel = both("--output-format", "json", ".", cwd=tmp_path)
    assert (parallel.stdout, parallel.stderr, parallel.returncode) == (serial.stdout, serial.stderr, serial.returncode)
    [pdf] = [entry for entry in json.loads(out(serial))["files"] if entry["filename"].endswith("numbering-skip.pdf")]
    assert pdf["findings"] and all(finding["origin"]["page"] for finding in pdf["findings"])


def test_jobs_zero_means_one_per_cpu_and_negative_is_refused(folder: Path):
    assert run_here("-j", "0", "--output-format", "json", str(folder)).stdout == run_here("--output-format", "json", str(folder)).stdout
    proc = run_here("-j", "-1", str(folder))
    assert proc.returncode == 2 and "expected 0 (one per CPU) or more" in err(proc)


def test_baseline_with_two_processes(folder: Path, tmp_path: Path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    serial = run_here("-j", "1", "--write-baseline", str(one), str(folder))
    parallel = run_here("-j", "2", "--write-baseline", str(two), str(folder))
    assert out(serial).replace(str(one), "B") == out(parallel).replace(str(two), "B")
    assert "recorded" in out(serial) and serial.returncode == parallel.returncode == 2
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert json.loads(one.read_text(encoding="utf-8"))["files"]  # something was recorded
    for jobs in ("1", "2"):
        proc = run_here("-j", jobs, "--output-format", "json", "--baseline", str(two), str(folder))
        files = json.loads(out(proc))["files"]
        assert [f for f in files if f["findings"]] == []  # everything is baselined


def test_fix_and_diff_with_two_processes(folder: Path, tmp_path: Path):
    trees = []
    for jobs in ("1", "2"):
        tree = tmp_path / f"j{jobs}"
        shutil.copytree(folder / "2023", tree / "reports", symlinks=True)
        diff = run_here("-j", jobs, "--diff", "reports", cwd=tree)
        fix = run_here("-j", jobs, "--fix", "--output-format", "concise", "reports", cwd=tree)
        contents = {path.name: path.read_bytes() for path in sorted((tree / "reports").iterdir()) if path.is_file()}
        trees.append((diff.stdout, diff.stderr, diff.returncode, fix.stdout, fix.stderr, fix.returncode, contents))
    assert trees[0] == trees[1]
    assert b"+++ b/reports/" in trees[0][0]  # there were fixes to show
    assert b"perflint: fixed" in trees[0][4]


# -- in this process: a worker that fails or dies, streaming, the progress bar -----------
# Workers are forked, so a function patched here is patched in them too.

pytestmark_fork = pytest.mark.skipif(sys.platform != "linux", reason="the in-process worker tests rely on the fork start method")


def small_folder(tmp_path: Path, count: int = 12) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    names = ["clean.md", "missing-section.md", "numbering-skip.md", "missing-item.md"]
    for number in range(count):
        shutil.copy(REPORTS / names[number % len(names)], folder / f"{number:02d}-{names[number % len(names)]}")
    return folder


def lint_in_process(*args: str, stderr=None) -> tuple[int, str, str]:
    """``perflint ARGS`` in this process, with stdout (and stderr, unless given) captured."""
    stdout = io.StringIO()
    stderr = stderr if stderr is not None else io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        status = cli.main(list(args))
    finally:
        sys.stdout, sys.stderr = saved
    return status, stdout.getvalue(), stderr.getvalue() if isinstance(stderr, io.StringIO) else ""


def patch_lint(monkeypatch, action) -> None:
    """Run ``action(source)`` before linting each report, in this process and in workers."""
    original = Linter.lint

    def lint(self, source):
        action(source)
        return original(self, source)

    monkeypatch.setattr(Linter, "lint", lint)


@pytestmark_fork
def test_a_rule_crash_in_a_worker_is_that_files_error(monkeypatch, tmp_path: Path):
    folder = small_folder(tmp_path)

    def explode(source):
        if source.path.endswith("05-missing-section.md"):
            raise RuntimeError("boom")

    patch_lint(monkeypatch, explode)
    status, stdout, stderr = lint_in_process("-j", "2", "--output-format", "json", str(folder))
    files = {Path(f["filename"]).name: f for f in json.loads(stdout)["files"]}
    assert status == 2
    assert files["05-missing-section.md"]["error"].startswith("internal error: RuntimeError: boom")
    assert stderr.count("perflint: error:") == 1 and "05-missing-section.md: internal error: RuntimeError: boom" in stderr
    assert all(f["error"] is None for name, f in files.items() if name != "05-missing-section.md")
    assert any(f["code"] == "PF001" for f in files["09-missing-section.md"]["findings"])


@pytestmark_fork
@pytest.mark.parametrize("victim", ["03-missing-item.md", "11-missing-item.md"])  # mid-run, and the last file
def test_a_worker_that_dies_does_not_stop_the_run(monkeypatch, tmp_path: Path, victim: str):
    folder = small_folder(tmp_path)
    import multiprocessing

    def die(source):
        if source.path.endswith(victim) and multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), signal.SIGKILL)

    patch_lint(monkeypatch, die)
    status, stdout, stderr = lint_in_process("-j", "2", "--output-format", "json", str(folder))
    files = json.loads(stdout)["files"]
    assert [Path(f["filename"]).name for f in files] == sorted(p.name for p in folder.iterdir())
    errors = {Path(f["filename"]).name: f["error"] for f in files if f["error"]}
    assert errors == {victim: "internal error: the worker process linting it was killed by SIGKILL"}
    assert status == 2 and stderr.count("perflint: error:") == 1


def test_streaming_formats_print_each_file_before_the_next_is_linted(monkeypatch, tmp_path: Path):
    folder = small_folder(tmp_path, count=4)
    seen: list[str] = []
    patch_lint(monkeypatch, lambda source: seen.append(sys.stdout.getvalue()))
    lint_in_process("--output-format", "concise", str(folder))
    assert seen[0] == "" and "01-missing-section.md" in seen[3]  # printed while 03 was not yet linted
    seen.clear()
    lint_in_process("--output-format", "json", str(folder))
    assert seen == ["", "", "", ""]  # one document: printed at the end


class Terminal:
    """A pseudo-terminal standing in for stderr, its output read as it comes."""

    def __init__(self) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.stream = open(slave, "w", encoding="utf-8", closefd=True)
        self.received = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.received += data

    def close(self) -> str:
        self.stream.close()
        self.reader.join(timeout=5)
        os.close(self.master)
        return self.received.decode("utf-8", errors="replace")


class ManualClock(progress.Clock):
    """Time that passes only when a test says so; what is due then runs at once, in the
    thread that moved the clock (the real clock runs it in a timer thread)."""

    def __init__(self) -> None:
        self.time = 1000.0
        self.due: list[tuple[float, Callable[[], None]]] = []

    def now(self) -> float:
        return self.time

    def call_later(self, delay: float, action: Callable[[], None]) -> Callable[[], None]:
        entry = (self.time + delay, action)
        self.due.append(entry)
        return lambda: self.due.remove(entry) if entry in self.due else None

    def advance(self, seconds: float) -> None:
        self.time += seconds
        for entry in [entry for entry in self.due if entry[0] <= self.time]:
            self.due.remove(entry)
            entry[1]()


def slow_run(monkeypatch, tmp_path: Path, *args: str, stderr) -> ManualClock:
    """A run of 8 files, each taking 0.25 s on the bar's clock: well over the second the bar waits."""
    folder = small_folder(tmp_path, count=8)
    clock = ManualClock()
    monkeypatch.setattr(progress, "CLOCK", clock)
    patch_lint(monkeypatch, lambda source: clock.advance(0.25))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    lint_in_process(*args, str(folder), stderr=stderr)
    return clock


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals (os.openpty)")
def test_a_slow_run_on_a_terminal_draws_a_bar(monkeypatch, tmp_path: Path):
    terminal = Terminal()
    clock = slow_run(monkeypatch, tmp_path, "--output-format", "concise", stderr=terminal.stream)
    drawn = terminal.close()
    assert "perflint" in drawn and "3/8" in drawn  # shown once 1 s has passed, during the fourth file
    assert "8/8" in drawn and "0:00:02" in drawn  # then kept up to date, with the run's time on its clock
    assert clock.due == []  # nothing left to show after the run


def test_a_quick_run_on_a_terminal_draws_no_bar(monkeypatch, tmp_path: Path):
    terminal = Terminal()
    clock = ManualClock()
    monkeypatch.setattr(progress, "CLOCK", clock)
    patch_lint(monkeypatch, lambda source: clock.advance(0.1))  # 8 files in 0.8 s
    monkeypatch.setenv("TERM", "xterm")
    lint_in_process("--output-format", "concise", str(small_folder(tmp_path, count=8)), stderr=terminal.stream)
    assert terminal.close() == "" and clock.due == []  # and the timer is cancelled


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals (os.openpty)")
@pytest.mark.parametrize("args", [["--output-format", "json"], ["--output-format", "github"], ["--no-progress"], ["-q"]])
def test_no_bar_for_machine_formats_or_when_turned_off(monkeypatch, tmp_path: Path, args: list[str]):
    terminal = Terminal()
    slow_run(monkeypatch, tmp_path, *args, stderr=terminal.stream)
    assert terminal.close() == ""


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch, tmp_path: Path):
    stderr = io.StringIO()
    slow_run(monkeypatch, tmp_path, "--output-format", "full", stderr=stderr)
    assert stderr.getvalue() == ""


def test_the_real_clock_runs_what_is_due_in_a_timer_thread_and_cancels_what_is_not():
    ran = threading.Event()
    progress.Clock().call_later(0.0, ran.set)
    assert ran.wait(timeout=10)
    cancelled = threading.Event()
    cancel = progress.Clock().call_later(0.05, cancelled.set)
    cancel()
    assert not cancelled.wait(timeout=0.2)


def test_a_quick_run_does_not_import_the_bar(folder: Path):
    code = "import sys; from perflint.cli import main; main(sys.argv[1:]); sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('rich'))))"
    proc = __import__("subprocess").run(
        [sys.executable, "-c", code, "--output-format", "json", str(folder / "2022")], capture_output=True, timeout=60
    )
    assert proc.stderr.decode().endswith("[]")


def test_spawned_workers_print_what_one_process_prints(monkeypatch, folder: Path):
    """Where fork is missing (macOS, Windows) workers are spawned and build their own linters."""
    from perflint import workers

    serial = lint_in_process("--output-format", "json", str(folder / "2023"))
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    methods = []
    start = workers._Pool._start

    def recording_start(pool):
        methods.append(pool.context.get_start_method())
        return start(pool)

    monkeypatch.setattr(workers._Pool, "_start", recording_start)
    assert lint_in_process("-j", "2", "--output-format", "json", str(folder / "2023")) == serial
    assert methods == ["spawn", "spawn"]


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_SETPIPE_SZ"), reason="needs Linux's F_SETPIPE_SZ to make the pipe small")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path, jobs: str):
    """``perflint reports/ | head -1``: the findings stream, and a closed pipe is no error message."""
    import fcntl
    import subprocess

    folder = small_folder(tmp_path, count=40)  # readable reports with findings: exit 1 if all is printed
    proc = subprocess.Popen(
        [sys.executable, "-m", "perflint", "-j", jobs, "--output-format", "concise", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    fcntl.fcntl(proc.stdout, fcntl.F_SETPIPE_SZ, 4096)  # far less than the output
    assert b" PF" in proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 2
    assert stderr == ""
