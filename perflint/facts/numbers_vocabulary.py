"""The vocabulary of the number facts (PF1xx): words that make an amount a total, a part,
a share, a budget, an executed amount or a rate, and the partitions known to be complete.

A template's ``[numbers]`` table (rules/_defaults.toml, then the template's own) fills it;
specs compare by identity (eq=False): they are unique per template and used as keys in
hot loops.
"""

from dataclasses import dataclass
from functools import cached_property

from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, at_least


@dataclass(eq=False)
class PartitionSpec:
    __pydantic_config__ = KEBAB_CASE

    parts: tuple[str, ...]
    # Words one of which the total's label must contain for these parts to be all of
    # it (基本支出 and 项目支出 make up an expenditure or a budget, not an income).
    within: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        at_least(2, "parts", self.parts)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(fold_key(part) for part in self.parts)


@dataclass(eq=False)
class NumbersSpec:
    """Vocabulary and thresholds of the number checks (PF1xx)."""

    __pydantic_config__ = KEBAB_CASE

    total_markers: tuple[str, ...]
    part_intro_markers: tuple[str, ...]
    partition_markers: tuple[str, ...]
    remainder_markers: tuple[str, ...]
    delta_markers: tuple[str, ...]
    share_markers: tuple[str, ...]
    share_total_bases: tuple[str, ...]
    budget_labels: tuple[str, ...]
    executed_labels: tuple[str, ...]
    rate_labels: tuple[str, ...]
    partitions: tuple[PartitionSpec, ...] = ()
