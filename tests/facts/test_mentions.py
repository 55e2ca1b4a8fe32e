"""Mentions: the label of each amount, across PDF line wraps, and where 其中 counts."""

from perflint.facts.mentions import mentions, unwrapped
from perflint.profiles import default_numbers


def found(text: str):
    return mentions(text, 0, default_numbers())


def test_a_line_wrapped_inside_a_word_joins_the_label():
    text = "所有项目均开展了绩效自评，其中非敏感涉密项目0个项目评为二等,涉及资\n金 0 万元，占比 0%。"
    [money, _] = found(text)
    assert money.name == "涉及资金"


def test_a_short_line_is_a_cell_and_its_break_a_stop():
    text = "合计\n项目支出 200 万元"
    assert unwrapped(text) == text
    [money] = found(text)
    assert money.name == "项目支出"


def test_a_line_break_after_a_figure_or_a_mark_stays():
    for text in (
        "本年支出合计 3189.14 万元，其中基本支出 719.75 万元，\n项目支出",
        "基本支出 719.75 基本支出 719.75 基本支出 719.75\n项目支出",
    ):
        assert unwrapped(text) == text


def test_其中_counts_at_the_start_of_the_next_sentence_only():
    opening = found("本年支出合计 300.00 万元。其中，基本支出 100.00 万元。")
    later = found("涉及资金 0 万元。所有项目均开展了绩效自评，其中一等项目涉及资金 300.00 万元。")
    assert opening[1].intro_before
    assert not later[1].intro_before


def test_words_after_an_amount_name_it_and_brackets_are_marked():
    first, second, third = found("其中：30万元用于档案数字化；差额 20万元（其中人才项目 5万元）。")
    assert (first.name, first.after) == ("", "用于档案数字化")
    assert not second.in_brackets and third.in_brackets
