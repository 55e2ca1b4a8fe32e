"""Property tests of the flattened-table reader: a consistent table generated at random
(test_table_properties.consistent_tables) flattened onto one line gives no PF4xx
finding; perturbing one of its numbers is found at that number."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perflint.parse import parse
from perflint.profiles import default_table
from perflint.selfeval.reading import read_tables

import flat_table
from conftest import lint_text
from test_table_properties import PERTURBABLE, PROPERTY, consistent_tables, money


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
    funds = read.funds_total
    assert funds is not None and read.total is not None
    if what == "total score":
        value, new = read.total.score, str(Decimal(table.total[1]) + delta)
    elif what == "rate":
        value, new = funds.rate, f"{Decimal(table.funds[0][5].rstrip('%')) - delta}%"
    elif what == "execution score":
        value, new = funds.score, str(Decimal(table.funds[0][6]) - delta)
    elif what == "budget":
        value, new = funds.budget, money(int(Decimal(table.funds[0][2]) * 100 + delta * 1000))
    else:
        met = [i for i in read.indicators if i.score is not None and i.points is not None and i.score.text == i.points.text]
        if not met:
            return
        value = met[0].score
        assert value is not None
        change = min(delta, Decimal(value.text) / 2) if what == "met score" else -delta
        new = str(Decimal(value.text) - change)
    assert value is not None
    perturbed = text[: value.span[0]] + new + text[value.span[1] :]
    found = table_findings(perturbed)
    assert any(start == value.span[0] for start, _, _ in found), (what, new, found)
