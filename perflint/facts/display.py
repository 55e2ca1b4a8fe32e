"""How numbers appear in messages and evidence: as written, with their unit."""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from perflint.facts.intervals import Interval
from perflint.facts.quantities import Quantity
from perflint.results import Edit, Fix, Operand
from perflint.text import fold_chars


def shown(quantity: Quantity) -> str:
    """The number as written, with its unit even when the unit came from a table header."""
    text = quantity.text.strip()
    return text if not quantity.unit or fold_chars(text).endswith(quantity.unit) else f"{text}{quantity.unit}"


def operand(label: str, quantity: Quantity) -> Operand:
    return Operand(label, shown(quantity), quantity.span)


def outward(interval: Interval, places: int) -> list[str]:
    """Bounds of ``interval`` rounded outward to ``places`` decimals, for evidence."""
    step = Decimal(1).scaleb(-places)
    lo = interval.lo.quantize(step, rounding=ROUND_FLOOR)
    hi = interval.hi.quantize(step, rounding=ROUND_CEILING)
    return [format(lo, "f"), format(hi, "f")]


def replaced_number(quantity: Quantity, number: str) -> str:
    """``quantity``'s text with its digits replaced by ``number`` (unit and spacing kept)."""
    digits = quantity.number_text
    return number + quantity.text[len(digits) :]


def corrected_figure(quantity: Quantity, number: str, what: str, what_en: str = "", lang: str = "zh") -> Fix:
    """The display-only fix that writes ``number`` in place of a wrong figure: changing
    a reported figure is the author's decision, so it is shown, never applied. ``what``
    names the figure (in English ``what_en``, else ``what`` as the report names it)."""
    unit = quantity.unit if quantity.unit else ""
    message = f"change the {what_en or what} to {number}{unit}" if lang == "en" else f"{what}改为 {number}{unit}"
    return Fix("display-only", [Edit(quantity.span, replaced_number(quantity, number))], message)
