"""Exact, tolerant arithmetic on stated numbers (XBRL Calculations 1.1, as Arelle does it).

A value written with d decimals stands for the closed interval v ± ½·10⁻ᵈ. Parts
agree with a total when the interval sum of the parts meets the total's interval; a
stated share p% agrees when [p ± ½·10⁻ᵈ] meets 100·[N.lo/D.hi, N.hi/D.lo]. This
accepts honest rounding (half-up or banker's) and catches real errors. Decimal only:
float sums such as 30.0000 + 6.645 = 36.644999… are how false alarms happen.
"""

from dataclasses import dataclass
from decimal import Decimal, localcontext

HUNDRED = Decimal(100)


@dataclass(slots=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def stated(cls, value: Decimal, decimals: int) -> "Interval":
        half = Decimal(5).scaleb(-(decimals + 1))
        return cls(value - half, value + half)

    @classmethod
    def exact(cls, value: Decimal) -> "Interval":
        return cls(value, value)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def scaled(self, factor: Decimal) -> "Interval":
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def meets(self, other: "Interval") -> bool:
        """Closed intervals intersect."""
        return max(self.lo, other.lo) <= min(self.hi, other.hi)

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    def __str__(self) -> str:
        return f"[{_plain(self.lo)}, {_plain(self.hi)}]"


def interval_sum(intervals: list[Interval]) -> Interval:
    total = Interval.exact(Decimal(0))
    for interval in intervals:
        total = total + interval
    return total


def percent_ratio(numerator: Interval, denominator: Interval) -> Interval | None:
    """100·N/D as an interval, for N ≥ 0 and D > 0; None when D may be zero or less."""
    if denominator.lo <= 0 or numerator.lo < 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        return Interval(HUNDRED * numerator.lo / denominator.hi, HUNDRED * numerator.hi / denominator.lo)


def round_to(value: Decimal, places: int) -> Decimal:
    """Round half up (四舍五入) to ``places`` decimals."""
    return value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
