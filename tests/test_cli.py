"""The command line, run as users run it: ``python -m perflint`` (``run``), or, where a
test is about what the command does rather than how it starts, ``perflint.cli.main`` in
this process with the same streams, environment and folder (``run_here``)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

CLEAN = FIXTURES / "gd-dept-overall" / "clean.md"
MISSING = FIXTURES / "gd-dept-overall" / "missing-section.md"
NUMBERING = FIXTURES / "gd-dept-overall" / "numbering-skip.md"


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    return subprocess.run(
        [sys.executable, "-m", "perflint", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


_USER_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")


def run_here(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """What ``run`` gives — stdout and stderr as bytes, the exit status — from
    ``perflint.cli.main`` called in this process, without the cost of starting Python
    and loading perflint again. Monkeypatches of the calling test apply."""
    from perflint import cli

    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_settings = {name: os.environ.pop(name) for name in _USER_SETTINGS if name in os.environ}
    saved_folder = os.getcwd()
    stdout, stderr = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(stdout, encoding="utf-8")
    sys.stderr = io.TextIOWrapper(stderr, encoding="utf-8")
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


def test_no_paths_is_exit_two():
    assert run().returncode == 2


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
