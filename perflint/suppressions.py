"""Inline suppression directives in HTML comments, each on a line of its own.

    <!-- perflint: disable-next-line PF102 -->       the next line that is not blank
    <!-- perflint: disable PF3, heading-numbering -->  … until a matching enable
    <!-- perflint: enable PF3 -->
    <!-- perflint: disable-file PF901 -->            the whole file

Selectors are codes, prefixes and rule names, as on the command line; none means
every rule. A reason may follow ``--``. A directive that cannot be understood and
one that suppressed nothing become findings themselves (PF902, PF903): those two rules
read the applied ``Suppressions`` through ``Rule.check_suppressions``, after
suppression, so no directive can hide them.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from perflint.document import Comment, Span
from perflint.patterns import lazy
from perflint.selection import RuleIndex, Selector, SelectorError

ACTIONS = ("disable-next-line", "disable", "enable", "disable-file")
_DIRECTIVE = lazy(r"^<!--\s*perflint\b\s*[:：]?(?P<body>.*?)-->$", re.S | re.I)
_ANY_DIRECTIVE = lazy(r"<!--\s*perflint\b", re.I)
_REASON = lazy(r"(?:^|\s)--(?:\s|$)")
_SPLIT = lazy(r"[\s,，、;；]+")


@dataclass(slots=True, eq=False)
class Directive:
    action: str
    span: Span
    selectors: list[Selector]  # empty: every rule
    reason: str = ""
    # indexes of selectors that suppressed something; -1 for a directive without selectors
    used: set[int] = field(default_factory=set)


@dataclass(slots=True)
class Problem:
    """A directive that could not be used: the key of a PF902 message and its arguments."""

    span: Span
    key: str
    args: dict[str, Any]  # the message's arguments, all strings


@dataclass(slots=True)
class _Interval:
    start: int
    end: int
    directive: Directive
    selector: int  # index into directive.selectors, -1 for all rules


class _CodeIntervals:
    """The intervals of one code sorted by start, with the furthest end reached so far,
    so that whether an offset is covered takes a binary search, not a pass over every
    interval (a report may hold tens of thousands of directives)."""

    def __init__(self, intervals: list[_Interval]) -> None:
        self.intervals = sorted(intervals, key=lambda interval: interval.start)
        self.starts = [interval.start for interval in self.intervals]
        self.reach: list[int] = []
        furthest = -1
        for interval in self.intervals:
            furthest = max(furthest, interval.end)
            self.reach.append(furthest)
        self.hits: list[int] = []  # the covered offsets asked about, for marking directives used

    def covers(self, offset: int) -> bool:
        before = bisect_right(self.starts, offset)
        return before > 0 and self.reach[before - 1] > offset

    def mark_used(self) -> None:
        """Mark every interval that covers an offset asked about as used."""
        hits = sorted(self.hits)
        for interval in self.intervals:
            first = bisect_left(hits, interval.start)
            if first < len(hits) and hits[first] < interval.end:
                interval.directive.used.add(interval.selector)
        self.hits.clear()


@dataclass()
class Suppressions:
    """The parsed directives of one document and the offsets they cover, per code."""

    directives: list[Directive]
    problems: list[Problem]
    intervals: dict[str, list[_Interval]]
    unmatched_enables: list[Directive]
    enabled: frozenset[str] | None = None  # the codes this run checks; None: all

    def __post_init__(self) -> None:
        self._index = {code: _CodeIntervals(intervals) for code, intervals in self.intervals.items()}

    def suppresses(self, code: str, offset: int) -> bool:
        """True if some directive covers ``code`` at ``offset``; the directives that do
        count as used (``unused`` works out which, once, for all the offsets asked)."""
        index = self._index.get(code)
        if index is None or not index.covers(offset):
            return False
        index.hits.append(offset)
        return True

    def unused(self) -> list[tuple[Directive, list[str]]]:
        """Directives that suppressed nothing, with the selectors that did nothing.

        A selector whose rules were all deselected for this run is not counted: it
        did nothing only because the config turned those rules off.
        """
        for index in self._index.values():
            index.mark_used()
        enabled = self.enabled
        result: list[tuple[Directive, list[str]]] = []
        for directive in self.directives:
            if directive.action == "enable":
                continue
            if not directive.selectors:
                if -1 not in directive.used:
                    result.append((directive, []))
                continue
            idle = [
                selector.text
                for i, selector in enumerate(directive.selectors)
                if i not in directive.used and (enabled is None or selector.codes & enabled)
            ]
            if idle:
                result.append((directive, idle))
        return result


def _parse_one(comment: Comment, index: RuleIndex) -> Directive | Problem | None:
    match = _DIRECTIVE.match(comment.text)
    if match is None:
        return None  # an ordinary comment
    body = match["body"].strip()
    reason = ""
    marker = _REASON.search(body)
    if marker:
        body, reason = body[: marker.start()].strip(), body[marker.end() :].strip()
    words = [w for w in _SPLIT.split(body) if w]
    if not words:
        return Problem(comment.span, "no-action", {"actions": ", ".join(ACTIONS)})
    action = words[0].lower()
    if action not in ACTIONS:
        hint = "disable-next-line" if action in ("disable-line", "ignore", "noqa") else ", ".join(ACTIONS)
        return Problem(comment.span, "unknown-action", {"action": words[0], "actions": hint})
    selectors: list[Selector] = []
    for word in words[1:]:
        try:
            selectors.append(index.parse(word))
        except SelectorError:
            return Problem(comment.span, "unknown-selector", {"selector": word})
    return Directive(action, comment.span, selectors, reason)


def _next_target_line(text: str, after: int, skip: list[Span], starts: list[int]) -> Span | None:
    """The span of the first line after offset ``after`` that is neither blank nor a
    comment; ``starts`` are the starts of the ``skip`` spans, which are sorted."""
    pos = text.find("\n", after)
    while pos != -1:
        start = pos + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        i = bisect_right(starts, start) - 1
        is_directive = i >= 0 and skip[i][0] <= start < skip[i][1] + 1
        if text[start:end].strip() and not is_directive:
            return (start, end)
        if end >= len(text):
            return None
        pos = end
    return None


def parse_suppressions(text: str, comments: list[Comment], index: RuleIndex, enabled: frozenset[str] | None = None) -> Suppressions:
    """The directives among ``comments``, for a run that checks the ``enabled`` codes (None: all)."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    own_line = sorted(comment.span for comment in comments)
    own_starts = [start for start, _ in own_line]
    for comment in comments:
        parsed = _parse_one(comment, index)
        if isinstance(parsed, Problem):
            problems.append(parsed)
        elif parsed is not None:
            directives.append(parsed)
    # A directive inside a line of text is not collected by the parser: say so rather
    # than ignore it silently.
    for match in _ANY_DIRECTIVE.finditer(text):
        before = bisect_right(own_starts, match.start())
        if not (before and match.start() < own_line[before - 1][1]):
            close = text.find("-->", match.end())
            line_end = text.find("\n", match.end())
            end = close + 3 if close != -1 and (line_end == -1 or close < line_end) else (line_end if line_end != -1 else len(text))
            problems.append(Problem((match.start(), end), "inline", {}))

    every = index.codes
    intervals: dict[str, list[_Interval]] = {}
    open_: dict[str, list[_Interval]] = {}
    unmatched: list[Directive] = []

    def targets(directive: Directive) -> Iterator[tuple[int, str]]:
        """(selector index, code) for every code the directive names; -1: all rules."""
        for i, selector in enumerate(directive.selectors) if directive.selectors else [(-1, None)]:
            for code in selector.codes if selector is not None else every:
                yield i, code

    def add(into: dict[str, list[_Interval]], directive: Directive, start: int, end: int) -> None:
        for i, code in targets(directive):
            into.setdefault(code, []).append(_Interval(start, end, directive, i))

    # Directives in a row share the line they target: a search is reused while the line
    # it found lies after the next directive, so a run of them is scanned once.
    last_search: tuple[int, Span | None] | None = None

    def target_after(offset: int) -> Span | None:
        nonlocal last_search
        if last_search is not None:
            searched_from, found = last_search
            if searched_from <= offset and (found is None or found[0] > offset):
                return found
        found = _next_target_line(text, offset, own_line, own_starts)
        last_search = (offset, found)
        return found

    kept: list[Directive] = []
    for directive in directives:
        if directive.action == "disable-file":
            add(intervals, directive, 0, len(text))
        elif directive.action == "disable-next-line":
            target = target_after(directive.span[1])
            if target is None:
                problems.append(Problem(directive.span, "no-line", {}))
                continue
            add(intervals, directive, target[0], target[1] + 1)
        elif directive.action == "disable":
            add(open_, directive, directive.span[1], len(text))
        else:  # enable
            codes = {code for _, code in targets(directive)}
            closed = False
            for code in codes:
                for interval in open_.pop(code, []):
                    interval.end = directive.span[0]
                    intervals.setdefault(code, []).append(interval)
                    closed = True
            if not closed:
                unmatched.append(directive)
        kept.append(directive)
    for code, pending in open_.items():  # disabled to the end of the file
        intervals.setdefault(code, []).extend(pending)
    return Suppressions(kept, problems, intervals, unmatched, enabled)
