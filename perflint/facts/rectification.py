"""What the previous-year rectification section says: a status, from phrase lists.

``completed`` (已于2023年9月完成整改), ``in-progress`` (正在整改, 部分完成, or some
items done and some not), ``not-done`` (尚未整改), ``nothing-to-rectify``
(上年度未发现问题, a section that says only 无) or ``not-stated``: a section that talks
around the question (高度重视，认真研究，积极整改) or is empty. Overlapping phrases are
read longest first, so 未完成整改 is not read as 完成整改.
"""

from dataclasses import dataclass, field

from perflint.document import Section, Span
from perflint.facts.clauses import contains_any, find_words, section_pieces
from perflint.facts.content_vocabulary import RectificationSpec
from perflint.facts.dates import YEAR_MONTH
from perflint.text import fold_chars, fold_key

COMPLETED = "completed"
IN_PROGRESS = "in-progress"
NOT_DONE = "not-done"
NOTHING = "nothing-to-rectify"
NOT_STATED = "not-stated"
STATUSES = (COMPLETED, IN_PROGRESS, NOT_DONE, NOTHING, NOT_STATED)


@dataclass(slots=True)
class StatusPhrase:
    status: str
    span: Span


@dataclass(slots=True)
class Rectification:
    status: str
    section: Section
    body: Span | None  # the section's text, None when it has none
    phrases: list[StatusPhrase] = field(default_factory=list)
    has_reason: bool = False
    has_plan: bool = False

    def phrases_of(self, *statuses: str) -> list[StatusPhrase]:
        return [p for p in self.phrases if p.status in statuses]


def _status(found: set[str], whole: str, spec: RectificationSpec) -> str:
    if IN_PROGRESS in found or (COMPLETED in found and NOT_DONE in found):
        return IN_PROGRESS
    if NOT_DONE in found:
        return NOT_DONE
    if COMPLETED in found:
        return COMPLETED
    if NOTHING in found or whole in {fold_key(p) for p in spec.nothing_exact}:
        return NOTHING
    return NOT_STATED


def classify(section: Section, spec: RectificationSpec) -> Rectification:
    lists = {COMPLETED: spec.completed, IN_PROGRESS: spec.in_progress, NOT_DONE: spec.not_done, NOTHING: spec.nothing}
    by_phrase = {fold_chars(p): status for status, phrases in lists.items() for p in phrases}
    phrases: list[StatusPhrase] = []
    texts: list[str] = []
    start = end = None
    for _, text, offset in section_pieces(section):
        if not text.strip():
            continue
        folded = fold_chars(text)
        texts.append(folded)
        start = offset if start is None else start
        end = offset + len(text)
        for word, at in find_words(folded, tuple(by_phrase)):
            phrases.append(StatusPhrase(by_phrase[word], (offset + at, offset + at + len(word))))
    whole = fold_key("".join(texts))
    status = _status({p.status for p in phrases}, whole, spec) if texts else NOT_STATED
    joined = "\n".join(texts)
    return Rectification(
        status=status,
        section=section,
        body=(start, end) if start is not None and end is not None else None,
        phrases=phrases,
        has_reason=contains_any(joined, spec.reason_markers),
        has_plan=contains_any(joined, spec.plan_markers) or bool(YEAR_MONTH.search(joined)),
    )
