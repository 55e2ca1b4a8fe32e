"""The command line, run as users run it: ``python -m perflint`` (``run``), or, where a
test is about what the command does rather than how it starts, ``perflint.cli.main`` in
this process with the same streams, environment and folder (``run_here``)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

CLEAN = FIXTURES / "gd-dept-overall" / "clean.md"
MISSING = FIXTURES / "gd-dept-overall" / "missing-section.md"
NUMBERING = FIXTURES / "gd-dept-overall" / "numbering-skip.md"


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT, **settings: str) -> subprocess.CompletedProcess:
    """``perflint ARGS`` in a new process, without the user's own settings of the
    environment (NO_COLOR …), with ``settings`` (PERFLINT_OUTPUT_FORMAT="json") instead."""
    env = {k: v for k, v in os.environ.items() if k not in _USER_SETTINGS} | settings
    return subprocess.run(
        [sys.executable, "-m", "perflint", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


_USER_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")


def run_here(*args: str, stdin: bytes | None = None, cwd: Path = ROOT, encoding: str = "utf-8") -> subprocess.CompletedProcess:
    """What ``run`` gives — stdout and stderr as bytes, the exit status — from
    ``perflint.cli.main`` called in this process, without the cost of starting Python
    and loading perflint again. Monkeypatches of the calling test apply. ``encoding``:
    that of stdout and stderr, as PYTHONIOENCODING would set it."""
    from perflint import cli

    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_settings = {name: os.environ.pop(name) for name in _USER_SETTINGS if name in os.environ}
    saved_folder = os.getcwd()
    stdout, stderr = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(stdout, encoding=encoding)
    sys.stderr = io.TextIOWrapper(stderr, encoding=encoding)
    try:
        os.chdir(cwd)
        try:
            status = cli.main(list(args))
        except SystemExit as exit:  # argparse: usage errors, --help, --version
            status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
        sys.stdout.flush()
        sys.stderr.flush()
        return subprocess.CompletedProcess(["perflint", *args], status, stdout.getvalue(), stderr.getvalue())
    finally:
        for stream in (sys.stdin, sys.stdout, sys.stderr):
            stream.detach()  # the bytes stay readable; the wrapper does not close them
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.update(saved_settings)
        os.chdir(saved_folder)


def test_run_here_gives_what_run_gives():
    for args in (["--output-format", "concise", str(MISSING), str(NUMBERING)], ["--output-format", "xml", str(CLEAN)]):
        here, there = run_here(*args), run(*args)
        assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    stdin = MISSING.read_bytes().replace(b"\n", b"\r\n")
    here = run_here("--fix", "--stdin-filename", "r.md", "-", stdin=stdin)
    there = run("--fix", "--stdin-filename", "r.md", "-", stdin=stdin)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode("utf-8")


def test_clean_report_exits_zero():
    proc = run(str(CLEAN))
    assert proc.returncode == 0, err(proc)
    assert "共发现 0 个问题" in out(proc)
    assert err(proc) == ""


def test_missing_section_exits_one_and_names_the_section():
    proc = run(str(MISSING))
    assert proc.returncode == 1
    assert "PF001" in out(proc) and "上年度绩效自评整改情况" in out(proc)


def test_fail_on_and_exit_zero():
    assert run_here(str(NUMBERING)).returncode == 0  # a warning does not fail by default
    assert run_here("--fail-on", "warning", str(NUMBERING)).returncode == 1
    assert run_here("--fail-on", "info", str(NUMBERING)).returncode == 1
    assert run_here("--fail-on", "never", str(MISSING)).returncode == 0
    assert run_here("--exit-zero", str(MISSING)).returncode == 0


def test_check_subcommand_is_the_default():
    assert run("check", str(MISSING)).returncode == 1


def test_full_output_underlines_the_span_under_chinese_text():
    proc = run_here(str(NUMBERING))
    lines = out(proc).splitlines()
    header = next(i for i, line in enumerate(lines) if "PF003" in line)
    assert lines[header].startswith("fixtures/gd-dept-overall/numbering-skip.md:23:1: PF003 warning ") or lines[header].startswith(
        str(NUMBERING) + ":23:1: PF003 warning "
    )
    assert lines[header + 2] == "23 | （四）部门整体支出绩效目标"
    # 13 characters of double width: 26 carets under them.
    assert lines[header + 3] == "   | " + "^" * 26


def test_concise_output_is_one_line_per_finding():
    proc = run_here("--output-format", "concise", str(MISSING), str(NUMBERING))
    lines = out(proc).splitlines()
    assert len(lines) == 3
    assert lines[-1].startswith("共发现 2 个问题")
    assert lines[0].endswith("PF001 error 缺少模板要求的章节“上年度绩效自评整改情况”")


def test_json_output_reports_each_file(tmp_path: Path):
    proc = run_here("--output-format", "json", str(CLEAN), str(MISSING))
    report = json.loads(out(proc))
    assert [f["profile"] for f in report["files"]] == ["gd-dept-overall", "gd-dept-overall"]
    assert report["summary"] == {"files": 2, "error": 1, "warning": 0, "info": 0}
    clean, missing = (f["facts"] for f in report["files"])
    assert clean == {
        "rectification": "completed",
        "unit": "广东省水文资料整编中心",
        "kind": "dept-overall",
        "year": 2023,
        "score": "92.30",
        "grade": "优",
        "execution_rate": None,  # the report states only its project's rate
        "fail_on": "error",
        "counts": {"error": 0, "warning": 0, "info": 0},
        "passed": True,
        "tables": [],
    }
    assert (missing["rectification"], missing["counts"], missing["passed"]) == ("not-stated", {"error": 1, "warning": 0, "info": 0}, False)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "absent.md", "no such file or directory"),
        (lambda d: _mkdir(d / "empty"), "directory contains no report files"),
        (lambda d: _write(d / "bin.md", b"\x00\x01\x02PK\x03\x04"), "binary file"),
        (lambda d: _write(d / "bad.txt", bytes(range(128, 256)) * 4), "cannot decode"),
        (lambda d: _write(d / "empty.md", b""), "empty file"),
    ],
    ids=["missing", "empty-dir", "binary", "undecodable", "empty-file"],
)
def test_bad_input_is_one_line_exit_two_and_the_rest_is_linted(tmp_path: Path, make, reason):
    bad = make(tmp_path)
    proc = run_here("--output-format", "json", str(bad), str(MISSING))
    assert proc.returncode == 2
    stderr = err(proc).splitlines()
    assert len(stderr) == 1
    assert stderr[0].startswith(f"perflint: error: {bad}: ")
    assert reason in stderr[0]
    report = json.loads(out(proc))
    bad_entry, good_entry = report["files"]
    assert reason in bad_entry["error"] and bad_entry["findings"] == []
    assert good_entry["error"] is None and [f["code"] for f in good_entry["findings"]] == ["PF001"]
    assert bad_entry["facts"] is None


def test_stdin_with_a_filename():
    proc = run("--stdin-filename", "报告.md", "--output-format", "concise", "-", stdin=MISSING.read_bytes())
    assert proc.returncode == 1
    assert out(proc).startswith("报告.md:1:1: PF001")


def test_stdin_gbk_bytes():
    text = CLEAN.read_text(encoding="utf-8")
    proc = run("-", stdin=text.encode("gbk"))
    assert proc.returncode == 0, err(proc)


def test_directory_argument_lints_every_report():
    proc = run_here("--output-format", "json", str(FIXTURES / "gd-dept-overall"))
    report = json.loads(out(proc))
    names = [Path(f["filename"]).name for f in report["files"]]
    assert "clean.md" in names and "clean-halfwidth.txt" in names
    assert not any(n.endswith(".json") for n in names)


def test_unknown_profile_is_a_usage_error():
    proc = run_here("--profile", "nope", str(CLEAN))
    assert proc.returncode == 2
    assert err(proc).strip().startswith("perflint: error: unknown profile 'nope' (known profiles: gd-dept-overall, gd-project, ")


def test_bad_option_is_exit_two():
    proc = run("--output-format", "xml", str(CLEAN))
    assert proc.returncode == 2
    assert "invalid choice" in err(proc)


def test_no_path_lints_the_current_folder(tmp_path: Path):
    """As ruff: ``perflint`` alone lints the folder it runs in (an empty one is exit 2)."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.md").write_bytes(NUMBERING.read_bytes())
    (tmp_path / "notes.md").write_bytes(CLEAN.read_bytes())
    alone = run("--output-format", "concise", cwd=tmp_path)
    assert alone.returncode == 0, err(alone)  # PF003 is a warning
    assert out(alone).startswith("reports/r.md:")  # named as the walk of "." names them
    assert (alone.stdout, alone.stderr) == (run("--output-format", "concise", ".", cwd=tmp_path).stdout, b"")
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run(cwd=empty)
    assert nothing.returncode == 2
    assert err(nothing).startswith("perflint: error: .: directory contains no report files")


def test_no_path_with_a_stdin_filename_reads_stdin():
    proc = run("--output-format", "concise", "--stdin-filename", "r.md", stdin=NUMBERING.read_bytes())
    assert out(proc).startswith("r.md:") and " PF003 " in out(proc)


def test_profiles_lists_the_templates():
    proc = run("profiles")
    assert proc.returncode == 0
    assert "\ngd-dept-overall\t广东省部门整体支出绩效自评报告\t(dept-overall report, extends national-dept-overall)\n" in out(proc)


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and out(proc).startswith("perflint ")


def test_color_always_adds_ansi_and_never_removes_it():
    assert "\x1b[" in out(run_here("--color", "always", str(MISSING)))
    assert "\x1b[" not in out(run_here("--color", "never", str(MISSING)))


@pytest.mark.parametrize("output_format", ["full", "concise"])
def test_no_color_leaves_color_always_as_it_is(monkeypatch, capsys, output_format: str):
    # NO_COLOR is for --color auto; asked for, the colours come whole (not bold alone).
    from perflint import cli

    def lint(*args: str) -> str:
        cli.main(["--output-format", output_format, *args, str(MISSING)])
        return capsys.readouterr().out

    for name in _USER_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    coloured = lint("--color", "always")
    assert re.search("\x1b\\[[0-9;]*3[1-7]m", coloured)  # a colour, not only bold
    monkeypatch.setenv("NO_COLOR", "1")
    assert lint("--color", "always") == coloured
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in lint("--color", "auto")


# -- output files: written after the run, atomically, never over an input --------------------


def _copy(source: Path, target: Path) -> bytes:
    data = source.read_bytes()
    target.write_bytes(data)
    return data


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_an_output_file_that_is_an_input_is_refused_before_any_work(tmp_path: Path, flag: str):
    report = tmp_path / "r.md"
    data = _copy(MISSING, report)
    proc = run(str(report), flag, str(report))
    assert proc.returncode == 2
    assert report.read_bytes() == data
    assert err(proc).splitlines() == [f"perflint: error: {flag} {report}: that is {report}, an input of this run; write to another file"]
    assert out(proc) == ""


@pytest.mark.parametrize(
    "alias",
    [
        lambda folder: folder / "reports" / "b.md",  # a file of a folder being linted
        lambda folder: _link(folder / "alias.md", folder / "reports" / "b.md", hard=False),
        lambda folder: _link(folder / "alias.md", folder / "reports" / "b.md", hard=True),
    ],
    ids=["in-folder", "symlink", "hard-link"],
)
def test_an_output_file_reaching_an_input_another_way_is_refused(tmp_path: Path, alias):
    reports = tmp_path / "reports"
    reports.mkdir()
    _copy(CLEAN, reports / "a.md")
    data = _copy(MISSING, reports / "b.md")
    target = alias(tmp_path)
    proc = run_here("--output-format", "json", "-o", str(target), str(reports))
    assert proc.returncode == 2 and "an input of this run" in err(proc)
    assert (reports / "b.md").read_bytes() == data


def _link(link: Path, target: Path, *, hard: bool) -> Path:
    if hard:
        link.hardlink_to(target)
    else:
        link.symlink_to(target)
    return link


def test_the_report_named_for_stdin_and_the_config_are_inputs_too(tmp_path: Path):
    report = tmp_path / "r.md"
    data = _copy(MISSING, report)
    proc = run_here("--stdin-filename", str(report), "-o", str(report), "-", stdin=data)
    assert proc.returncode == 2 and report.read_bytes() == data
    config = tmp_path / "perflint.toml"
    config.write_text('fail-on = "warning"\n', encoding="utf-8")
    proc = run_here("--config", str(config), "-o", str(config), str(MISSING))
    assert proc.returncode == 2 and config.read_text(encoding="utf-8") == 'fail-on = "warning"\n'


def test_output_to_a_new_file_in_a_linted_folder_is_allowed(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    _copy(MISSING, reports / "a.md")
    proc = run_here("--output-format", "json", "-o", str(reports / "findings.json"), str(reports))
    assert proc.returncode == 1, err(proc)
    assert json.loads((reports / "findings.json").read_text(encoding="utf-8"))["summary"]["error"] == 1


def test_the_output_file_is_replaced_only_after_the_run(monkeypatch, tmp_path: Path):
    from test_batch import lint_in_process

    from perflint.engine import Linter

    target = tmp_path / "out.txt"
    target.write_text("the previous run's output\n", encoding="utf-8")
    seen_during_run: list[str] = []
    lint = Linter.lint

    def looking(self, source):
        seen_during_run.append(target.read_text(encoding="utf-8"))
        return lint(self, source)

    monkeypatch.setattr(Linter, "lint", looking)
    status, stdout, stderr = lint_in_process("--output-format", "concise", "-o", str(target), str(MISSING), str(NUMBERING))
    assert (status, stdout, stderr) == (1, "", "")
    assert seen_during_run == ["the previous run's output\n"] * 2
    assert target.read_text(encoding="utf-8").endswith("检查了 2 个文件\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("output_format", ["concise", "json"])  # a part per file, and one document
def test_an_interrupted_run_leaves_the_old_output_file(monkeypatch, tmp_path: Path, output_format: str):
    from test_batch import lint_in_process

    from perflint.engine import Linter

    target = tmp_path / "out.txt"
    target.write_text("the previous run's output\n", encoding="utf-8")
    lint = Linter.lint

    def interrupted(self, source):
        if source.path == str(NUMBERING):
            raise KeyboardInterrupt
        return lint(self, source)

    monkeypatch.setattr(Linter, "lint", interrupted)
    status, _, stderr = lint_in_process("--output-format", output_format, "-o", str(target), str(MISSING), str(NUMBERING))
    assert status == 2 and stderr == "perflint: error: interrupted\n"
    assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_an_output_file_that_cannot_be_written_is_one_line_and_the_old_one_stays(monkeypatch, tmp_path: Path, flag: str):
    import errno

    from test_batch import lint_in_process

    from perflint import atomic

    target = tmp_path / "out.json"
    target.write_text("{}\n", encoding="utf-8")

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    status, stdout, stderr = lint_in_process("--output-format", "json", flag, str(target), str(MISSING))
    what = "output" if flag == "-o" else "baseline"
    assert stderr.splitlines() == [f"perflint: error: {target}: cannot write {what}: No space left on device"]
    assert status == 2 and target.read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_output_to_a_device_writes_to_it(tmp_path: Path):
    proc = run("-o", os.devnull, str(MISSING))
    assert proc.returncode == 1 and out(proc) == "" and err(proc) == ""
    assert __import__("stat").S_ISCHR(os.stat(os.devnull).st_mode)  # still the device, not a file


def test_an_empty_output_file_name_is_a_usage_error():
    proc = run_here("-o", "", str(MISSING))
    assert proc.returncode == 2 and "argument -o/--output-file: an empty file name" in err(proc)


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout, a link to this process's standard output")
def test_output_to_dev_stdout_on_a_pipe_writes_to_the_pipe():
    # /dev/stdout resolves to /proc/…/fd/1 and then to "pipe:[…]", which cannot be opened.
    proc = run("-o", "/dev/stdout", "--output-format", "concise", str(MISSING))
    assert proc.returncode == 1 and err(proc) == ""
    assert f"{MISSING}:" in out(proc) and "PF001" in out(proc)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device whose every write fails with ENOSPC")
@pytest.mark.parametrize("output_format", ["concise", "json"])
def test_an_output_device_that_fails_is_one_line_not_an_internal_error(output_format: str):
    proc = run_here("--output-format", output_format, "-o", "/dev/full", str(MISSING), str(NUMBERING))
    assert proc.returncode == 2
    assert err(proc) == "perflint: error: /dev/full: cannot write output: No space left on device\n"


def test_write_baseline_with_diff_is_refused(tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    assert run_here("--write-baseline", str(baseline), str(MISSING)).returncode == 0
    recorded = baseline.read_bytes()
    proc = run_here("--diff", "--write-baseline", str(baseline), str(MISSING))
    assert proc.returncode == 2
    assert err(proc) == "perflint: error: --write-baseline cannot be used with --diff\n"
    assert baseline.read_bytes() == recorded


# -- the exit status, from what the run saw ------------------------------------------------


@pytest.mark.parametrize(
    ("seen", "mode", "status"),
    [
        ({}, {}, 0),
        ({"failing": True}, {}, 1),
        ({"failing": True}, {"exit_zero": True}, 0),
        ({"failing": True, "not_linted": True}, {"exit_zero": True}, 2),
        ({"rule_failed": True}, {"exit_zero": True}, 2),
        ({"output_failed": True}, {}, 2),
        ({"failing": True}, {"write_baseline": "b.json"}, 0),
        ({"rule_failed": True}, {"write_baseline": "b.json"}, 2),
        ({"failing": True}, {"diff": True}, 0),  # --diff asks whether anything would change
        ({"fixed": 2, "fixed_files": 1}, {"diff": True}, 1),
        ({"fixed": 2, "fixed_files": 1}, {"diff": True, "exit_zero": True}, 1),
        ({"rule_failed": True}, {"diff": True}, 0),
        ({"not_linted": True, "fixed_files": 1}, {"diff": True}, 2),
    ],
)
def test_exit_status(seen: dict, mode: dict, status: int):
    from argparse import Namespace

    from perflint.cli import exit_status
    from perflint.sinks import Seen

    options = Namespace(**({"diff": False, "write_baseline": None, "exit_zero": False} | mode))
    assert exit_status(Seen(**seen), options) == status


# -- ruff's habits: -q, -qq ----------------------------------------------------------------


def test_quiet_prints_the_findings_only(tmp_path: Path):
    report = tmp_path / "r.md"
    report.write_text(NUMBERING.read_text(encoding="utf-8").replace("（一）部门职能", "(一) 部门职能", 1), encoding="utf-8")
    loud = run_here(str(report))
    quiet = run_here("-q", str(report))
    assert quiet.returncode == loud.returncode == 0
    assert "模板 gd-dept-overall" in out(loud) and "共发现" in out(loud) and "可用 --fix" in out(loud)
    assert out(quiet).startswith(f"{report}:") and "模板" not in out(quiet)
    assert "共发现" not in out(quiet) and "可用 --fix" not in out(quiet)
    assert out(quiet) in out(loud)  # the same findings, no more
    concise = run_here("-q", "--output-format", "concise", str(report))
    assert [line.split()[1] for line in out(concise).splitlines()] == ["PF301", "PF003"]
    # Machine formats are the findings already: unchanged.
    assert run_here("-q", "--output-format", "json", str(report)).stdout == run_here("--output-format", "json", str(report)).stdout
    # Notes on stderr go; errors stay.
    fixed = run_here("-q", "--fix", str(report), str(tmp_path / "missing.md"))
    assert err(fixed) == f"perflint: error: {tmp_path / 'missing.md'}: no such file or directory\n"


def test_quiet_twice_prints_nothing_and_the_exit_status_says_it(tmp_path: Path):
    for args, status in ([str(MISSING)], 1), ([str(CLEAN)], 0), ([str(MISSING), str(tmp_path / "gone.md")], 2):
        proc = run_here("-qq", *args)
        assert (proc.returncode, proc.stdout, proc.stderr) == (status, b"", b"")
    assert run("--quiet", "--quiet", str(MISSING)).stdout == b""
    # What -o names is still written: it was asked for.
    target = tmp_path / "out.json"
    proc = run_here("-qq", "--output-format", "json", "-o", str(target), str(MISSING))
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, b"", b"")
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["error"] == 1


def test_a_baseline_run_says_how_many_findings_it_hid(tmp_path: Path):
    baseline = tmp_path / "b.json"
    assert run_here("--write-baseline", str(baseline), str(MISSING), str(NUMBERING)).returncode == 0
    proc = run_here("--baseline", str(baseline), str(MISSING), str(NUMBERING))
    assert proc.returncode == 0
    assert err(proc) == f"perflint: the baseline {baseline} hid 2 findings\n"
    assert "共发现 0 个问题" in out(proc)
    json_run = run_here("--output-format", "json", "--baseline", str(baseline), str(MISSING))
    assert err(json_run) == f"perflint: the baseline {baseline} hid 1 finding\n"
    json.loads(out(json_run))  # stdout stays the document
    assert err(run_here("-q", "--baseline", str(baseline), str(MISSING))) == ""


# -- -j: a sane number of workers ------------------------------------------------------------------


def test_jobs_are_capped_at_the_files_and_at_twice_the_cpus(tmp_path: Path, monkeypatch):
    from perflint import batch, cli

    started: list[int] = []
    monkeypatch.setattr(batch, "available_cpus", lambda: 2)
    real_run = batch.run

    def counting_run(job, items, jobs=1):
        started.append(jobs)
        return real_run(job, items, 1)  # the count is what is checked; lint here

    monkeypatch.setattr(batch, "run", counting_run)
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(6):
        (folder / f"r{number}.md").write_bytes(CLEAN.read_bytes())
    proc = run_here("-j", "1000", "--output-format", "concise", str(folder))
    assert proc.returncode == 0
    assert err(proc) == "perflint: -j 1000: using 4 processes, 2 per CPU available (2)\n"
    assert started == [4]
    assert run_here("-j", "3", str(folder / "r0.md"), str(folder / "r1.md")).stderr == b""
    assert started[-1] == 2  # two files: two processes at most, nothing to say
    assert run_here("-j", "1000", str(folder / "r0.md")).stderr == b""  # one file, one process: no cap to tell of
    assert started[-1] == 1
    assert cli.MAX_JOBS_PER_CPU == 2
    assert err(run_here("-q", "-j", "1000", str(folder))) == ""


def test_jobs_far_beyond_the_cpus_start_only_the_capped_workers(tmp_path: Path, monkeypatch):
    """The real pool: -j 1000 over 5 files starts no more processes than the cap."""
    import multiprocessing

    from perflint import batch

    monkeypatch.setattr(batch, "available_cpus", lambda: 1)
    starts: list[object] = []
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    real_process = context.Process

    def counted(*args, **kwargs):
        starts.append(kwargs.get("name"))
        return real_process(*args, **kwargs)

    monkeypatch.setattr(type(context), "Process", staticmethod(counted), raising=False)
    for number in range(5):
        (tmp_path / f"r{number}.md").write_bytes(NUMBERING.read_bytes())
    proc = run_here("-j", "1000", "--output-format", "json", str(tmp_path))
    assert proc.returncode == 0, err(proc)
    assert len(json.loads(out(proc))["files"]) == 5
    assert 1 <= len(starts) <= 2  # 2 × 1 CPU


# -- errors that are the user's say what is wrong ---------------------------------------------------


@pytest.mark.parametrize("size", ["-5", "0", "ten"])
def test_max_file_size_refuses_what_is_not_a_size(size: str):
    proc = run_here("--max-file-size", size, str(CLEAN))
    assert proc.returncode == 2
    assert "argument --max-file-size: expected a" in err(proc) and "number of bytes" in err(proc)


def test_a_bad_output_format_in_the_environment_is_said_as_such(monkeypatch):
    proc = run("--version")  # the variable is read for a check only
    assert proc.returncode == 0
    env_run = run(str(CLEAN), PERFLINT_OUTPUT_FORMAT="xml")
    assert env_run.returncode == 2 and env_run.stdout == b""
    assert err(env_run) == (
        "perflint: error: PERFLINT_OUTPUT_FORMAT='xml' is not an output format; "
        "use one of full, concise, json, json-lines, junit, github, sarif, html, csv\n"
    )
    chosen = run(str(MISSING), PERFLINT_OUTPUT_FORMAT="json")
    assert json.loads(chosen.stdout)["summary"]["error"] == 1
    flag_wins = run("--output-format", "concise", str(CLEAN), PERFLINT_OUTPUT_FORMAT="xml")
    assert flag_wins.returncode == 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device whose every write fails with ENOSPC")
@pytest.mark.parametrize("args", [["--output-format", "concise"], ["--output-format", "json"], ["--diff"], ["--statistics"]])
def test_stdout_on_a_full_disk_is_one_line_not_an_internal_error(args: list[str], tmp_path: Path):
    report = tmp_path / "r.md"
    report.write_text(MISSING.read_text(encoding="utf-8").replace("（一）", "(一) ", 1), encoding="utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "perflint", *args, str(report)], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.decode("utf-8").splitlines()[0] == "perflint: error: stdout: cannot write output: No space left on device"
    assert b"internal error" not in proc.stderr and b"Exception ignored" not in proc.stderr


def test_a_closed_stdout_is_said_as_such(tmp_path: Path):
    def closed(*args: str) -> subprocess.CompletedProcess:
        script = 'exec "$0" -m perflint "$@" >&-'
        return subprocess.run(["sh", "-c", script, sys.executable, *args], capture_output=True, cwd=ROOT, timeout=60)

    proc = closed(str(MISSING))
    assert proc.returncode == 2
    assert err(proc) == "perflint: error: stdout is closed: give an output file with -o FILE, or run with -qq for the exit status alone\n"
    target = tmp_path / "out.txt"
    assert closed("-o", str(target), str(MISSING)).returncode == 1 and "PF001" in target.read_text(encoding="utf-8")
    assert closed("-qq", str(MISSING)).returncode == 1


# -- consoles that are not UTF-8 ------------------------------------------------------------------------

# A report whose text (and, where the file system's encoding is UTF-8, file name) holds
# characters GBK has (Chinese) and has not (an emoji, 𠮷).
CONSOLE_REPORT = "2023年部门整体支出绩效自评报告\n\n部门名称:测试中心😀𠮷\n\n一、部门基本情况\n\n（二）部门职能\n"
CONSOLES = ["gbk", "ascii", "C"]  # C: LC_ALL=C without UTF-8 mode, an ASCII stdout (and ASCII file names)


def _console_name(console: str) -> str:
    return "r.md" if console == "C" else "r😀.md"


def _on_console(console: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """perflint with stdout and stderr in the console's encoding, on a copy of CONSOLE_REPORT:
    in this process for an encoding (as PYTHONIOENCODING sets it), in a new Python under
    the C locale."""
    (cwd / _console_name(console)).write_text(CONSOLE_REPORT, encoding="utf-8")
    if console != "C":
        return run_here(*args, cwd=cwd, encoding=console)
    env = {k: v for k, v in os.environ.items() if k not in (*_USER_SETTINGS, "PYTHONUTF8")}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run([sys.executable, "-m", "perflint", *args], capture_output=True, cwd=cwd, env=env, timeout=60)


def test_a_console_encoding_in_this_process_is_what_pythonioencoding_gives(tmp_path: Path):
    """_on_console runs gbk and ascii in this process: the same bytes as a new Python under PYTHONIOENCODING."""
    here = _on_console("gbk", "--output-format", "json", _console_name("gbk"), cwd=tmp_path)
    there = run("--output-format", "json", _console_name("gbk"), cwd=tmp_path, PYTHONIOENCODING="gbk")
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)


def _console_text(data: bytes, console: str) -> str:
    return data.decode("gbk" if console == "gbk" else "ascii")  # strict: every byte is the console's


@pytest.mark.parametrize("console", CONSOLES)
@pytest.mark.parametrize("output_format", ["json", "json-lines", "sarif"])
def test_json_formats_stay_valid_json_on_a_console_that_is_not_utf8(tmp_path: Path, console: str, output_format: str):
    name = _console_name(console)
    proc = _on_console(console, "--output-format", output_format, name, cwd=tmp_path)
    assert proc.returncode == 1, err(proc)
    text = _console_text(proc.stdout, console)
    if output_format == "json-lines":
        names = {json.loads(line)["filename"] for line in text.splitlines()}
    elif output_format == "json":
        [report] = json.loads(text)["files"]
        names = {report["filename"]}
        assert report["facts"]["unit"] == "测试中心😀𠮷"  # the escapes read back as the very characters
        assert "\\ud83d\\ude00" in text  # the emoji, escaped as JSON escapes it
    else:
        results = json.loads(text)["runs"][0]["results"]
        names = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert names == {name}
    if console == "gbk":
        assert "部门" in text  # what the console shows is left readable


@pytest.mark.parametrize("console", CONSOLES)
def test_junit_stays_valid_xml_on_a_console_that_is_not_utf8(tmp_path: Path, console: str):
    import xml.etree.ElementTree as ET

    proc = _on_console(console, "--output-format", "junit", "--fail-on", "info", _console_name(console), cwd=tmp_path)
    assert proc.returncode == 1, err(proc)
    proc.stdout.decode("ascii")  # character references only: the same bytes in any encoding
    root = ET.fromstring(proc.stdout)
    assert root.find("testsuite").get("name") == _console_name(console)
    assert any("半角标点" in (failure.get("message") or "") for failure in root.iter("failure"))  # Chinese, through references


@pytest.mark.parametrize("console", CONSOLES)
@pytest.mark.parametrize("output_format", ["full", "concise", "github"])
def test_human_formats_print_on_a_console_that_is_not_utf8(tmp_path: Path, console: str, output_format: str):
    proc = _on_console(console, "--output-format", output_format, _console_name(console), cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b"", err(proc)
    text = _console_text(proc.stdout, console)
    if console != "C":
        assert "r\\U0001f600.md" in text  # what the console cannot show is replaced by its escape
    if output_format == "full":
        assert "测试中心\\U0001f600\\U00020bb7" in text if console == "gbk" else "\\U0001f600\\U00020bb7" in text


@pytest.mark.parametrize("console", CONSOLES)
@pytest.mark.parametrize("output_format", ["html", "csv"])
def test_file_formats_are_utf8_whatever_the_console(tmp_path: Path, console: str, output_format: str):
    proc = _on_console(console, "--output-format", output_format, _console_name(console), cwd=tmp_path)
    assert proc.returncode == 1, err(proc)
    assert "测试中心😀𠮷" in proc.stdout.decode("utf-8")


@pytest.mark.parametrize("console", CONSOLES)
def test_errors_and_notes_print_on_a_console_that_is_not_utf8(tmp_path: Path, console: str):
    proc = _on_console(console, "--fix", "--show-fixes", _console_name(console), "缺失.md", cwd=tmp_path)
    assert proc.returncode == 2
    lines = _console_text(proc.stderr, console).splitlines()
    assert lines[0].startswith("perflint: error: ") and lines[0].endswith(".md: no such file or directory")
    assert lines[1] == "perflint: fixed 1 finding in 1 file:"


def test_statistics_as_json_stay_valid_on_an_ascii_console(tmp_path: Path):
    proc = _on_console("ascii", "--statistics", "--output-format", "json", _console_name("ascii"), cwd=tmp_path)
    rows = json.loads(proc.stdout.decode("ascii"))
    assert {row["code"] for row in rows} >= {"PF304"}


# -- old Word files ----------------------------------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("old.doc", "a Word 97-2003 .doc file, a format perflint does not read; open it in Word or WPS and save it as .docx"),
        ("OLD.DOC", "a Word 97-2003 .doc file, a format perflint does not read; open it in Word or WPS and save it as .docx"),
        ("old.wps", "a WPS .wps file, a format perflint does not read; open it in WPS and save it as .docx"),
    ],
)
def test_old_word_and_wps_files_say_how_to_convert_them(tmp_path: Path, name: str, reason: str):
    path = tmp_path / name
    path.write_bytes(OLE2)
    proc = run_here(str(path), str(CLEAN))
    assert proc.returncode == 2
    [line] = err(proc).splitlines()
    assert line.startswith(f"perflint: error: {path}: {reason} (文件 → 另存为 → ")
    assert "binary" not in line
    stdin = run_here("--stdin-filename", name, "-", stdin=OLE2)
    assert err(stdin).splitlines() == [f"perflint: error: {name}: {line.split(': ', 3)[3]}"]


def test_the_collector_is_back_on_after_a_run_and_stays_off_if_the_caller_had_it_off():
    import gc

    assert gc.isenabled()
    run_here("--output-format", "json", str(CLEAN))
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    run_here("--output-format", "json", str(CLEAN))
    assert gc.get_freeze_count() == frozen  # what a process loads is frozen once, not on every run
    gc.disable()
    try:
        run_here("--output-format", "json", str(CLEAN))
        assert not gc.isenabled()
    finally:
        gc.enable()
