"""Grades and scores as reports state them, and the statements that are not the report's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from content_helpers import at, facts_of, in_section

CONCLUSION = "（一）自评结论"


def conclusion_of(body: str, **kwargs):
    text, facts = facts_of(in_section(CONCLUSION, body, **kwargs))
    return text, facts.conclusion


@pytest.mark.parametrize(
    ("body", "grade", "word"),
    [
        ("根据省财政厅通知要求，结合评分标准，自评良好。", "良", "良好"),
        ("自评等级为优秀。", "优", "优秀"),
        ("绩效自评分为88分，绩效等级良。", "良", "良"),
        ("经综合评定，评价结果为“中”。", "中", "中"),
        ("本部门整体支出绩效评价等级：差。", "差", "差"),
        ("自评结论：良好。", "良", "良好"),
        ("综合评定为优秀等级。", "优", "优秀"),
        ("自评为较差等次。", "差", "较差"),
        ("自評等級為優秀。", "优", "優秀"),  # traditional characters, word as written
        ("自评等级为中等。", "中", "中等"),
        ("优秀", "优", "优秀"),  # the grade word alone under the heading
        ("| 评价项目 | 结果 |\n|---|---|\n| 自评等级 | 良好 |", "良", "良好"),
        ("自评得分88.5分，为“良”等级。", "良", "良"),  # the grade before its noun
        ("自评得分88.5分，属于良好等次。", "良", "良好"),
        ("本院绩效自评分为88分，未达到优秀档次，绩效等级良。", "良", "良"),  # the grade not reached
        ("上年度自评等级为良，本年度综合评分为97分，绩效评价结果为优。", "优", "优"),  # this year's after last year's
        ("2022年度自评得分为88.5分，等级为良。2023年度自评得分为92.5分，等级为优。", "优", "优"),
        ("其中“农村公路养护项目”等级为中。部门整体绩效等级优。", "优", "优"),  # a project's grade, named
    ],
)
def test_grade_wordings(body, grade, word):
    text, conclusion = conclusion_of(body)
    assert [(g.grade.grade, g.word, g.in_conclusion) for g in conclusion.grades] == [(grade, word, True)]
    assert at(text, conclusion.grades[0].span) == word


@pytest.mark.parametrize(
    ("body", "value", "label"),
    [
        ("自评得分92.30分，自评等级为优秀。", "92.30", "自评得分"),
        ("自评得分 85 分，等级为良好。", "85", "自评得分"),
        ("经评价，得分为85.5，等级为良好。", "85.5", "得分"),
        ("综合评分为95分，自评结果为优秀。", "95", "综合评分"),
        ("综合得分85分，评价等级为良。", "85", "综合得分"),
        ("自评总分(分)97.6，等级为优。", "97.6", "自评总分"),
        ("绩效自评分为88分，绩效等级良。", "88", "自评分"),
        ("自評得分９２．３０分，等級為優秀。", "92.30", "自评得分"),  # full-width digits, traditional
        ("| 指标 | 数值 |\n|---|---|\n| 自评总分（分） | 97.6 |\n| 自评等级 | 优 |", "97.6", "自评总分"),
    ],
)
def test_score_wordings(body, value, label):
    _, conclusion = conclusion_of(body)
    assert [(s.value, s.label) for s in conclusion.scores] == [(Decimal(value), label)]


@pytest.mark.parametrize(
    "body",
    [
        "满分100分，自评得分92分，自评等级为优秀。",  # 满分 is the scale
        "自评得分92分，其中预算执行得分9.5分、履职效能得分45分，自评等级为优秀。",  # components
        "自评得分92分，较上年度提高3分，自评等级为优秀。",  # a change, not a score
        "自评得分92分，自评等级为优秀；上年度自评等级为良好、得分85分。",  # last year's
    ],
)
def test_only_the_total_score_and_this_years_grade_count(body):
    _, conclusion = conclusion_of(body)
    assert [s.value for s in conclusion.scores] == [Decimal(92)]
    assert [g.grade.grade for g in conclusion.grades] == ["优"]


def test_seed_grade_word_for_an_archive_inspection_is_not_the_reports_grade():
    duty = "（二）履职效能分析\n完成2023年省档案局组织的省直单位档案综合检查，被评为“优秀”等级。\n"
    _, conclusion = conclusion_of("根据省财政厅《关于做好2024年省级财政资金绩效自评工作的通知》要求，结合评分标准，自评良好。", after=duty)
    assert [(g.grade.grade, g.in_conclusion) for g in conclusion.grades] == [("良", True)]


def test_outside_the_conclusion_explicit_self_evaluation_wording_counts():
    other = "三、其他自评情况\n综上，部门整体支出绩效自评得分为88分，自评等级为良好。\n该项目自评得分95分。\n"
    _, conclusion = conclusion_of("自评得分92分，自评等级为优秀。", after=other)
    assert [(s.value, s.in_conclusion) for s in conclusion.scores] == [(Decimal(92), True), (Decimal(88), False)]
    assert [(g.grade.grade, g.in_conclusion) for g in conclusion.grades] == [("优", True), ("良", False)]


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ("自评等级为合格。", "合格"),
        ("评价结论为“达标”。", "达标"),
        ("绩效等级：A。", "A"),
        ("评定为满意等级。", "满意"),
    ],
)
def test_grade_slots_holding_other_words(body, word):
    text, conclusion = conclusion_of(body)
    assert conclusion.grades == []
    assert [u.word for u in conclusion.unknown_grades] == [word]
    assert at(text, conclusion.unknown_grades[0].span) == word


@pytest.mark.parametrize(
    "body",
    [
        "中心将以自评结果为依据，改进预算管理。",
        "自评结果为下一年度预算安排提供参考。",
        "中心组织开展了自评工作，评价结果见附表。",
    ],
)
def test_sentences_about_results_are_not_grade_slots(body):
    _, conclusion = conclusion_of(body)
    assert conclusion.grades == [] and conclusion.unknown_grades == []


def test_social_praise_is_not_a_grade():
    _, conclusion = conclusion_of("自评等级为优秀，服务对象评价良好。")
    assert [g.grade.grade for g in conclusion.grades] == ["优"]


def test_without_a_profile_only_explicit_statements_count():
    text = "某单位2023年度工作报告\n一、情况\n自评得分85分，自评等级为良好。档案工作被评为优秀。\n"
    _, facts = facts_of(text, profile=False)
    assert facts.conclusion.section is None
    assert [g.grade.grade for g in facts.conclusion.grades] == ["良"]
    assert [s.value for s in facts.conclusion.scores] == [Decimal(85)]
