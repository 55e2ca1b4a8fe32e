"""Compiled regular expressions that outlive the process.

perflint compiles about eighty patterns, several with large Chinese character
classes, and Python's ``re`` rebuilds each of them in every process: on a cold run
that is a fifth of the time. ``compile`` keeps what ``re`` computes from a pattern
(the ``_sre`` program: flags, code, groups) in a cache file and builds later patterns
straight from it, which takes microseconds.

The program is what ``re._compiler.compile`` passes to ``_sre.compile``; the cache
is keyed by the interpreter's cache tag and ``_sre.MAGIC`` so a program is only ever
used by the engine that produced it, and any failure falls back to ``re.compile``.
``PERFLINT_NO_CACHE=1`` (see perflint.cache) turns it off. A compiled pattern equals
the one ``re.compile`` gives (tests/test_regexes.py checks every pattern).
"""

from __future__ import annotations

import _sre
import atexit
import re
import sys

from perflint import cache
from perflint.cache import cache_path

# typing is imported only by type checkers: at run time annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

# The programs are only meaningful to the engine that compiled them.
_KEY = f"{sys.implementation.cache_tag}-{_sre.MAGIC}"
_FILE = cache_path(f"regex-{_KEY}.pickle")
_programs: dict[tuple[str, int], _Program] | None = None
_unsaved = False

# Patterns compiled in this process, as re.compile keeps them: several are built per
# file from a profile's options (the typography marks, vocabularies of labels).
_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
_MAX_COMPILED = 512


def _load() -> dict[tuple[str, int], _Program]:
    global _programs
    if _programs is None:
        _programs = {}
        loaded = cache.load(_FILE, _KEY)
        if isinstance(loaded, dict):
            _programs = loaded
    return _programs


def _program(pattern: str, flags: int) -> _Program:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` (CPython 3.11+)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile``: the pattern this process already built, else one built from the
    cache file when this pattern was compiled before, else compiled now."""
    flags = int(flags)
    compiled = _compiled.get((pattern, flags))
    if compiled is None:
        if len(_compiled) >= _MAX_COMPILED:  # vocabularies without end: start again, as re does
            _compiled.clear()
        compiled = _compiled[(pattern, flags)] = _build(pattern, flags)
    return compiled


def _build(pattern: str, flags: int) -> re.Pattern[str]:
    global _unsaved
    programs = _load()
    program = programs.get((pattern, flags))
    if program is not None:
        try:
            return _sre.compile(pattern, *program)
        except Exception:
            programs.pop((pattern, flags), None)
    try:
        program = _program(pattern, flags)
        compiled = _sre.compile(pattern, *program)
    except re.error:
        raise
    except Exception:  # an interpreter whose internals differ: the plain way
        return re.compile(pattern, flags)
    if _FILE is not None:
        programs[(pattern, flags)] = program
        if not _unsaved:
            _unsaved = True
            atexit.register(_save)
    return compiled


def _save() -> None:
    if _programs:
        cache.store(_FILE, _KEY, _programs)


def known() -> dict[tuple[str, int], Any]:
    """The patterns compiled so far in this process (for tests)."""
    return dict(_load())
