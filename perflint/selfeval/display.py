"""How the table's figures appear in messages and evidence: as written."""

from decimal import Decimal

from perflint.facts.intervals import Interval, round_to
from perflint.results import Operand
from perflint.selfeval.values import Value


def operand(label: str, value: Value) -> Operand:
    return Operand(label, value.text, value.span)


def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 10, 9.5."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def midpoint(interval: Interval, places: int) -> str:
    """The interval's middle rounded half up to ``places`` decimals."""
    return format(round_to((interval.lo + interval.hi) / 2, places), "f")


def bounds(interval: Interval, places: int) -> list[str]:
    """The interval's bounds rounded outward to ``places`` decimals, for evidence."""
    from decimal import ROUND_CEILING, ROUND_FLOOR

    step = Decimal(1).scaleb(-places)
    return [format(interval.lo.quantize(step, rounding=ROUND_FLOOR), "f"), format(interval.hi.quantize(step, rounding=ROUND_CEILING), "f")]


def places_for(*values: Value) -> int:
    """Decimals to show a computed figure with: as many as the most precise stated one, at least 2."""
    return max([2, *(value.decimals for value in values)])
