"""The reviewer's page for a folder of 200 reports: its size, and how long it takes.

    python bench/review_page.py [--files 200] [--runs 3] [--keep DIR]

The folder is what a finance bureau receives: 200 reports generated from the
fixtures with fresh, consistent figures (bench/batch.py's generator), one in three
stating its department's overall execution rate (so the rates chart has something
to draw), and one in ten a Word or PDF fixture. Measured: ``perflint --output-format
html -o review.html`` as a whole process (median wall and CPU time, peak memory) next
to ``--output-format json`` on the same folder, the page's render time alone in
process, the page's size (per report, and gzipped, as it would be mailed) and the csv
facts table's. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from batch import generate

from benchlib import PERFLINT, ROOT, compile_perflint, machine, measure, median

OFFICE = sorted(p for p in (ROOT / "fixtures" / "office").iterdir() if p.suffix in (".docx", ".pdf"))
_SPENDING = re.compile(r"(?P<sentence>财政性实际支出合计(?P<t>\d+\.\d{2})万元，其中[^。]*。)")
CENT = Decimal("0.01")


def with_overall_rate(text: str, rng: random.Random) -> str:
    """The report with its overall budget and execution rate after its spending sentence."""
    match = _SPENDING.search(text)
    if match is None:
        return text
    spent = Decimal(match["t"])
    budget = (spent / Decimal(rng.randint(7800, 10000)) * 10000).quantize(CENT, rounding=ROUND_HALF_UP)
    rate = (spent / budget * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    sentence = f"全年预算数{budget}万元，执行数{spent}万元，预算执行率为{rate}%。"
    return text[: match.end()] + sentence + text[match.end() :]


def make_folder(target: Path, count: int, seed: int = 17) -> None:
    office = count // 10
    generate(target, count - office, seed=seed)
    rng = random.Random(seed)
    for number, path in enumerate(sorted(target.rglob("*.md"))):
        if number % 3 == 0:
            path.write_text(with_overall_rate(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
    for number in range(office):
        source = OFFICE[number % len(OFFICE)]
        shutil.copy(source, target / f"office-{number:02d}-{source.name}")


def render_seconds(folder: Path, runs: int) -> tuple[float, int]:
    """The html format alone, in process, on the run's results (kept whole, as the CLI keeps them)."""
    sys.path.insert(0, str(ROOT))
    from perflint.batch import Job, JobSpec
    from perflint.output import RenderOptions, formatter
    from perflint.sources import iter_report_paths

    job = Job(JobSpec(whole_text=True))
    results = [job.run(path).result for path in iter_report_paths(str(folder))]
    render = formatter("html")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render(results, RenderOptions())
        times.append(time.perf_counter() - start)
    return median(times), sum(len(r.source.text) for r in results if r.source is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the folder and the page here and keep them")
    args = parser.parse_args()

    compile_perflint()
    scratch = None if args.keep else tempfile.mkdtemp(prefix="perflint-review-")
    base = args.keep or Path(scratch)
    folder = base / "reports"
    try:
        make_folder(folder, args.files)
        page, table = base / "review.html", base / "facts.csv"
        print(f"machine: {machine()}")
        html_runs = [measure([*PERFLINT, "--output-format", "html", "-o", str(page), str(folder)]) for _ in range(args.runs)]
        json_runs = [measure([*PERFLINT, "--output-format", "json", "-o", str(base / "run.json"), str(folder)]) for _ in range(args.runs)]
        two = measure([*PERFLINT, "-j", "2", "--output-format", "html", "-o", str(base / "review-j2.html"), str(folder)])
        measure([*PERFLINT, "--output-format", "csv", "-o", str(table), str(folder)])
        if any(run.returncode not in (0, 1) for run in html_runs + json_runs):
            raise SystemExit("perflint failed on the generated folder")
        rendering, characters = render_seconds(folder, args.runs)
        size = page.stat().st_size
        packed = len(gzip.compress(page.read_bytes()))
        html_s, json_s = median([r.seconds for r in html_runs]), median([r.seconds for r in json_runs])
        print(f"{args.files} reports ({args.files // 10} Word/PDF), {characters / 1e6:.2f} M characters of text, in {folder}")
        print(
            f"html page: {size / 1e6:.2f} MB ({size / args.files / 1000:.1f} kB a report; "
            f"{size / max(1, characters):.2f} bytes a character of text), {packed / 1e6:.2f} MB gzipped"
        )
        print(f"csv facts table: {table.stat().st_size / 1000:.1f} kB")
        print(
            f"perflint --output-format html -o: median {html_s:.2f} s of {args.runs} "
            f"(CPU {median([r.cpu_seconds for r in html_runs]):.2f} s, peak {max(r.maxrss_mib for r in html_runs):.0f} MiB)"
        )
        html_cpu, json_cpu = median([r.cpu_seconds for r in html_runs]), median([r.cpu_seconds for r in json_runs])
        print(
            f"perflint --output-format json -o: median {json_s:.2f} s (CPU {json_cpu:.2f} s, peak {max(r.maxrss_mib for r in json_runs):.0f} MiB); "
            f"the page costs {html_s - json_s:+.2f} s wall, {html_cpu - json_cpu:+.2f} s CPU (the CPU figure is the steadier on a busy machine)"
        )
        print(f"perflint -j 2 --output-format html -o: {two.seconds:.2f} s")
        print(f"rendering the page alone, in process: median {rendering * 1000:.0f} ms")
        if args.keep:
            print(f"kept: {page}")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
