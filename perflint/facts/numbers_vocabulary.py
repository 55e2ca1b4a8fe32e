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
    """Labels that, together, are the whole of a total: a list of these parts is checked as
    complete (parts sum to the total, shares to 100%)."""
    within: tuple[str, ...] = ()
    """Words one of which the total's label must contain for these parts to be all of it
    (基本支出 and 项目支出 make up an expenditure or a budget, not an income); empty: any total.
    An unlabelled total always qualifies."""

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
    """Words in the text before an amount that make it a total."""
    cumulative_markers: tuple[str, ...]
    """A total labelled with one of these (累计) closes no list of the amounts before it."""
    part_intro_markers: tuple[str, ...]
    """Words after a total that introduce its parts."""
    partition_markers: tuple[str, ...]
    """Words that say the listed parts are all of the total."""
    remainder_markers: tuple[str, ...]
    """Labels of a last part that stands for "the rest", making the list complete."""
    delta_markers: tuple[str, ...]
    """An amount with one of these in its label is a change, not a part of anything."""
    nested_parts: tuple[tuple[str, str], ...]
    """(whole, part) words: an amount named with the part after one named with the whole
    (授予小微企业合同金额 after 授予中小企业合同金额) is within that one, not one more part."""
    respective_markers: tuple[str, ...]
    """Shares after a list of parts marked with one of these (分别占 27.06%、72.94%) are the
    parts' shares in order, not the last part's."""
    flows: tuple[tuple[str, ...], ...]
    """Words of each flow of money (what came in: 收入, 拨款; what went out: 支出, 执行数):
    amounts listed first are not closed by a total of another flow (财政拨款收入…，其他收入…，
    本年支出合计… closes nothing)."""
    share_markers: tuple[str, ...]
    """Words that make a percentage a share of something (占总支出的, 占比)."""
    share_total_bases: tuple[str, ...]
    """Bases of a share that mean "the total just stated"."""
    budget_labels: tuple[str, ...]
    """Labels of the budget amounts of an execution claim (several may be given; a stated
    rate may be against any of them)."""
    budget_changes: tuple[str, ...]
    """An amount labelled with one of these changes the budget during the year (年中调增
    40万元, 上年结转): the claim's 年初 budget is then not the one spent against ..."""
    final_budget_labels: tuple[str, ...]
    """... and only a budget labelled with one of these (全年预算, 调整后预算) is."""
    overall_markers: tuple[str, ...]
    """A rate said with one of these (整体预算执行率, 总体执行率) is the whole budget's, where
    a report states several (the summary facts)."""
    interim_markers: tuple[str, ...]
    """A rate in a sentence saying it stood so at a date before December (截至2023年6月30日，
    支出进度为48.60%) is an interim rate, not the year's ..."""
    previous_year_markers: tuple[str, ...]
    """... and one in a clause naming last year (上年执行率85.20%, 2022年…), or in a sentence
    about it that names the report's own year with none of ..."""
    current_year_words: tuple[str, ...]
    """... these (本年度, 今年), is last year's."""
    investment_words: tuple[str, ...]
    """A completion rate in a sentence about one of these (总投资…完成投资…完成率) is progress of
    an investment, not budget execution."""
    income_words: tuple[str, ...]
    """A claim about money coming in (事业收入预算180万元，决算215.36万元) is collection, not
    spending: more than budgeted is no over-execution, less no low execution."""
    subtotal_markers: tuple[str, ...]
    """A table row labelled with one of these sums the rows before it (小计): no part of the
    合计 beside them."""
    economy_items: tuple[str, ...]
    """Spending a claim about one of these (三公经费, 公务接待) keeps under budget on purpose:
    its low rate is a saving, not a failure to spend (PF106)."""
    executed_labels: tuple[str, ...]
    """Labels of the executed amount of an execution claim."""
    rate_labels: tuple[str, ...]
    """Labels of a stated execution rate."""
    other_rate_labels: tuple[str, ...]
    """Rates whose label holds a rate label but that measure something other than the
    budget (政府采购执行率, 任务完成率): not execution rates."""
    target_markers: tuple[str, ...]
    """Words that make a stated rate a target (执行率目标值为 70%): not the rate the report
    found, which is the next percentage in the sentence (实际完成 76%). A rate written
    with an operator (≥90%) is a target too, and so is the first of two bare percentages
    after a rate label (a flattened indicator row: 预算执行率 70% 76%)."""
    shortfall_words: tuple[str, ...]
    """A sentence on the execution rate with one of these and a reason explains a low rate
    wherever it stands (执行率低的原因是…)."""
    reason_markers: tuple[str, ...]
    """Words that give a reason (由于, 原因): a low execution rate with one of these in its
    sentence or after it in its section has its reason given ..."""
    reason_subjects: tuple[str, ...]
    """... when the reason speaks of the money: one of these (资金, 结余, 进度…) or a budget,
    executed or rate label in it. A reason about something else (满意度调查样本偏少) does
    not explain a low rate."""
    allocation_verbs: tuple[str, ...]
    """Verbs by which a cited document allocates an amount (…41号文件，下达…5万元)."""
    generic_allocation_items: tuple[str, ...]
    """What a document allocates when the text names no item (下达…2023年资金5万元): any
    named item of the same document is a part of that amount."""
    partitions: tuple[PartitionSpec, ...] = ()
    """Lists of labels known to make up a whole (基本支出 + 项目支出, 人员经费 + 公用经费…)."""
