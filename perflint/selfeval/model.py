"""The self-evaluation table as read: funds rows, the goal, indicator rows, the total, the grade.

Every value keeps the span of its cell, so a finding points at the cell (and, through
the source's origin map, at the Word or PDF table, row and cell it came from).
"""

from dataclasses import dataclass, field

from perflint.document import Span
from perflint.selfeval.spec import CategorySpec, TableFormSpec
from perflint.selfeval.values import Value


@dataclass(slots=True)
class FundsRow:
    """A row of the funds block: 年度资金总额, or one of its parts (其中：当年财政拨款 …)."""

    label: Value
    span: Span  # the row
    is_total: bool
    is_remainder: bool = False  # 其他资金: its presence makes the parts all of the total
    initial_budget: Value | None = None
    budget: Value | None = None
    executed: Value | None = None
    rate: Value | None = None
    points: Value | None = None
    score: Value | None = None
    reason: Value | None = None


@dataclass(slots=True)
class Indicator:
    """A 三级指标 row with its 一级 and 二级 indicators (carried down merged cells)."""

    name: Value
    span: Span  # the row
    level_one: str = ""
    level_one_span: Span | None = None  # the 一级指标 cell this row repeats or carries down
    category: CategorySpec | None = None
    level_two: str = ""
    operator: Value | None = None  # the 指标性质 column (Sichuan: =, ≥, ≤)
    target: Value | None = None
    unit: Value | None = None  # the 度量单位 column
    actual: Value | None = None
    points: Value | None = None
    score: Value | None = None
    coefficient: Value | None = None  # 得分系数(%) (Chongqing)
    reason: Value | None = None
    placeholder: bool = False  # a row left from the form (指标1, ……)

    @property
    def target_operator(self) -> str:
        """The target's operator: its own (≥45处) or the 指标性质 column's."""
        if self.target is not None and self.target.operator:
            return self.target.operator
        if self.operator is not None:
            text = self.operator.text.replace("≧", "≥").replace("≦", "≤").replace("═", "=").replace("＝", "=")
            if text in ("≥", "≤", "=", ">", "<"):
                return text
        return ""

    @property
    def unit_text(self) -> str:
        """The 度量单位 column, when the form has one."""
        return self.unit.text if self.unit is not None and not self.unit.is_blank else ""


@dataclass(slots=True)
class GoalBlock:
    """年度总体目标: the goal set at the start of the year (预期目标) and what was
    achieved (实际完成情况), each one cell."""

    span: Span  # the block, from its label or first header to its last cell
    goal: Value
    achieved: Value
    goal_header: str = "预期目标"  # the headers as the table writes them
    achieved_header: str = "实际完成情况"


@dataclass(slots=True)
class CategoryPoints:
    """Points a 一级指标 label states for its category: 产出指标(50分)."""

    category: CategorySpec
    points: Value


@dataclass(slots=True)
class TotalRow:
    """总分 / 合计: the points and the score of the whole table."""

    label: Value
    span: Span
    points: Value | None = None
    score: Value | None = None


@dataclass(slots=True, eq=False)
class SelfEvaluationTable:
    span: Span
    form: TableFormSpec
    carrier: str  # pipes | tabs | cells (see perflint.document.Table) | flat (perflint.selfeval.flat)
    unit: str = ""  # the money unit of the funds block (万元, 元), "" when none is given
    unit_source: str = ""  # caption | header | cells
    funds: list[FundsRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    categories: list[CategoryPoints] = field(default_factory=list)
    total: TotalRow | None = None
    goal: GoalBlock | None = None  # 年度总体目标, when its two cells could be told apart
    grade: Value | None = None  # the grade the table states (优, 良好 …)
    # The columns the indicator block has (roles of perflint.selfeval.spec.TableColumnsSpec).
    indicator_columns: frozenset[str] = frozenset()
    funds_columns: frozenset[str] = frozenset()
    rate_unit: str = ""  # "%" when the 执行率 header says its figures are percentages
    headers: dict[str, str] = field(default_factory=dict)  # column role → its header as written

    def header(self, role: str, default: str) -> str:
        """A column's header as the table writes it (全年预算数, 调整后预算数 …)."""
        return self.headers.get(role) or default

    # Rows inside the table's blocks that could not be read on its columns: checks that
    # need every row (sums over the table) say nothing when there are any.
    unreadable_rows: list[Span] = field(default_factory=list)

    @property
    def funds_total(self) -> FundsRow | None:
        return next((row for row in self.funds if row.is_total), None)

    @property
    def funds_parts(self) -> list[FundsRow]:
        return [row for row in self.funds if not row.is_total]

    @property
    def complete(self) -> bool:
        """Every row of its blocks was read on the table's columns."""
        return not self.unreadable_rows

    def is_off(self, code: str) -> bool:
        """Whether the table's form turns the check ``code`` off."""
        return code in self.form.off
