"""Problems a report states, and whether a measure answers each in the same section.

A problem is stated by a sentence that starts with a problem label (存在问题：…,
发现的问题及原因主要是：…, 二是存在的问题…) or by a heading that names problems and not
measures (七、存在的问题及原因分析). A measure is any mention of a measure label
(改进措施, 下一步改进措施, 整改措施 …). A problem is answered when a measure follows it in
its section before the next problem; a problems section — a heading that names problems,
and the problems stated under it — is also answered by a measure heading right after it
(Hunan's 七、存在的问题 … 八、下一步改进措施; the national outline's 五、主要经验及做法、存在的
问题及原因分析 … 六、有关建议). A problem
statement that says only 无 / 暂无 states no problem.
"""

from dataclasses import dataclass

from perflint.document import Document, Section, Span
from perflint.facts.clauses import contains_any, find_words, sentence_spans, text_pieces, within, word_at
from perflint.facts.content_vocabulary import ProblemsSpec
from perflint.heading_numbers import CIRCLED, NUMBER_AND_STOP, PAREN_ARABIC, PAREN_CN, SHI_ITEM
from perflint.patterns import lazy
from perflint.text import fold_chars

# Enumerators before a label: 1. （一） 一是 ①.
_ENUMERATOR = lazy(r"\s*(?:" + "|".join((SHI_ITEM, NUMBER_AND_STOP, PAREN_CN, PAREN_ARABIC, CIRCLED)) + r")?\s*")
_AFTER_LABEL = lazy(r"(?:主要是|主要有|主要为|主要表现在|如下|包括|有|是|为|[\s:])*")
# The statement after a problem label, to the end of its clause.
_STATEMENT = lazy(r"[^。.,，;；!！、\s]*")
# A statement that there is no problem is short (暂未发现明显问题).
_NONE_MAX = 10


@dataclass(slots=True)
class ProblemStatement:
    span: Span  # the label as written
    label: str
    section: Section | None
    answered: bool = False


@dataclass(slots=True)
class _Event:
    kind: str  # "problem" | "measure"
    position: int
    section: Section | None
    heading: bool = False
    span: Span = (0, 0)
    label: str = ""


def _states_none(folded: str, position: int, spec: ProblemsSpec) -> bool:
    """存在问题：无 / 暂未发现明显问题 / 无重大问题: a statement that there is none."""
    after = _AFTER_LABEL.match(folded, position)
    rest = folded[after.end() if after else position :]
    word = word_at(rest, 0, spec.none_phrases)
    if not word:
        return False
    clause = _STATEMENT.match(rest)
    statement = clause.group() if clause else ""
    return statement == word or (len(statement) <= _NONE_MAX and statement.endswith(spec.none_endings))


def _text_events(section: Section | None, text: str, offset: int, spec: ProblemsSpec) -> list[_Event]:
    folded = fold_chars(text)
    events = [_Event("measure", offset + at, section) for _, at in find_words(folded, spec.measure_labels)]
    if not contains_any(folded, spec.problem_labels):
        return events
    for start, _ in sentence_spans(folded):
        lead = _ENUMERATOR.match(folded, start)
        at = lead.end() if lead else start
        label = word_at(folded, at, spec.problem_labels)
        if not label or _states_none(folded, at + len(label), spec):
            continue
        events.append(
            _Event("problem", offset + at, section, span=(offset + at, offset + at + len(label)), label=text[at : at + len(label)])
        )
    return events


def _heading_events(section: Section, spec: ProblemsSpec) -> list[_Event]:
    title = fold_chars(section.heading.title)
    if contains_any(title, spec.measure_labels):
        return [_Event("measure", section.heading.span[0], section, heading=True)]
    if contains_any(title, spec.problem_labels) and section.has_content():
        return [_Event("problem", section.heading.span[0], section, heading=True, span=section.heading.span, label=section.heading.label)]
    return []


def _events(document: Document, spec: ProblemsSpec) -> list[_Event]:
    events: list[_Event] = []
    for block_section, text, offset in text_pieces(document):
        events.extend(_text_events(block_section, text, offset, spec))
    stated_in = [e.section for e in events if e.kind == "problem"]
    for section in document.walk():
        for event in _heading_events(section, spec):
            # A problem heading whose text states its problems is judged by that text.
            if event.kind == "problem" and any(within(inner, section) for inner in stated_in):
                continue
            events.append(event)
    events.sort(key=lambda e: e.position)
    return events


def _following(section: Section, document: Document) -> Section | None:
    """The section that comes after ``section`` and all it holds: its next sibling, else
    the one after its parent."""
    siblings = section.parent.children if section.parent is not None else document.sections
    index = next(i for i, s in enumerate(siblings) if s is section)
    if index + 1 < len(siblings):
        return siblings[index + 1]
    return _following(section.parent, document) if section.parent is not None else None


def _names_problems(section: Section, spec: ProblemsSpec) -> bool:
    return contains_any(fold_chars(section.heading.title), spec.problem_labels)


def _answering_sections(scope: Section, in_problems_section: bool, document: Document, spec: ProblemsSpec) -> list[Section]:
    """The sections whose measures heading would answer a problem of ``scope``: the one
    after each problems section holding it (五、…存在的问题 （二）存在的问题 … 六、有关建议;
    七、存在的问题 （一）… （二）原因分析 … 八、下一步改进措施)."""
    holders = [scope] if in_problems_section else []
    parent = scope.parent
    while parent is not None:
        if _names_problems(parent, spec):
            holders.append(parent)
        parent = parent.parent
    return [after for holder in holders if (after := _following(holder, document)) is not None]


def problem_statements(document: Document, spec: ProblemsSpec) -> list[ProblemStatement]:
    """Every problem statement, with whether a measure answers it (module doc)."""
    events = _events(document, spec)
    statements: list[ProblemStatement] = []
    for index, event in enumerate(events):
        if event.kind != "problem":
            continue
        scope = event.section
        # A problems section (七、存在的问题及原因分析) is answered by the measures section
        # after it, whether its problems are its heading or sentences under it.
        in_problems_section = event.heading or (scope is not None and _names_problems(scope, spec))
        answered = False
        for later in events[index + 1 :]:
            if scope is not None and not within(later.section, scope):
                if later.kind == "measure" and later.heading:
                    answered = any(later.section is after for after in _answering_sections(scope, in_problems_section, document, spec))
                break
            if later.kind == "measure":
                answered = True
                break
            if later.section is scope and not event.heading:
                break  # the next problem of this section
        statements.append(ProblemStatement(event.span, event.label, scope, answered))
    return statements
