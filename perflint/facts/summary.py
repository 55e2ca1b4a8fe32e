"""The facts a reviewer's summary needs about a whole report: the unit it is about,
the kind of report, the evaluated year, the score and grade, the overall execution
rate and the rectification status (``FileFacts``; the html and csv formats and the
JSON output's ``facts`` show them).

Each fact is what the report states, read where the rules read it; a report whose text
states no score, grade or overall rate (a self-evaluation table on its own) has its
table's, when its tables agree. When the report is unclear — two different scores, only
project rates in a department report — the fact is left out (None) rather than guessed,
as a reviewer copying it into the bureau's spreadsheet must be able to trust it. The kind is the chosen template's
(perflint.detection reads it from the title). The unit fields are data:
``rules/_report-facts.toml``.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from perflint.document import Document, Span, Table
from perflint.facts import Facts
from perflint.facts.clauses import clause_start
from perflint.facts.content import ContentFacts
from perflint.facts.content_vocabulary import ConclusionSpec
from perflint.facts.execution import of_another_period
from perflint.facts.mentions import has_any
from perflint.patterns import lazy
from perflint.profiles import NumbersSpec
from perflint.resources import resource_dir
from perflint.results import FileFacts
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.verdicts import number, rate_value, table_grade
from perflint.text import fold_chars, fold_key

DATA_FILE = "_report-facts.toml"
T = TypeVar("T")

_SENTENCE_ENDS = "。！？!?"
_SENTENCE_LOOKBACK = 400  # characters: farther back is another sentence however it is punctuated
# A name in quotes (“…项目”); a document title in 《》 names no subject of the claim.
_QUOTED_NAME = lazy(r"[“\"「][^”\"」]{2,60}[”\"」]")


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    unit_fields: tuple[str, ...]  # folded, in order of preference
    special_fund_words: tuple[str, ...]  # folded
    unit_notes: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    import tomllib  # already loaded by a run that read its config or profiles

    data = tomllib.loads((resource_dir("rules") / DATA_FILE).read_text(encoding="utf-8"))
    return _Vocabulary(
        tuple(fold_key(name) for name in data["unit-fields"]),
        tuple(fold_key(word) for word in data["special-fund-words"]),
        tuple(data["unit-notes"]),
    )


def file_facts(
    document: Document, content: ContentFacts, numbers: Facts, vocab: NumbersSpec, *, kind: str | None = None, fail_on: str = "error"
) -> FileFacts:
    """Every summary fact of one report (``kind`` is its template's, ``fail_on`` the
    threshold its config sets)."""
    fiscal_year = content.report_year
    return FileFacts(
        rectification=content.rectification_status,
        unit=unit_of(document),
        kind=report_kind(document, kind),
        year=fiscal_year.year if fiscal_year is not None else None,
        score=stated_score(content),
        grade=stated_grade(content),
        execution_rate=overall_execution_rate(
            document,
            numbers,
            vocab,
            content.spec.conclusion.other_subject_markers,
            tuple(section.span for section in content.other_subject_sections),
            content.spec.conclusion.own_subject_markers,
            fiscal_year.year if fiscal_year is not None else None,
        ),
        fail_on=fail_on,
    )


def report_kind(document: Document, template_kind: str | None) -> str | None:
    """The template's kind, and special-fund for a project report whose title names a
    special fund (专项资金)."""
    title = fold_key(document.title.text) if document.title is not None else ""
    if template_kind == "project" and any(word in title for word in _vocabulary().special_fund_words):
        return "special-fund"
    return template_kind


def unit_of(document: Document) -> str | None:
    """The value of the first filled-in header field naming the unit or project
    (部门名称, 单位名称, 项目名称 …, in the data file's order of preference), without a
    note in brackets after it (（盖章）)."""
    filled: dict[str, str] = {}
    for field in document.fields:
        if not field.blank:
            filled.setdefault(field.key, field.value.strip())
    unit = next((filled[name] for name in _vocabulary().unit_fields if name in filled), None)
    if unit is None:
        return None
    for note in _vocabulary().unit_notes:
        for bracketed in (f"（{note}）", f"({note})"):
            unit = unit.replace(bracketed, "").strip()
    return unit or None


def stated_score(content: ContentFacts) -> Decimal | None:
    """The report's self-evaluation score, when every statement of it agrees (PF205
    reports the ones that do not)."""
    values = {statement.value for statement in content.conclusion.scores}
    return values.pop() if len(values) == 1 else None


def stated_grade(content: ContentFacts) -> str | None:
    """The report's grade, canonical (优, 良, 中, 差), when every statement agrees."""
    grades = {statement.grade.grade for statement in content.conclusion.grades}
    return grades.pop() if len(grades) == 1 else None


def overall_execution_rate(
    document: Document,
    numbers: Facts,
    vocab: NumbersSpec,
    other_subjects: tuple[str, ...] = (),
    other_sections: tuple[Span, ...] = (),
    own_subjects: tuple[str, ...] = (),
    fiscal_year: int | None = None,
) -> Decimal | None:
    """The rate, in percent, of the execution claim about the report's whole budget for
    its year: a stated percentage on a table's total row (年度资金总额, 合计), or in a
    sentence that names no other subject — no quoted name (“…项目”), none of the
    profile's other-subject words (项目 in the department templates) from the previous
    sentence's end on, across paragraph breaks, as a PDF's broken lines split a
    sentence, and not in a part where other subjects are evaluated unless it names the
    report's own (部门整体) — and no part of the
    budget (其中…); not an interim rate or last year's. Where several remain, one said to
    be overall (整体, 总体, 全年) is taken, else the first. A department report that
    states only its projects' rates has none."""
    tables = [block.span for _, block in document.blocks() if isinstance(block, Table)]
    categories = tuple(part for partition in vocab.partitions for part in partition.parts)
    candidates: list[tuple[Decimal, str]] = []
    for execution in numbers.executions:
        rate = execution.rate
        if rate is None or not rate.exact or not rate.is_percent:
            continue
        start = execution.span[0]
        if any(low <= start < high for low, high in tables):  # a row: its label says whose it is
            if has_any(execution.subject, vocab.total_markers):
                return rate.value
            continue
        sentence = _sentence_before(document.text, start)
        in_other = any(low <= start < high for low, high in other_sections) and not has_any(sentence, own_subjects)
        if in_other or _names_another_subject(sentence, other_subjects, categories):
            continue
        if has_any(sentence, vocab.part_intro_markers) or of_another_period(document.text, rate.span, fiscal_year, vocab):
            continue
        before = document.text[max(0, rate.span[0] - _SENTENCE_LOOKBACK) : rate.span[0]]
        clause = before[clause_start(fold_chars(before), len(before)) :]
        candidates.append((rate.value, clause))
    # 基本支出…；项目支出…；整体预算执行率94.98%: the one said to be overall, else the first.
    overall = [value for value, clause in candidates if has_any(clause, vocab.overall_markers)]
    return overall[0] if overall else candidates[0][0] if candidates else None


def _sentence_before(text: str, start: int) -> str:
    """The text from the end of the previous sentence to ``start``."""
    before = text[max(0, start - _SENTENCE_LOOKBACK) : start]
    end = max(before.rfind(mark) for mark in _SENTENCE_ENDS)
    return before[end + 1 :]


def _names_another_subject(sentence: str, other_subjects: tuple[str, ...], categories: tuple[str, ...] = ()) -> bool:
    """A quoted name, or an other-subject word that is no budget category's (项目 of a
    project, not of 项目支出)."""
    for category in categories:
        sentence = sentence.replace(category, "")
    return bool(_QUOTED_NAME.search(sentence)) or (bool(other_subjects) and has_any(sentence, other_subjects))


def add_table_statements(facts: FileFacts, tables: list[SelfEvaluationTable], content: ContentFacts, spec: ConclusionSpec) -> None:
    """What the self-evaluation tables state, for the facts the report's text does not:
    the 总分 row's score and the table's grade where the text states neither score nor
    grade, the 年度资金总额 row's rate where it states no overall rate — each only when
    every table that states it agrees (PF413 compares a text's own with its table's)."""
    if facts.score is None and not content.conclusion.scores:
        scores = [t.total.score for t in tables if t.total is not None]
        facts.score = _only({score.number for score in scores if score is not None and number(score)})
    if facts.grade is None and not content.conclusion.grades:
        grades = {table_grade(t.grade, spec) for t in tables if t.grade is not None}
        facts.grade = _only({grade.grade for grade in grades if grade is not None}) if None not in grades else None
    if facts.execution_rate is None:
        rates = [rate_value(row.rate, t) for t in tables for row in t.funds if row.is_total]
        facts.execution_rate = _only({rate.number for rate in rates if rate is not None})


def _only(values: set[T]) -> T | None:
    """The one value of ``values``; None when there is none or they disagree."""
    return next(iter(values)) if len(values) == 1 else None
