"""What reading Word and PDF files in a budgeted reader process costs (issue 13, item 5).

    python bench/reader_cost.py [--rounds 20]

For each .docx and .pdf of fixtures/office: the median time to read it in this process
(the readers called directly) and through the reader process (perflint.readers.budget:
the request pickled, sent, read there, the Source sent back), over ``--rounds`` reads;
the difference is the price of the budget per file. Also the first read of a run, which
starts the reader process (a fresh one each time), and a whole ``perflint`` run over all
the office fixtures. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchlib import PERFLINT, ROOT, compile_perflint, machine, measure

sys.path.insert(0, str(ROOT))

from perflint.readers import budget
from perflint.readers.budget import read_here, read_office_file

OFFICE = ROOT / "fixtures" / "office"


def median_time(call, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(machine())
    files = sorted([*OFFICE.glob("*.docx"), *OFFICE.glob("*.pdf")])
    here_total = there_total = 0.0
    print(f"{'file':28} {'in-process':>11} {'reader':>9} {'cost':>8}")
    for path in files:
        data, format = path.read_bytes(), path.suffix[1:]
        read_here(data, path.name, format)  # imports
        read_office_file(data, path.name, format)  # the reader's imports
        here = median_time(lambda data=data, name=path.name, format=format: read_here(data, name, format), args.rounds)
        there = median_time(lambda data=data, name=path.name, format=format: read_office_file(data, name, format), args.rounds)
        here_total, there_total = here_total + here, there_total + there
        print(f"{path.name:28} {here * 1000:9.1f} ms {there * 1000:6.1f} ms {(there - here) * 1000:+6.1f} ms")
    print(f"{'mean per file':28} {here_total / len(files) * 1000:9.1f} ms {there_total / len(files) * 1000:6.1f} ms")

    first_file = files[0]
    data, format = first_file.read_bytes(), first_file.suffix[1:]

    def first_read() -> None:
        budget._close_at_exit()  # a fresh reader process, as at the start of a run
        read_office_file(data, first_file.name, format)

    first = median_time(first_read, max(3, args.rounds // 4))
    warm = median_time(lambda: read_office_file(data, first_file.name, format), args.rounds)
    print(
        f"first read of a run ({first_file.name}): {first * 1000:.0f} ms, of which starting the reader "
        f"process and its imports {(first - warm) * 1000:.0f} ms"
    )
    compile_perflint()
    run = [measure([*PERFLINT, "--no-progress", *map(str, files)]) for _ in range(3)]
    best = min(run, key=lambda m: m.seconds)
    print(f"perflint over the {len(files)} office fixtures: {best.seconds:.2f} s, peak {best.maxrss_mib:.0f} MiB (best of 3)")


if __name__ == "__main__":
    main()
