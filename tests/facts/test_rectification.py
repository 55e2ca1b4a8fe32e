"""The rectification status in the wordings reports use."""

from __future__ import annotations

import pytest
from content_helpers import facts_of, in_section

HEADING = "四、上年度绩效自评整改情况"


def status_of(body: str) -> str:
    _, facts = facts_of(in_section(HEADING, body))
    return facts.rectification.status


@pytest.mark.parametrize(
    ("body", "status"),
    [
        # completed
        (
            "根据《广东省财政厅关于分发2023年省级财政重点绩效评价报告（第二批）的函》要求，中心对上年度部门整体支出绩效评价发现的问题进行了整改并已及时完成整改情况反馈。",
            "completed",
        ),
        ("上年度绩效自评发现部分已报废设备未及时办理处置手续的问题，中心修订固定资产管理办法，已于2023年9月完成整改。", "completed"),
        ("上年度发现的问题均已整改到位。", "completed"),
        ("针对上年度指标设置不细的问题，已按要求整改，整改完毕。", "completed"),
        ("上年度發現的問題已於2023年6月完成整改。", "completed"),  # traditional characters
        # in progress / partly done
        ("上年度发现的两个问题，一个已完成整改，另一个尚未整改，预计2024年6月底前完成。", "in-progress"),
        ("上年度发现的问题正在整改，已完成部分制度修订。", "in-progress"),
        ("资产清查问题已部分完成整改。", "in-progress"),
        ("相关问题整改中，计划年底前完成。", "in-progress"),
        # not done
        ("受系统升级影响，上年度发现的问题尚未整改。", "not-done"),
        ("上年度问题未完成整改。", "not-done"),
        ("上年度問題尚未整改。", "not-done"),
        # nothing to rectify
        ("上年度未发现问题。", "nothing-to-rectify"),
        ("无", "nothing-to-rectify"),
        ("无。", "nothing-to-rectify"),
        ("上年度绩效自评未发现需要整改的问题。", "nothing-to-rectify"),
        ("上年度自评无整改事项。", "nothing-to-rectify"),
        # not stated
        ("中心对上年度绩效自评发现的问题高度重视，认真研究，积极整改，整改工作取得了较好成效。", "not-stated"),
        ("中心高度重视整改工作，认真研究部署，切实抓好落实。", "not-stated"),
    ],
)
def test_status(body, status):
    assert status_of(body) == status


def test_reason_and_plan():
    _, facts = facts_of(in_section(HEADING, "部分问题正在整改。"))
    assert (facts.rectification.has_reason, facts.rectification.has_plan) == (False, False)
    _, facts = facts_of(in_section(HEADING, "部分问题正在整改，预计2024年6月底前完成。"))
    assert facts.rectification.has_plan
    _, facts = facts_of(in_section(HEADING, "受采购周期影响，部分问题尚未整改。"))
    assert facts.rectification.has_reason


def test_status_for_json_is_null_without_a_profile_and_not_stated_when_the_section_is_missing():
    _, facts = facts_of(in_section(HEADING, "上年度未发现问题。"), profile=False)
    assert facts.rectification_status is None
    _, facts = facts_of("2023年部门整体支出绩效自评报告\n一、部门基本情况\n正文。\n")
    assert facts.rectification is None and facts.rectification_status == "not-stated"
    _, facts = facts_of(in_section(HEADING, ""))
    assert facts.rectification.status == "not-stated" and facts.rectification.body is None
