"""A small LALR(1) runtime for the tables Lark builds from ``grammar/report.lark``.

The grammar is the source of truth and Lark turns it into an LALR(1) parse table
and one scanner per parser state (its contextual lexer). Importing Lark costs a
cold run more than everything else together, and its general runtime does more
per token than this grammar needs, so perflint runs the tables itself: ``Tables``
holds them as plain data, cached on disk next to the other caches and rebuilt with
Lark whenever the grammar (or Lark) changes. ``parse`` gives the same tree Lark
gives (tests/test_lalr.py checks that on the fixtures and on generated text): rules
and terminals named with a leading underscore are inlined or dropped, as in Lark.
"""

from __future__ import annotations

import sys
import zlib

from perflint import cache, regexes
from perflint.cache import cache_path
from perflint.records import Record

# typing is imported only by type checkers: at run time annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Token(str):
    """A terminal as matched: the text, with its type and offsets (Lark's names)."""

    __slots__ = ("type", "start_pos", "end_pos")

    def __new__(cls, type_: str, value: str, start_pos: int, end_pos: int) -> Token:
        token = super().__new__(cls, value)
        token.type = type_
        token.start_pos = start_pos
        token.end_pos = end_pos
        return token


class Tree:
    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


# Bumped whenever the shape of Tables changes, so older cached tables are not loaded.
TABLES_FORMAT = 2


class ParseError(Exception):
    """Text the tables cannot parse (the report grammar accepts every text)."""


# A rule: its name, how many values it pops, the positions of the children it keeps,
# and which of those are inlined nodes (rules named with "_") to splice in.
Rule = tuple[str, int, tuple[int, ...], tuple[bool, ...]]


class Tables(Record, eq=False):
    def __init__(
        self,
        start_state: int,
        end_state: int,
        actions: dict[int, dict[str, tuple[bool, int]]],
        rules: list[Rule],
        scanners: dict[int, tuple[str, int]],
    ) -> None:
        self.start_state = start_state
        self.end_state = end_state
        # state → symbol → (shift?, target state | rule index)
        self.actions = actions
        self.rules = rules
        # state → (regex of the terminals that state accepts, in Lark's order, and flags)
        self.scanners = scanners


def tables_from_grammar(grammar: str, **options: Any) -> Tables:
    """Build the tables with Lark (LALR, contextual lexer)."""
    from lark import Lark

    lark = Lark(grammar, parser="lalr", lexer="contextual", **options)
    table = lark.parser.parser._parse_table
    rule_index: dict[Any, int] = {}
    rules: list[Rule] = []
    actions: dict[int, dict[str, tuple[bool, int]]] = {}
    for state, row in table.states.items():
        actions[state] = {}
        for symbol, (action, argument) in row.items():
            # Names come as Lark's own str subclasses: keep plain str, so that the cached
            # tables load without importing Lark.
            symbol = str(symbol)
            if action.name == "Shift":
                actions[state][symbol] = (True, int(argument))
                continue
            if argument not in rule_index:
                rule_index[argument] = len(rules)
                keep = tuple(i for i, sym in enumerate(argument.expansion) if not (sym.is_term and sym.filter_out))
                splice = tuple(not argument.expansion[i].is_term and argument.expansion[i].name.startswith("_") for i in keep)
                name = str(argument.origin.name)
                rules.append((name, len(argument.expansion), keep, splice))
            actions[state][symbol] = (False, rule_index[argument])
    scanners = {}
    for state, lexer in lark.parser.lexer.lexers.items():
        terminals = lexer.scanner.terminals
        pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
        scanners[int(state)] = (str(pattern), int(lexer.scanner.g_regex_flags))
    [start_state] = table.start_states.values()
    [end_state] = table.end_states.values()
    return Tables(int(start_state), int(end_state), actions, rules, scanners)


def load_tables(grammar: str) -> Tables:
    """The tables for ``grammar``: from the cache when it was built for this grammar
    (and this Python), else built with Lark and cached."""
    key = f"{zlib.crc32(grammar.encode('utf-8')):08x}-{sys.implementation.cache_tag}-v{TABLES_FORMAT}"
    path = cache_path(f"grammar-{key}.pickle")
    tables = cache.load(path, grammar)
    if isinstance(tables, Tables):
        return tables
    tables = tables_from_grammar(grammar, maybe_placeholders=False)
    cache.store(path, grammar, tables)
    return tables


class Parser:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._scanners = {state: regexes.compile(pattern, flags).match for state, (pattern, flags) in tables.scanners.items()}

    def parse(self, text: str) -> Tree:
        tables = self.tables
        actions, rules, scanners = tables.actions, tables.rules, self._scanners
        states = [tables.start_state]
        values: list[Any] = []
        position, length = 0, len(text)
        while True:
            if position < length:
                match = scanners[states[-1]](text, position)
                if match is None:
                    raise ParseError(f"no terminal matches at offset {position}")
                kind = match.lastgroup
                end = match.end()
                token: Token | None = Token(kind, match.group(), position, end)
                position = end
            else:
                kind, token = "$END", None
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise ParseError(f"unexpected {kind} at offset {position}")
                shift, target = action
                if shift:
                    states.append(target)
                    values.append(token)
                    break
                name, size, keep, splice = rules[target]
                if size:
                    popped = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    popped = []
                children: list[Any] = []
                for index, expand in zip(keep, splice):
                    child = popped[index]
                    if expand:
                        if children:
                            children.extend(child.children)
                        else:  # left recursion (the star of start): reuse the list
                            children = child.children
                    else:
                        children.append(child)
                values.append(Tree(name, children))
                goto = actions[states[-1]][name]
                states.append(goto[1])
                if kind == "$END" and states[-1] == tables.end_state:
                    return values[-1]
