"""Lint time of one report: in-process (median of 50 after warm-up) and cold process.

    python bench/seed_timing.py [REPORT]

REPORT defaults to the shared seed report (../shared/seed/*.txt beside the repository),
or the bundled example when that is absent. Run by hand; tests never time anything.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perflint.checks.base import all_rules  # noqa: E402
from perflint.engine import Linter  # noqa: E402
from perflint.profiles import ProfileSet  # noqa: E402
from perflint.sources import load_path  # noqa: E402


def default_report() -> Path:
    seeds = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    return seeds[0] if seeds else ROOT / "examples" / "dept-overall-2023.md"


def in_process(report: Path, runs: int = 50) -> list[float]:
    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    source = load_path(report)
    for _ in range(5):
        linter.lint(source)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        linter.lint(source)
        times.append(time.perf_counter() - start)
    return times


def cold(report: Path, runs: int = 5) -> list[float]:
    command = [sys.executable, "-m", "perflint", "--output-format", "json", str(report)]
    subprocess.run(command, capture_output=True, cwd=ROOT)  # warm the OS file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def python_baseline(runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else default_report()
    print(f"report: {report} ({len(load_path(report).text)} characters)")
    warm = in_process(report)
    print(f"in-process lint, median of {len(warm)}: {statistics.median(warm) * 1000:.2f} ms (min {min(warm) * 1000:.2f}, max {max(warm) * 1000:.2f})")
    whole = cold(report)
    print(f"cold 'perflint --output-format json', median of {len(whole)}: {statistics.median(whole) * 1000:.0f} ms")
    base = python_baseline()
    print(f"'python -c pass', median of {len(base)}: {statistics.median(base) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
