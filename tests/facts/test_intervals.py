from decimal import Decimal as D

from perflint.facts.intervals import Interval, interval_sum, percent_ratio


def test_stated_interval_is_half_a_unit_of_the_last_digit():
    assert Interval.stated(D("719.75"), 2) == Interval(D("719.745"), D("719.755"))
    assert Interval.stated(D("100"), 0) == Interval(D("99.5"), D("100.5"))


def test_calculations_1_1_example_passes_where_xbrl_2_1_fails():
    parts = interval_sum([Interval.stated(D("12.1"), 1), Interval.stated(D("45.4"), 1)])
    assert parts.meets(Interval.stated(D("57.6"), 1))


def test_share_tolerance_from_the_issue():
    ratio = percent_ratio(Interval.stated(D("719.75"), 2), Interval.stated(D("3189.14"), 2))
    assert Interval.stated(D("22.57"), 2).meets(ratio)
    assert Interval.stated(D("22.6"), 1).meets(ratio)
    assert not Interval.stated(D("22.58"), 2).meets(ratio)
    whole = percent_ratio(Interval.stated(D("651.04"), 2), Interval.stated(D("651.04"), 2))
    assert Interval.stated(D("100"), 0).meets(whole)


def test_ratio_needs_a_positive_denominator():
    assert percent_ratio(Interval.exact(D(1)), Interval.stated(D("0"), 2)) is None


def test_no_float_drift():
    total = interval_sum([Interval.exact(D("30.0000")), Interval.exact(D("6.645"))])
    assert total == Interval.exact(D("36.6450"))
