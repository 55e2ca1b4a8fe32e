"""Counts against their lists and their itemised counts, in several phrasings."""

from __future__ import annotations

import pytest

from perflint.facts.counts import count_breakdowns, counted_lists
from perflint.profiles import default_content, default_numbers

SPEC = default_content().counts
NUMBERS = default_numbers()


def lists(text: str):
    return counted_lists(text, 0, SPEC, NUMBERS)


def breakdowns(text: str):
    return count_breakdowns(text, 0, SPEC, NUMBERS)


@pytest.mark.parametrize(
    "text",
    [
        "中心设8个内设机构，即办公室、人事科、财务科、业务一科、业务二科、信息科、档案科和后勤科。",
        "中心内设3个科室：综合科（党办）、人事和教育科、业务科。",
        "下设两个单位，分别为甲中心和乙中心。",
        "本局内设办公室、政策法规科、执法督查科、市容环境卫生管理科、市政公用设施管理科5个内设机构。",
        "下属江门市市政设施事务中心、江门市环境卫生事务中心和江门市城市照明管理所3个预算单位。",
        "设置了水位、流量、泥沙3类监测项目。",
        "中心設有3個科室：綜合科、財務科、業務科。",  # traditional characters
        "办公室下设4个科和1个事业单位,分别为秘书科、宣传科、人事科、行政科和研究中心。",  # counted together
        "局属事业单位3个，即测绘站、档案馆和信息中心。",  # the noun before the count
    ],
)
def test_lists_that_match_their_count(text):
    [found] = lists(text)
    assert found.matches and found.duplicates == []


@pytest.mark.parametrize(
    ("text", "count", "readings"),
    [
        ("中心设8个内设机构，即办公室、人事科、财务科、业务一科、业务二科、信息科、档案科、法规科和后勤科。", 8, {9}),
        ("内设3个科室，分别为办公室、财务科、业务科和信息科。", 3, {4}),
        ("内设办公室、财务科、业务科4个科室。", 4, {3}),
        ("下设5个单位，包括甲中心、乙中心和丙中心。", 5, {3}),
        ("局属事业单位5个，即测绘站、档案馆、信息中心。", 5, {3}),
        ("下设2个科和1个中心，分别为甲科、乙科、丙科和丁中心。", 3, {4}),
    ],
)
def test_lists_that_contradict_their_count(text, count, readings):
    [found] = lists(text)
    assert (found.count.value, found.readings, found.matches) == (count, readings, False)


def test_a_name_listed_twice():
    [found] = lists("中心设8个内设机构，即办公室、人事科、财务科、业务一科、业务二科、信息科、档案科、办公室和后勤科。")
    assert not found.matches
    assert [name for name, _ in found.duplicates] == ["办公室"]


@pytest.mark.parametrize(
    "text",
    [
        "办公室、财务科等12个科室",  # 等: the list may be partial
        "全年检查指导60多个项目",  # approximate
        "共完成3项重点工作：一是整编；二是编印；三是数字化。",  # not a list of names
        "中心有2个月时间用于整编。",
        "内设办公室、侦查监督一处、侦查监督二处、公诉一处、技术处。",  # numerals inside names
        "内设办公室、财务科、技术一处。",
        "内设办公室、政治部、离退办等内设机构30个。",  # 等 in the last name: partial
        "下设3个科和2所学校，分别为甲科、乙科、丙科、甲校和乙校。",  # joined counts in other measure words
    ],
)
def test_not_checked(text):
    assert lists(text) == []


@pytest.mark.parametrize(
    ("text", "total", "parts", "contradicts"),
    [
        ("共15个项目，其中基建项目6个、信息化项目5个、其他项目5个。", 15, [6, 5, 5], True),
        ("共16个项目，其中基建项目6个、信息化项目5个、其他项目5个。", 16, [6, 5, 5], False),
        ("共有项目15个，其中基建项目6个，信息化项目5个，其余项目3个。", 15, [6, 5, 3], True),
        ("甲类6个、乙类5个、丙类5个，共15个。", 15, [6, 5, 5], True),
        ("共15个项目，其中6个已完工、5个在建。", 15, [6, 5], False),  # a subset
        ("共10个项目，其中6个已完工、5个在建。", 10, [6, 5], True),  # a subset exceeding its total
        ("核定编制168名，其中行政编制45名、事业编制123名，实有在编人员152名。", 168, [45, 123], False),
        ("共计十五个项目，其中基建项目六个、信息化项目五个、其他项目五个。", 15, [6, 5, 5], True),
        ("共16个项目，其中基建、信息化、培训项目分别为6个、5个、4个。", 16, [6, 5, 4], True),  # 分别为 after 其中
        ("共15个项目，其中基建项目6个、信息化项目5个两类。", 15, [6, 5], True),  # closed by its own count
        ("共11个项目，其中基建项目6个、信息化项目5个等两类。", 11, [6, 5], False),
        ("共15个项目，其中基建项目6个、信息化项目5个三类。", 15, [6, 5], False),  # three kinds, two named: a subset
    ],
)
def test_count_breakdowns(text, total, parts, contradicts):
    [found] = breakdowns(text)
    assert (found.total.value, [p.value for p in found.parts], found.contradicts) == (total, parts, contradicts)


def test_seed_subset_is_not_a_breakdown():
    assert breakdowns("共计20个项目通过了档案专项验收，其中8个项目达到广东省重大建设项目金册奖申报资格。") == []
