"""The heading-number vocabulary is read the same way by the grammar, Word's numbering,
fingerprints and the list rules (perflint/heading_numbers.py)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perflint.checks.structure.inline_list_numbering import inline_items
from perflint.fingerprints import normalise
from perflint.heading_numbers import TERMINAL_STYLE, chinese_numeral, circled_value, cn_numeral_value, lark_terminals
from perflint.parse import parse
from perflint.readers.numbering import starts_with_number
from perflint.resources import resource_dir

# (number as written, the style the grammar gives it, its value)
FORMS = [
    ("一、", "cn", 1),
    ("十二．", "cn", 12),
    ("（三）", "paren-cn", 3),
    ("(二十)", "paren-cn", 20),
    ("4.", "arabic", 4),
    ("５、", "arabic", 5),
    ("6）", "arabic", 6),
    ("2.3", "decimal", 3),
    ("1.2.7", "decimal", 7),
    ("（8）", "paren-arabic", 8),
    ("⑨", "circled", 9),
]


@pytest.mark.parametrize(("number", "style", "value"), FORMS)
def test_every_form_is_a_heading_of_its_style_with_its_value(number, style, value):
    heading = parse(f"{number}项目概况\n").sections[0].heading
    assert heading is not None
    assert (heading.style, heading.value, heading.title) == (style, value, "项目概况")


@pytest.mark.parametrize(("number", "style", "value"), FORMS)
def test_every_form_starts_a_word_paragraph_and_leaves_the_fingerprint(number, style, value):
    assert starts_with_number(f"{number}项目概况")
    assert normalise(f"{number}项目概况") == normalise("项目概况")


@pytest.mark.parametrize("text", ["2023年度项目概况", "1.5万元用于培训", "3.15亿元", "项目概况"])
def test_a_quantity_or_plain_text_does_not_start_with_a_number(text):
    assert not starts_with_number(text)


def test_the_grammar_takes_its_heading_numbers_from_the_vocabulary():
    grammar = (resource_dir("grammar") / "report.lark").read_text(encoding="utf-8")
    defined_in_grammar = set(re.findall(r"^(NUM_\w+)[.:]", grammar, flags=re.M))
    assert defined_in_grammar == set()
    assert set(re.findall(r"^(NUM_\w+)\.", lark_terminals(), flags=re.M)) == set(TERMINAL_STYLE)
    for name in TERMINAL_STYLE:
        assert name in grammar  # each is used by the grammar's "number" rule


def test_items_of_a_list_in_sentences_are_read_by_style():
    text = "一是加强管理；二是完善制度。（1）培训；（2）督导。①摸底；②整改。"
    assert inline_items(text) == [("shi", 1), ("shi", 2), ("paren", 1), ("paren", 2), ("circled", 1), ("circled", 2)]


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numerals_read_back_to_their_value(value):
    assert cn_numeral_value(chinese_numeral(value)) == value


@pytest.mark.parametrize("numeral", ["", "零", "十十", "一二", "三十一二", "百"])
def test_what_is_no_numeral_of_a_heading_has_no_value(numeral):
    assert cn_numeral_value(numeral) is None


def test_circled_numbers_count_from_one_to_twenty():
    assert [circled_value(c) for c in "①⑩⑳"] == [1, 10, 20]
    assert circled_value("1") is None
