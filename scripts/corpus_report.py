"""Precision and recall of perflint on the real-report corpus (tests/data/real/).

    python scripts/corpus_report.py [--findings]

Precision: judged-true findings ÷ all counted findings (warnings and errors). Recall:
known in-scope defects found ÷ all of them. With --findings, every counted finding is
listed with its verdict, and every remaining false alarm with why it stays.
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from real_corpus import lint_corpus  # noqa: E402


def main(argv: list[str]) -> int:
    outcomes = lint_corpus(ROOT / "tests" / "data" / "real")
    true = sum(len(o.true_found) for o in outcomes)
    false = sum(len(o.false_raised) for o in outcomes)
    unjudged = sum(len(o.unjudged) for o in outcomes)
    found = sum(len(o.found) for o in outcomes)
    missed = sum(len(o.missed) for o in outcomes)
    out_of_scope = sum(1 for o in outcomes for d in o.report.defects if not d.in_scope)
    provinces = Counter(o.report.meta["province"][:2] for o in outcomes)
    kinds = Counter(o.report.meta["kind"] for o in outcomes)
    print(f"corpus: {len(outcomes)} reports, {len(provinces)} provinces, kinds {dict(kinds)}")
    print(f"counted findings (warnings and errors): {true + false + unjudged} — {true} true, {false} false, {unjudged} not judged")
    if true + false:
        print(f"precision: {true}/{true + false} = {100 * true / (true + false):.1f}%")
    if found + missed:
        print(
            f"recall: {found}/{found + missed} = {100 * found / (found + missed):.1f}% of the known in-scope defects "
            f"({out_of_scope} more known defects are out of a linter's scope)"
        )
    by_rule: Counter[tuple[str, bool]] = Counter()
    for o in outcomes:
        for j in o.true_found:
            by_rule[(j.code, True)] += 1
        for j in o.false_raised:
            by_rule[(j.code, False)] += 1
    print("by rule (true / false):")
    for code in sorted({code for code, _ in by_rule}):
        print(f"  {code}: {by_rule[(code, True)]} / {by_rule[(code, False)]}")
    if "--findings" in argv:
        for o in outcomes:
            for j in o.false_raised:
                print(f"FALSE {o.report.path.name}:{j.line} {j.code} {j.at!r}: {j.why}")
            for r in o.unjudged:
                print(f"UNJUDGED {o.report.path.name}:{r.line} {r.code} {r.at!r}: {r.message}")
            for d in o.missed:
                print(f"MISSED {o.report.path.name} {d.what}: {d.quote[:40]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
