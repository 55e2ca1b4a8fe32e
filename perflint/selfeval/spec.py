"""The self-evaluation table as data: header vocabulary, row labels, the forms and
their scoring (``[table]`` of ``rules/_defaults.toml``; a profile overrides it key by key).

Validated by pydantic at the boundary (``perflint.validation``) like the other specs
of ``perflint.profiles``; read in hot loops as plain records.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Literal

from perflint.patterns import lazy
from perflint.text import fold_key
from perflint.validation import KEBAB_CASE

# A parenthesised unit, formula or note in a header cell: （万元）, (A), (B/A), (%), （调整）.
_PARENTHESISED = lazy(r"[（(][^（）()]*[）)]")


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header cell compared to the vocabulary: folded, without what it says in brackets."""
    return fold_key(_PARENTHESISED.sub("", text))


def _keys(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for key in map(header_key, words) if key)


@dataclass(eq=False)
class TableColumnsSpec:
    """Header cells naming each column, as forms write them."""

    __pydantic_config__ = KEBAB_CASE

    initial_budget: tuple[str, ...]
    budget: tuple[str, ...]
    executed: tuple[str, ...]
    rate: tuple[str, ...]
    points: tuple[str, ...]
    score: tuple[str, ...]
    reason: tuple[str, ...]
    level_one: tuple[str, ...]
    level_two: tuple[str, ...]
    name: tuple[str, ...]
    operator: tuple[str, ...]
    target: tuple[str, ...]
    actual: tuple[str, ...]
    unit: tuple[str, ...]
    coefficient: tuple[str, ...] = ()
    # Columns a form has that no check reads (是否核心指标): named so the header is known.
    other: tuple[str, ...] = ()

    @cached_property
    def by_key(self) -> dict[str, str]:
        """Header key → column role (the field name). A word listed for two roles
        keeps the first, in the order of the fields."""
        roles: dict[str, str] = {}
        for role in (
            "initial_budget",
            "budget",
            "executed",
            "rate",
            "points",
            "score",
            "reason",
            "level_one",
            "level_two",
            "name",
            "operator",
            "target",
            "actual",
            "unit",
            "coefficient",
            "other",
        ):
            for key in _keys(getattr(self, role)):
                roles.setdefault(key, role)
        return roles


@dataclass(eq=False)
class CategorySpec:
    """A 一级指标 (产出指标, 效益指标, 满意度指标) and the words that name it."""

    __pydantic_config__ = KEBAB_CASE

    name: str
    words: tuple[str, ...]

    @cached_property
    def keys(self) -> frozenset[str]:
        return _keys((self.name, *self.words))


@dataclass(eq=False)
class TableFormSpec:
    """One form of the table and how it scores. ``detect``: words in the table's cells
    (compared as header keys) any of which marks this form; the first form, with no
    detect words, is the one a table is read as when no other form is marked."""

    __pydantic_config__ = KEBAB_CASE

    id: str
    name: str
    detect: tuple[str, ...] = ()
    # The points of the execution rate and of each category when the form fixes
    # them (empty: spread freely, as Sichuan's 绩效指标 90).
    execution_points: Decimal | None = None
    category_points: dict[str, Decimal] = field(default_factory=dict)
    # Which budget the rate divides: any budget column the table has, or only one.
    rate_base: Literal["any", "budget", "initial-budget"] = "any"
    # The execution score: min(rate, 100%) × points, or not checked.
    execution_score: Literal["linear", "off"] = "linear"
    # An indicator's score: checked against its points, or coefficient × points
    # (Chongqing's 得分系数(%) × 指标权重(分)).
    indicator_score: Literal["points", "coefficient"] = "points"
    # Codes of the PF4xx checks this form turns off.
    off: tuple[str, ...] = ()

    @cached_property
    def detect_keys(self) -> frozenset[str]:
        return _keys(self.detect)


@dataclass(eq=False)
class TableSpec:
    """Everything perflint knows about the self-evaluation table (PF4xx)."""

    __pydantic_config__ = KEBAB_CASE

    columns: TableColumnsSpec
    # Row labels of the funds block: the total, its parts, and the part that is "the rest".
    funds_total_rows: tuple[str, ...]
    funds_part_rows: tuple[str, ...]
    remainder_rows: tuple[str, ...]
    # The row totalling points and scores (总分, 合计), and labels of the table's score alone.
    total_rows: tuple[str, ...]
    total_score_rows: tuple[str, ...]
    # Labels of the form's blocks (项目资金, 年度总体目标, 绩效指标 …): a cell merged down a
    # block is not a row's label, and another block's label ends the block before it.
    block_labels: tuple[str, ...]
    categories: tuple[CategorySpec, ...]
    level_two_words: tuple[str, ...]
    # Cells that mean "nothing here": a dash, a slash, 无.
    empty_marks: tuple[str, ...]
    # Reasons that give no reason (a deduction explained by "无" is not explained).
    no_reason_words: tuple[str, ...]
    # Placeholder rows left from the form: regular expressions over a folded cell.
    placeholder_patterns: tuple[str, ...]
    # Words of a target or actual value that state it is met (达成预期指标, 完成).
    met_words: tuple[str, ...]
    # A target written without an operator (100%, 12个) is a floor to reach, unless its
    # indicator's name or 二级指标 has one of these words: then it may be a ceiling or a
    # deadline, and whether it was met is not judged.
    ceiling_words: tuple[str, ...]
    # Units a caption or header may give the amounts (单位：万元, 项目资金（万元）).
    money_units: tuple[str, ...]
    # Title words of a report that evaluates more than its table (a department's whole
    # spending, with a project's table inside): its stated score and rate are not the table's.
    overall_report_words: tuple[str, ...]
    forms: tuple[TableFormSpec, ...]
    scale: Decimal = Decimal(100)
    # The 年度总体目标 block: its labels, and the headers of its two cells (the goal set
    # at the start of the year, and what was achieved).
    goal_labels: tuple[str, ...] = ()
    goal_headers: tuple[str, ...] = ()
    achieved_headers: tuple[str, ...] = ()
    # Headings of a two-row header that span columns named on its second row (年度指标值
    # over 指标性质 | 指标值 | 度量单位): heading → words of the columns it spans.
    header_spans: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.forms:
            raise ValueError("forms needs at least one form (the first is the default)")
        if self.forms[0].detect:
            raise ValueError("the first form is the default one and takes no detect words")
        for pattern in self.placeholder_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        for heading, words in self.header_spans.items():
            unknown = [word for word in words if header_key(word) not in self.columns.by_key]
            if unknown or not words:
                raise ValueError(f"header-spans: {heading} spans {unknown or 'nothing'}, which names no column")

    @cached_property
    def total_row_keys(self) -> frozenset[str]:
        return _keys(self.funds_total_rows)

    @cached_property
    def part_row_keys(self) -> frozenset[str]:
        return _keys(self.funds_part_rows)

    @cached_property
    def remainder_keys(self) -> frozenset[str]:
        return _keys(self.remainder_rows)

    @cached_property
    def score_total_keys(self) -> frozenset[str]:
        return _keys(self.total_rows)

    @cached_property
    def score_only_keys(self) -> frozenset[str]:
        return _keys(self.total_score_rows)

    @cached_property
    def block_keys(self) -> frozenset[str]:
        return _keys(self.block_labels)

    @cached_property
    def goal_label_keys(self) -> frozenset[str]:
        return _keys(self.goal_labels)

    @cached_property
    def goal_header_keys(self) -> frozenset[str]:
        return _keys(self.goal_headers)

    @cached_property
    def achieved_header_keys(self) -> frozenset[str]:
        return _keys(self.achieved_headers)

    @cached_property
    def span_roles(self) -> dict[str, frozenset[str]]:
        """Header key of a spanning heading → the roles of the columns it spans."""
        by_key = self.columns.by_key
        return {header_key(heading): frozenset(by_key[header_key(word)] for word in words) for heading, words in self.header_spans.items()}

    @cached_property
    def level_two_keys(self) -> frozenset[str]:
        return _keys(self.level_two_words)

    @cached_property
    def empty_keys(self) -> frozenset[str]:
        return frozenset(fold_key(mark) for mark in self.empty_marks) | {""}

    @cached_property
    def no_reason_keys(self) -> frozenset[str]:
        return frozenset(fold_key(word) for word in self.no_reason_words) | self.empty_keys

    @cached_property
    def met_keys(self) -> frozenset[str]:
        return _keys(self.met_words)

    @cached_property
    def placeholders(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern) for pattern in self.placeholder_patterns)

    def category(self, text: str) -> CategorySpec | None:
        """The category a 一级指标 cell names (产出指标(50分) → 产出指标)."""
        key = header_key(text)
        return next((category for category in self.categories if key in category.keys), None)

    def form_for(self, keys: set[str]) -> TableFormSpec:
        """The form whose detect words are among ``keys`` (header keys of the table's
        cells); the default form when none is."""
        return next((form for form in self.forms[1:] if form.detect_keys & keys), self.forms[0])
