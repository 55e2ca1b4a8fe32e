"""A shrunk result renders exactly as the full one, in every format: what -j's workers
send back and what a long run keeps is enough for every output."""

from __future__ import annotations

import pytest

from perflint.engine import Linter
from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter, keeps_whole_text
from perflint.output.statistics import render_statistics
from perflint.shrink import shrink
from perflint.sources import load_path, source_from_text

from conftest import _PROFILES, _RULES, FIXTURES

REPORTS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt", ".docx", ".pdf"))


@pytest.fixture(scope="module")
def results():
    linter = Linter(_PROFILES, _RULES)
    return [linter.lint(load_path(path)) for path in REPORTS]


@pytest.mark.parametrize("output_format", [name for name in OUTPUT_FORMATS if not keeps_whole_text(name)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_renders_a_shrunk_result_as_the_original(results, output_format: str, lang: str):
    """Every format but those that show whole reports (html), which a run keeps whole."""
    shrunk = [shrink(result) for result in results]
    for color in (False, True):
        options = RenderOptions(color=color, lang=lang)
        assert formatter(output_format)(shrunk, options) == formatter(output_format)(results, options)
    assert render_statistics(shrunk, as_json=True) == render_statistics(results, as_json=True)


def test_the_fixtures_exercise_fixes_operands_and_origins(results):
    findings = [(result, finding) for result in results for finding in result.findings]
    assert any(finding.fix and finding.fix.edits for _, finding in findings)
    assert any(finding.evidence is not None and finding.evidence.operands for _, finding in findings)
    assert any(result.source.origins is not None for result, _ in findings)


def test_shrinking_keeps_only_the_lines_findings_touch(results):
    before = sum(len(result.source.text) for result in results)
    after = sum(len(shrink(result).source.text) for result in results)
    assert after * 5 < before
    clean = next(result for result in results if not result.findings)
    assert shrink(clean).source.text == ""


def test_spans_across_lines_and_at_the_very_end():
    text = "标题\n\n第一行\n第二行\n\n\n第三行末尾"
    linter = Linter(_PROFILES, _RULES)
    result = linter.lint(source_from_text(text, "r.md"))
    from perflint.results import Finding, Severity

    result.findings = [
        Finding("PF001", "x", Severity.ERROR, "跨行", (text.index("一行"), text.index("第二行") + 2)),
        Finding("PF001", "x", Severity.ERROR, "末尾", (len(text) - 2, len(text))),
        Finding("PF001", "x", Severity.ERROR, "行首", (text.index("第三行"), text.index("第三行"))),
    ]
    small = shrink(result)
    assert small.source.text == "\n\n第一行\n第二行\n\n\n第三行末尾"
    for output_format in (name for name in OUTPUT_FORMATS if not keeps_whole_text(name)):
        assert formatter(output_format)([small], RenderOptions()) == formatter(output_format)([result], RenderOptions())
