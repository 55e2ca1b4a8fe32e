"""Rule selectors — ``PF003``, a prefix such as ``PF0``, a name such as
``heading-numbering``, or ``ALL`` — and how ``select`` / ``extend-select`` / ``ignore``
combine, as ruff does it.

Selection is resolved layer by layer (the defaults, then each config file from the
one it extends to the closest, then the command line). A layer that sets ``select``
starts afresh; otherwise it carries the previous layer's set. Within a layer the
selectors apply from the least specific to the most specific (``ALL`` < ``PF`` <
``PF0`` < ``PF00`` < ``PF003`` = a name), an ignore after a select of equal
specificity, so ``select = ["PF0"]`` with ``ignore = ["PF003"]`` and
``select = ["PF003"]`` with ``ignore = ["PF0"]`` both mean what they say.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from perflint.patterns import lazy

_PREFIX = lazy(r"^PF\d{0,3}$")
_FULL_SPECIFICITY = 5  # "PF003" and a rule name


class SelectorError(ValueError):
    """A selector that names no rule."""


class _Named(Protocol):
    """What the index needs of a rule (class): its code and its name."""

    code: str
    name: str


@dataclass(slots=True)
class Selector:
    text: str
    codes: frozenset[str]
    specificity: int


@dataclass(slots=True)
class SelectionLayer:
    select: tuple[Selector, ...] | None = None
    extend_select: tuple[Selector, ...] = ()
    ignore: tuple[Selector, ...] = ()


@dataclass()
class RuleIndex:
    """Codes and names of the known rules, for resolving selectors."""

    codes: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)  # name → code

    @classmethod
    def from_rules(cls, rules: Iterable["_Named"]) -> "RuleIndex":
        rules = list(rules)
        return cls(tuple(sorted(r.code for r in rules)), {r.name: r.code for r in rules})

    def parse(self, text: str) -> Selector:
        """One selector; raises ``SelectorError`` if it matches no rule."""
        word = text.strip()
        if word.upper() == "ALL":
            return Selector(word, frozenset(self.codes), 0)
        if word in self.names:
            return Selector(word, frozenset({self.names[word]}), _FULL_SPECIFICITY)
        upper = word.upper()
        if _PREFIX.match(upper):
            codes = frozenset(code for code in self.codes if code.startswith(upper))
            if not codes:
                raise SelectorError(f"{word!r} matches no rule")
            return Selector(word, codes, len(upper))
        raise SelectorError(f"unknown rule selector {word!r} (expected a code such as PF003, a prefix such as PF0, a rule name, or ALL)")

    def parse_all(self, texts: Iterable[str]) -> tuple[Selector, ...]:
        return tuple(self.parse(text) for text in texts)

    def code_of(self, text: str) -> str | None:
        """The code named by a full code or a rule name (not a prefix)."""
        word = text.strip()
        if word.upper() in self.codes:
            return word.upper()
        return self.names.get(word)


def resolve(layers: Sequence[SelectionLayer]) -> frozenset[str]:
    """The codes enabled after applying every layer in order."""
    selected: set[str] = set()
    for layer in layers:
        if layer.select is not None:
            selected = set()
        steps = [(s.specificity, 0, s) for s in (*(layer.select or ()), *layer.extend_select)]
        steps += [(s.specificity, 1, s) for s in layer.ignore]
        for _, is_ignore, selector in sorted(steps, key=lambda step: (step[0], step[1])):
            if is_ignore:
                selected -= selector.codes
            else:
                selected |= selector.codes
    return frozenset(selected)
