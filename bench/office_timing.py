"""Time and memory of the Word and PDF readers: refusing zip bombs, linting 50 pages.

    python bench/office_timing.py [--pages 50]

Zip bombs: each refusal runs in a fresh process that reports its wall time, the peak
of Python allocations during the refusal (tracemalloc) and the process's peak resident
size (VmHWM, which includes the interpreter, perflint's imports and the file's bytes).

50 pages: a long report is made from fixtures/gd-dept-overall/clean-markdown.md by
repeating its sections, written as .docx (python-docx) and exported to .pdf with
LibreOffice (skipped when soffice is not installed), then linted in-process (median of
three) and as a cold `perflint --output-format json` process, timed and measured as the
other benchmarks' processes are (benchlib.measure, with bytecode caches). Run by hand;
tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import PERFLINT, ROOT, MiB, compile_perflint, measure, measured_env

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

_REFUSE = """
import json, sys, time, tracemalloc
sys.path.insert(0, {root!r})
from perflint.readers.docx import read_docx
from perflint.sources import LoadError
data = open({path!r}, "rb").read()
tracemalloc.start()
start = time.perf_counter()
try:
    read_docx(data, "bomb.docx")
    reason = "NOT REFUSED"
except LoadError as exc:
    reason = exc.reason
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "peak": peak, "hwm_kb": hwm, "reason": reason}}))
"""


def refuse_in_subprocess(path: Path) -> dict:
    code = _REFUSE.format(root=str(ROOT), path=str(path))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=measured_env())
    return json.loads(proc.stdout)


def bombs(work: Path) -> None:
    from officefiles import lie_about_size, many_members, zip_bomb

    print("zip bombs (each refused in a fresh process)")
    big = zip_bomb(1024 * MiB)
    cases = {
        "1 GiB of zeros, declared": big,
        "1 GiB of zeros, declared as 4 KiB": lie_about_size(big, "word/document.xml", 4096),
        "40 MiB at 1000:1 (under the size limit)": zip_bomb(40 * MiB),
        "100,000 empty members": many_members(100_000),
    }
    for label, data in cases.items():
        path = work / "bomb.docx"
        path.write_bytes(data)
        result = refuse_in_subprocess(path)
        print(
            f"  {label:42s} file {len(data) / 1024:8.0f} KiB  refused in {result['seconds'] * 1000:7.2f} ms  "
            f"python peak {result['peak'] / MiB:6.2f} MiB  process peak RSS {result['hwm_kb'] / 1024:6.1f} MiB"
        )
        print(f"    {result['reason']}")


def long_markdown(pages: int) -> str:
    """The clean report with its sections repeated until it fills about ``pages`` pages."""
    text = (ROOT / "fixtures" / "gd-dept-overall" / "clean-markdown.md").read_text(encoding="utf-8")
    head, _, body = text.partition("## 一、")
    # One copy of the body fills about three pages.
    copies = max(1, -(-pages // 3))
    return head + "\n".join("## 一、" + body for _ in range(copies))


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def time_lint(path: Path) -> None:
    from perflint.checks.base import all_rules
    from perflint.engine import Linter
    from perflint.profiles import ProfileSet
    from perflint.sources import load_path

    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    loads, lints = [], []
    for _ in range(3):
        start = time.perf_counter()
        source = load_path(path)
        loaded = time.perf_counter()
        result = linter.lint(source)
        done = time.perf_counter()
        loads.append(loaded - start)
        lints.append(done - loaded)
    cold = measure([*PERFLINT, "--output-format", "json", str(path)], cwd=ROOT)
    print(
        f"  {path.name:10s} {path.stat().st_size / 1024:7.0f} KiB  {len(source.text):7d} chars  "
        f"read {statistics.median(loads):6.3f} s  lint {statistics.median(lints):6.3f} s  "
        f"cold process {cold.seconds:6.3f} s, peak RSS {cold.maxrss_mib:5.0f} MiB  findings {len(result.findings)}"
    )


def long_reports(work: Path, pages: int) -> None:
    from officefiles import fixture_builder

    build = fixture_builder()
    docx = work / "long.docx"
    build.markdown_to_docx(long_markdown(pages), docx, numbers="auto", fields="table", department="广东省农业机械化技术推广站")
    print(f"a long report ({pages} pages wanted)")
    time_lint(docx)
    if shutil.which("soffice") or shutil.which("libreoffice"):
        pdf = work / "long.pdf"
        build.docx_to_pdf(docx, pdf)
        print(f"  (the PDF export has {pdf_pages(pdf)} pages)")
        time_lint(pdf)
    else:
        print("  no LibreOffice (soffice): the PDF part is skipped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    compile_perflint()
    with tempfile.TemporaryDirectory() as work:
        bombs(Path(work))
        long_reports(Path(work), args.pages)


if __name__ == "__main__":
    main()
