"""A province's worth of reports: 2,000 files linted with ``-j 1`` and ``-j 2``.

    python bench/batch.py [--files 2000] [--runs 3] [--keep DIR] [--json FILE]

The reports are generated from fixtures/gd-dept-overall/*.md with fresh figures
(department names, filing dates, the spending breakdown and its shares, the project's
budget, spending and rate, the score within its grade's band, the satisfaction rate),
each set consistent so a report only has the findings its template was written to
have; they go into 20 folders of 100, as a province's departments might file them.

Each ``perflint --output-format json DIR`` run is a fresh process with bytecode caches
(compiled once first; PYTHONDONTWRITEBYTECODE is dropped for it). Times are medians;
memory is the peak resident size of the parent and of the largest worker
(getrusage), and the whole tree's resident and proportional (PSS: shared pages
divided among the processes sharing them) sizes added up, sampled every 20 ms in a
separate run. Next to the speedup stands how much faster two CPU-bound processes run
than one on this machine at that moment: on shared or busy cores it is below 2, and
no program can beat it. The typography peers (zhlint, lint-md, autocorrect-py), when
installed (see bench/typography_peers.py), are timed on the same files for scale;
they check far less. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from benchlib import PERFLINT, ROOT, compile_perflint, machine, measure, median, parallel_ceiling, write_figures

TEMPLATES = sorted((ROOT / "fixtures" / "gd-dept-overall").glob("*.md"))
CITIES = ["广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市", "汕尾市",
          "东莞市", "中山市", "江门市", "阳江市", "湛江市", "茂名市", "肇庆市", "清远市", "潮州市", "揭阳市"]  # fmt: skip
FIELDS = ["水文", "档案", "交通运输", "林业", "气象", "统计", "农业农村", "文化旅游", "生态环境", "住房保障",
          "水利工程", "地质调查", "粮食储备", "社会保险", "市场监管"]  # fmt: skip
KINDS = ["服务中心", "事务中心", "信息中心", "监测站", "管理所", "技术推广站"]

CENT = Decimal("0.01")
_BREAKDOWN = re.compile(
    r"合计(?P<t>\d+\.\d{2})万元，其中基本支出(?P<b>\d+\.\d{2})万元，占总支出的(?P<bs>\d+\.\d{2})%；"
    r"项目支出(?P<p>\d+\.\d{2})万元，占总支出的(?P<ps>\d+\.\d{2})%"
)
_EXECUTION = re.compile(r"全年预算数(?P<b>\d+\.\d{2})万元，执行数(?P<e>\d+\.\d{2})万元，完成预算的(?P<r>\d+(?:\.\d{2})?)%")
_SCORE = re.compile(r"自评得分(?P<s>\d+\.\d{2})分，自评等级为(?P<g>优秀|良好|中|差)")
_BANDS = {"优秀": (90, 100), "良好": (80, 90), "中": (60, 80), "差": (40, 60)}
_SATISFACTION = re.compile(r"满意率为(\d+\.\d{2})%")
_FILED = re.compile(r"填报日期：(\d{4})年(\d{1,2})月(\d{1,2})日")
_TITLE_YEAR = re.compile(r"^\s*(\d{4})\s*年")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(part: Decimal, total: Decimal) -> Decimal:
    return _cents(part / total * 100)


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _breakdown(match: re.Match, rng: random.Random) -> str:
    t, b, p = (Decimal(match[k]) for k in "tbp")
    consistent = abs(b + p - t) <= CENT and _share(b, t) == Decimal(match["bs"]) and _share(p, t) == Decimal(match["ps"])
    if not consistent:  # a template written to be wrong stays wrong
        return match[0]
    total = _money(rng, 300, 20000)
    basic = _cents(total * Decimal(rng.uniform(0.2, 0.8)))
    project = total - basic
    return f"合计{total}万元，其中基本支出{basic}万元，占总支出的{_share(basic, total)}%；项目支出{project}万元，占总支出的{_share(project, total)}%"


def _execution(match: re.Match, rng: random.Random) -> str:
    b, e, r = Decimal(match["b"]), Decimal(match["e"]), Decimal(match["r"])
    if abs(_share(e, b) - r) > CENT or not 90 <= r <= 100:  # a wrong, low or over-spent rate is the point
        return match[0]
    budget = _money(rng, 50, 3000)
    spent = _cents(budget * Decimal(rng.uniform(0.91, 1.0)))  # at or over 90%: no low-execution warning
    return f"全年预算数{budget}万元，执行数{spent}万元，完成预算的{_share(spent, budget)}%"


def _score(match: re.Match, rng: random.Random) -> str:
    low, high = _BANDS[match["g"]]
    if not low <= Decimal(match["s"]) < high + (match["g"] == "优秀"):
        return match[0]
    return f"自评得分{_money(rng, low, high)}分，自评等级为{match['g']}"


def _filed(match: re.Match, rng: random.Random, report_year: int | None) -> str:
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        real = date(year, month, day)
    except ValueError:
        real = None
    if real is None or report_year is None or year != report_year + 1 or not 2 <= month <= 6:
        return match[0]  # an odd date is what the template is about
    return f"填报日期：{year}年{rng.randint(3, 5)}月{rng.randint(1, 28)}日"


def varied(template: str, rng: random.Random) -> str:
    """``template`` with fresh, consistent figures, name and date."""
    text = template
    name = re.search(r"部门名称：(.+)", text)
    if name and name[1].strip():
        text = text.replace(name[1].strip(), rng.choice(CITIES) + rng.choice(FIELDS) + rng.choice(KINDS))
    year = _TITLE_YEAR.match(text)
    report_year = int(year[1]) if year else None
    text = _FILED.sub(lambda m: _filed(m, rng, report_year), text)
    text = _BREAKDOWN.sub(lambda m: _breakdown(m, rng), text)
    text = _EXECUTION.sub(lambda m: _execution(m, rng), text)
    text = _SCORE.sub(lambda m: _score(m, rng), text)
    return _SATISFACTION.sub(lambda m: f"满意率为{_money(rng, 85, 100)}%", text)


def generate(target: Path, count: int, seed: int = 8) -> int:
    """Write ``count`` reports into 20 folders under ``target``; returns their characters."""
    rng = random.Random(seed)
    templates = [(path.stem, path.read_text(encoding="utf-8")) for path in TEMPLATES]
    characters = 0
    for number in range(count):
        stem, template = templates[number % len(templates)]
        folder = target / f"{CITIES[number % len(CITIES)]}"
        folder.mkdir(parents=True, exist_ok=True)
        text = varied(template, rng)
        (folder / f"{number:04d}-{stem}.md").write_text(text, encoding="utf-8")
        characters += len(text)
    return characters


def time_runs(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        result = measure(command)
        if result.returncode not in (0, 1):
            raise SystemExit(f"perflint failed (exit {result.returncode}): {' '.join(command)}")
        walls.append(result.seconds)
        cpus.append(result.cpu_seconds)
    return walls, cpus


def peers(folder: Path) -> list[tuple[str, float | None]]:
    """Wall time of each installed typography peer over the same files."""
    from typography_peers import _executable, peer_pythons

    rows: list[tuple[str, float | None]] = []
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
    for name, command in (("zhlint", ["**/*.md"]), ("lint-md", ["**/*.md"])):  # each expands the pattern itself
        exe = _executable(name)
        if exe is None:
            rows.append((name, None))
            continue
        start = time.perf_counter()
        subprocess.run([exe, *command], cwd=folder, capture_output=True, timeout=3600, check=False)  # findings exit non-zero
        rows.append((name, time.perf_counter() - start))
    loop = "import autocorrect_py, sys\nfor p in sys.argv[1:]:\n    autocorrect_py.lint_for(open(p, encoding='utf-8').read(), p)"
    took = None
    for python in peer_pythons():
        if subprocess.run([python, "-c", "import autocorrect_py"], capture_output=True, check=False).returncode == 0:
            start = time.perf_counter()
            subprocess.run([python, "-c", loop, *files], cwd=folder, capture_output=True, timeout=3600, check=True)
            took = time.perf_counter() - start
            break
    rows.append(("autocorrect-py", took))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the reports into this folder and keep them")
    parser.add_argument("--json", help="also write the figures to this file (for bench/run.py)")
    args = parser.parse_args()

    compile_perflint()
    scratch = None if args.keep else tempfile.mkdtemp(prefix="perflint-batch-")
    folder = args.keep or Path(scratch) / "reports"
    try:
        characters = generate(folder, args.files)
        print(f"machine: {machine()}")
        print(f"{args.files} reports from {len(TEMPLATES)} templates, {characters / 1e6:.1f} M characters, in {folder}")
        perflint = [*PERFLINT, "--output-format", "json"]
        measure(perflint + [str(folder)])  # the file cache, and nothing else, is warm for both
        ceiling = parallel_ceiling()
        serial, serial_cpu = time_runs(perflint + ["-j", "1", str(folder)], args.runs)
        parallel, parallel_cpu = time_runs(perflint + ["-j", "2", str(folder)], args.runs)
        memory = measure(perflint + ["-j", "2", str(folder)], sample=True)
        memory_serial = measure(perflint + ["-j", "1", str(folder)], sample=True)
        speedup = median(serial) / median(parallel)
        print(
            f"-j 1: median {median(serial):.2f} s of {args.runs} (CPU {median(serial_cpu):.2f} s), {median(serial) / args.files * 1000:.1f} ms a file"
        )
        print(f"-j 2: median {median(parallel):.2f} s of {args.runs} (CPU {median(parallel_cpu):.2f} s)")
        print(f"speedup -j 2 over -j 1: {speedup:.2f}x   target >= 1.7x; two CPU-bound processes on this machine now: {ceiling:.2f}x")
        print(
            f"memory -j 2: parent {memory.peak_parent_rss_mib:.0f} MiB, largest worker {memory.peak_worker_rss_mib:.0f} MiB, "
            f"largest process (getrusage) {memory.maxrss_mib:.0f} MiB; all processes at once {memory.peak_total_rss_mib:.0f} MiB resident, "
            f"{memory.peak_total_pss_mib:.0f} MiB proportional   target < 300 MB"
        )
        print(f"memory -j 1: {memory_serial.maxrss_mib:.0f} MiB")
        peer_rows = peers(folder)
        for name, took in peer_rows:
            print(f"peer {name}: {'not installed' if took is None else f'{took:.2f} s'}")
        write_figures(
            args.json,
            {
                "files": args.files,
                "serial_s": median(serial),
                "parallel_s": median(parallel),
                "speedup": speedup,
                "ceiling": ceiling,
                "memory": memory,
                "memory_serial": memory_serial,
                "peers": dict(peer_rows),
                "machine": machine(),
            },
        )
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
