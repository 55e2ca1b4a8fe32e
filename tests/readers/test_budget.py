"""Every Word and PDF file is read in a reader process under a time and a memory budget
(issue 13, item 5): a file over budget is one line and exit 2, the rest of the run is
linted, and the reader is replaced after a failure and reused otherwise.

The hostile file here is a PDF whose font maps a range of 2³² codes (``cmap_range_pdf``):
a few bytes that pdfminer expands entry by entry, and that no check before pdfminer
sees, so only the budget stops it.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from perflint.readers import budget
from perflint.readers.budget import ReadBudget, read_office_file
from perflint.sources import LoadError

from conftest import FIXTURES
from hostilefiles import cmap_range_pdf
from officefiles import report_docx_bytes, report_pdf_bytes, write
from test_cli import err, out, run_here

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

CLEAN_MD = FIXTURES / "gd-dept-overall" / "clean.md"
_MiB = 1024 * 1024


def test_a_file_over_the_time_budget_is_one_line_and_the_run_goes_on(tmp_path):
    hostile = write(tmp_path, "cmap.pdf", cmap_range_pdf())
    good = write(tmp_path, "r.docx", report_docx_bytes())
    proc = run_here("--max-read-time", "1", "--max-read-memory", "0", str(hostile), str(good), str(CLEAN_MD))
    assert proc.returncode == 2
    assert err(proc).splitlines() == [
        f"perflint: error: {hostile}: refused: reading it took over 1 s (--max-read-time); a corrupt or hostile file?"
    ]
    assert "检查了 2 个文件，1 个文件无法检查" in out(proc)


def test_a_file_over_the_memory_budget_is_one_line_and_the_run_goes_on(tmp_path):
    hostile = write(tmp_path, "cmap.pdf", cmap_range_pdf())
    good = write(tmp_path, "r.pdf", report_pdf_bytes())
    proc = run_here("--max-read-memory", "200", "--max-read-time", "0", str(hostile), str(good))
    assert proc.returncode == 2
    assert err(proc).splitlines() == [f"perflint: error: {hostile}: refused: reading it needs over 200 MB of memory (--max-read-memory)"]
    assert "检查了 1 个文件，1 个文件无法检查" in out(proc)


def test_the_budget_holds_with_worker_processes_and_for_stdin(tmp_path):
    hostile = write(tmp_path, "cmap.pdf", cmap_range_pdf())
    reports = [write(tmp_path, f"r{index}.docx", report_docx_bytes()) for index in range(3)]
    proc = run_here("-j", "2", "--max-read-time", "1", "--max-read-memory", "0", str(reports[0]), str(hostile), *map(str, reports[1:]))
    assert proc.returncode == 2
    assert len(err(proc).splitlines()) == 1 and "took over 1 s" in err(proc)
    assert "检查了 3 个文件，1 个文件无法检查" in out(proc)
    proc = run_here("--max-read-memory", "200", "--stdin-filename", "cmap.pdf", "-", stdin=cmap_range_pdf())
    assert proc.returncode == 2 and "needs over 200 MB of memory" in err(proc)


@pytest.mark.parametrize("value", ["-1", "many"])
def test_a_budget_must_be_a_number_of_zero_or_more(value):
    proc = run_here("--max-read-time", value, str(CLEAN_MD))
    assert proc.returncode == 2 and "--max-read-time" in err(proc)


@pytest.mark.parametrize("value", ["10", "199"])
def test_a_memory_budget_the_reader_cannot_start_in_is_refused(value):
    proc = run_here("--max-read-memory", value, str(CLEAN_MD))
    assert proc.returncode == 2
    assert f"--max-read-memory: must be 0 (no limit) or at least 200, not {value}" in err(proc)
    assert run_here("-q", "--max-read-memory", "0", str(CLEAN_MD)).returncode == 0


def test_a_reader_that_cannot_start_is_one_line(monkeypatch):
    # A reader that dies at once, twice (no memory to start in, a broken install): the
    # file is not read, said in one line, never an internal error.
    monkeypatch.setattr(budget, "_BOOT", "raise SystemExit(3)")
    monkeypatch.setattr(budget, "_current", None)
    with pytest.raises(LoadError, match="cannot read: the reader process stopped"):
        read_office_file(report_docx_bytes(), "a.docx", "docx")


def test_one_reader_serves_a_run_and_a_new_one_replaces_a_failed_one():
    tight = ReadBudget(seconds=0, memory=200 * _MiB)
    read_office_file(report_pdf_bytes(), "a.pdf", "pdf", tight)
    first = budget._current
    assert first is not None
    read_office_file(report_docx_bytes(), "b.docx", "docx", tight)
    assert budget._current is first  # reused
    with pytest.raises(LoadError, match="needs over 200 MB of memory"):
        read_office_file(cmap_range_pdf(), "c.pdf", "pdf", tight)
    assert not first.alive()  # a reader that ran out of memory is not trusted again
    assert "2023年" in read_office_file(report_pdf_bytes(), "d.pdf", "pdf", tight).text
    assert budget._current is not first


def test_a_reader_past_its_time_is_killed_at_once(monkeypatch):
    """Busy with the file it overran on, the reader would not see its pipe close until it
    was done; the run does not give it a second to do so."""
    half_a_second = ReadBudget(seconds=0.5, memory=0)
    read_office_file(report_pdf_bytes(), "a.pdf", "pdf", half_a_second)  # the reader is up
    waits: list[float | None] = []
    wait = subprocess.Popen.wait
    monkeypatch.setattr(subprocess.Popen, "wait", lambda process, timeout=None: waits.append(timeout) or wait(process, timeout))
    with pytest.raises(LoadError, match="took over 0.5 s"):
        read_office_file(cmap_range_pdf(), "c.pdf", "pdf", half_a_second)
    assert waits == [None]  # killed, then waited for: not first given a second to stop by itself
    assert "2023年" in read_office_file(report_pdf_bytes(), "d.pdf", "pdf").text


def test_a_reader_that_died_between_files_is_replaced():
    read_office_file(report_pdf_bytes(), "a.pdf", "pdf")
    reader = budget._current
    assert reader is not None
    os.kill(reader.process.pid, signal.SIGKILL)
    reader.process.wait()
    assert "2023年" in read_office_file(report_pdf_bytes(), "b.pdf", "pdf").text


def test_a_refusal_is_the_readers_own_line():
    with pytest.raises(LoadError) as caught:
        read_office_file(b"%PDF-1.7\n" + bytes(3000), "broken.pdf", "pdf")
    assert caught.value.reason.startswith("cannot read PDF")


def test_the_reader_stops_when_the_process_that_started_it_dies(tmp_path):
    # A reader busy for ever (no deadline) must not outlive a perflint that was killed.
    hostile = write(tmp_path, "cmap.pdf", cmap_range_pdf())
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(FIXTURES.parent)!r})
        from perflint.readers.budget import ReadBudget, read_office_file
        read_office_file(open({str(hostile)!r}, "rb").read(), "cmap.pdf", "pdf", ReadBudget(seconds=0, memory=0))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    reader = _child_of(parent.pid)
    parent.kill()
    parent.wait()
    for _ in range(100):  # the reader looks for its parent twice a second
        if not _exists(reader):
            break
        time.sleep(0.1)
    assert not _exists(reader)


def _child_of(pid: int) -> int:
    for _ in range(200):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as listing:
                children = listing.read().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("the reader process did not start")


def _exists(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has ended
    except OSError:
        return False
