"""The vocabulary of the content facts (PF006–PF009, PF2xx): grades and their bands, the
words around a stated score or grade, dates and years, problems and measures,
rectification status, vague results, counts against lists, template text left in.

A template's ``[content]`` table (rules/_defaults.toml, then the template's own) fills it.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from perflint.text import fold_key
from perflint.validation import KEBAB_CASE, at_least


@dataclass(eq=False)
class GradeSpec:
    __pydantic_config__ = KEBAB_CASE

    grade: str
    """The canonical grade, e.g. 优."""
    words: tuple[str, ...]
    """Words that state it, e.g. 优秀, 优."""
    min_score: Decimal
    """The lowest score of its band (inclusive); the band runs up to the next higher grade's
    min-score (the top one to score-max)."""

    def __post_init__(self) -> None:
        at_least(1, "grade", self.grade)
        at_least(1, "words", self.words)


@dataclass(eq=False)
class ConclusionSpec:
    """Grades, bands and the words around a stated grade or score (PF201–PF205)."""

    __pydantic_config__ = KEBAB_CASE

    score_min: Decimal
    """The lowest score of the scale."""
    score_max: Decimal
    """The highest score of the scale."""
    grades: tuple[GradeSpec, ...]
    """The grades with their bands (财预〔2020〕10号: 90 and above 优, 80 to under 90 良, 60 to
    under 80 中, under 60 差)."""
    score_labels: tuple[str, ...]
    """Labels right before a number that make it the report's score (自评得分 85 分, 得分为 85.5,
    综合评分为 95 分, 自评总分(分) 97.6)."""
    grade_nouns: tuple[str, ...]
    """Words naming a grade: after one of these a grade word may follow directly (绩效等级良,
    等级为优秀, 等级：“中”)."""
    verdict_labels: tuple[str, ...]
    """Verdict words: a two-character grade word may follow directly after those with 自评
    (自评良好); otherwise a connector is needed (自评结果为优秀, 评定为良好)."""
    connectors: tuple[str, ...]
    """Words between a verdict word and its grade (为, 是, 评定为…)."""
    grade_suffixes: tuple[str, ...]
    """Words that may follow a grade word (优秀等级, 良好档)."""
    not_grades: tuple[str, ...]
    """After 结果为 / 结论为 these are not grades (以自评结果为依据)."""
    previous_year_markers: tuple[str, ...]
    """A grade or score never counts in a sentence about another year: one of these stands
    before it in the sentence (上年度自评得分91分，等级为优) ..."""
    comparison_markers: tuple[str, ...]
    """... unless a comparison word comes right before the marker (较上年提高3分); only
    what follows the last of these counts (上年度…为良，本年度…为优) ..."""
    current_year_markers: tuple[str, ...]
    """... words naming the report's own year (本年度, 今年; its year written out too)."""
    negations: tuple[str, ...]
    """A grade right after one of these and a connector was not reached (未达到优秀档次)."""
    self_evaluation_markers: tuple[str, ...]
    """Outside the conclusion section a grade or score counts only in a clause with one of
    these (档案检查被评为“优秀”等级 is not the report's grade) ..."""
    other_subject_markers: tuple[str, ...]
    """... and none of these (a template where projects are evaluated in their own section
    names 项目 here) ..."""
    other_subject_sections: tuple[str, ...]
    """... nor, in these parts of the template, where other subjects are evaluated
    (Guangdong's 三、其他自评情况 scores the projects one by one), any whose sentence does
    not name the report's own subject with one of ..."""
    own_subject_markers: tuple[str, ...]
    """... these (综上，中心部门整体支出绩效自评得分为90.30分)."""
    component_markers: tuple[str, ...]
    """A score whose clause names one of these is a component score (预算执行得分 9.5 分)."""

    def __post_init__(self) -> None:
        at_least(1, "grades", self.grades)
        if self.score_min >= self.score_max:
            raise ValueError("score-min must be below score-max")
        floors = [g.min_score for g in self.grades]
        if len(set(floors)) != len(floors) or not all(self.score_min <= f <= self.score_max for f in floors):
            raise ValueError("grade min-scores must be distinct and within score-min..score-max")
        if min(floors) != self.score_min:
            raise ValueError("the lowest grade must start at score-min (every score needs a grade)")

    @cached_property
    def by_floor(self) -> tuple[GradeSpec, ...]:
        """Grades from the highest band down."""
        return tuple(sorted(self.grades, key=lambda g: g.min_score, reverse=True))

    def grade_for(self, score: Decimal) -> GradeSpec | None:
        """The grade whose half-open band holds ``score``; None outside the scale."""
        if not self.score_min <= score <= self.score_max:
            return None
        return next(g for g in self.by_floor if score >= g.min_score)

    def band(self, grade: GradeSpec) -> tuple[Decimal, Decimal, bool]:
        """(low, high, high_inclusive) of a grade's band."""
        higher = [g.min_score for g in self.grades if g.min_score > grade.min_score]
        return (grade.min_score, min(higher), False) if higher else (grade.min_score, self.score_max, True)

    @cached_property
    def grade_words(self) -> dict[str, GradeSpec]:
        """Folded grade word → its grade."""
        return {fold_key(word): grade for grade in self.grades for word in grade.words}

    @cached_property
    def all_grade_words(self) -> tuple[str, ...]:
        return tuple(word for grade in self.grades for word in grade.words)


@dataclass(eq=False)
class DatesSpec:
    """Filing date and the year spending statements are attributed to (PF006–PF008)."""

    __pydantic_config__ = KEBAB_CASE

    filing_date_labels: tuple[str, ...]
    """Header fields holding the filing date."""
    year_fields: tuple[str, ...]
    """Header fields stating the evaluated year, where the title does not (评价年度：2023)."""
    spending_words: tuple[str, ...]
    """A money amount labelled with one of these is a spending or budget statement ..."""
    attribution_markers: tuple[str, ...]
    """... and outside the expenditure section it is the report's own only in a sentence with
    one of these (本年, 年度; or an execution rate, which states what became of the money
    evaluated: 2022年上级下达…资金547.615万元，实际支出…，资金执行率100%)."""
    document_words: tuple[str, ...]
    """A year with one of these between it and the amount names a document, not the spending
    (根据2024年省财政厅通知要求，本年支出…)."""
    comparison_markers: tuple[str, ...]
    """A year right after one of these is a comparison (较2022年增长…) ..."""
    previous_year_markers: tuple[str, ...]
    """... one shortly after one of these names the previous year as such (上年（2022年）) ..."""
    carried_over_words: tuple[str, ...]
    """... and one right before one of these is where carried-over money comes from
    (使用2022年结转资金…)."""
    future_markers: tuple[str, ...]
    """A later year in a sentence with one of these is a plan, not a mismatch ..."""
    plan_words: tuple[str, ...]
    """... and so is a later year before one of these (2024年部门预算安排…)."""


@dataclass(eq=False)
class ProblemsSpec:
    """Labels of stated problems and of the measures that must answer them (PF206)."""

    __pydantic_config__ = KEBAB_CASE

    problem_labels: tuple[str, ...]
    """A sentence starting with one of these states problems ..."""
    measure_labels: tuple[str, ...]
    """... and one of these must follow it in the same section."""
    none_phrases: tuple[str, ...]
    """A problem statement saying only this states no problem ..."""
    none_endings: tuple[str, ...]
    """... or starting with it and ending, a few words on, with one of these (暂未发现明显问题,
    无重大问题)."""
    deadline_markers: tuple[str, ...]
    """Words that give a measure its completion deadline (besides a date: 2024年6月, 6月底)."""


@dataclass(eq=False)
class RectificationSpec:
    """Phrases that state the rectification status, by status (PF207, PF208)."""

    __pydantic_config__ = KEBAB_CASE

    completed: tuple[str, ...]
    """Phrases that state a completed rectification; the longest match wins where phrases
    overlap (未完成整改 is not 完成整改)."""
    in_progress: tuple[str, ...]
    """Phrases that state a rectification in progress (a section with both completed and not-
    done statements is in progress too)."""
    not_done: tuple[str, ...]
    """Phrases that state a rectification not done."""
    nothing: tuple[str, ...]
    """Phrases that state there was nothing to rectify."""
    nothing_exact: tuple[str, ...]
    """A section whose whole text (punctuation aside) is one of these has nothing to rectify."""
    reason_markers: tuple[str, ...]
    """An unfinished rectification needs a reason (one of these) ..."""
    plan_markers: tuple[str, ...]
    """... or a deadline or plan (one of these; a year and month also counts)."""


@dataclass(eq=False)
class VagueSpec:
    __pydantic_config__ = KEBAB_CASE

    phrases: tuple[str, ...]
    """Claims of satisfaction or completion; reported when their sentence gives no figure."""


@dataclass(eq=False)
class CountsSpec:
    """Counts stated next to their lists or their itemised counts (PF210, PF211)."""

    __pydantic_config__ = KEBAB_CASE

    units: tuple[str, ...]
    """Measure words of a stated count (8个内设机构, 3家单位, 5项任务)."""
    list_intros: tuple[str, ...]
    """Words between a count and its list (8个内设机构，即办公室、…) ..."""
    weak_list_intros: tuple[str, ...]
    """... of which these introduce a list only after the counted noun (8个内设机构，为
    办公室、…), not after a bare count (新建站点12个，为老年人提供日间照料、助餐…)."""
    list_leads: tuple[str, ...]
    """Words before a list that a count closes (内设办公室、…、…5个内设机构)."""
    total_markers: tuple[str, ...]
    """Words that make a count a total of itemised counts (共15个项目，其中…6个、…), or
    close a list after a comma (…、工程股，共5个股室)."""
    partial_list_leads: tuple[str, ...]
    """A list in brackets after its count that opens with one of these names only some
    (内设8个科室（含办公室、财务股）)."""


@dataclass(eq=False)
class IndicatorsSpec:
    """Indicators stated in prose with their target and actual value (PF213)."""

    __pydantic_config__ = KEBAB_CASE

    target_labels: tuple[str, ...]
    """Words that make the value after them (and after an operator) an indicator's target
    (年初指标值为不低于 180 人, 目标值≥95%)."""
    actual_labels: tuple[str, ...]
    """Words right before a number that make it the indicator's actual value (全年实际完成值
    164 人), later in the target's sentence."""
    floor_operators: tuple[str, ...]
    """Operators of a target the actual must reach (不低于, 不少于, ≥)."""
    ceiling_operators: tuple[str, ...]
    """Operators of a target the actual must not exceed (不高于, 不超过, ≤)."""
    equal_operators: tuple[str, ...]
    """Operators of a target the actual must equal (=, 等于)."""
    all_met_phrases: tuple[str, ...]
    """Phrases claiming that every target was met (已按照计划完成目标, 全面完成): named in the
    message when the report has one."""

    def __post_init__(self) -> None:
        at_least(1, "target-labels", self.target_labels)
        at_least(1, "actual-labels", self.actual_labels)


def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(eq=False)
class TemplateTextSpec:
    """Patterns of template text left in a report (PF009)."""

    __pydantic_config__ = KEBAB_CASE

    instruction_patterns: tuple[str, ...]
    """Regular expressions of the template's instructions left in a report ((200字以内), 参考提纲…),
    over the text with full-width forms folded to ASCII (（ → (, ， → ,) and traditional
    characters to simplified ones."""
    placeholder_patterns: tuple[str, ...]
    """Regular expressions of placeholders: 20xx年, XX中心, ××局, X月X日 (same folding)."""
    empty_slot_patterns: tuple[str, ...]
    """Regular expressions of number slots left empty: 编制数人, 共计人, 合计万元, 占总支出的% (same
    folding)."""
    form_note_patterns: tuple[str, ...] = ()
    """Regular expressions of notes the form itself prints (Sichuan's 1.预算执行率=预算执行数/
    调整后预算数…(100字以内)): on a line with one of them, the form's own words are not
    template text left in."""

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        for pattern in (*self.instruction_patterns, *self.placeholder_patterns, *self.empty_slot_patterns, *self.form_note_patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Kind (instruction, placeholder, empty-slot) → its compiled patterns."""
        return {
            "instruction": _compiled(self.instruction_patterns),
            "placeholder": _compiled(self.placeholder_patterns),
            "empty-slot": _compiled(self.empty_slot_patterns),
        }

    @cached_property
    def compiled_form_notes(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.form_note_patterns)


@dataclass(eq=False)
class ContentSpec:
    """What the report says: the vocabularies of the PF006–PF009 and PF2xx rules."""

    __pydantic_config__ = KEBAB_CASE

    conclusion_section: str
    """Section id (of the template's outline) of the self-evaluation conclusion; "" when the
    template has none."""
    rectification_section: str
    """Section id of the previous year's rectification; "" when the template has none."""
    expenditure_section: str
    """Section id where the report states its own spending (its figures are the evaluated
    year's); "" when none."""
    measures_section: str
    """Section id of the improvement measures; "" when none."""
    measured_sections: tuple[str, ...]
    """Section ids where the template expects measured results (a vague claim there is
    reported); empty: the whole report."""
    attachment_markers: tuple[str, ...]
    """Words in a section's title saying its content is in an attachment (（附…自评表）,
    详见附件): such a section is not empty."""
    conclusion: ConclusionSpec
    """Grades, bands and the words around a stated grade or score."""
    dates: DatesSpec
    """Filing date and the year spending statements are attributed to."""
    problems: ProblemsSpec
    """Problems and the measures that must answer them."""
    rectification: RectificationSpec
    """Phrases that state the rectification status."""
    vague: VagueSpec
    """Vague results."""
    counts: CountsSpec
    """Counts stated next to their lists or itemised counts."""
    template_text: TemplateTextSpec
    """Template text left in a report."""
    indicators: IndicatorsSpec
    """Indicators stated in prose with their target and actual value."""

    def section_ids(self) -> tuple[str, ...]:
        named = (
            self.conclusion_section,
            self.rectification_section,
            self.expenditure_section,
            self.measures_section,
            *self.measured_sections,
        )
        return tuple(spec_id for spec_id in named if spec_id)
