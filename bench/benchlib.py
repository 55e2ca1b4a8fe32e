"""What the benchmark scripts share: paths, the environment of measured processes,
medians, the machine's description, and measuring a process tree's time and memory.

Whole-process timings run with bytecode caches, as an installed perflint has them:
``compile_perflint()`` writes them once, and ``measured_env()`` drops
PYTHONDONTWRITEBYTECODE (set on the development machine) for the measured processes.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024


def seed_report() -> Path:
    """The shared seed report beside the repository, or the bundled example."""
    seeds = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    return seeds[0] if seeds else ROOT / "examples" / "dept-overall-2023.md"


def measured_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


# What the installed ``perflint`` console script runs (``python -m perflint`` would add
# runpy and importlib.util, a few milliseconds a users' run does not pay).
PERFLINT = [sys.executable, "-c", "import sys\nfrom perflint.cli import main\nsys.exit(main())"]


def peer_executable(name: str) -> str | None:
    """An npm peer's command (zhlint, lint-md): in $PERFLINT_PEERS/node_modules/.bin
    (after ``npm install zhlint @lint-md/cli`` in the folder PERFLINT_PEERS names), or on
    PATH; None when it is not installed."""
    import shutil

    peers = os.environ.get("PERFLINT_PEERS")
    if peers:
        candidate = Path(peers) / "node_modules" / ".bin" / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def compile_perflint() -> None:
    """Write perflint's bytecode caches (what pip does on install)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "perflint")], check=True, env=measured_env())


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """nproc, the CPU model and the load average (a busy machine explains slow figures)."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "?"
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, load average {load}"


_SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(8_000_000):\n    x += i\nprint(time.perf_counter() - t)"


def parallel_ceiling(trials: int = 3) -> float:
    """How much faster two CPU-bound processes finish than one after the other, on this
    machine right now (the best of ``trials``): 2.0 on two idle cores, less when they
    are shared with other work or are two threads of one core."""
    best = 0.0
    for _ in range(trials):
        one = float(subprocess.run([sys.executable, "-c", _SPIN], capture_output=True, text=True, check=True).stdout)
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL) for _ in range(2)]
        for proc in procs:
            proc.wait()
        best = max(best, 2 * one / (time.perf_counter() - start))
    return best


@dataclass
class Measurement:
    seconds: float
    returncode: int
    cpu_seconds: float  # user + system of the process and every worker it waited for
    maxrss_mib: float  # the largest peak resident size among the process and its workers
    peak_parent_rss_mib: float = 0.0  # sampled (only with sample=True)
    peak_worker_rss_mib: float = 0.0
    peak_total_rss_mib: float = 0.0  # the tree's resident sizes added up at one moment
    peak_total_pss_mib: float = 0.0  # the same with shared pages divided among their sharers


# Runs the command and reports its wall time, CPU time and the peak resident size over
# it and the workers it waited for (RUSAGE_CHILDREN, in a fresh process so that only
# this command counts). With SAMPLE, also samples the tree's memory every 20 ms.
_RUNNER = r"""
import json, os, resource, subprocess, sys, threading, time
sample = sys.argv[1] == "1"
command = sys.argv[2:]
peaks = {"parent": 0, "worker": 0, "rss": 0, "pss": 0}

def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids

def kib(pid, name, key):
    try:
        with open(f"/proc/{pid}/{name}") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def watch(proc, stop):
    while not stop.is_set():
        pids = tree(proc.pid)
        rss = {p: kib(p, "status", "VmRSS:") for p in pids}
        peaks["parent"] = max(peaks["parent"], rss.get(proc.pid, 0))
        peaks["worker"] = max([peaks["worker"]] + [v for p, v in rss.items() if p != proc.pid])
        peaks["rss"] = max(peaks["rss"], sum(rss.values()))
        peaks["pss"] = max(peaks["pss"], sum(kib(p, "smaps_rollup", "Pss:") for p in pids))
        stop.wait(0.02)

start = time.perf_counter()
proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
stop = threading.Event()
watcher = threading.Thread(target=watch, args=(proc, stop), daemon=True)
if sample:
    watcher.start()
code = proc.wait()
seconds = time.perf_counter() - start
stop.set()
if sample:
    watcher.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "returncode": code, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss, **peaks}))
"""


def measure(command: list[str], *, sample: bool = False, cwd: Path | None = None) -> Measurement:
    """Run ``command`` (stdout and stderr discarded) in the measured environment."""
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, "1" if sample else "0", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env=measured_env(),
    )
    data = json.loads(proc.stdout)
    return Measurement(
        seconds=data["seconds"],
        returncode=data["returncode"],
        cpu_seconds=data["cpu"],
        maxrss_mib=data["maxrss_kib"] / 1024,
        peak_parent_rss_mib=data["parent"] / 1024,
        peak_worker_rss_mib=data["worker"] / 1024,
        peak_total_rss_mib=data["rss"] / 1024,
        peak_total_pss_mib=data["pss"] / 1024,
    )


def write_figures(path: str | None, figures: dict) -> None:
    """``--json PATH``: the figures for bench/run.py's summary."""
    if path:
        Path(path).write_text(json.dumps(figures, indent=2, default=lambda o: asdict(o)), encoding="utf-8")
