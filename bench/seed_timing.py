"""Lint time of one report: in-process (median of 50 after warm-up) and cold process.

    python bench/seed_timing.py [REPORT]

REPORT defaults to the shared seed report (../shared/seed/*.txt beside the repository),
or the bundled example when that is absent. Whole-process timings run as an installed
perflint runs: with bytecode caches (PYTHONDONTWRITEBYTECODE, set on this workplace's
machines, is removed for the measured processes and the package is compiled first)
and with perflint's own caches warm (one run before measuring fills them). Run by
hand; tests never time anything.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchlib import PERFLINT, ROOT, compile_perflint, measured_env, seed_report

sys.path.insert(0, str(ROOT))

from perflint.checks.base import all_rules
from perflint.engine import Linter
from perflint.profiles import ProfileSet
from perflint.sources import load_path

TARGET_WARM_MS = 5.0
TARGET_COLD_MS = 150.0
TARGET_COLD_RATIO = 6.0


def in_process(report: Path, runs: int = 50) -> list[float]:
    from scale import lint_times

    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    return lint_times(linter, load_path(report), runs, warmup=5)


def whole_process(commands: list[list[str]], runs: int) -> list[list[float]]:
    """Times of each command, run in turn ``runs`` times: interleaved, so that a busy
    moment of a shared machine slows both sides of a ratio alike."""
    env = measured_env()
    for command in commands:
        subprocess.run(command, capture_output=True, cwd=ROOT, env=env)  # fills perflint's caches and the OS file cache
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=ROOT, env=env)
            taken.append(time.perf_counter() - start)
    return times


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else seed_report()
    compile_perflint()
    print(f"report: {report} ({len(load_path(report).text)} characters)")
    warm = statistics.median(in_process(report)) * 1000
    print(f"in-process lint, median of 50 after warm-up: {warm:.2f} ms   (target ≤ {TARGET_WARM_MS} ms)")
    runs = 21
    perflint, python = whole_process([[*PERFLINT, "--output-format", "json", str(report)], [sys.executable, "-c", "pass"]], runs)
    cold, base = statistics.median(perflint) * 1000, statistics.median(python) * 1000
    print(f"cold 'perflint --output-format json', median of {runs}: {cold:.0f} ms   (target ≤ {TARGET_COLD_MS:.0f} ms)")
    print(f"'python -c pass', median of {runs}: {base:.0f} ms; ratio {cold / base:.1f}×   (target ≤ {TARGET_COLD_RATIO:.0f}×)")


if __name__ == "__main__":
    main()
