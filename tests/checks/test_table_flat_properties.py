"""Property tests of the flattened-table reader: a consistent table generated at random
(test_table_properties.consistent_tables) flattened onto one line gives no PF4xx
finding; perturbing one of its numbers is found at that number; any run of form words
goes through, every value read pointing at its own text."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.parse import parse
from perflint.profiles import default_table
from perflint.selfeval.reading import read_tables

import flat_table
from conftest import lint_text
from test_table_properties import PERTURBABLE, PROPERTY, WORDS, consistent_tables, perturb


def table_findings(text: str) -> list[tuple[int, str, str]]:
    """Findings of the PF4xx rules (other rules read the flattened line as prose)."""
    return [(f.span[0], f.code, f.message) for f in lint_text(text, dedent=False).findings if f.code.startswith("PF4")]


@PROPERTY
@given(consistent_tables(), st.booleans())
def test_a_consistent_table_on_one_line_gives_no_finding(table, amounts_only):
    text = flat_table.one_line(table, source_amounts_only=amounts_only)
    [read] = read_tables(parse(text), default_table(), frozenset())
    assert read.carrier == "flat" and read.complete and len(read.indicators) == len(table.indicators)
    assert table_findings(text) == []


@PROPERTY
@given(consistent_tables(), st.sampled_from(PERTURBABLE), st.sampled_from([Decimal("0.7"), Decimal("1.5"), Decimal("3")]))
def test_a_perturbed_number_on_one_line_is_found_where_it_stands(table, what, delta):
    text = flat_table.one_line(table)
    [read] = read_tables(parse(text), default_table(), frozenset())
    perturbation = perturb(read, table, what, delta)
    if perturbation is None:
        return
    value, new = perturbation
    perturbed = text[: value.span[0]] + new + text[value.span[1] :]
    found = table_findings(perturbed)
    assert any(start == value.span[0] for start, _, _ in found), (what, new, found)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=120), st.sampled_from([" ", "  ", "\n", "\n\n"]))
def test_any_flattened_run_of_form_words_goes_through_without_an_error(words, separator):
    text = "# 2023年度项目支出绩效自评报告\n\n项目自评得分90分。\n\n" + separator.join(w for w in words if w) + "\n"
    result = lint_text(text, dedent=False)
    assert not result.had_internal_error, [f.message for f in result.findings if f.code == "PF900"]
    for table in read_tables(parse(text), default_table(), frozenset()):
        for row in table.funds:
            assert text[row.label.span[0] : row.label.span[1]] == row.label.text
        for indicator in table.indicators:
            for value in (indicator.points, indicator.score):
                assert value is None or text[value.span[0] : value.span[1]] == value.text


@PROPERTY
@given(consistent_tables())
def test_a_consistent_table_with_its_funds_labels_first_gives_no_finding(table):
    text = flat_table.labels_first(table)
    [read] = read_tables(parse(text), default_table(), frozenset())
    # The total row is read only when every funds row kept all its cells.
    every_cell = all(len([cell for cell in row if cell]) == len(flat_table.FUNDS_HEADER) for row in table.funds)
    assert (read.funds_total is not None) == every_cell
    assert read.funds_total is None or read.funds_total.score is not None
    assert table_findings(text) == []
