"""The hostile inputs of issue 13 at full size: the time and peak memory perflint takes
to refuse (or lint) each one, through the command line.

    python bench/attacks.py [--tree DIR] [--only NAME…] [--timeout 120] [--cap-gb 8] [--json FILE]

``--tree`` names the perflint source tree to run (default: this one), so the same
attacks can be measured on an older checkout (``git worktree add /tmp/old main``).
Every run is stopped after ``--timeout`` seconds and may not use more than
``--cap-gb`` of address space (a shared machine must survive the "before" figures):
a run stopped that way is reported as such. Peak memory is the largest resident size
of perflint and the processes it waited for. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchlib import ROOT, machine, write_figures

sys.path.insert(0, str(ROOT / "tests"))

import hostilefiles as h

_MiB = 1024 * 1024
GOOD_REPORT = ROOT / "examples" / "dept-overall-2023.md"

# Runs the command with a deadline and an address-space cap, then prints its wall
# time, exit status and the peak resident size of it and every process it waited for.
_RUNNER = r"""
import json, resource, subprocess, sys, time
import os
timeout, cap, nobody = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
command = sys.argv[4:]

def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if nobody and os.geteuid() == 0:  # root lists any folder: be someone permissions apply to
        os.setgid(65534)
        os.setuid(65534)

start = time.perf_counter()
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit, start_new_session=True)
try:
    out, err = proc.communicate(timeout=timeout)
    stopped = False
except subprocess.TimeoutExpired:
    import os, signal
    os.killpg(proc.pid, signal.SIGKILL)
    out, err = proc.communicate()
    stopped = True
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "returncode": proc.returncode, "stopped": stopped,
                  "maxrss_kib": usage.ru_maxrss, "stderr": err.decode("utf-8", "replace")[-400:],
                  "stdout": out.decode("utf-8", "replace")[-400:]}))
"""


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def attacks(folder: Path) -> dict[str, Callable[[], list[str]]]:
    """Each attack: a function that makes its files in ``folder`` and returns perflint's arguments."""

    def file(name: str, make: Callable[[], bytes | str]) -> Callable[[], list[str]]:
        return lambda: [str(_write(folder, name, make()))]

    def pdf_bomb(shape: str, size: int) -> Callable[[], list[str]]:
        return file(f"bomb-{shape}.pdf", lambda: h.stream_bomb_pdf(shape, size))

    def config(kind: str) -> list[str]:
        report = str(_write(folder, "r.md", GOOD_REPORT.read_bytes()))
        if kind == "config-dev-zero":
            return ["--config", "/dev/zero", report]
        if kind == "extend-dev-zero":
            return ["--config", str(_write(folder, "extends.toml", 'extend = "/dev/zero"\n')), report]
        if kind == "config-fifo":
            fifo = folder / "fifo.toml"
            if not fifo.exists():
                os.mkfifo(fifo)
            return ["--config", str(fifo), report]
        return ["--baseline", "/dev/zero", report]

    def unlistable() -> list[str]:
        top = folder / "tree"
        locked = top / "locked"
        locked.mkdir(parents=True, exist_ok=True)
        _write(top, "r.md", GOOD_REPORT.read_bytes()).chmod(0o644)
        _write(locked, "hidden.md", GOOD_REPORT.read_bytes())
        top.chmod(0o755)
        locked.chmod(0)
        return [str(top)]

    def too_deep() -> list[str]:
        """A report in folders nested past PATH_MAX (made level by level, relative to the last)."""
        top = folder / "deep"
        top.mkdir(exist_ok=True)
        _write(top, "r.md", GOOD_REPORT.read_bytes())
        descriptor = os.open(top, os.O_RDONLY)
        try:
            for _ in range(20):
                os.mkdir("d" * 250, dir_fd=descriptor)
                inner = os.open("d" * 250, os.O_RDONLY, dir_fd=descriptor)
                os.close(descriptor)
                descriptor = inner
            with open(os.open("lost.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor), "wb") as stream:
                stream.write(GOOD_REPORT.read_bytes())
        finally:
            os.close(descriptor)
        return [str(top)]

    return {
        "pdf: /Resources reference cycle": file("resources-cycle.pdf", h.resources_cycle_pdf),
        "pdf: /Length reference cycle": file("length-cycle.pdf", h.length_cycle_pdf),
        "docx: numbering start 10^11, lowerLetter": file("letters.docx", lambda: h.numbered_docx(10**11, "lowerLetter")),
        "docx: numbering start 10^11, upperRoman": file("roman.docx", lambda: h.numbered_docx(10**11, "upperRoman")),
        "pdf: 1 GB Flate, /Filter /FlateDecode": pdf_bomb("literal", 1024 * _MiB),
        "pdf: 1 GB Flate, /Flat#65Decode": pdf_bomb("hex-escaped-name", 1024 * _MiB),
        "pdf: 1 GB Flate, /F /Fl": pdf_bomb("abbreviated", 1024 * _MiB),
        "pdf: 1 GB Flate, [/FlateDecode]": pdf_bomb("array", 1024 * _MiB),
        "pdf: 1 GB Flate, indirect /Filter": pdf_bomb("indirect", 1024 * _MiB),
        "pdf: 1 GB Flate, stream\\r": pdf_bomb("stream-cr", 1024 * _MiB),
        "pdf: 1 GB Flate, 4 KB of padding": pdf_bomb("padding", 1024 * _MiB),
        "pdf: 1 GB Flate, [/AHx /Fl]": pdf_bomb("hex-then-flate", 1024 * _MiB),
        "pdf: 1 GB Flate twice": pdf_bomb("flate-twice", 1024 * _MiB),
        "pdf: 1 GB Flate as /Subtype /Image": pdf_bomb("disguised-image", 1024 * _MiB),
        "pdf: 1 GB Flate object stream, broken xref": pdf_bomb("object-stream", 1024 * _MiB),
        "pdf: 640 MB RunLength (10 MB file)": pdf_bomb("run-length", 640 * _MiB),
        "pdf: 1 GB LZW": pdf_bomb("lzw", 1024 * _MiB),
        "pdf: PNG predictor of 10^9 columns": file("predictor.pdf", lambda: h.predictor_bomb_pdf(10**9)),
        "pdf: a page of 7.9 MB of Tj": file("tj.pdf", lambda: h.text_operators_page(7_900_000)),
        "pdf: a form drawn 20,000 times": file("forms.pdf", lambda: h.repeated_form_page(20_000, 2_000)),
        "pdf: a ToUnicode range of 2^32 codes (budget)": file("cmap.pdf", h.cmap_range_pdf),
        "md: 甲和乙分别为… × 2000": file("respectively.md", lambda: h.respectively_amounts(2000)),
        "md: 预算执行率为95.00%， on a 1 MB line": file("rates.md", lambda: h.one_long_line_of_rates(1_000_000 // 26)),
        "md: '<!-- ' × 50,000": file("comments.md", lambda: h.unclosed_comments(50_000)),
        "md: 40,000 suppression lines": file("suppressions.md", lambda: h.suppression_lines(40_000)),
        "--config /dev/zero": lambda: config("config-dev-zero"),
        'extend = "/dev/zero"': lambda: config("extend-dev-zero"),
        "--config fifo.toml": lambda: config("config-fifo"),
        "--baseline /dev/zero": lambda: config("baseline-dev-zero"),
        "a folder with an unlistable subfolder": unlistable,
        "a report nested past PATH_MAX": too_deep,
    }


def run_attack(tree: Path, arguments: list[str], timeout: float, cap: int, nobody: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    env["PYTHONPATH"] = str(tree)
    command = [sys.executable, "-P", "-c", "import sys\nfrom perflint.cli import main\nsys.exit(main())", "--no-progress", *arguments]
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(timeout), str(cap), "1" if nobody else "0", *command],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
    )
    if proc.returncode != 0:  # the runner itself failed: perflint could not even be started
        reason = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": 0.0, "returncode": None, "stopped": False, "maxrss_kib": 0, "stderr": f"could not run: {reason}", "stdout": ""}
    return json.loads(proc.stdout)


def verdict(result: dict) -> str:
    if result["returncode"] is None:
        return result["stderr"]
    if result["stopped"]:
        return "stopped at the time limit"
    if "MemoryError" in result["stderr"] or result["returncode"] < 0:
        return f"crashed ({result['returncode']}): {result['stderr'].strip().splitlines()[-1:] or ''}"
    lines = [line for line in result["stderr"].splitlines() if line.strip()]
    return f"exit {result['returncode']}" + (f": {lines[0][:160]}" if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the perflint source tree to run")
    parser.add_argument("--only", nargs="*", help="attacks whose name contains one of these")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--cap-gb", type=float, default=8.0)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    print(machine())
    figures = {}
    folder = Path(tempfile.mkdtemp(prefix="perflint-attacks-"))
    try:
        for name, make in attacks(folder).items():
            if args.only and not any(part in name for part in args.only):
                continue
            nobody = "unlistable" in name
            if nobody:
                folder.chmod(0o755)
            result = run_attack(args.tree, make(), args.timeout, int(args.cap_gb * 1024**3), nobody)
            figures[name] = {**result, "verdict": verdict(result)}
            print(f"{name:48} {result['seconds']:7.2f} s {result['maxrss_kib'] / 1024:8.0f} MB  {verdict(result)}", flush=True)
    finally:
        locked = folder / "tree" / "locked"
        if locked.exists():
            locked.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)  # by descriptors: the folders past PATH_MAX too
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
