"""Matching a document's sections to its profile's outline.

Each section spec of the profile is looked up first among the children of its
parent's match (where the template puts it), then anywhere in the document (a
section nested under the wrong parent is still present, only misplaced). A heading
matches a spec when its folded title equals, or else contains, the spec's title or
one of its aliases; away from its expected place only an exact title counts (a
heading elsewhere that merely mentions 预算执行 is not the missing item). Each
document section matches at most one spec.

A template whose outline stands anywhere (``outline-anywhere``, the national ones) is
matched more loosely: a part is present when any heading contains its title or an
alias, at any depth, or when a paragraph opens with it as a label (``存在问题：…``).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from perflint.document import Document, Paragraph, Section, Span
from perflint.heading_numbers import INDENT, NUMBER_AND_STOP, PAREN_ARABIC, PAREN_CN
from perflint.patterns import lazy
from perflint.profiles import Profile, SectionSpec
from perflint.text import fold_key


@dataclass(slots=True, eq=False)
class OutlineNode:
    spec: SectionSpec
    section: Section | None
    parent: "OutlineNode | None"
    children: "list[OutlineNode]" = field(default_factory=list)
    misplaced: bool = False  # found, but not under its parent's match
    label: Span | None = None  # found as a paragraph's label ("存在问题：…"), not a heading
    attached: bool = False  # in the self-evaluation table the report says it attaches

    @property
    def present(self) -> bool:
        return self.section is not None or self.label is not None or self.attached

    def walk(self) -> "Iterator[OutlineNode]":
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True, eq=False)
class Outline:
    roots: list[OutlineNode]

    def walk(self) -> Iterator[OutlineNode]:
        for root in self.roots:
            yield from root.walk()

    def find(self, spec_id: str) -> OutlineNode | None:
        return next((node for node in self.walk() if node.spec.id == spec_id), None)

    def section(self, spec_id: str) -> Section | None:
        node = self.find(spec_id)
        return node.section if node else None


# A paragraph that opens with a short label and a colon ("存在问题：…", "（二）改进措施：…").
_LABEL = lazy(INDENT + "(?:(?:" + "|".join((NUMBER_AND_STOP, PAREN_CN, PAREN_ARABIC)) + r")\s*)?([^\s：:。；;，,]{2,20})\s*[：:]")


def match_outline(document: Document, profile: Profile) -> Outline:
    if profile.outline_anywhere:
        return _match_anywhere(document, profile)
    return _match_in_place(document, profile)


def _match_anywhere(document: Document, profile: Profile) -> Outline:
    """Each part found wherever it stands: a heading whose title contains the part's
    title or an alias, else a paragraph opening with such a label. One heading may
    answer several parts where their words stand apart (存在的问题及改进措施); where
    they overlap, the longer wins (偏离绩效目标的原因 names the problems, not the targets)."""
    specs = [spec for top in profile.sections for spec in top.walk()]
    labels = []
    for _, block in document.blocks():
        if isinstance(block, Paragraph):
            for match in _LABEL.finditer(block.text):
                if match.start() == 0 or block.text[match.start() - 1] == "\n":
                    start = block.span[0] + match.start(1)
                    labels.append(((start, start + len(match.group(1))), _answered(fold_key(match.group(1)), specs)))
    sections = list(document.walk())
    starts = frozenset(section.heading.span[0] for section in sections)
    answers = {id(s): set().union(*(_answered(key, specs) for key in title_keys(document, s, starts))) for s in sections if s.title}
    by_heading = {spec.id: next((s for s in sections if s.title and spec.id in answers[id(s)]), None) for spec in specs}
    by_label = {spec.id: next((span for span, answered in labels if spec.id in answered), None) for spec in specs}

    attached = _attaches_its_table(document, profile)

    def node_for(spec: SectionSpec, parent: OutlineNode | None) -> OutlineNode:
        section = by_heading[spec.id]
        node = OutlineNode(spec, section, parent, label=by_label[spec.id] if section is None else None)
        node.attached = node.section is None and node.label is None and spec.in_attached_table and attached
        node.children = [node_for(child, node) for child in spec.children]
        return node

    return Outline([node_for(spec, None) for spec in profile.sections])


def _attaches_its_table(document: Document, profile: Profile) -> bool:
    """Whether the report has its self-evaluation table: a line saying it is attached
    (an attachment word and a table's name: （附专项资金绩效目标自评表）), or a heading
    naming it, the table printed under it (四、项目支出绩效自评表)."""
    markers = tuple(fold_key(word) for word in profile.content.attachment_markers)
    tables = tuple(fold_key(word) for word in profile.detect.table_words)
    if any(any(table in fold_key(section.title) for table in tables) for section in document.walk()):
        return True
    for line in document.text.split("\n"):
        key = fold_key(line)
        if any(marker in key for marker in markers) and any(table in key for table in tables):
            return True
    return False


def _answered(title: str, specs: list[SectionSpec]) -> set[str]:
    """The ids of the parts a folded title answers: each part's longest word found in
    it, unless a longer word of another part covers the same characters."""
    found = []
    for spec in specs:
        for key in spec.keys:  # longest first
            at = title.find(key)
            if at >= 0:
                found.append((at, at + len(key), spec.id))
                break
    return {
        spec_id
        for start, end, spec_id in found
        if not any(
            other != spec_id and o_end - o_start > end - start and o_start < end and start < o_end for o_start, o_end, other in found
        )
    }


# A heading line that PDF text broke: its title's end stands alone on the next line
# (四、上年度绩效自评整改情 / 况), a few characters with no punctuation.
_CONTINUATION_MAX = 16
_CONTINUATION_STOPS = frozenset("。，、；：！？,.;:!?")


def title_keys(document: Document, section: Section, heading_starts: frozenset[int]) -> tuple[str, ...]:
    """The folded keys a section's title may be matched by: its title, then, when the
    line after the heading is a short run of words alone (a broken heading), the title
    with that line joined on. ``heading_starts``: where the document's headings start."""
    key = fold_key(section.title)
    text = document.text
    end = section.heading.title_span[1]
    line_end = text.find("\n", end)
    if not key or line_end < 0 or text[end:line_end].strip():
        return (key,)
    next_end = text.find("\n", line_end + 1)
    following = text[line_end + 1 : next_end if next_end >= 0 else len(text)].strip()
    if not following or len(following) > _CONTINUATION_MAX or any(ch in _CONTINUATION_STOPS for ch in following):
        return (key,)
    next_line = range(line_end + 1, line_end + 2 + len(following))
    if any(start in heading_starts for start in next_line):
        return (key,)  # the next line is a heading of its own
    return (key, key + fold_key(following))


def _match_in_place(document: Document, profile: Profile) -> Outline:
    everything = list(document.walk())
    starts = frozenset(section.heading.span[0] for section in everything)
    keys = {id(section): title_keys(document, section, starts) for section in everything}
    used: set[int] = set()

    def best(specs_key: tuple[str, ...], candidates: list[Section], exact_only: bool = False) -> Section | None:
        free = [s for s in candidates if id(s) not in used and keys[id(s)][0]]
        for key in specs_key:  # exact match on any label beats containment
            for section in free:
                if key in keys[id(section)]:
                    return section
        if exact_only:
            return None
        for key in specs_key:
            for section in free:
                if any(key in title for title in keys[id(section)]):
                    return section
        return None

    def match_level(specs: tuple[SectionSpec, ...], parent: OutlineNode | None, candidates: list[Section]) -> list[OutlineNode]:
        nodes = []
        # Claim the expected places first, so a later spec's search of the whole
        # document cannot take a section that belongs here; exact titles before
        # containment, so "其他自评情况" is not taken for the alias 自评情况 of a missing
        # "绩效自评情况" when its own spec would match it exactly.
        local = {}
        for exact in (True, False):
            for spec in specs:
                if spec.id in local:
                    continue
                found = best(spec.keys, candidates, exact_only=exact)
                if found is not None:
                    used.add(id(found))
                    local[spec.id] = found
        for spec in specs:
            section = local.get(spec.id)
            misplaced = False
            if section is None:
                section = best(spec.keys, everything, exact_only=True)
                if section is not None:
                    used.add(id(section))
                    misplaced = True
            node = OutlineNode(spec, section, parent, misplaced=misplaced)
            nodes.append(node)
        for node in nodes:
            if node.spec.children:
                child_candidates = node.section.children if node.section is not None else []
                node.children = match_level(node.spec.children, node, child_candidates)
        return nodes

    return Outline(match_level(profile.sections, None, document.sections))
