"""Vague results and template text left in."""

from __future__ import annotations

import pytest
from content_helpers import HEADER, at, facts_of


def vague(body: str, heading: str = "三、其他自评情况"):
    # 二、 first: alone, 三、其他自评情况 would be taken for 绩效自评情况 (its alias 自评情况).
    text, facts = facts_of(HEADER + "二、绩效自评情况\n" + heading + "\n" + body + "\n")
    return [at(text, c.span) for c in facts.vague_claims]


@pytest.mark.parametrize(
    ("body", "phrases"),
    [
        ("全省交通“一张网”服务对象总体满意。", ["总体满意"]),
        ("2023年，中心基本完成了全年各项任务。", ["基本完成"]),  # a year is not a figure
        ("参训人员对培训内容比较满意，年度目标基本实现。", ["比较满意", "基本实现"]),
        ("服務對象總體滿意。", ["總體滿意"]),  # traditional characters
    ],
)
def test_vague_claims(body, phrases):
    assert vague(body) == phrases


@pytest.mark.parametrize(
    "body",
    [
        "问卷调查显示服务对象满意度为96.5%，总体满意。",
        "完成26个示范基地建设，基本实现年度目标。",
    ],
)
def test_claims_with_a_figure(body):
    assert vague(body) == []


def test_only_in_the_sections_where_results_are_measured():
    assert vague("服务对象总体满意。", heading="四、上年度绩效自评整改情况") == []
    assert vague("服务对象总体满意。", heading="（二）履职效能分析") == ["总体满意"]


def leftovers(text: str):
    text, facts = facts_of(text)
    return [(left.kind, at(text, left.span)) for left in facts.template_leftovers]


@pytest.mark.parametrize(
    ("line", "kind", "found"),
    [
        ("部门职能（200字以内）", "instruction", "（200字以内）"),
        ("部门职能(300字左右)", "instruction", "(300字左右)"),
        ("结合自评情况，说明部门整体支出绩效目标完成情况。", "instruction", "结合自评情况，说明"),
        ("请简要说明项目实施情况。", "instruction", "请简要说明"),
        ("一、部门基本情况（参考提纲）", "instruction", "（参考提纲）"),
        ("20xx年中心财政性实际支出合计100万元。", "placeholder", "20xx"),
        ("XX中心2023年支出100万元。", "placeholder", "XX"),
        ("××局2023年支出100万元。", "placeholder", "××"),
        ("填报日期：2024年X月X日", "placeholder", "X"),
        ("本单位编制数人，实有人数共计人。", "empty-slot", "编制数人"),
        ("其中行政编制名、事业编制45名。", "empty-slot", "编制名"),
        ("本年支出合计万元，其中基本支出100万元。", "empty-slot", "合计万元"),
        ("基本支出占总支出的%。", "empty-slot", "占总支出的%"),
    ],
)
def test_template_text(line, kind, found):
    hits = leftovers(HEADER + "一、部门基本情况\n" + line + "\n")
    assert (kind, found) in hits


def test_empty_slots_are_all_found():
    hits = leftovers(HEADER + "一、部门基本情况\n本单位编制数人，实有人数共计人。\n")
    assert hits == [("empty-slot", "编制数人"), ("empty-slot", "共计人")]


@pytest.mark.parametrize(
    "line",
    [
        "中心承担X射线检测设备的管理工作。",
        "共设置CT、MRI、DSA等大型设备。",
        "**部门名称**：广东省测试中心",
        "金额单位为万元。",
        "在职人员52人，退休人员8人。",
        "请示件按规定办理。",
        "<!-- perflint: disable PF009 20xx -->",
    ],
)
def test_ordinary_text_is_not_template_text(line):
    assert leftovers(HEADER + "一、部门基本情况\n" + line + "\n") == []
