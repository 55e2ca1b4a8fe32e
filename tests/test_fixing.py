"""Applying fixes: passes, overlaps, applicability, the facts guard, writing back
(encoding, byte-order mark, line ends) and the command line (--fix, --diff)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_batch import lint_in_process

from perflint.engine import Linter
from perflint.fixing import apply_fixes, fact_signature, fix_source
from perflint.parse import parse
from perflint.results import Edit, Fix
from perflint.sources import load_path, source_from_text
from perflint.writing import encode_like, restore_newlines

from conftest import _PROFILES, _RULES, FIXTURES, ROOT, SEED_REPORTS, needs_seed
from test_cli import err, out, run_here

REPORT = """\
2023年部门整体支出绩效自评报告

部门名称:广东省测试中心

一、部门基本情况

(一) 部门职能

中心承担全省测试事务。。

（二）年度总体工作和重点工作任务

中心完成了采购管理、资产管理、

运行成本管理等工作，资料 and 文书已归档。
"""

FIXED = """\
2023年部门整体支出绩效自评报告

部门名称：广东省测试中心

一、部门基本情况

（一）部门职能

中心承担全省测试事务。

（二）年度总体工作和重点工作任务

中心完成了采购管理、资产管理、运行成本管理等工作，资料 and 文书已归档。
"""

# Joining these paragraphs would make one breakdown of what were two claims.
FACT_CHANGING = """\
2023年部门整体支出绩效自评报告

一、部门基本情况

（四）部门整体支出情况

2023年本单位支出合计500.00万元，其中基本支出200.00万元、

项目支出300.00万元。
"""


def linter() -> Linter:
    return Linter(_PROFILES, _RULES)


# -- applying -----------------------------------------------------------------------------


def test_apply_fixes_from_the_end_keeps_offsets_valid():
    fixes = [Fix("safe", [Edit((0, 1), "甲")]), Fix("safe", [Edit((4, 5), "乙"), Edit((8, 8), "!")])]
    assert apply_fixes("abcdefgh", fixes) == ("甲bcd乙fgh!", 2)


def test_overlapping_and_touching_fixes_wait_for_the_next_pass():
    first = Fix("safe", [Edit((2, 5), "X")])
    overlapping = Fix("safe", [Edit((4, 6), "Y")])
    touching = Fix("safe", [Edit((5, 5), "Z")])
    separate = Fix("safe", [Edit((7, 8), "W")])
    assert apply_fixes("abcdefgh", [separate, touching, overlapping, first]) == ("abXfgW", 2)


def test_fix_source_applies_safe_fixes_over_passes_and_reports_what_remains():
    outcome = fix_source(linter(), source_from_text(REPORT))
    assert outcome.refused is None
    assert outcome.text == FIXED
    assert outcome.fixed == 4  # the colon, the heading, the doubled full stop, the broken paragraph
    assert [f.code for f in outcome.result.findings if f.code.startswith("PF3")] == ["PF302"]


def test_fixing_twice_is_fixing_once():
    once = fix_source(linter(), source_from_text(REPORT))
    twice = fix_source(linter(), source_from_text(once.text))
    assert twice.text == once.text and twice.fixed == 0


def test_display_only_fixes_are_never_applied():
    source = load_path(FIXTURES / "gd-dept-overall" / "numbers-wrong-share.md")
    before = linter().lint(source)
    assert any(f.fix and f.fix.applicability == "display-only" for f in before.findings)
    outcome = fix_source(linter(), source, unsafe=True)
    assert outcome.text == source.text and outcome.fixed == 0


def test_unsafe_fixes_only_on_request():
    text = REPORT.replace(
        "中心承担全省测试事务。。", "中心按照要求开展了全年的预算执行监控和绩效运行监控工作并形成分析报告上报主管部门\n\n经审核后予以公开。"
    )
    safe = fix_source(linter(), source_from_text(text))
    unsafe = fix_source(linter(), source_from_text(text), unsafe=True)
    assert "上报主管部门\n\n经审核" in safe.text
    assert "上报主管部门经审核" in unsafe.text


def test_fixes_that_would_change_the_facts_are_dropped_with_the_reason():
    outcome = fix_source(linter(), source_from_text(FACT_CHANGING))
    assert outcome.refused is not None and "breakdowns" in outcome.refused
    assert outcome.text == FACT_CHANGING and outcome.fixed == 0
    assert "PF303" in [f.code for f in outcome.result.findings]


def test_fact_signature_ignores_typography_but_not_figures():
    vocab = _PROFILES.get("gd-dept-overall").numbers
    signature = fact_signature(parse(REPORT), vocab)
    assert fact_signature(parse(FIXED), vocab) == signature
    assert fact_signature(parse(REPORT.replace("2023年部门", "2024年部门")), vocab) != signature
    assert fact_signature(parse(REPORT.replace("(一) 部门职能", "(一) 部门职责")), vocab) != signature
    assert fact_signature(parse(REPORT + "\n支出3189.14万元。\n"), vocab) != signature


# -- writing back -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("gb18030", b"")],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_fix_keeps_the_encoding_the_byte_order_mark_and_the_line_ends(tmp_path: Path, encoding, bom, newline):
    path = tmp_path / "report.md"
    path.write_bytes(bom + REPORT.replace("\n", newline).encode(encoding))
    proc = run_here("--fix", "--exit-zero", str(path))
    assert proc.returncode == 0, err(proc)
    data = path.read_bytes()
    assert data == bom + FIXED.replace("\n", newline).encode(encoding)


def test_mixed_line_ends_stay_where_they_were():
    raw = "甲\r\n乙\n丙，，\r\n丁\r\n"
    normalised = raw.replace("\r\n", "\n")
    fixed = normalised.replace("，，", "，")
    assert restore_newlines(raw, fixed, "\r\n") == "甲\r\n乙\n丙，\r\n丁\r\n"
    # A removed line takes its line end with it; new lines get the dominant one.
    assert restore_newlines(raw, "甲\n乙\n新\n丁\n", "\r\n") == "甲\r\n乙\n新\r\n丁\r\n"
    assert restore_newlines(raw, "甲\n丁\n", "\r\n") == "甲\r\n丁\r\n"
    assert restore_newlines(raw, "甲\n乙\n插入\n丙，，\n丁\n", "\r\n") == "甲\r\n乙\n插入\r\n丙，，\r\n丁\r\n"


def test_a_fixed_line_keeps_its_own_line_end():
    raw = "甲\r\n乙，，\n丙\r\n丁\r\n"
    assert restore_newlines(raw, "甲\n乙，\n丙\n丁\n", "\r\n") == "甲\r\n乙，\n丙\r\n丁\r\n"
    # Lines joined into one end as the last of them did; a line break added gets the dominant end.
    assert restore_newlines(raw, "甲\n乙，丙\n丁\n", "\r\n") == "甲\r\n乙，丙\r\n丁\r\n"
    assert restore_newlines("甲\r\n乙\r\n丙\n", "甲\n乙丙\n", "\r\n") == "甲\r\n乙丙\n"
    assert restore_newlines(raw, "甲\n乙\n，\n丙\n丁\n", "\r\n") == "甲\r\n乙\r\n，\n丙\r\n丁\r\n"


def test_text_an_encoding_cannot_store_is_an_error_not_a_corrupt_file():
    from perflint.writing import WriteError

    source = source_from_text("甲")
    source.encoding = "ascii"
    with pytest.raises(WriteError, match="cannot store"):
        encode_like(source, "甲")


# -- the command line ---------------------------------------------------------------------


def test_cli_fix_writes_the_file_and_reports_what_remains(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    proc = run_here("--fix", "--output-format", "concise", str(path))
    assert proc.returncode == 1  # the sections this short report lacks are errors
    assert path.read_text(encoding="utf-8") == FIXED
    assert [line.split()[1] for line in out(proc).splitlines()[:-1] if "PF3" in line] == ["PF302"]
    assert "fixed 4 findings in 1 file" in err(proc)


def test_cli_diff_prints_a_diff_and_changes_nothing(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    proc = run_here("--diff", str(path), cwd=tmp_path)
    assert proc.returncode == 1
    assert path.read_text(encoding="utf-8") == REPORT
    diff = out(proc)
    assert diff.startswith("--- a/report.md\n+++ b/report.md\n")  # the absolute path, from the folder it is in
    assert "-(一) 部门职能\n+（一）部门职能\n" in diff
    assert "would fix 4 findings in 1 file" in err(proc)
    path.write_text(FIXED, encoding="utf-8")
    clean = run_here("--diff", str(path))
    assert clean.returncode == 0 and out(clean) == ""


def test_cli_diff_to_an_output_file(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="gb18030", newline="\r\n")
    printed = run_here("--diff", str(path), cwd=tmp_path)
    proc = run_here("--diff", "-o", "fixes.patch", str(path), cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, b"")
    assert (tmp_path / "fixes.patch").read_bytes() == printed.stdout  # the patch in the file's own bytes
    assert "would fix 4 findings in 1 file" in err(proc)
    refused = run_here("--diff", "-o", str(path), str(path), cwd=tmp_path)
    assert refused.returncode == 2 and "an input of this run" in err(refused)
    assert path.read_bytes() == REPORT.replace("\n", "\r\n").encode("gb18030")


def test_cli_fix_refuses_to_change_facts_and_leaves_the_file_untouched(tmp_path: Path):
    path = tmp_path / "report.md"
    other = tmp_path / "other.md"
    path.write_text(FACT_CHANGING, encoding="utf-8")
    other.write_text(REPORT, encoding="utf-8")
    proc = run_here("--fix", str(path), str(other))
    assert proc.returncode == 2
    assert path.read_text(encoding="utf-8") == FACT_CHANGING
    assert other.read_text(encoding="utf-8") == FIXED  # the other file is still fixed
    [line] = [line for line in err(proc).splitlines() if "error" in line]
    assert line.startswith(f"perflint: error: {path}: fixes not applied: they would change the report's facts")


def test_cli_fix_from_stdin_prints_the_fixed_text(tmp_path: Path):
    proc = run_here("--fix", "--exit-zero", "--stdin-filename", "report.md", "-", stdin=REPORT.encode("utf-8"))
    assert proc.returncode == 0, err(proc)
    assert out(proc) == FIXED
    assert "PF302" in err(proc)


def test_cli_unsafe_fixes_flag(tmp_path: Path):
    path = tmp_path / "report.md"
    text = "2023年部门整体支出绩效自评报告\n\n中心按照要求开展了全年的预算执行监控和绩效运行监控工作并形成分析报告上报主管部门\n\n经审核后予以公开。\n"
    path.write_text(text, encoding="utf-8")
    assert run_here("--diff", str(path)).returncode == 0
    proc = run_here("--diff", "--unsafe-fixes", str(path))
    assert proc.returncode == 1 and "+中心按照要求" in out(proc)


def test_fixing_the_typography_fixture_gives_back_the_clean_report():
    slips = load_path(FIXTURES / "gd-dept-overall" / "typography-slips.md")
    clean = load_path(FIXTURES / "gd-dept-overall" / "clean.md")
    outcome = fix_source(linter(), slips)
    assert outcome.refused is None and outcome.fixed == 6
    assert outcome.text == clean.text
    assert outcome.result.findings == []


# -- done when: the seed ------------------------------------------------------------------


@needs_seed
def test_fixing_a_copy_of_the_seed_leaves_only_the_latin_word_with_identical_facts(tmp_path: Path):
    copy = tmp_path / SEED_REPORTS[0].name
    shutil.copyfile(SEED_REPORTS[0], copy)
    proc = run_here("--fix", "--output-format", "concise", str(copy))
    assert proc.returncode == 0, err(proc)
    remaining = [line for line in out(proc).splitlines() if " PF3" in line]
    assert len(remaining) == 1 and "PF302" in remaining[0] and "“and”" in remaining[0]
    vocab = _PROFILES.get("gd-dept-overall").numbers
    original, fixed = load_path(SEED_REPORTS[0]), load_path(copy)
    assert fixed.text != original.text
    assert fact_signature(parse(fixed.text), vocab) == fact_signature(parse(original.text), vocab)
    assert "物业管理费" in fixed.text.splitlines()[82] and "（四）就部门整体支出绩效管理" in fixed.text


# -- writing back safely: complete or not at all, never over someone else's save -------------


def test_a_fix_that_cannot_be_written_leaves_the_report_byte_for_byte(tmp_path: Path):
    """``ulimit -f`` (or a full disk) stops the write half way: the report is not cut."""
    resource = pytest.importorskip("resource", reason="needs resource.setrlimit (POSIX) to limit the size of written files")
    path = tmp_path / "report.md"
    data = REPORT.replace("\n", "\r\n").encode("gb18030")
    path.write_bytes(data)
    limit = len(data) // 2

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    proc = subprocess.run(
        [sys.executable, "-m", "perflint", "--fix", "--output-format", "concise", str(path)],
        capture_output=True,
        env=env,
        preexec_fn=small_files,
        timeout=60,
    )
    assert path.read_bytes() == data
    assert proc.returncode == 2
    assert err(proc).splitlines() == [f"perflint: error: {path}: cannot write: File too large"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_is_one_error_line_and_the_report_is_untouched(monkeypatch, tmp_path: Path, failing: str):
    from perflint import atomic

    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text(REPORT, encoding="utf-8")

    def no_space(*args):
        if failing == "fsync" or Path(args[-1]).name == "other.md":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args)

    real = getattr(os, failing)
    monkeypatch.setattr(atomic.os, failing, no_space)
    status, stdout, stderr = lint_in_process("--fix", "--output-format", "concise", str(other), str(path))
    assert status == 2
    assert other.read_text(encoding="utf-8") == REPORT
    assert f"perflint: error: {other}: cannot write: No space left on device" in stderr.splitlines()
    if failing == "replace":  # the disk had room for the second report
        assert path.read_text(encoding="utf-8") == FIXED
        assert "fixed 4 findings in 1 file" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.md", "report.md"]


def test_an_editors_save_while_perflint_fixes_the_report_is_kept(monkeypatch, tmp_path: Path):
    from perflint import writing

    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    edited = REPORT + "\n中心新增了一段说明。\n"
    encode = writing.encode_like

    def save_meanwhile(*args, **kwargs):
        path.write_text(edited, encoding="utf-8")  # the editor's save lands after perflint read the file
        return encode(*args, **kwargs)

    monkeypatch.setattr(writing, "encode_like", save_meanwhile)
    status, stdout, stderr = lint_in_process("--fix", "--output-format", "concise", str(path))
    assert path.read_text(encoding="utf-8") == edited
    assert status == 2
    assert f"perflint: error: {path}: the file changed while it was being fixed; nothing written" in stderr.splitlines()
    assert "perflint: fixed" not in stderr


def test_a_fixed_report_keeps_its_mode_and_owner(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    path.chmod(0o640)
    owner = (65534, 65534) if os.geteuid() == 0 else (os.getuid(), os.getgid())  # root may give it away
    os.chown(path, *owner)
    assert run_here("--fix", "--exit-zero", str(path)).returncode == 0
    info = path.stat()
    assert path.read_text(encoding="utf-8") == FIXED
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o640, *owner)


def test_a_report_behind_a_symbolic_link_is_fixed_and_the_link_kept(tmp_path: Path):
    real = tmp_path / "archive" / "report.md"
    real.parent.mkdir()
    real.write_text(REPORT, encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(real)
    assert run_here("--fix", "--exit-zero", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED


# -- Word and PDF reports: never rewritten; their fixes are the document's to make ----------------

IN_THE_DOCUMENT = "fixes to make in the document: perflint does not rewrite Word or PDF files"


def _word_report(tmp_path: Path, name: str = "report.docx") -> tuple[Path, bytes]:
    from officefiles import minimal_docx, paragraph_xml

    path = tmp_path / name
    data = minimal_docx("".join(paragraph_xml(line) for line in REPORT.splitlines() if line))
    path.write_bytes(data)
    return path, data


def test_fix_lints_a_word_document_as_usual_and_says_once_its_fixes_are_the_documents(tmp_path: Path):
    path, data = _word_report(tmp_path)
    text = tmp_path / "report.md"
    text.write_text(REPORT, encoding="utf-8")
    plain = run_here("--output-format", "concise", str(path))
    proc = run_here("--fix", "--output-format", "concise", str(path), str(text))
    assert path.read_bytes() == data  # never written
    assert text.read_text(encoding="utf-8") == FIXED  # the text report beside it is fixed
    # The Word report's findings, as without --fix (none is marked fixable: --fix does not fix it).
    word_lines = [line for line in out(plain).splitlines() if line.startswith(f"{path}:")]
    assert len(word_lines) == 9 and [line for line in out(proc).splitlines() if line.startswith(f"{path}:")] == word_lines
    assert "[*]" not in out(plain) and "可用 --fix" not in out(plain)
    assert proc.returncode == 1  # as for its findings (the sections it lacks are errors), not 2
    notes = [line for line in err(proc).splitlines() if "document" in line]
    assert notes == [f"perflint: {path}: 4 {IN_THE_DOCUMENT}"]
    assert "error" not in err(proc)


def test_fix_on_word_and_pdf_exits_as_for_findings(tmp_path: Path):
    from officefiles import OFFICE

    pdf = tmp_path / "r.pdf"
    pdf.write_bytes((OFFICE / "numbering-skip.pdf").read_bytes())
    path, _ = _word_report(tmp_path)
    warnings_only = run_here("--fix", str(pdf))
    assert warnings_only.returncode == 0 and "PF003" in out(warnings_only)  # a warning: exit 0, as without --fix
    both = run_here("--fix", "--fail-on", "warning", str(path), str(pdf))
    assert both.returncode == 1
    assert err(both).splitlines() == [f"perflint: {path}: 4 {IN_THE_DOCUMENT}"]  # once; the PDF has nothing to fix


def test_diff_on_a_word_document_says_the_same_instead_of_promising_fixes(tmp_path: Path):
    first, data = _word_report(tmp_path, "a.docx")
    second, _ = _word_report(tmp_path, "b.docx")
    proc = run_here("--diff", str(first), str(second))
    assert out(proc) == "" and first.read_bytes() == data
    assert err(proc).splitlines() == [f"perflint: 2 Word or PDF reports: 8 {IN_THE_DOCUMENT}"]
    assert proc.returncode == 0  # --diff: nothing perflint would change


def test_fix_on_a_word_document_read_from_stdin_gives_it_back_untouched(tmp_path: Path):
    _, data = _word_report(tmp_path)
    proc = run_here("--fix", "--stdin-filename", "report.docx", "-", stdin=data)
    assert proc.stdout == data
    assert IN_THE_DOCUMENT in err(proc) and "PF301" in err(proc)  # the findings go to stderr


# -- fixes visible before they are applied; --show-fixes -------------------------------------------


def test_fixable_findings_are_marked_and_counted_as_ruff_does(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    lines = out(run_here("--output-format", "concise", str(path))).splitlines()
    marked = sorted(line.split()[1] for line in lines if " [*] " in line)
    assert marked == ["PF301", "PF303", "PF304", "PF305"]
    assert lines[-1] == "[*] 4 个问题可用 --fix 自动修复"
    full = out(run_here(str(path))).splitlines()
    assert sum(" [*] " in line for line in full) == 4 and full[-1] == "[*] 4 个问题可用 --fix 自动修复"
    english = out(run_here("--lang", "en", "--output-format", "concise", str(path))).splitlines()
    assert english[-1] == "[*] 4 fixable with --fix"
    # What remains after --fix has nothing more to offer.
    fixed = run_here("--fix", "--output-format", "concise", str(path))
    assert "[*]" not in out(fixed) and "--fix" not in out(fixed)


UNSAFE_ONLY = "2023年部门整体支出绩效自评报告\n\n中心按照要求开展了全年的预算执行监控和绩效运行监控工作并形成分析报告上报主管部门\n\n经审核后予以公开。\n"


def test_a_report_with_only_unsafe_fixes_is_told_about_unsafe_fixes(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(UNSAFE_ONLY, encoding="utf-8")
    lines = out(run_here("--output-format", "concise", str(path))).splitlines()
    assert not any("[*]" in line for line in lines)
    assert lines[-1] == "1 个问题可用 --fix --unsafe-fixes 自动修复"
    with_flag = out(run_here("--unsafe-fixes", "--output-format", "concise", str(path))).splitlines()
    assert sum("[*]" in line for line in with_flag) == 2  # the mark, and the hint
    assert with_flag[-1] == "[*] 1 个问题可用 --fix --unsafe-fixes 自动修复"
    both = tmp_path / "both.md"
    both.write_text(UNSAFE_ONLY + "\n中心承担全省测试事务。。\n", encoding="utf-8")
    hint = out(run_here("--output-format", "concise", str(path), str(both))).splitlines()[-1]
    assert hint == "[*] 1 个问题可用 --fix 自动修复（另有 2 个可加 --unsafe-fixes 修复）"
    english = out(run_here("--lang", "en", "--output-format", "concise", str(path), str(both))).splitlines()[-1]
    assert english == "[*] 1 fixable with --fix (2 more with --unsafe-fixes)"
    # After --fix, the unsafe ones are still offered.
    fixed = run_here("--fix", "--output-format", "concise", str(both))
    assert out(fixed).splitlines()[-1] == "1 个问题可用 --fix --unsafe-fixes 自动修复"


def test_show_fixes_lists_what_fix_changed_by_file_and_rule(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text(REPORT.replace("(一) 部门职能", "（一）部门职能"), encoding="utf-8")
    proc = run_here("--fix", "--show-fixes", "--output-format", "concise", str(path), str(other))
    assert err(proc).splitlines() == [
        "perflint: fixed 7 findings in 2 files:",
        f"  {path}:",
        "    1 × PF301 (mixed-heading-brackets)",
        "    1 × PF303 (broken-paragraph)",
        "    1 × PF304 (halfwidth-punctuation)",
        "    1 × PF305 (repeated-punctuation)",
        f"  {other}:",
        "    1 × PF303 (broken-paragraph)",
        "    1 × PF304 (halfwidth-punctuation)",
        "    1 × PF305 (repeated-punctuation)",
    ]
    path.write_text(REPORT, encoding="utf-8")
    would = run_here("--diff", "--show-fixes", str(path))
    assert err(would).splitlines()[:2] == ["perflint: would fix 4 findings in 1 file:", f"  {path}:"]
    path.write_text(REPORT, encoding="utf-8")
    assert "×" not in err(run_here("--fix", str(path)))  # only on request


# -- --diff: a patch that applies, in the file's own bytes ---------------------------------------------


def _apply(diff: bytes, folder: Path, tool: str) -> None:
    command = ["patch", "-p1", "--quiet", "--no-backup-if-mismatch"] if tool == "patch" else ["git", "apply", "--unsafe-paths", "-p1"]
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    subprocess.run(command, input=diff, cwd=folder, check=True, capture_output=True)


DIFF_CASES = {
    "gb18030-crlf": REPORT.replace("\n", "\r\n").encode("gb18030"),
    "utf8-bom": b"\xef\xbb\xbf" + REPORT.encode("utf-8"),
    "mixed-endings": "".join(line + ("\r\n" if n % 3 else "\n") for n, line in enumerate(REPORT.split("\n")[:-1])).encode("utf-8"),
    "no-final-newline": REPORT.rstrip("\n").encode("utf-8"),
}


@pytest.mark.parametrize("tool", ["patch", "git"])
@pytest.mark.parametrize("case", sorted(DIFF_CASES))
def test_diff_applied_with_patch_gives_exactly_what_fix_writes(tmp_path: Path, case: str, tool: str):
    data = DIFF_CASES[case]
    for side in ("patched", "fixed"):
        (tmp_path / side / "reports").mkdir(parents=True)
        (tmp_path / side / "reports" / "r 报告.md").write_bytes(data)  # a space and Chinese in the name
    proc = run_here("--diff", "reports", cwd=tmp_path / "patched")
    assert proc.returncode == 1, err(proc)
    assert proc.stdout.startswith(b'--- "a/reports/r '), proc.stdout[:60]
    _apply(proc.stdout, tmp_path / "patched", tool)
    assert run_here("--fix", "--exit-zero", "reports", cwd=tmp_path / "fixed").returncode == 0
    fixed = (tmp_path / "fixed" / "reports" / "r 报告.md").read_bytes()
    assert fixed != data
    assert (tmp_path / "patched" / "reports" / "r 报告.md").read_bytes() == fixed


def test_diff_is_in_the_files_encoding_and_line_ends(tmp_path: Path):
    (tmp_path / "r.md").write_bytes(DIFF_CASES["gb18030-crlf"])
    diff = run_here("--diff", "r.md", cwd=tmp_path).stdout
    assert diff.startswith(b"--- a/r.md\n+++ b/r.md\n@@ ")
    assert "-(一) 部门职能\r\n+（一）部门职能\r\n".encode("gb18030") in diff
    with pytest.raises(UnicodeDecodeError):
        diff.decode("utf-8")


def test_diff_names_files_from_the_current_folder(tmp_path: Path):
    inside = tmp_path / "work" / "reports" / "r.md"
    inside.parent.mkdir(parents=True)
    inside.write_text(REPORT, encoding="utf-8")
    outside = tmp_path / "elsewhere" / "o.md"
    outside.parent.mkdir()
    outside.write_text(REPORT, encoding="utf-8")
    work = tmp_path / "work"
    absolute_inside = run_here("--diff", str(inside), cwd=work).stdout
    assert absolute_inside.startswith(b"--- a/reports/r.md\n+++ b/reports/r.md\n")
    assert run_here("--diff", "./reports/../reports/r.md", cwd=work).stdout == absolute_inside
    # Outside the current folder: its absolute path without the leading "/", as git diff
    # --no-index names it (no "a//tmp/..."), which patch -p1 applies from the root.
    beyond = run_here("--diff", "../elsewhere/o.md", cwd=work).stdout
    name = outside.as_posix().lstrip("/").encode()
    assert beyond.startswith(b"--- a/" + name + b"\n+++ b/" + name + b"\n")
    assert run_here("--diff", str(outside), cwd=work).stdout == beyond
    copy = tmp_path / "root" / outside.relative_to("/")
    copy.parent.mkdir(parents=True)
    copy.write_text(REPORT, encoding="utf-8")
    _apply(beyond, tmp_path / "root", "patch")
    assert copy.read_text(encoding="utf-8") == FIXED


def test_diff_of_stdin_is_in_its_own_bytes():
    data = DIFF_CASES["gb18030-crlf"]
    proc = run_here("--diff", "--stdin-filename", "r.md", "-", stdin=data)
    assert proc.stdout.startswith(b"--- a/r.md\n")
    assert "+（一）部门职能\r\n".encode("gb18030") in proc.stdout


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("gb18030", b"")],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_fix_from_stdin_keeps_the_encoding_the_byte_order_mark_and_the_line_ends(encoding, bom, newline):
    data = bom + REPORT.replace("\n", newline).encode(encoding)
    proc = run_here("--fix", "--exit-zero", "--stdin-filename", "report.md", "-", stdin=data)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout == bom + FIXED.replace("\n", newline).encode(encoding)


def test_fix_from_stdin_keeps_each_lines_own_ending(tmp_path: Path):
    """Mixed line ends: every line the fixes kept has its own; stdin and a file give the same bytes."""
    lines = REPORT.split("\n")
    data = "".join(line + ("\r\n" if number % 3 else "\n") for number, line in enumerate(lines[:-1])).encode("utf-8")
    proc = run_here("--fix", "--exit-zero", "--stdin-filename", "report.md", "-", stdin=data)
    assert proc.returncode == 0, err(proc)
    path = tmp_path / "report.md"
    path.write_bytes(data)
    assert run_here("--fix", "--exit-zero", str(path)).returncode == 0
    assert proc.stdout == path.read_bytes()
    fixed = proc.stdout.decode("utf-8")
    assert "\n（一）部门职能\n" in fixed  # fixed, and still LF though the file is mostly CRLF
    assert "\n（二）年度总体工作和重点工作任务\r\n" in fixed  # untouched lines: as they came
    assert fixed.replace("\r\n", "\n") == FIXED


def test_fix_from_stdin_with_nothing_to_fix_gives_back_the_very_bytes():
    data = FIXED.replace("\n", "\r\n").encode("gb18030")
    proc = run_here("--fix", "--exit-zero", "--stdin-filename", "report.md", "-", stdin=data)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout == data


def test_fix_descriptions_follow_the_language_of_the_run():
    reports = [str(FIXTURES / "gd-dept-overall" / name) for name in ("typography-slips.md", "numbers-wrong-share.md")]
    reports.append(str(ROOT / "examples" / "dept-overall-2023.md"))
    english = json.loads(out(run_here("--lang", "en", "--output-format", "json", *reports)))
    messages = [f["fix"]["message"] for entry in english["files"] for f in entry["findings"] if f.get("fix")]
    assert len({message.split()[0] for message in messages}) >= 3  # several kinds of fix
    for message in messages:
        # What a fix writes may be Chinese (“（二）”, a part's name); its description is not.
        words = re.sub(r"“[^”]*”|\S*[\u4e00-\u9fff]\S*万元|[\u4e00-\u9fff]+(?= to )", "", message)
        assert not re.search(r"[\u4e00-\u9fff]", words), message
    chinese = json.loads(out(run_here("--output-format", "json", *reports)))
    assert [f["fix"]["message"] for entry in chinese["files"] for f in entry["findings"] if f.get("fix")][0].startswith(
        ("改为", "只保留", "与下一段", "数字与单位", "占比")
    )
