"""Rule cases for the header/date rules (PF006–PF009) and the content rules (PF2xx).

Each case is a whole report (the Guangdong outline) with one part changed, so the
rules see the sections the profile names.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_skeleton import OUTLINE_TEXTS, assemble

from perflint.checks.base import Context
from perflint.engine import Linter
from perflint.parse import parse
from perflint.profiles import default_content
from perflint.sources import load_path

from conftest import _PROFILES, _RULES, SEED_REPORTS, lint_text, needs_seed

HEADER = "2023年部门整体支出绩效自评报告\n部门名称：广东省测试事务中心\n填报日期：{date}\n"

# The outline, with figures, a score and a project where these rules read them.
BODY = {
    **OUTLINE_TEXTS,
    "（四）部门整体支出情况": "2023年中心本年财政性实际支出合计1286.47万元，其中基本支出538.92万元，占总支出的41.89%；项目支出747.55万元，占总支出的58.11%。",
    "（一）自评结论": "自评得分92.30分，自评等级为优秀。",
    "（二）履职效能分析": "全年完成测试任务1200项，按期完成率99.5%。",
    "三、其他自评情况": "中心2023年财政项目“测试项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。\n\n发现的问题及原因主要是：结余较多。\n\n下一步改进措施主要是：精准测算。",
    "四、上年度绩效自评整改情况": "上年度发现的问题已于2023年9月完成整改。",
}


def report(date: str = "2024年4月18日", header: str = HEADER, **changes: str) -> str:
    """The report with some sections' text replaced (keyword: a heading's title)."""
    body = {heading: next((new for title, new in changes.items() if heading.endswith(title)), text) for heading, text in BODY.items()}
    return assemble(header.format(date=date), body)


def findings(text: str, prefix: tuple[str, ...] = ("PF006", "PF007", "PF008", "PF009", "PF2")):
    result = lint_text(text, dedent=False)
    return result, [f for f in result.findings if f.code.startswith(prefix)]


def shown(result, finding) -> str:
    return result.source.text[finding.span[0] : finding.span[1]]


def codes_at(text: str, **kwargs) -> list[tuple[str, str]]:
    result, found = findings(text, **kwargs)
    return [(f.code, shown(result, f)) for f in found]


def test_the_base_report_is_clean():
    result = lint_text(report(), dedent=False)
    assert result.findings == []
    assert result.facts.rectification == "completed"


# -- PF006 invalid-date, PF007 filed-before-year-end -------------------------------------


@pytest.mark.parametrize("date", ["2024年4月18日", "2024 年 2 月 29 日", "2024-04-18", "2024.4.18", "二〇二四年四月十八日", "2024年5月"])
def test_real_filing_dates_pass(date):
    assert codes_at(report(date)) == []


@pytest.mark.parametrize(
    ("date", "where"),
    [
        ("2024年2月30日", "2024年2月30日"),
        ("2025年2月29日", "2025年2月29日"),
        ("2024年4月31日", "2024年4月31日"),
        ("2024年13月1日", "2024年13月1日"),
        ("２０２４年２月３０日", "２０２４年２月３０日"),
        ("二〇二四年二月三十日", "二〇二四年二月三十日"),
        ("见附件", "见附件"),
    ],
)
def test_impossible_filing_dates(date, where):
    result, found = findings(report(date))
    assert [(f.code, shown(result, f)) for f in found] == [("PF006", where)]
    assert found[0].severity.value == "error" and "填报日期" in found[0].message


def test_placeholder_date_is_template_text_not_an_invalid_date():
    assert codes_at(report("2024年X月X日")) == [("PF009", "X"), ("PF009", "X")]


@pytest.mark.parametrize("date", ["2023年4月18日", "2023年12月31日", "2023年12月", "2022-05-06"])
def test_filing_before_the_year_ends(date):
    result, found = findings(report(date))
    assert [f.code for f in found] == ["PF007"]
    assert "2023 年" in found[0].message and found[0].evidence.expected == "≥ 2024-01-01"


def test_filing_on_new_years_day_passes():
    assert codes_at(report("2024年1月1日")) == []


# -- PF008 fiscal-year-mismatch ---------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "2022年中心本年财政性实际支出合计1286.47万元，其中基本支出538.92万元，占总支出的41.89%；项目支出747.55万元，占总支出的58.11%。",
        "2022 年度中心财政性实际支出合计1286.47万元，其中基本支出538.92万元，占总支出的41.89%；项目支出747.55万元，占总支出的58.11%。",
    ],
)
def test_spending_attributed_to_last_year(statement):
    result, found = findings(report(**{"部门整体支出情况": statement}))
    assert [(f.code, shown(result, f)) for f in found] == [("PF008", "2022")]
    assert found[0].severity.value == "warning"
    assert found[0].message == "支出数据归属 2022 年，与报告年度 2023 年（标题）不一致"


def test_a_project_of_last_year_in_other_evaluation():
    text = report(**{"其他自评情况": "中心2022年财政项目“测试项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。"})
    assert codes_at(text) == [("PF008", "2022")]


def test_other_years_in_the_text_are_legitimate():
    functions = "根据2020年初省编委相关文件，中心剥离信息化工作；根据2023年省编办文件，中心已于2023年12月完成法人登记变更。"
    conclusion = "根据省财政厅《关于做好2024年省级财政资金绩效自评工作的通知》要求，自评得分92.30分，自评等级为优秀。"
    spending = "按照2024年省财政厅通知要求，2023年中心本年财政性实际支出合计1286.47万元，较2022年减少52.10万元，其中基本支出538.92万元，占总支出的41.89%；项目支出747.55万元，占总支出的58.11%。"
    measures = "存在问题：执行偏慢。\n\n改进措施：2024年将提前谋划，计划年初预算安排项目支出300.00万元。"
    rectification = "根据《广东省财政厅关于分发2023年省级财政重点绩效评价报告的函》要求，2022年预算执行偏慢的问题已于2023年9月完成整改。"
    text = report(
        **{
            "部门职能": functions,
            "自评结论": conclusion,
            "部门整体支出情况": spending,
            "提出改进措施": measures,
            "上年度绩效自评整改情况": rectification,
        }
    )
    assert codes_at(text) == []


# -- PF009 template-text-left -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "where", "kind"),
    [
        ({"部门职能": "中心承担全省测试事务。（200字以内）"}, "（200字以内）", "说明"),
        ({"部门职能": "结合自评情况，说明部门职能。"}, "结合自评情况，说明", "说明"),
        ({"部门职能": "XX中心承担全省测试事务。"}, "XX", "占位符"),
        ({"部门职能": "中心编制数人，实有人数共计人。"}, "编制数人", "数字空缺"),
    ],
)
def test_template_text_left_in(change, where, kind):
    result, found = findings(report(**change))
    assert found and all(f.code == "PF009" and f.severity.value == "error" for f in found)
    assert shown(result, found[0]) == where and kind in found[0].message


def test_reference_outline_marker_left_in_a_heading():
    text = report().replace("一、部门基本情况", "一、部门基本情况（参考提纲）")
    assert codes_at(text) == [("PF009", "（参考提纲）")]


def test_placeholder_year_in_the_title():
    text = report(header=HEADER.replace("2023年", "20XX年"))
    assert ("PF009", "20XX") in codes_at(text)


# -- PF201–PF205 the conclusion -----------------------------------------------------------


@pytest.mark.parametrize(
    "conclusion",
    [
        "根据省财政厅通知要求，结合评分标准，自评优秀。",
        "自评得分92.30分，自评等级为优秀。",
        "综合评分为95分，自评结果为优秀。",
        "自评总分(分)97.6，绩效等级优。",
        "自評得分92.30分，自評等級為優秀。",
        "经综合评定，得分为90，评价结果为“优”。",
        "| 项目 | 结果 |\n|---|---|\n| 自评得分 | 92.30 |\n| 自评等级 | 优秀 |",
    ],
)
def test_consistent_conclusions_pass(conclusion):
    assert codes_at(report(**{"自评结论": conclusion})) == []


@pytest.mark.parametrize(
    ("conclusion", "code", "where"),
    [
        ("中心对照评价指标体系逐项开展了自评。", "PF201", "（一）自评结论"),
        ("自评得分95分。", "PF201", "（一）自评结论"),
        ("自评等级为合格。", "PF202", "合格"),
        ("评价结论为“达标”。", "PF202", "达标"),
        ("自评得分为86分，自评等级为优秀。", "PF203", "优秀"),
        ("综合得分85分，评价等级为优。", "PF203", "优"),
        ("自評得分86分，自評等級為優秀。", "PF203", "優秀"),
        ("得分为59.5，等级为中。", "PF203", "中"),
        ("自评得分105分，自评等级为优秀。", "PF204", "105分"),
        ("自评得分92分，自评等级为优秀；经复核，自评得分为88分。", "PF205", "88分"),
        ("自评等级为优秀，绩效等级：良好。", "PF205", "良好"),
    ],
)
def test_conclusion_errors(conclusion, code, where):
    result, found = findings(report(**{"自评结论": conclusion}))
    assert [(f.code, shown(result, f)) for f in found] == [(code, where)]
    assert found[0].severity.value == "error"


def test_score_only_conclusion_names_the_grade_the_score_gives():
    _, found = findings(report(**{"自评结论": "自评得分95分。"}))
    assert found[0].message == "“（一）自评结论”只给出得分 95分，没有写明自评等级（按得分应为“优”）"


def test_mismatch_message_and_evidence():
    _, found = findings(report(**{"自评结论": "自评得分为86分，自评等级为优秀。"}))
    assert found[0].message == "自评等级“优秀”与得分 86分 不符：80 分至 90 分（不含 90 分）应为“良”"
    assert found[0].evidence.stated == "优" and found[0].evidence.computed == "良"
    assert found[0].evidence.interval == ["80", "90"]


def test_a_second_score_elsewhere_in_the_report():
    text = report(**{"其他自评情况": BODY["三、其他自评情况"] + "\n\n综上，部门整体支出绩效自评得分为88分。"})
    assert [c for c, _ in codes_at(text)] == ["PF205"]


def test_grade_for_something_else_is_not_a_second_grade():
    duty = "全年完成测试任务1200项。完成2023年省档案局组织的档案综合检查，被评为“良好”等级。"
    project = "中心2023年财政项目“测试项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%，该项目自评得分85分，等级为良。"
    text = report(**{"履职效能分析": duty, "其他自评情况": project + "\n\n发现的问题及原因主要是：结余。\n\n下一步改进措施主要是：测算。"})
    assert codes_at(text) == []


GRADES = default_content().conclusion


@settings(max_examples=120, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2), st.data())
def test_any_score_passes_with_its_grade_and_fails_with_any_other(score: Decimal, data):
    right = GRADES.grade_for(score)
    wrong = data.draw(st.sampled_from([g for g in GRADES.grades if g is not right]))
    for grade, expected in ((right, []), (wrong, ["PF203"])):
        word = data.draw(st.sampled_from(grade.words))
        text = report(**{"自评结论": f"自评得分{score}分，自评等级为{word}。"})
        assert [c for c, _ in codes_at(text)] == expected, (score, word)


# -- PF206 problem-without-measure ---------------------------------------------------------


@pytest.mark.parametrize(
    "problems",
    [
        "存在问题：执行偏慢。",
        "存在的问题主要是：执行偏慢，结余较多。",
        "存在問題：執行偏慢。",
    ],
)
def test_problem_without_measure(problems):
    result, found = findings(report(**{"提出改进措施": problems}))
    assert [f.code for f in found] == ["PF206"] and found[0].severity.value == "warning"
    assert shown(result, found[0]).startswith("存在")


def test_project_problem_without_measure():
    other = "中心2023年财政项目“测试项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。\n\n发现的问题及原因主要是：结余较多。"
    assert codes_at(report(**{"其他自评情况": other})) == [("PF206", "发现的问题及原因")]


@pytest.mark.parametrize(
    "problems",
    ["存在问题：执行偏慢。改进措施：加快进度。", "存在问题：执行偏慢。\n\n整改措施：加快进度。", "存在问题：无。", "存在的问题：暂无。"],
)
def test_problem_answered_or_none(problems):
    assert codes_at(report(**{"提出改进措施": problems})) == []


# -- PF207, PF208 rectification ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("上年度发现的问题已于2023年9月完成整改。", "completed"),
        ("上年度未发现问题。", "nothing-to-rectify"),
        ("无", "nothing-to-rectify"),
        ("部分问题正在整改，预计2024年6月底前完成。", "in-progress"),
        ("受系统升级影响，相关问题尚未整改，计划2024年底前完成。", "not-done"),
    ],
)
def test_rectification_stated(text, status):
    result, found = findings(report(**{"上年度绩效自评整改情况": text}))
    assert found == []
    assert result.facts.rectification == status


@pytest.mark.parametrize(
    "text",
    [
        "中心对上年度绩效自评发现的问题高度重视，认真研究，积极整改，整改工作取得了较好成效。",
        "中心高度重视，认真研究部署，切实抓好落实。",
        "中心高度重視，認真研究，積極整改。",
    ],
)
def test_rectification_talked_around(text):
    result, found = findings(report(**{"上年度绩效自评整改情况": text}))
    assert [(f.code, shown(result, f)) for f in found] == [("PF207", text)]
    assert result.facts.rectification == "not-stated"


def test_empty_rectification_section_is_only_empty_section():
    result = lint_text(report(**{"上年度绩效自评整改情况": ""}), dedent=False)
    assert [f.code for f in result.findings] == ["PF004"]
    assert result.facts.rectification == "not-stated"


@pytest.mark.parametrize(
    ("text", "where", "status"),
    [
        ("部分问题正在整改。", "正在整改", "in-progress"),
        ("上年度发现的问题尚未整改。", "尚未整改", "not-done"),
        ("一项问题已完成整改，另一项未整改。", "未整改", "in-progress"),
        ("相关問題正在整改。", "正在整改", "in-progress"),
    ],
)
def test_unfinished_rectification_without_reason_or_plan(text, where, status):
    result, found = findings(report(**{"上年度绩效自评整改情况": text}))
    assert [(f.code, shown(result, f)) for f in found] == [("PF208", where)]
    assert result.facts.rectification == status


# -- PF209 vague-result ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "text", "where"),
    [
        ("履职效能分析", "2023年，中心基本完成了全年各项任务。", "基本完成"),
        ("其他自评情况", BODY["三、其他自评情况"] + "\n\n全省测试“一张网”服务对象总体满意。", "总体满意"),
        ("其他自评情况", BODY["三、其他自评情况"] + "\n\n服務對象總體滿意。", "總體滿意"),
    ],
)
def test_vague_results_are_info(section, text, where):
    result, found = findings(report(**{section: text}))
    assert [(f.code, f.severity.value, shown(result, f)) for f in found] == [("PF209", "info", where)]


def test_measured_results_pass():
    assert codes_at(report(**{"履职效能分析": "全年完成测试任务1200项，服务对象满意度为96.5%，总体满意。"})) == []


# -- PF210, PF211 counts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("中心设3个内设机构，即办公室、测试科、质量科和信息科。", "PF210", "3个"),
        ("中心内设办公室、测试科、质量科4个科室。", "PF210", "4个"),
        ("中心设4个内设机构：办公室、测试科、办公室和信息科。", "PF210", "办公室"),
        ("全年共实施15个项目，其中基建项目6个、信息化项目5个、其他项目5个。", "PF211", "15个"),
        ("全年共实施15个项目，其中6个已完工、10个在建。", "PF211", "15个"),
    ],
)
def test_counts_against_lists(text, code, where):
    result, found = findings(report(**{"部门职能": text}))
    matching = [(f.code, shown(result, f)) for f in found]
    assert (code, where) in matching and {c for c, _ in matching} == {code}
    assert all(f.severity.value == "warning" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "中心设4个内设机构，即办公室、测试科、质量科和信息科。",
        "中心内设办公室、测试科、质量科3个科室。",
        "中心设有3个科室：综合科、人事和教育科、业务科。",
        "全年共实施16个项目，其中基建项目6个、信息化项目5个、其他项目5个。",
        "全年共实施15个项目，其中6个已完工、5个在建。",
        "中心内设办公室、测试科等12个科室。",
    ],
)
def test_counts_that_agree(text):
    assert codes_at(report(**{"部门职能": text})) == []


# -- the shared seed report ----------------------------------------------------------------


@needs_seed
def test_seed_report_grade_rectification_and_no_content_error():
    for path in SEED_REPORTS:
        source = load_path(path)
        result = Linter(_PROFILES, _RULES).lint(source)
        errors = [f for f in result.findings if f.code.startswith(("PF0", "PF2")) and f.severity.value == "error"]
        assert errors == [], [f.message for f in errors]
        assert result.facts.rectification == "completed"
        ctx = Context(source, parse(source.text), _PROFILES.get("gd-dept-overall"))
        conclusion = ctx.content_facts.conclusion
        assert [(g.grade.grade, g.word) for g in conclusion.grades] == [("良", "良好")]  # 自评良好; the archive's “优秀” is not it
        assert conclusion.scores == []
        assert ctx.content_facts.fiscal_year.year == 2023
        assert ctx.content_facts.spending_sentences and all(2023 in [m.year for m in s.years] for s in ctx.content_facts.spending_sentences)
