"""Lint time of one report: in-process (median of 50 after warm-up) and cold process,
next to zhlint's and lint-md's cold runs on the same text, measured in the same run.

    PERFLINT_PEERS=/path/to/peers python bench/seed_timing.py [REPORT]

The peers are optional and never installed by this script: zhlint and lint-md (npm
packages ``zhlint`` and ``@lint-md/cli``) are looked up in $PERFLINT_PEERS/node_modules/.bin
(after ``npm install zhlint @lint-md/cli`` in that folder) or on PATH. They read
Markdown, so they get a copy of the report named ``*.md``; each runs interleaved with
perflint, so that a busy moment of a shared machine slows every side of a ratio alike.

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
import tempfile
import time
from pathlib import Path

from benchlib import PERFLINT, ROOT, compile_perflint, machine, measured_env, peer_executable, seed_report

sys.path.insert(0, str(ROOT))

from perflint.checks.base import all_rules
from perflint.engine import Linter
from perflint.profiles import ProfileSet
from perflint.sources import load_path

TARGET_WARM_MS = 5.0
TARGET_COLD_MS = 150.0
# perflint's cold run at least this many times faster than each peer's.
TARGET_PEER_SPEEDUP = 1.5
PEERS = ("zhlint", "lint-md")


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
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / (report.stem + ".md")
        copy.write_text(load_path(report).text, encoding="utf-8")
        peers = {name: exe for name in PEERS if (exe := peer_executable(name)) is not None}
        commands = [[*PERFLINT, "--output-format", "json", str(report)], [sys.executable, "-c", "pass"]]
        commands += [[exe, str(copy)] for exe in peers.values()]
        times = whole_process(commands, runs)
    cold, base = statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000
    print(machine())
    print(f"cold 'perflint --output-format json', median of {runs}: {cold:.0f} ms   (target ≤ {TARGET_COLD_MS:.0f} ms)")
    print(f"'python -c pass', median of {runs}: {base:.0f} ms   (the interpreter's own start, for scale)")
    for (name, _), taken in zip(peers.items(), times[2:]):
        peer = statistics.median(taken) * 1000
        print(f"cold {name}, median of {runs}: {peer:.0f} ms; perflint {peer / cold:.2f}× as fast   (target ≥ {TARGET_PEER_SPEEDUP}×)")
    for name in PEERS:
        if name not in peers:
            print(f"{name}: not installed (npm install zhlint @lint-md/cli in the folder PERFLINT_PEERS names)")


if __name__ == "__main__":
    main()
