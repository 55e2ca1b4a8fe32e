"""Typography findings on one report: perflint's PF3xx next to the Chinese-text linters.

    python bench/typography_peers.py [REPORT]

REPORT defaults to the shared seed report (../shared/seed/*.txt beside the repository),
or the bundled example when that is absent. The peers are optional and never installed
by this script; each one found is run, the others are listed as not installed:

* zhlint and lint-md (npm packages ``zhlint`` and ``@lint-md/cli``): on PATH, or in
  ``$PERFLINT_PEERS/node_modules/.bin`` (e.g. after ``npm install zhlint @lint-md/cli``
  in a scratch folder named by PERFLINT_PEERS);
* autocorrect (PyPI ``autocorrect-py``): importable by this Python or by a virtual
  environment's Python under ``$PERFLINT_PEERS`` (``$PERFLINT_PEERS/*/bin/python``).

The peers read Markdown, so they get a copy of the report named ``*.md``. Run by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchlib import ROOT, peer_executable, seed_report

sys.path.insert(0, str(ROOT))

from perflint.checks.base import all_rules
from perflint.engine import Linter
from perflint.profiles import ProfileSet
from perflint.sources import load_path


def perflint_counts(report: Path) -> Counter[str]:
    linter = Linter(ProfileSet.load(), [rule() for rule in all_rules()])
    result = linter.lint(load_path(report))
    return Counter(f.code for f in result.findings if f.code.startswith("PF3"))


def peer_count(name: str, copy: Path, finding_line: str) -> int | None:
    """Run an npm peer on the copy; count the lines of its output that are findings."""
    exe = peer_executable(name)
    if exe is None:
        return None
    proc = subprocess.run([exe, copy.name], cwd=copy.parent, capture_output=True, text=True, timeout=300)
    return len(re.findall(finding_line, proc.stdout + proc.stderr, re.M))


def zhlint_count(copy: Path) -> int | None:
    # One "file:row:col - message" line per finding.
    return peer_count("zhlint", copy, rf"^{re.escape(copy.name)}:\d+:\d+ - ")


def lint_md_count(copy: Path) -> int | None:
    # One indented "row:col  error  message  rule" line per finding.
    return peer_count("lint-md", copy, r"^\s+\d+:\d+\s+(?:error|warning)\s")


_AUTOCORRECT = (
    "import autocorrect_py, sys; print(len(autocorrect_py.lint_for(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1]).lines))"
)


def peer_pythons() -> list[str]:
    """The Pythons that may have autocorrect-py: this one, then each virtual
    environment's under $PERFLINT_PEERS (here and in bench/batch.py)."""
    peers = os.environ.get("PERFLINT_PEERS")
    return [sys.executable] + (sorted(str(p) for p in Path(peers).glob("*/bin/python")) if peers else [])


def autocorrect_count(copy: Path) -> int | None:
    for python in peer_pythons():
        proc = subprocess.run([python, "-c", _AUTOCORRECT, str(copy)], capture_output=True, text=True, timeout=300)
        if proc.returncode == 0:
            return int(proc.stdout.strip())
    return None


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else seed_report()
    counts = perflint_counts(report)
    detail = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
    rows = [("perflint (PF3xx)", str(sum(counts.values())) + (f"  ({detail})" if detail else ""))]
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / (report.stem + ".md")
        copy.write_text(load_path(report).text, encoding="utf-8")
        for name, count in (("zhlint", zhlint_count), ("lint-md", lint_md_count), ("autocorrect (lines)", autocorrect_count)):
            found = count(copy)
            rows.append((name, "not installed" if found is None else str(found)))
    print(f"typography findings on {report.name}")
    for name, value in rows:
        print(f"  {name:<20} {value}")


if __name__ == "__main__":
    main()
