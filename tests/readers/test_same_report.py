"""The same report as .md, .docx and .pdf gives the same findings, by code and section.

The Word files are built from the Markdown fixtures here, with the committed script
(fixtures/office/build.py); the PDFs are the committed LibreOffice exports of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from perflint.engine import Linter
from perflint.sources import load_path

from conftest import _PROFILES, _RULES, FIXTURES
from officefiles import OFFICE, fixture_builder

BUILD = fixture_builder()
ENTRIES = BUILD.load_manifest()


def by_code_and_section(path: Path) -> Counter:
    result = Linter(_PROFILES, _RULES).lint(load_path(path))
    assert result.profile == "gd-dept-overall", path.name
    return Counter((f.code, tuple(f.section)) for f in result.findings)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.output for e in ENTRIES])
def test_docx_built_from_markdown_has_the_same_findings(entry, tmp_path):
    [docx] = BUILD.build(entry, tmp_path, pdf=False)
    expected = by_code_and_section(FIXTURES / entry.source)
    assert by_code_and_section(docx) == expected


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.pdf], ids=[e.output for e in ENTRIES if e.pdf])
def test_exported_pdf_has_the_same_findings(entry):
    expected = by_code_and_section(FIXTURES / entry.source)
    assert by_code_and_section(OFFICE / f"{entry.output}.pdf") == expected
    assert by_code_and_section(OFFICE / f"{entry.output}.docx") == expected


def test_the_variants_do_have_findings():
    # Equal findings would prove little if every report were clean.
    findings = {e.output: by_code_and_section(FIXTURES / e.source) for e in ENTRIES}
    assert {code for found in findings.values() for code, _ in found} >= {"PF001", "PF002", "PF003", "PF005"}
