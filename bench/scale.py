"""Growth with size: the seed report made 100 times longer, and 10 MB of report text.

    python bench/scale.py [--report FILE] [--megabytes 10] [--profile] [--json FILE]

A longer report is the seed with every section's own paragraphs repeated, under the
same headings in the same order (the outline stays the seed's: nothing is renumbered
or duplicated, so the structure rules see one plausible report, only with very long
sections — the shape that exposes work growing faster than the text). Copies are
added until the text is 100 times the seed's characters (about 380 K for the seed).

* In-process: the seed's lint time (median of 30 after warm-up) against the long
  report's (median of 5); the target is long ≤ 1.2 × 100 × seed.
* Whole process: ``perflint --output-format json`` on a report of 10 MB (UTF-8
  bytes), with bytecode caches (compiled once first; PYTHONDONTWRITEBYTECODE is
  dropped for the run): wall time and peak resident size; targets < 30 s, < 500 MB.

``--profile`` also profiles both in-process lints and lists the functions whose
time grows fastest (long-report time over 100 × the seed's), with file:function,
for finding a superlinear hot spot. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import PERFLINT, ROOT, compile_perflint, machine, measure, seed_report, write_figures

sys.path.insert(0, str(ROOT))

from perflint.checks.base import all_rules
from perflint.engine import Linter
from perflint.parse import parse
from perflint.profiles import ProfileSet
from perflint.sources import load_path, source_from_text


def grown(text: str, copies: int) -> str:
    """``text`` with each section's own paragraphs and tables repeated ``copies`` times."""
    document = parse(text)
    if not document.sections:
        return "\n\n".join([text] * copies)
    parts = [text[: document.sections[0].span[0]].rstrip("\n")]

    def emit(section) -> None:
        start = text.rfind("\n", 0, section.heading.span[0]) + 1
        end = text.find("\n", section.heading.span[1])
        parts.append(text[start : end if end != -1 else len(text)])
        own = [text[block.span[0] : block.span[1]] for block in section.blocks]
        parts.extend(own * copies)
        for child in section.children:
            emit(child)

    for section in document.sections:
        emit(section)
    return "\n\n".join(parts) + "\n"


def grown_to(text: str, size: int, measure_size=len) -> str:
    """``grown(text, k)`` with the smallest k whose size reaches ``size``."""
    one, two = measure_size(grown(text, 1)), measure_size(grown(text, 2))
    copies = max(1, -(-(size - one) // (two - one)) + 1)
    while measure_size(grown(text, copies)) < size:
        copies += 1
    return grown(text, copies)


def lint_times(linter: Linter, source, runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        linter.lint(source)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        linter.lint(source)
        times.append(time.perf_counter() - start)
    return times


def profile_growth(linter: Linter, seed, long, factor: int, top: int = 15) -> None:
    """Print the functions whose own time grows most against ``factor`` × the seed's."""

    def own_times(source, runs: int) -> dict[str, float]:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            linter.lint(source)
        profiler.disable()
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        return {f"{Path(file).name}:{line}:{name}": tt / runs for (file, line, name), (_, _, tt, _, _) in stats.items()}

    small, big = own_times(seed, 20), own_times(long, 1)
    rows = sorted(((big[k] - factor * small.get(k, 0.0), k) for k in big), reverse=True)[:top]
    print(f"functions whose own time grows beyond {factor} x the seed's (seconds over the linear share):")
    for excess, key in rows:
        print(f"  {excess:8.3f} s  {key}  (long {big[key]:.3f} s, seed {small.get(key, 0.0) * 1000:.2f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=seed_report())
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file (for bench/run.py)")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    seed = load_path(args.report)
    long = source_from_text(grown_to(seed.text, args.factor * len(seed.text)), "long.md")
    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    seed_ms = statistics.median(lint_times(linter, seed, 30, 5)) * 1000
    long_ms = statistics.median(lint_times(linter, long, 5, 1)) * 1000
    ratio = long_ms / (args.factor * seed_ms)
    print(f"seed ({len(seed.text)} characters): {seed_ms:.2f} ms in-process")
    print(
        f"{args.factor} x longer ({len(long.text)} characters): {long_ms:.0f} ms in-process = {ratio:.2f} x {args.factor} x the seed's"
        f"   target <= 1.2 x ({1.2 * args.factor * seed_ms:.0f} ms)"
    )
    if args.profile:
        profile_growth(linter, seed, long, args.factor)

    compile_perflint()
    with tempfile.TemporaryDirectory(prefix="perflint-scale-") as scratch:
        big = Path(scratch) / "report-10mb.md"
        big.write_text(grown_to(seed.text, int(args.megabytes * 1e6), lambda t: len(t.encode("utf-8"))), encoding="utf-8")
        size = big.stat().st_size
        result = measure([*PERFLINT, "--output-format", "json", str(big)], sample=True)
        print(
            f"{size / 1e6:.1f} MB report, whole process: {result.seconds:.1f} s, peak resident {result.maxrss_mib:.0f} MiB"
            f" (exit {result.returncode})   targets < 30 s, < 500 MB"
        )
    write_figures(
        args.json,
        {
            "seed_ms": seed_ms,
            "long_ms": long_ms,
            "long_chars": len(long.text),
            "ratio": ratio,
            "big_bytes": size,
            "big_s": result.seconds,
            "big_mib": result.maxrss_mib,
            "big_exit": result.returncode,
            "machine": machine(),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
