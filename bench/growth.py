"""Growth with size of the text shapes that once took quadratic time (issue 13, item 8).

    python bench/growth.py [--runs 3] [--only NAME…] [--tree DIR] [--give-up 60] [--json FILE]

Each shape of tests/hostilefiles.py (``GROWTH_SHAPES`` and ``REGEX_GROWTH_SHAPES``) is linted in-process at 10×,
100× and 1000× its unit (1000× is the size the issue timed: 2,000 "甲和乙分别为…" in
88 KB, a 1 MB line of "预算执行率为95.00%，", 50,000 "<!-- ", 40,000 suppression
lines). Printed: the median time of ``--runs`` lints at each size, and the growth,
(time at 1000× ÷ time at 10×) ÷ 100: near 1 (or below, while fixed costs weigh) is
linear; near 100 is quadratic. A size that takes longer than ``--give-up`` seconds
ends the shape's series, and its growth is taken from the largest size measured.
``--tree`` lints with another checkout's perflint (an older one, for a before/after).
Run by hand; tests count work instead of timing it (tests/test_growth.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from benchlib import ROOT, machine, write_figures

SCALES = (10, 100, 1000)


def lint_time(linter, source_from_text, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        source = source_from_text(text, "growth.md")
        start = time.perf_counter()
        linter.lint(source)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="shapes whose name contains one of these")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the perflint source tree to lint with")
    parser.add_argument("--give-up", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    sys.path[:0] = [str(args.tree), str(ROOT / "tests")]

    from perflint.checks.base import all_rules
    from perflint.engine import Linter
    from perflint.profiles import ProfileSet
    from perflint.sources import source_from_text

    from hostilefiles import GROWTH_SHAPES, REGEX_GROWTH_SHAPES

    print(machine())
    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    linter.lint(source_from_text(GROWTH_SHAPES["respectively-amounts"][0](1), "warm-up.md"))
    figures = {}
    print(f"{'shape':22} {'size at 1000×':>14} " + " ".join(f"{f'{scale}×':>9}" for scale in SCALES) + "   growth")
    for name, (make, unit) in {**GROWTH_SHAPES, **REGEX_GROWTH_SHAPES}.items():
        if args.only and not any(part in name for part in args.only):
            continue
        times: dict[int, float] = {}
        for scale in SCALES:
            times[scale] = lint_time(linter, source_from_text, make(unit * scale), args.runs)
            if times[scale] > args.give_up:
                break
        last = max(times)
        growth = times[last] / times[10] / (last // 10)
        size = len(make(unit * 1000).encode("utf-8"))
        figures[name] = {"bytes_at_1000": size, "seconds": times, "growth": growth, "largest_scale": last}
        shown = " ".join(f"{times[s]:8.3f}s" if s in times else f"{'—':>9}" for s in SCALES)
        print(f"{name:22} {size / 1024:11.0f} KB {shown}   {growth:6.2f}" + (f" (to {last}×)" if last != 1000 else ""), flush=True)
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
