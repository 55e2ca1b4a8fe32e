"""Which template a report follows, chosen by evidence.

The title says what kind of report it is (部门整体 / 单位整体 / 项目支出 / 专项资金…) and
whether it is a report or the self-evaluation table alone: that picks a national
template, one that extends no other. A template that extends it (a province's form) is
chosen instead only when the report shows enough of what sets that form apart: the
top-level sections it adds and the words its form uses (columns, phrases), at least
``detect.min-share`` of them. A report whose title names no kind gets no template, and
the templates its outline partly matches are named as candidates (PF901).
``--profile`` or the config's ``profile`` overrides all of this.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from perflint.document import Document
from perflint.profiles import Profile, ProfileSet
from perflint.text import fold_key

KIND_NAMES = {
    "dept-overall": ("部门整体支出", "department overall expenditure"),
    "project": ("项目支出", "project expenditure"),
    "special-fund": ("专项资金", "special fund"),  # a project report on a special fund (perflint.facts.summary)
}
FORM_NAMES = {"report": ("绩效自评报告", "self-evaluation report"), "table": ("绩效自评表", "self-evaluation table")}


def kind_name(kind: str | None, lang: str = "zh") -> str:
    """How a person names a template's kind; "" for None, the id itself if unknown."""
    if kind is None:
        return ""
    names = KIND_NAMES.get(kind)
    return kind if names is None else names[1 if lang == "en" else 0]


# How many candidates PF901 names at most.
MAX_CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class Choice:
    """The template chosen for a report (None: no template), why, and when none was
    chosen, the templates that were close."""

    profile: Profile | None
    reason: tuple[str, str]  # (Chinese, English)
    candidates: tuple[str, ...] = ()

    def reason_in(self, lang: str) -> str:
        return self.reason[1] if lang == "en" else self.reason[0]


def forced(profile: Profile, how: str) -> Choice:
    """A template named by the user; ``how`` says where (``--profile``, a config file)."""
    return Choice(profile, (f"由 {how} 指定", f"chosen with {how}"))


def choose(document: Document, profiles: ProfileSet) -> Choice:
    """The template ``document`` follows, by its title and its outline."""
    title = document.title.text if document.title is not None else ""
    texts = _Evidence(document)
    root = _root_for_title(title, profiles)
    if root is None:
        candidates = _candidates(texts, profiles)
        if not title:
            return Choice(None, ("未找到报告标题，无法判断报告类型", "no title was found, so the kind of report is unknown"), candidates)
        return Choice(
            None,
            (
                f"标题“{title}”未表明报告类型（部门整体或项目支出）",
                f"the title “{title}” names no kind of report (department-overall or project)",
            ),
            candidates,
        )
    kind_zh, kind_en = KIND_NAMES.get(root.kind, (root.kind, root.kind))
    form_zh, form_en = FORM_NAMES[root.form]
    best: tuple[tuple[float, int, int], Profile, list[str], int] | None = None
    for profile in profiles:
        ancestors = profiles.ancestors(profile)
        if root not in ancestors:
            continue
        marks = _marks(profile, ancestors[0])
        found = [mark for mark, present in marks if present(texts)]
        if not marks or len(found) < profile.detect.min_share * len(marks):
            continue
        rank = (len(found) / len(marks), len(found), len(ancestors))
        if best is None or rank > best[0]:
            best = (rank, profile, found, len(marks))
    if best is None:
        return Choice(
            root,
            (
                f"标题为{kind_zh}{form_zh}，未见地方模板的特征",
                f"the title names a {kind_en} {form_en}; no regional template's marks were found",
            ),
        )
    _, profile, found, total = best
    shown = "、".join(found[:4]) + ("…" if len(found) > 4 else "")
    return Choice(
        profile,
        (
            f"标题为{kind_zh}{form_zh}，含本模板 {len(found)}/{total} 项特征：{shown}",
            f"the title names a {kind_en} {form_en}; the report has {len(found)} of this template's {total} marks: {shown}",
        ),
    )


class _Evidence:
    """What of a report can show its template: its folded headings and its folded text."""

    def __init__(self, document: Document) -> None:
        self.headings = [fold_key(section.title) for section in document.walk() if section.title]
        self.text = fold_key(document.text)

    def has_heading(self, keys: tuple[str, ...]) -> bool:
        return any(key in heading for heading in self.headings for key in keys)


def _root_for_title(title: str, profiles: ProfileSet) -> Profile | None:
    """The template that extends no other whose kind the title names, of the title's
    form (a title naming a table and no report is the table alone). Where the title
    names two kinds, the longer word wins (部门整体 over the 项目 of a unit's name),
    then the earlier."""
    key = fold_key(title)
    if not key:
        return None
    hits = []
    for profile in profiles:
        if profile.extends is not None or _form_of(key, profile) != profile.form:
            continue
        for word in profile.detect.title:
            folded = fold_key(word)
            position = key.find(folded) if folded else -1
            if position >= 0:
                hits.append((-len(folded), position, profile.id, profile))
    return min(hits)[3] if hits else None


def _form_of(key: str, profile: Profile) -> str:
    is_table = any(fold_key(word) in key for word in profile.detect.table_words)
    is_report = any(fold_key(word) in key for word in profile.detect.report_words)
    return "table" if is_table and not is_report else "report"


def _marks(profile: Profile, parent: Profile) -> list[tuple[str, Callable[[_Evidence], bool]]]:
    """What sets ``profile`` apart from the template it extends: the top-level sections
    it adds, and its detect words."""
    inherited = {spec.id for spec in parent.sections}
    marks: list[tuple[str, Callable[[_Evidence], bool]]] = []
    for spec in profile.sections:
        if spec.id not in inherited:
            marks.append((spec.title, partial(_has_heading, keys=spec.keys)))
    for word in profile.detect.words:
        key = fold_key(word)
        if key:
            marks.append((word, partial(_has_text, key=key)))
    return marks


def _has_heading(texts: _Evidence, keys: tuple[str, ...]) -> bool:
    return texts.has_heading(keys)


def _has_text(texts: _Evidence, key: str) -> bool:
    return key in texts.text


def _candidates(texts: _Evidence, profiles: ProfileSet) -> tuple[str, ...]:
    """Templates whose top-level sections the report partly has, most matched first."""
    scored = []
    for profile in profiles:
        if not profile.sections:
            continue
        present = sum(texts.has_heading(spec.keys) for spec in profile.sections)
        if present:
            scored.append((-present / len(profile.sections), -present, profile.id))
    return tuple(template_id for _, _, template_id in sorted(scored)[:MAX_CANDIDATES])
