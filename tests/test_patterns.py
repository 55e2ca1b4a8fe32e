"""Patterns compiled on first use (perflint.patterns) behave as ``re.compile`` gives them,
and every one of perflint's compiles: a mistake in one is found here, not in the run
that first needs it."""

import importlib
import pkgutil
import re

import pytest

import perflint
from perflint.patterns import LazyPattern, lazy

CASES = [
    (r"(?P<amount>\d+(?:\.\d+)?)\s*(万元|元)", 0, "预算3,120.5万元，执行 2800 万元，余 12元"),
    (r"^（[一二三四五六七八九十]+）", re.M, "（一）部门概况\n正文（二）\n（二）绩效目标"),
    (r"[\u4e00-\u9fff]+", 0, "abc 绩效自评 def 报告"),
    (r"ab", re.I, "AB ab aB"),
]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


@pytest.mark.parametrize("source, flags, text", CASES)
def test_a_lazy_pattern_answers_as_the_compiled_one(source: str, flags: int, text: str):
    eager, deferred = re.compile(source, flags), lazy(source, flags)
    assert deferred.pattern == eager.pattern and deferred.flags == eager.flags
    for method in ("search", "match", "fullmatch"):
        for window in ((), (3,), (2, len(text) - 1)):
            assert _span(getattr(deferred, method)(text, *window)) == _span(getattr(eager, method)(text, *window)), (method, window)
    assert [m.span() for m in deferred.finditer(text, 2)] == [m.span() for m in eager.finditer(text, 2)]
    assert deferred.findall(text) == eager.findall(text)
    assert deferred.split(text, 1) == eager.split(text, 1)
    assert deferred.sub("#", text) == eager.sub("#", text)
    assert deferred.sub(lambda m: m.group(0)[::-1], text, 1) == eager.sub(lambda m: m.group(0)[::-1], text, 1)
    assert deferred.subn("#", text) == eager.subn("#", text)


def test_a_mistake_shows_on_first_use_not_before():
    broken = lazy("(unclosed")
    with pytest.raises(re.error):
        broken.search("x")


def _lazy_patterns_of(value: object) -> list[LazyPattern]:
    if isinstance(value, LazyPattern):
        return [value]
    if isinstance(value, tuple | list):
        return [p for item in value for p in _lazy_patterns_of(item)]
    return []


def test_every_pattern_of_perflint_compiles():
    found = 0
    for module_info in pkgutil.walk_packages(perflint.__path__, "perflint."):
        if module_info.name == "perflint.__main__":  # importing it runs perflint
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            for pattern in _lazy_patterns_of(value):
                assert isinstance(pattern.compiled, re.Pattern), f"{module_info.name}.{name}"
                found += 1
    assert found >= 100  # (111 when written): the walk does reach them
