"""The self-evaluation conclusion: the grades and scores a report states.

A grade is a word of the profile's vocabulary (优秀, 良, 中等 …) in a grade slot: after
a grade noun (绩效等级良, 等级为“优秀”), after 自评 (自评良好), after a verdict word and
a connector (自评结果为优秀, 评定为良好, 确定为“良”), or between a connector and a grade
noun (为“良”等级, 属于良好等次). A score is a number after a score label
(自评得分 92.30 分, 得分为 85.5, 自评总分(分) 97.6), in a sentence or in a table row.

In the conclusion section every such statement counts. Elsewhere only one in a clause
that says it is the self-evaluation (自评, 绩效评价 …) counts, so 档案检查被评为“优秀”等级
is not the report's grade; a sentence about another year (上年度自评得分91分，等级为优)
never counts, nor, in a template where projects are evaluated separately, a clause
about a project. A score in a clause naming an indicator (预算执行得分 9.5 分) is a
component, not the total; 总分 100 分 beside another score of the same sentence is the
full marks.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from perflint.document import Document, Section, Span, Table
from perflint.facts.clauses import (
    YEAR,
    clause_start,
    contains_any,
    find_words,
    folded_words,
    is_cjk,
    sentence_start,
    within,
    word_at,
    word_ending_at,
)
from perflint.facts.content_vocabulary import ConclusionSpec, GradeSpec
from perflint.facts.quantities import Quantity, scan
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

# Between a grade label and its grade: spaces, and a line break where PDF text wrapped.
_GAP = " \t\u3000\n"
_OPEN_QUOTES = "“\"「『'‘《"
_CLOSE_QUOTES = "”\"」』'’》"
# What may stand between a score label and its number: spaces, a colon, "(分)".
_SCORE_GAP = lazy(r"(?:[\s:]|\(分\)|为|是|达到|达)*$")
_LATIN_GRADE = lazy(r"[A-Za-z][+-]?")
_QUOTED = lazy(r"[“\"「][^”\"」]{1,60}[”\"」]")


@dataclass(slots=True)
class GradeStatement:
    grade: GradeSpec
    word: str  # as written
    span: Span
    in_conclusion: bool


@dataclass(slots=True)
class ScoreStatement:
    quantity: Quantity
    label: str  # the score label, e.g. 自评得分
    in_conclusion: bool

    @property
    def value(self) -> Decimal:
        return self.quantity.value

    @property
    def span(self) -> Span:
        return self.quantity.span


@dataclass(slots=True)
class UnknownGrade:
    """A grade slot in the conclusion holding a word outside the vocabulary (合格, A)."""

    word: str
    span: Span


@dataclass(slots=True)
class Conclusion:
    section: Section | None  # the profile's conclusion section, when present
    grades: list[GradeStatement] = field(default_factory=list)
    scores: list[ScoreStatement] = field(default_factory=list)
    unknown_grades: list[UnknownGrade] = field(default_factory=list)


class _Reader:
    def __init__(self, spec: ConclusionSpec, conclusion: Section | None, fiscal_year: int | None = None) -> None:
        self.spec = spec
        self.conclusion = conclusion
        self.fiscal_year = fiscal_year
        self.labels = folded_words(spec.grade_nouns + spec.verdict_labels)
        self.label_pattern = re.compile("|".join(map(re.escape, self.labels))) if self.labels else None
        self.nouns = set(folded_words(spec.grade_nouns))
        self.connectors = set(folded_words(spec.connectors))
        self.own_subject_only = False  # reading a part where other subjects are evaluated
        # A grade between a connector and a grade noun: 为“良”等级, 属于良好等次 (folded_words
        # puts the longest first, as an alternation must try them).
        grade_words = "|".join(map(re.escape, folded_words(spec.all_grade_words)))
        # ，优秀等次 also: a clause that opens with the grade and its noun.
        self.before_noun = re.compile(
            f"(?:{'|'.join(map(re.escape, folded_words(spec.connectors)))}|(?<=[,，。;；(（]))"
            f"[{re.escape(_OPEN_QUOTES)}]?(?P<grade>{grade_words})[{re.escape(_CLOSE_QUOTES)}]?"
            f"(?:{'|'.join(map(re.escape, folded_words(spec.grade_nouns)))})"
        )
        # In the conclusion, a grade in brackets after the score (98.9分（优）), or alone as a
        # clause after it (总分98.9分，优。).
        self.after_score = re.compile(
            rf"分\s*(?:\((?P<bracketed>{grade_words})\)|[,，]\s*[{re.escape(_OPEN_QUOTES)}]?(?P<alone>{grade_words})"
            rf"[{re.escape(_CLOSE_QUOTES)}]?(?=[。.;；]|$))"
        )

    def grade(self, word: str, text: str, offset: int, start: int, in_conclusion: bool) -> GradeStatement:
        """The statement of grade ``word``, written at ``start`` of ``text`` (whose
        offset in the document is ``offset``)."""
        end = start + len(word)
        return GradeStatement(self.spec.grade_words[fold_key(word)], text[start:end], (offset + start, offset + end), in_conclusion)

    # -- which clauses count -------------------------------------------------------

    def counts(self, clause: str, in_conclusion: bool, sentence: str = "") -> bool:
        """Whether a grade or score in ``clause`` (and ``sentence``, the sentence up to
        it) is the report's own."""
        spec = self.spec
        if self.own_subject_only and not contains_any(sentence or clause, spec.own_subject_markers):
            return False
        if any(contains_any(quoted, spec.other_subject_markers) for quoted in _QUOTED.findall(clause)):
            return False  # 其中“农村公路养护项目”等级为中: the grade of the project named
        # 较上年度自评得分85.6分: a clause naming another year is about that year even
        # where it compares; elsewhere in its sentence only if it does not.
        earlier = self.fiscal_year is not None and any(int(m.group(1)) < self.fiscal_year for m in YEAR.finditer(clause))
        if earlier or contains_any(clause, spec.previous_year_markers) or self.about_another_year(sentence or clause):
            return False
        if in_conclusion:
            return True
        return contains_any(clause, spec.self_evaluation_markers) and not contains_any(clause, spec.other_subject_markers)

    def about_another_year(self, sentence: str) -> bool:
        """Whether ``sentence`` (up to the statement) is about another year: a
        previous-year marker or an earlier year (2022年度) that is not the object of a
        comparison (较上年提高3分 compares; 上年度自评得分91分 is about that year), after the
        last mention of the report's own year (上年度…为良，本年度…为优)."""
        own = [at + len(word) for word, at in find_words(sentence, self.spec.current_year_markers)]
        own += [m.end() for m in YEAR.finditer(sentence) if self.fiscal_year is not None and int(m.group(1)) == self.fiscal_year]
        sentence = sentence[max(own, default=0) :]
        others = [at for _, at in find_words(sentence, self.spec.previous_year_markers)]
        others += [m.start() for m in YEAR.finditer(sentence) if self.fiscal_year is not None and int(m.group(1)) < self.fiscal_year]
        return any(not word_ending_at(sentence, at, self.spec.comparison_markers) for at in others)

    # -- grades --------------------------------------------------------------------

    def grade_word_at(self, folded: str, position: int) -> tuple[str, int] | None:
        """A grade word at ``position`` (after an optional opening quote) ending at a
        word boundary: (folded word, end offset after any closing quote)."""
        start = position + 1 if position < len(folded) and folded[position] in _OPEN_QUOTES else position
        word = word_at(folded, start, self.spec.all_grade_words)
        if not word:
            return None
        end = start + len(word)
        if end < len(folded) and folded[end] in _CLOSE_QUOTES:
            end += 1
        if not self.boundary(folded, end):
            return None
        return word, end

    def boundary(self, folded: str, position: int) -> bool:
        return position >= len(folded) or not is_cjk(folded[position]) or bool(word_at(folded, position, self.spec.grade_suffixes))

    def grades(self, folded: str, text: str, offset: int, in_conclusion: bool, found: Conclusion) -> None:
        if self.label_pattern is None:
            return
        for match in self.label_pattern.finditer(folded):
            label = match.group()
            position = match.end()
            while position < len(folded) and folded[position] in _GAP:
                position += 1
            connector = word_at(folded, position, self.spec.connectors)
            position += len(connector)
            while position < len(folded) and folded[position] in _GAP:
                position += 1
            clause = folded[clause_start(folded, match.start()) : position]
            if not self.counts(clause, in_conclusion, folded[sentence_start(folded, match.start()) : position]):
                continue
            hit = self.grade_word_at(folded, position)
            is_noun = label in self.nouns
            if hit is not None:
                word, _ = hit
                if connector or is_noun or label in self.connectors or ("自评" in label and len(word) >= 2):
                    start = position + (1 if folded[position] in _OPEN_QUOTES else 0)
                    found.grades.append(self.grade(word, text, offset, start, in_conclusion))
                continue
            if in_conclusion and (connector or is_noun):
                unknown = self.unknown_word(folded, position, strict=not is_noun)
                if unknown is not None:
                    start, end = unknown
                    found.unknown_grades.append(_unknown_grade(text, offset, start, end))

    def grades_before_nouns(self, folded: str, text: str, offset: int, in_conclusion: bool, found: Conclusion) -> None:
        known = {grade.span for grade in found.grades}
        for match in self.before_noun.finditer(folded):
            if word_ending_at(folded, match.start(), self.spec.negations):
                continue  # 未达到优秀档次: the grade it did not reach
            start = match.start("grade")
            if not self.counts(folded[clause_start(folded, start) : start], in_conclusion, folded[sentence_start(folded, start) : start]):
                continue
            grade = self.grade(match.group("grade"), text, offset, start, in_conclusion)
            if grade.span not in known:
                found.grades.append(grade)
                known.add(grade.span)
        if not in_conclusion:
            return
        for match in self.after_score.finditer(folded):
            group = "bracketed" if match.group("bracketed") else "alone"
            start = match.start(group)
            if not self.counts(
                folded[clause_start(folded, match.start()) : start], in_conclusion, folded[sentence_start(folded, start) : start]
            ):
                continue
            grade = self.grade(match.group(group), text, offset, start, in_conclusion)
            if grade.span not in known:
                found.grades.append(grade)

    def unknown_word(self, folded: str, position: int, *, strict: bool) -> Span | None:
        """The word in a grade slot that is not a grade: quoted, a short run of Han
        characters ending at a boundary, or a Latin letter grade (A, B+)."""
        if position >= len(folded):
            return None
        if folded[position] in _OPEN_QUOTES:
            close = next((i for i in range(position + 1, min(len(folded), position + 8)) if folded[i] in _CLOSE_QUOTES), None)
            if close is None or close == position + 1:
                return None
            return self.checked(folded, position + 1, close)
        latin = _LATIN_GRADE.match(folded, position)
        if latin and (latin.end() >= len(folded) or not folded[latin.end()].isalnum()):
            return latin.span()
        end = position
        while end < len(folded) and end - position < 8 and is_cjk(folded[end]):
            end += 1
        run = folded[position:end]
        suffix = next((s for s in folded_words(self.spec.grade_suffixes) if run.endswith(s) and len(run) > len(s)), "")
        core_end = end - len(suffix)
        if end < len(folded) and (is_cjk(folded[end]) or folded[end] not in _GRADE_SLOT_END):
            return None  # a longer phrase ("一村(社区)一法律顾问工作…"), not a one-word grade
        if core_end - position > 4 or (strict and core_end - position < 2 and not suffix):
            return None
        return self.checked(folded, position, core_end)

    def checked(self, folded: str, start: int, end: int) -> Span | None:
        word = folded[start:end].strip()
        if not word or fold_key(word) in self.spec.grade_words or word in folded_words(self.spec.not_grades):
            return None
        return (start, end)

    def whole_grade(self, folded: str, text: str, offset: int, found: Conclusion) -> bool:
        """A conclusion paragraph that is only a grade word (优秀。, “良”)."""
        stripped = folded.strip().rstrip("。.!")
        lead = len(folded) - len(folded.lstrip())
        hit = self.grade_word_at(stripped, 0)
        if hit is None:
            return False
        word, end = hit
        rest = stripped[end:]
        if rest and fold_key(rest) not in {fold_key(s) for s in self.spec.grade_suffixes}:
            return False
        start = lead + (1 if stripped[0] in _OPEN_QUOTES else 0)
        found.grades.append(self.grade(word, text, offset, start, True))
        return True

    # -- scores --------------------------------------------------------------------

    def scores(self, folded: str, text: str, offset: int, in_conclusion: bool, found: Conclusion) -> None:
        if not contains_any(folded, self.spec.score_labels):
            return
        statements: list[tuple[ScoreStatement, int]] = []  # with where their sentence starts
        for quantity in scan(text, offset):
            if quantity.unit not in ("分", "") or not quantity.exact:
                continue
            start, end = quantity.span[0] - offset, quantity.span[1] - offset
            if not quantity.unit and end < len(folded) and (is_cjk(folded[end]) or folded[end] in "%.％"):
                continue
            head = folded[clause_start(folded, start) : start]
            gap = _SCORE_GAP.search(head)
            label_end = gap.start() if gap else len(head)
            label = word_ending_at(head, label_end, self.spec.score_labels)
            if not label:
                continue
            before_label = head[: label_end - len(label)]
            sentence = folded[sentence_start(folded, start) : start]
            if contains_any(before_label, self.spec.component_markers) or not self.counts(head, in_conclusion, sentence):
                continue
            statements.append((ScoreStatement(quantity, label, in_conclusion), sentence_start(folded, start)))
        for statement, sentence_at in statements:
            # 总分100分，自评得分88.5分: the full marks beside the score, not a score.
            full_marks = statement.label == "总分" and statement.value == self.spec.score_max
            if not (full_marks and any(other is not statement and at == sentence_at for other, at in statements)):
                found.scores.append(statement)

    def table_row(self, cells: list[tuple[str, int]], in_conclusion: bool, found: Conclusion) -> None:
        """Label cell followed by its value: 自评总分（分） | 97.6, 评价等级 | 良."""
        for (label_text, _), (value_text, value_offset) in zip(cells, cells[1:]):
            key = fold_key(label_text)
            if not key or len(key) > 12 or not self.counts(fold_chars(label_text), in_conclusion):
                continue
            score_key = key[:-1] if key.endswith("分") and not key.endswith(("得分", "总分", "评分")) else key
            score_label = word_ending_at(score_key, len(score_key), self.spec.score_labels)
            if score_label and not contains_any(key, self.spec.component_markers):
                numbers = [q for q in scan(value_text, value_offset) if q.unit in ("分", "") and q.exact]
                if len(numbers) == 1:
                    found.scores.append(ScoreStatement(numbers[0], score_label, in_conclusion))
                continue
            if any(noun in key for noun in self.labels):
                value = fold_chars(value_text)
                lead = len(value) - len(value.lstrip())
                if fold_key(value) in self.spec.grade_words:
                    word = value.strip()
                    found.grades.append(self.grade(word, value_text, value_offset, lead, in_conclusion))
                elif in_conclusion and value.strip() and any(noun in key for noun in self.nouns):
                    word = value.strip()
                    if len(word) <= 4 and word not in folded_words(self.spec.not_grades):
                        found.unknown_grades.append(_unknown_grade(value_text, value_offset, lead, lead + len(word)))


# What may follow a word standing alone in a grade slot: the clause or sentence ends.
_GRADE_SLOT_END = frozenset("。.,，;；!！?？、 \t\n”\"’'」』")


def _unknown_grade(text: str, offset: int, start: int, end: int) -> UnknownGrade:
    return UnknownGrade(text[start:end], (offset + start, offset + end))


def read_conclusion(
    document: Document,
    spec: ConclusionSpec,
    conclusion: Section | None,
    other_subjects: tuple[Section, ...] = (),
    fiscal_year: int | None = None,
) -> Conclusion:
    """Every grade and score statement of the report that counts (see the module doc);
    in ``other_subjects``, the parts where other subjects are evaluated, only those whose
    sentence names the report's own subject."""
    reader = _Reader(spec, conclusion, fiscal_year)
    found = Conclusion(conclusion)
    for section, block in document.blocks():
        reader.own_subject_only = any(within(section, other) for other in other_subjects)
        in_conclusion = conclusion is not None and within(section, conclusion)
        if isinstance(block, Table):
            for row in block.rows:
                if not row.is_rule:
                    reader.table_row([(c.text, c.span[0]) for c in row.cells], in_conclusion, found)
            continue
        folded = fold_chars(block.text)
        if in_conclusion and reader.whole_grade(folded, block.text, block.span[0], found):
            continue
        reader.grades(folded, block.text, block.span[0], in_conclusion, found)
        reader.grades_before_nouns(folded, block.text, block.span[0], in_conclusion, found)
        reader.scores(folded, block.text, block.span[0], in_conclusion, found)
    found.grades.sort(key=lambda g: g.span)
    found.scores.sort(key=lambda s: s.span)
    return found
