"""Every benchmark, then one table of figures next to their targets (issue 8).

    .venv/bin/python bench/run.py [--quick]

Runs, each as its own process and with its full output shown:

* bench/seed_timing.py — the seed report in-process and as a cold process, and
  ``python -c pass`` measured in the same run;
* bench/scale.py — the seed 100 times longer in-process, and a 10 MB report;
* bench/batch.py — 2,000 generated reports with ``-j 1`` and ``-j 2``;
* bench/office_timing.py — Word and PDF reports, zip bombs;
* bench/review_page.py — the html review page for 200 reports: size and time;
* bench/typography_peers.py — PF3xx next to zhlint, lint-md and autocorrect-py.

The peers are used only when installed (see bench/typography_peers.py; point
PERFLINT_PEERS at the folder holding them). Whole-process timings run with bytecode
caches: perflint is compiled once first and PYTHONDONTWRITEBYTECODE is dropped for
every script. ``--quick`` lints 400 generated reports once each instead of 2,000
three times, for trying things out; the issue's figures come from a full run. Figures
depend on the machine and on what else runs on it: the table starts with both.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import ROOT, compile_perflint, machine, measured_env


def run_script(name: str, *args: str) -> str:
    """Run bench/NAME, showing its output as it comes; returns that output."""
    print(f"\n== {name} {' '.join(args)}".rstrip(), flush=True)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / name), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=measured_env()
    )
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    if proc.wait():
        print(f"({name} exited with status {proc.returncode})")
    return "".join(lines)


def _figure(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found[1]) if found else None


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="400 reports, one run each, for trying things out")
    args = parser.parse_args()
    compile_perflint()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="perflint-bench-") as scratch:
        scale_json, batch_json = Path(scratch) / "scale.json", Path(scratch) / "batch.json"
        seed_out = run_script("seed_timing.py")
        run_script("scale.py", "--json", str(scale_json))
        batch_args = ["--files", "400", "--runs", "1"] if args.quick else []
        run_script("batch.py", "--json", str(batch_json), *batch_args)
        run_script("office_timing.py")
        run_script("review_page.py", *(["--runs", "1"] if args.quick else []))
        run_script("typography_peers.py")
        scale, batch = _read(scale_json), _read(batch_json)

    warm = _figure(r"in-process lint[^:]*:\s*([\d.]+) ms", seed_out)
    cold = _figure(r"cold [^:]*:\s*([\d.]+) ms", seed_out)
    python = _figure(r"'python -c pass'[^:]*:\s*([\d.]+) ms", seed_out)

    def shown(value: float | None, unit: str, digits: int = 0) -> str:
        return "see above" if value is None else f"{value:.{digits}f} {unit}"

    rows = [
        ("seed, cold json process", shown(cold, "ms"), "<= 150 ms"),
        (
            "  the same over 'python -c pass'",
            shown(cold / python if cold and python else None, "x", 1) + (f" ({python:.0f} ms)" if python else ""),
            "<= 6x",
        ),
        ("seed, in-process after warm-up", shown(warm, "ms", 2), "<= 5 ms"),
    ]
    if scale:
        rows += [
            (
                f"100x seed ({scale['long_chars'] // 1000} K chars) in-process",
                f"{scale['long_ms']:.0f} ms = {scale['ratio']:.2f} x 100 x seed ({scale['seed_ms']:.1f} ms)",
                "<= 1.2 x 100 x seed",
            ),
            (
                f"{scale['big_bytes'] / 1e6:.0f} MB report, whole process",
                f"{scale['big_s']:.1f} s, {scale['big_mib']:.0f} MiB",
                "< 30 s, < 500 MB",
            ),
        ]
    if batch:
        memory = batch["memory"]
        rows += [
            (
                f"{batch['files']} reports, -j 1 / -j 2",
                f"{batch['serial_s']:.1f} s / {batch['parallel_s']:.1f} s = {batch['speedup']:.2f}x (machine ceiling now {batch['ceiling']:.2f}x)",
                ">= 1.7x",
            ),
            (
                "  peak memory, -j 2",
                (
                    f"largest process {memory['maxrss_mib']:.0f} MiB; all at once {memory['peak_total_rss_mib']:.0f} MiB RSS, "
                    f"{memory['peak_total_pss_mib']:.0f} MiB PSS"
                ),
                "< 300 MB",
            ),
        ]
        for name, took in batch.get("peers", {}).items():
            rows.append((f"  peer {name}, same files", "not installed" if took is None else f"{took:.1f} s", ""))
    width = max(len(row[0]) for row in rows)
    print(f"\n== summary ({machine()})")
    for figure, value, target in rows:
        print(f"{figure:<{width}}  {value:<60}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
