"""The command line, run as users run it: ``python -m perflint``."""

from __future__ import annotations

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
    assert run(str(NUMBERING)).returncode == 0  # a warning does not fail by default
    assert run("--fail-on", "warning", str(NUMBERING)).returncode == 1
    assert run("--fail-on", "info", str(NUMBERING)).returncode == 1
    assert run("--fail-on", "never", str(MISSING)).returncode == 0
    assert run("--exit-zero", str(MISSING)).returncode == 0


def test_check_subcommand_is_the_default():
    assert run("check", str(MISSING)).returncode == 1


def test_full_output_underlines_the_span_under_chinese_text():
    proc = run(str(NUMBERING))
    lines = out(proc).splitlines()
    header = next(i for i, line in enumerate(lines) if "PF003" in line)
    assert lines[header].startswith("fixtures/gd-dept-overall/numbering-skip.md:23:1: PF003 warning ") or lines[header].startswith(
        str(NUMBERING) + ":23:1: PF003 warning "
    )
    assert lines[header + 2] == "23 | （四）部门整体支出绩效目标"
    # 13 characters of double width: 26 carets under them.
    assert lines[header + 3] == "   | " + "^" * 26


def test_concise_output_is_one_line_per_finding():
    proc = run("--output-format", "concise", str(MISSING), str(NUMBERING))
    lines = out(proc).splitlines()
    assert len(lines) == 3
    assert lines[-1].startswith("共发现 2 个问题")
    assert lines[0].endswith("PF001 error 缺少模板要求的章节“上年度绩效自评整改情况”")


def test_json_output_reports_each_file(tmp_path: Path):
    proc = run("--output-format", "json", str(CLEAN), str(MISSING))
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
    proc = run("--output-format", "json", str(bad), str(MISSING))
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
    proc = run("--output-format", "json", str(FIXTURES / "gd-dept-overall"))
    report = json.loads(out(proc))
    names = [Path(f["filename"]).name for f in report["files"]]
    assert "clean.md" in names and "clean-halfwidth.txt" in names
    assert not any(n.endswith(".json") for n in names)


def test_unknown_profile_is_a_usage_error():
    proc = run("--profile", "nope", str(CLEAN))
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
    assert "\x1b[" in out(run("--color", "always", str(MISSING)))
    assert "\x1b[" not in out(run("--color", "never", str(MISSING)))
