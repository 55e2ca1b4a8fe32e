import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from perflint.checks.base import Context, Rule, register
from perflint.facts.quantities import scan
from perflint.patterns import lazy
from perflint.prose import SPACES, Prose, is_han
from perflint.results import Edit, Finding, Fix, Severity
from perflint.validation import KEBAB_CASE

# Most lines of a report hold no figure; only those that do are scanned.
_LINE_WITH_DIGIT = lazy(r"^[^\n0-9０-９]*[0-9０-９][^\n]*", re.M)
_DIGITS = lazy(r"-?[0-9０-９][0-9０-９,.．]*")


@dataclass(slots=True)
class UnitPair:
    number_start: int
    number_end: int
    unit_start: int
    unit_end: int

    @property
    def spaced(self) -> bool:
        return self.unit_start > self.number_end


def unit_pairs(prose: Prose, units: tuple[str, ...], not_units: tuple[str, ...] = ()) -> list[UnitPair]:
    """Every number of the prose followed by one of ``units`` (longest first), with
    an approximation word between them if any ("60 多个": the gap is before 多), unless
    the unit is the first character of one of ``not_units`` (8 时效指标: 时效, not 时)."""
    if not units:
        return []
    unit_after = re.compile(f"[{SPACES}]*((?:多|余)?(?:{'|'.join(map(re.escape, units))}))")
    pairs = []
    quantities = [q for line in _LINE_WITH_DIGIT.finditer(prose.text) for q in scan(line.group(), line.start())]
    for quantity in quantities:
        digits = _DIGITS.match(prose.text, quantity.span[0])
        if digits is None:
            continue
        match = unit_after.match(prose.text, digits.end())
        if match and not prose.text.startswith(not_units, match.start(1)):
            pairs.append(UnitPair(quantity.span[0], digits.end(), match.start(1), match.end(1)))
    return pairs


@register
class NumberUnitSpacing(Rule):
    """A number and its Chinese unit are spaced in some places and not in others.

    **What it checks.** Every number followed by a unit of the profile's
    ``spacing-units`` (年 月 日 万元 元 个 次 人 …) in prose: ``2023 年`` is spaced,
    ``2023年`` closed up. With ``number-unit-spacing = "majority"`` (the default) a
    document that does both has its minority reported (closed up wins a tie, as
    official documents write); ``closed`` or ``spaced`` imposes one way; ``off`` does
    not check. ``%`` is not a unit here: it is closed up in every style. The safe fix
    closes up (or spaces) the unit and, the same way, the gap between a Chinese
    character and the number. Numbers themselves are never changed.

    **Why.** Both ways are seen, but one document should use one: the mix is the
    trace of text pasted from sources with different habits.
    """

    code = "PF306"
    name = "number-unit-spacing"
    severity = Severity.INFO
    messages = {
        "closed": (
            "数字与单位“{unit}”之间有空格，本文多数写法不空格",
            "a space between the number and “{unit}”; this document mostly writes them closed up",
        ),
        "spaced": (
            "数字与单位“{unit}”之间没有空格，本文多数写法空一格",
            "no space between the number and “{unit}”; this document mostly spaces them",
        ),
        "closed-imposed": ("数字与单位“{unit}”之间不应有空格", "no space belongs between the number and “{unit}”"),
        "spaced-imposed": ("数字与单位“{unit}”之间应空一格", "a space belongs between the number and “{unit}”"),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        number_unit_spacing: Literal["majority", "closed", "spaced", "off"]
        """``"majority"`` fixes the minority to what the document mostly does (closed up on a
        tie, as official documents write it); ``"closed"`` and ``"spaced"`` impose one;
        ``"off"`` does not check."""
        spacing_units: tuple[str, ...]
        """The units checked. ``%`` is not one: it is written closed up in every style."""
        not_unit_words: tuple[str, ...]
        """Words that start with a unit's character but are no unit (时效, 人员, 项目…): a
        number before them is another cell's or clause's (8 时效指标 in a flattened table)."""

        @cached_property
        def units_longest_first(self) -> tuple[str, ...]:
            return tuple(sorted(set(self.spacing_units), key=lambda unit: (-len(unit), unit)))

    def check(self, ctx: Context) -> Iterator[Finding]:
        options = self.options(ctx)
        mode = options.number_unit_spacing
        if mode == "off":
            return
        prose = ctx.prose
        pairs = unit_pairs(prose, options.units_longest_first, options.not_unit_words)
        if mode == "majority":
            spaced = sum(pair.spaced for pair in pairs)
            target = "spaced" if spaced > len(pairs) - spaced else "closed"
            key = target
        else:
            target = mode
            key = f"{mode}-imposed"
        for pair in pairs:
            if pair.spaced == (target == "spaced"):
                continue
            unit = ctx.text[pair.unit_start : pair.unit_end]
            fix = Fix(
                "safe",
                _edits(prose, pair, target),
                ctx.said(
                    "数字与单位之间" + ("空一格" if target == "spaced" else "不空格"),
                    "a space between number and unit" if target == "spaced" else "no space between number and unit",
                ),
            )
            yield self.report(ctx, (pair.number_start, pair.unit_end), key, unit=unit, fix=fix)


def _edits(prose: Prose, pair: UnitPair, target: str) -> list[Edit]:
    edits = []
    before_at, before = prose.before(pair.number_start)
    if is_han(before):
        lead = (before_at + 1, pair.number_start)
        if target == "closed" and lead[1] > lead[0]:
            edits.append(Edit(lead, ""))
        elif target == "spaced" and lead[1] == lead[0]:
            edits.append(Edit(lead, " "))
    edits.append(Edit((pair.number_end, pair.unit_start), " " if target == "spaced" else ""))
    return edits
