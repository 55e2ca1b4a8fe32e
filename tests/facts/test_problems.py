"""Problem statements and the measures that answer them."""

from __future__ import annotations

import pytest
from content_helpers import HEADER, at, facts_of


def problems_of(text: str):
    text, facts = facts_of(HEADER + text)
    return text, [(at(text, p.span), p.answered) for p in facts.problems]


@pytest.mark.parametrize(
    "body",
    [
        "存在问题：执行偏慢。\n\n改进措施：加快进度。",
        "存在的问题主要是：执行偏慢。下一步改进措施：加快进度。",
        "发现的问题及原因主要是：结余较多。\n\n下一步改进措施主要是：精准测算。",
        "一是存在的问题：指标不细。二是整改措施：细化指标。",
        "存在問題：執行偏慢。\n\n改進措施：加快進度。",  # traditional characters
        "存在问题：无。",  # no problem stated
    ],
)
def test_answered_or_no_problem(body):
    _, problems = problems_of("二、绩效自评情况\n（四）存在问题及改进措施\n" + body + "\n")
    assert all(answered for _, answered in problems)


@pytest.mark.parametrize(
    ("body", "label"),
    [
        ("存在问题：执行偏慢。", "存在问题"),
        ("存在的问题主要是：执行偏慢，结余较多。", "存在的问题"),
        ("发现的问题及原因主要是：结余较多。", "发现的问题及原因"),
        ("存在問題：執行偏慢。", "存在問題"),
    ],
)
def test_unanswered(body, label):
    _, problems = problems_of("三、其他自评情况\n" + body + "\n")
    assert problems == [(label, False)]


def test_each_project_needs_its_own_measure():
    body = (
        "三、其他自评情况\n项目一全年预算数100.00万元。\n发现的问题及原因主要是：结余。\n下一步改进措施主要是：测算。\n"
        "项目二全年预算数50.00万元。\n发现的问题及原因主要是：推迟。\n四、上年度绩效自评整改情况\n改进措施已落实。\n"
    )
    _, problems = problems_of(body)
    assert problems == [("发现的问题及原因", True), ("发现的问题及原因", False)]


def test_template_heading_naming_measures_is_not_a_measure_after_the_problem():
    _, problems = problems_of("二、绩效自评情况\n（四）就部门整体支出绩效管理存在问题提出改进措施\n存在问题：执行偏慢。\n")
    assert problems == [("存在问题", False)]


def test_problem_heading_answered_by_the_next_measure_heading():
    body = "七、存在的问题及原因分析\n部分项目执行偏慢。\n八、下一步改进措施\n加快执行。\n"
    _, problems = problems_of(body)
    assert problems == [("七、存在的问题及原因分析", True)]
    _, problems = problems_of("七、存在的问题及原因分析\n部分项目执行偏慢。\n八、自评结果拟应用和公开情况\n按规定公开。\n")
    assert problems == [("七、存在的问题及原因分析", False)]


def test_a_mention_in_passing_is_not_a_problem_statement():
    _, problems = problems_of("三、其他自评情况\n针对存在的问题，中心加强了管理。\n")
    assert problems == []
