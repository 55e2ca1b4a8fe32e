"""Work that grows with the text, not with its square (issue 13, item 8).

Each shape of ``GROWTH_SHAPES`` once took quadratic time: 88 KB of "甲和乙分别为…" took
119 s. Timing is no test (a busy machine is slow, a fast one hides a square), so the
work of a lint is counted instead, at two sizes ten times apart, and must grow about
tenfold, not a hundredfold:

- every Python and built-in function call while the report is linted (a profile hook);
- the characters of every slice taken of the folded text mentions are read from
  (a slice costs its length, and a growing slice is where the work hid);
- the characters a lazy "OPEN.*?CLOSE" search over the whole text scans, by the
  regex engine's own rule (from each OPEN to the next CLOSE, or to the end), for
  each such pattern the modules hold: that work happens inside one C call.

``bench/growth.py`` prints the time these shapes take at 10×, 100× and 1000×.
"""

import importlib
import re
import sys
from contextlib import contextmanager

import pytest

from perflint import prose, suppressions
from perflint.engine import Linter
from perflint.patterns import LazyPattern
from perflint.sources import source_from_text

from conftest import _PROFILES, _RULES
from hostilefiles import GROWTH_SHAPES

mentions = importlib.import_module("perflint.facts.mentions")  # the package exports a function of that name

SMALL, LARGE = 3, 30  # units of each shape: the two sizes compared, ten times apart
LINEAR_BOUND = 15  # tenfold text, at most fifteenfold work (a square would be a hundredfold)


class _Counter:
    def __init__(self) -> None:
        self.work = 0


class _CountedText(str):
    """A string whose slices count their length in ``counter``."""

    counter: _Counter

    def __getitem__(self, key):  # type: ignore[override]
        piece = str.__getitem__(self, key)
        self.counter.work += len(piece)
        return piece


_LAZY_SPAN = re.compile(r"^((?:[^\\.*?+()\[\]{}|^$]|\\.)+)\.\*\?((?:[^\\.*?+()\[\]{}|^$]|\\.)+)$")


class _LazySpanSearch:
    """A compiled ``OPEN.*?CLOSE`` pattern (DOTALL) that counts what its searches scan."""

    def __init__(self, pattern: re.Pattern[str] | LazyPattern, opening: str, closing: str, counter: _Counter) -> None:
        self.pattern, self.opening, self.closing, self.counter = pattern, opening, closing, counter

    def finditer(self, text: str, *args):
        position = 0
        while (start := text.find(self.opening, position)) != -1:
            end = text.find(self.closing, start + len(self.opening))
            if end == -1:  # the engine scans to the end, fails, and tries the next opening
                self.counter.work += len(text) - start
                position = start + 1
            else:
                self.counter.work += end + len(self.closing) - start
                position = end + len(self.closing)
        return self.pattern.finditer(text, *args)

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)


def _lazy_span_parts(pattern: re.Pattern[str] | LazyPattern) -> tuple[str, str] | None:
    match = _LAZY_SPAN.match(pattern.pattern) if pattern.flags & re.S else None
    if match is None:
        return None
    return re.sub(r"\\(.)", r"\1", match.group(1)), re.sub(r"\\(.)", r"\1", match.group(2))


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch):
    counter = _Counter()
    _CountedText.counter = counter
    fold = mentions.fold_chars
    monkeypatch.setattr(mentions, "fold_chars", lambda text: _CountedText(fold(text)))
    for module in (prose, suppressions, mentions):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern | LazyPattern) and (parts := _lazy_span_parts(value)):
                monkeypatch.setattr(module, name, _LazySpanSearch(value, *parts, counter))
        if module is prose:
            monkeypatch.setattr(
                module,
                "_PATTERNS",
                tuple(
                    (_LazySpanSearch(p, *parts, counter) if (parts := _lazy_span_parts(p)) else p, hints) for p, hints in prose._PATTERNS
                ),
            )

    def count_call(frame, event, arg) -> None:
        if event in ("call", "c_call"):
            counter.work += 1

    yield counter, count_call


def lint_work(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    linter = Linter(_PROFILES, _RULES)
    linter.lint(source_from_text(text, "warm-up.md"))  # load the lazy parts outside the count
    with monkeypatch.context() as patch, counting(patch) as (counter, count_call):
        source = source_from_text(text, "growth.md")
        sys.setprofile(count_call)
        try:
            linter.lint(source)
        finally:
            sys.setprofile(None)
    return counter.work


@pytest.mark.parametrize("shape", list(GROWTH_SHAPES))
def test_lint_work_grows_linearly_with_the_text(monkeypatch, shape):
    make, unit = GROWTH_SHAPES[shape]
    small = lint_work(monkeypatch, make(unit * SMALL))
    large = lint_work(monkeypatch, make(unit * LARGE))
    assert large <= LINEAR_BOUND * small, f"{shape}: {small} → {large} units of work for ten times the text ({large / small:.0f}×)"


def test_the_lazy_span_model_sees_a_quadratic_search(monkeypatch):
    # The third counter would let a "<!--.*?-->" search over the whole text pass unseen
    # if it did not recognise one: it does, and it charges it quadratically.
    counter = _Counter()
    pattern = re.compile(r"<!--.*?-->", re.S)
    parts = _lazy_span_parts(pattern)
    assert parts == ("<!--", "-->")
    search = _LazySpanSearch(pattern, *parts, counter)
    list(search.finditer("<!-- " * 100))
    assert counter.work == sum(range(5, 501, 5))
