"""perflint's LALR runtime gives the tree Lark gives, for every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark import Tree as LarkTree

from conftest import FIXTURES, SEED_REPORTS
from perflint.lalr import Parser, Tree, tables_from_grammar
from perflint.resources import resource_dir
from test_properties import TEXTS

GRAMMAR = (resource_dir("grammar") / "report.lark").read_text(encoding="utf-8")
LARK = Lark(GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=False)
OURS = Parser(tables_from_grammar(GRAMMAR, maybe_placeholders=False))


def shape(node):
    if isinstance(node, (Tree, LarkTree)):
        return (node.data, [shape(child) for child in node.children])
    return (node.type, str(node), node.start_pos, node.end_pos)


def same(text: str) -> None:
    text = text if text.endswith("\n") else text + "\n"
    assert shape(OURS.parse(text)) == shape(LARK.parse(text))


def test_fixtures_and_the_seed_parse_alike():
    reports = [p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt") and "gbk" not in p.name] + SEED_REPORTS
    assert reports
    for report in reports:
        same(report.read_text(encoding="utf-8"))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_parses_alike(text):
    from perflint.sources import source_from_text

    same(source_from_text(text).text)


def test_a_long_paragraph_does_not_recurse():
    from perflint.parse import _line_tokens

    text = "正文一行\n" * 20000
    [ours] = OURS.parse(text).children
    [theirs] = LARK.parse(text).children
    lines = _line_tokens(ours)
    assert len(lines) == 20000
    assert [(t.type, t.start_pos) for t in lines] == [(t.type, t.start_pos) for t in _line_tokens(theirs)]


def test_cached_tables_load_without_lark():
    import pickle
    import subprocess
    import sys

    blob = pickle.dumps(tables_from_grammar(GRAMMAR, maybe_placeholders=False))
    probe = "import pickle, sys; pickle.loads(sys.stdin.buffer.read()); print('lark' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", probe], input=blob, capture_output=True, timeout=60)
    assert proc.stdout.decode().strip() == "False", proc.stderr.decode()
