from decimal import Decimal

import pytest

from perflint.facts.quantities import cn_number, scan, unreadable_numbers


def only(text: str):
    [quantity] = scan(text)
    return quantity


@pytest.mark.parametrize(
    ("text", "value", "decimals", "unit"),
    [
        ("3189.14万元", "3189.14", 2, "万元"),
        ("3189.14 万元", "3189.14", 2, "万元"),
        ("3,189.14万元", "3189.14", 2, "万元"),
        ("282,796.90万元", "282796.90", 2, "万元"),
        ("2476260.58 元", "2476260.58", 2, "元"),
        ("3.15亿元", "3.15", 2, "亿元"),
        ("1234.567千元", "1234.567", 3, "千元"),
        ("３１８９．１４万元", "3189.14", 2, "万元"),
        ("２２．５７％", "22.57", 2, "%"),
        ("22.57%", "22.57", 2, "%"),
        ("100%", "100", 0, "%"),
        ("-5.2%", "-5.2", 1, "%"),
        ("－5.2%", "-5.2", 1, "%"),
        ("88分", "88", 0, "分"),
        ("百分之二十二点五七", "22.57", 2, "%"),
        ("百分之百", "100", 0, "%"),
    ],
)
def test_numbers_as_written(text, value, decimals, unit):
    quantity = only(text)
    assert (quantity.value, quantity.decimals, quantity.unit) == (Decimal(value), decimals, unit)
    assert quantity.text == text
    assert quantity.span == (0, len(text))
    assert quantity.exact


@pytest.mark.parametrize("text", ["60多万元", "约3189万元", "近100%", "三千万元", "300余万元", "5万元左右", "超过90%"])
def test_approximate_figures_are_never_exact(text):
    assert not only(text).exact


@pytest.mark.parametrize(("text", "op"), [("≥90%", "≥"), ("≤5%", "≤"), ("=100%", "="), ("＞80%", ">")])
def test_targets_with_operators(text, op):
    quantity = only(text)
    assert quantity.operator == op and not quantity.exact


def test_full_width_commas_separate_numbers():
    assert [q.value for q in scan("1，2，3")] == [1, 2, 3]


def test_spans_point_into_the_original_text_with_an_offset():
    text = "其中基本支出７１９．７５万元，占２２．５７％"
    found = scan(text, offset=100)
    assert [text[s - 100 : e - 100] for s, e in (q.span for q in found)] == ["７１９．７５万元", "２２．５７％"]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("自评得分9\n3分，等级为优", []),  # a PDF line wrap inside the score
        ("执行率96.\n5%", []),
        ("共2,\n350万元", []),
        ("得分93分\n等级为优", ["93分"]),  # a break after the unit is no wrap inside a number
        ("工作完成.\n2023年度", ["2023"]),  # nor a break after a sentence's half-width stop
        ("万\n元前的1,350.6万\n元", ["1,350.6万元"]),
    ],
)
def test_a_number_broken_by_a_line_wrap_is_not_read_as_its_pieces(text, read):
    assert [q.text for q in scan(text)] == read


def test_latin_words_with_digits_are_not_amounts():
    assert [q.text for q in scan("IPv6和v2.0版本")] == []


@pytest.mark.parametrize(
    ("text", "value", "places"), [("二十二点五七", "22.57", 2), ("三千", "3000", 0), ("一亿二千万", "120000000", 0), ("十", "10", 0)]
)
def test_chinese_numerals(text, value, places):
    assert cn_number(text) == (Decimal(value), places)


def test_a_unit_wrapped_over_two_lines_is_one_unit():
    [quantity] = scan("年中调整预算为 1781.86 万\n元，比年初")
    assert (quantity.value, quantity.unit, quantity.text) == (Decimal("1781.86"), "万元", "1781.86 万元")
    assert quantity.span == (8, 19)


@pytest.mark.parametrize("text", ["7,00.0,77", "1,000.00.00", "0.5,00.1", "實際到位資金 (萬元) |\n7,00.0,77 |"])
def test_unreadable_numbers_are_found_and_not_read_as_amounts(text):
    [(start, end)] = unreadable_numbers(text)
    assert text[start:end] in ("7,00.0,77", "1,000.00.00", "0.5,00.1")
    assert [q for q in scan(text) if start <= q.span[0] < end] == []


@pytest.mark.parametrize("text", ["3,189.14万元", "1,2,3", "1.5,2.5", "2021.07.12", "113.25,23.12", "1,23.45", "3.1.2节", "１，２３４．５"])
def test_lists_dates_and_numbers_in_place_are_readable(text):
    assert unreadable_numbers(text) == []


def test_a_unit_after_a_line_wrap_is_the_numbers():
    assert [q.text for q in scan("执行数274.63\n万元，完成98.02\n%")] == ["274.63万元", "98.02%"]
    assert [q.text for q in scan("完成50\n元旦期间")] == ["50"]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # a full line of PDF text broken inside a number: one number
        ("2023年学校年初预算4862.30万元，全年调整预算5137.8\n5万元", ["2023", "4862.30万元", "5137.85万元"]),
        # a page's footer between the pieces
        ("经对照评价指标逐项打分，学校2023年度自评得分8\n— 1 —\n9.2分", ["2023", "89.2分"]),
        ("经对照评价指标逐项打分，学校2023年度自评得分8\n第 3 页 共 9 页\n9.2分", ["2023", "89.2分"]),
        # the next line starts with an item number: no wrap, and the figure before is not read
        ("本年各项工作支出总计合计100\n2.项目支出50万元", ["50万元"]),
    ],
)
def test_a_number_broken_at_the_end_of_a_full_line_is_one_number(text, read):
    found = scan(text)
    assert [q.text for q in found] == read
    assert all(text[q.span[0] : q.span[1]].replace("\n", "").startswith(q.text[:1]) for q in found)
