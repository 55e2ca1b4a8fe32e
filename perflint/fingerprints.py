"""Fingerprints of findings that survive edits elsewhere in a report.

A fingerprint is made of the rule code, the section path and the text of the line
the finding starts on, and its message — never the line number. Section labels and
the line lose their leading heading number (（三）, 4., ①) and every digit becomes
``#``, so renumbering headings or changing a figure elsewhere does not change it;
folding (``fold_key``) also drops spacing and full-width/ASCII differences. Used by
the baseline and by SARIF's ``partialFingerprints``.
"""

import hashlib
from collections.abc import Iterable

from perflint.heading_numbers import ARABIC_NUMBER, CIRCLED, CN_NUMBER, OPEN, PAREN_ARABIC
from perflint.patterns import lazy
from perflint.positions import LineIndex
from perflint.results import Finding
from perflint.text import fold_key

# Any heading number, loosely (a fingerprint must not change when a heading is
# renumbered or its brackets change width); the pattern is part of every stored baseline.
_LEADING_NUMBER = lazy(
    r"^[\s#\u3000]*(?:"
    + "|".join(
        (
            OPEN + "?" + CN_NUMBER + "[)）、.．]",
            PAREN_ARABIC,
            ARABIC_NUMBER + "(?:[.．]" + ARABIC_NUMBER + ")*[)）、.．]?",
            CIRCLED,
        )
    )
    + ")"
)
_DIGITS = lazy(r"[0-9]+")


def normalise(text: str) -> str:
    """Text as it takes part in a fingerprint: no heading number, folded, digits as #."""
    return _DIGITS.sub("#", fold_key(_LEADING_NUMBER.sub("", text, count=1)))


def fingerprint(code: str, section: Iterable[str], line: str, message: str) -> str:
    parts = [code, "/".join(normalise(label) for label in section), normalise(line), normalise(message)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def finding_fingerprint(text: str, index: LineIndex, finding: Finding) -> str:
    """The fingerprint of a finding in the report ``text``."""
    row, _ = index.row_column(finding.span[0])
    start, end = index.line_span(row)
    return fingerprint(finding.code, finding.section, text[start:end], finding.message)


def numbered_fingerprints(text: str, index: LineIndex, findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """Each finding's fingerprint with its occurrence number (1, 2, …) among equal ones."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        value = finding_fingerprint(text, index, finding)
        seen[value] = seen.get(value, 0) + 1
        result.append((value, seen[value]))
    return result
