"""Which findings ``--fix`` can fix: a fix that applies (safe, or unsafe with
``--unsafe-fixes``; never display-only) in a report perflint writes back (text: a Word
or PDF report is read through an extraction and never rewritten).

A leaf, read by the output formats (the ``[*]`` marks and the closing hint) as well as
by perflint.fixing, so that what a listing promises is what ``--fix`` does.
"""

from perflint.results import FileResult, Finding, Fix

# The formats --fix writes back; .docx and .pdf are read through an extraction.
WRITABLE_FORMATS = ("md", "txt")


def applicable_fix(finding: Finding, *, unsafe: bool) -> Fix | None:
    """The fix ``--fix`` applies for ``finding`` (with ``--unsafe-fixes`` when ``unsafe``)."""
    fix = finding.fix
    if fix is None or not fix.edits:
        return None
    if fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe"):
        return fix
    return None


def writable(result: FileResult) -> bool:
    """Whether ``--fix`` writes fixes into the report of ``result``."""
    return result.source is not None and result.source.format in WRITABLE_FORMATS


def fix_kind(result: FileResult, finding: Finding) -> str | None:
    """``safe`` or ``unsafe`` when ``--fix`` (with ``--unsafe-fixes`` for an unsafe one)
    would fix ``finding`` in its report; ``None`` when nothing would."""
    if not writable(result) or applicable_fix(finding, unsafe=True) is None:
        return None
    assert finding.fix is not None
    return finding.fix.applicability
