"""Rule cases for the PF1xx number rules, in the phrasings real reports use."""

from __future__ import annotations

import pytest

from conftest import lint_text


def number_findings(text: str):
    result = lint_text(text, dedent=False)
    return result, [f for f in result.findings if f.code.startswith("PF1")]


def at(result, finding) -> str:
    return result.source.text[finding.span[0] : finding.span[1]]


PASSING = [
    # 合计 A，其中 B，占总支出的 P%；C，占 Q%
    "2023年中心本年财政性实际支出合计3189.14万元，其中基本支出719.75万元，占总支出的22.57%；项目支出2469.39万元，占总支出的77.43%。",
    "2023 年中心本年财政性实际支出合计 3189.14 万元，其中基本支出 719.75 万元，占总支出的 22.6%；项目支出 2469.39 万元，占 77.4%。",
    # 总支出 A。其中：B（占比 P%），C（占比 Q%）
    "本年总支出3189.14万元。其中：基本支出719.75万元（占比22.57%），项目支出2469.39万元（占比77.43%）。",
    # A，包括人员经费 B、公用经费 C
    "基本支出719.75万元，包括人员经费600.12万元、公用经费119.63万元。",
    # parts first, closed by 共计
    "基本支出719.75万元、项目支出2469.39万元，共计3189.14万元。",
    # spread over two sentences
    "本年支出合计3189.14万元，其中基本支出719.75万元。项目支出2469.39万元，占总支出的77.43%。",
    # 分别为
    "本年支出合计3189.14万元，基本支出和项目支出分别为719.75万元、2469.39万元。",
    # 年初 / 调整 / 全年 budgets with their own breakdowns
    "年初预算1000.00万元，其中基本支出400.00万元、项目支出600.00万元；调整预算1200.00万元，其中基本支出450.00万元、项目支出750.00万元。",
    # full-width digits, thousands separators, other units
    "支出合计３，１８９．１４万元，其中基本支出７１９．７５万元，占比２２．５７％，项目支出２，４６９．３９万元，占比７７．４３％。",
    "本年支出合计31,891,400.00元，其中基本支出7,197,500.00元，项目支出24,693,900.00元。",
    "本年支出合计0.318914亿元，其中基本支出719.75万元，项目支出2469.39万元。",
    # a subset after 其中 is not a partition
    "本年支出合计1000.00万元，其中人员经费300.00万元、差旅费50.00万元。",
    # changes are not parts
    "支出总额100.00万元，比上年增加20.00万元，其中基本支出40.00万元、项目支出60.00万元。",
    # approximate figures are not checked
    "全年支出约3000万元，其中基本支出700多万元、项目支出2469.39万元。",
    # shares alone
    "基本支出占比22.57%，项目支出占比77.43%。",
    # execution, in several wordings
    "全年预算数651.04万元，执行数651.04万元，完成预算的100%。",
    "项目全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。",
    "项目年初预算数300.00万元，调整后预算数286.00万元，实际支出274.63万元，预算执行率为96.0%。",
    "项目年初预算数286.00万元，调整后预算数300.00万元，实际支出274.63万元，预算执行率为96.0%。",
]


@pytest.mark.parametrize("text", PASSING)
def test_consistent_claims_pass(text):
    result, findings = number_findings(text)
    assert findings == [], [f.message for f in findings]


def test_share_mismatch_points_at_the_share_with_evidence_and_fix():
    result, findings = number_findings(
        "2023年中心本年财政性实际支出合计3189.14万元，其中基本支出719.75万元，占总支出的22.58%；项目支出2469.39万元，占总支出的77.43%。"
    )
    [finding] = findings
    assert finding.code == "PF102"
    assert at(result, finding) == "22.58%"
    assert finding.message == "占比 22.58% 与 基本支出 719.75万元 ÷ 3189.14万元 = 22.57% 不符"
    assert finding.evidence.computed == "22.57%"
    lo, hi = finding.evidence.interval
    assert lo <= "22.5685" <= hi
    assert [(o.label, o.text) for o in finding.evidence.operands] == [
        ("基本支出", "719.75万元"),
        ("2023年中心本年财政性实际支出合计", "3189.14万元"),
    ]
    assert finding.fix.applicability == "display-only"
    assert finding.fix.edits[0].content == "22.57%"


def test_wrong_share_in_parentheses_after_a_sentence_break():
    result, findings = number_findings("本年总支出3189.14万元。其中：基本支出719.75万元（占比25.57%），项目支出2469.39万元（占比77.43%）。")
    assert [(f.code, at(result, f)) for f in findings] == [("PF102", "25.57%")]


def test_wrong_total_is_reported_at_the_total_with_the_sum_as_fix():
    result, findings = number_findings("本年总支出3198.14万元。其中：基本支出719.75万元（占比22.57%），项目支出2469.39万元（占比77.43%）。")
    [finding] = findings
    assert (finding.code, at(result, finding)) == ("PF101", "3198.14万元")
    assert "3189.14万元" in finding.message and "3198.14万元" in finding.message
    assert finding.fix.edits[0].content == "3189.14万元"


def test_a_list_short_of_its_total_by_one_digit_is_a_warning_that_names_the_subset_it_may_be():
    # 1412 + 35 + 27 = 1474, one digit off 1484 and under 1% short: most likely a mistyped
    # figure, but it might be a list of some of the parts leaving out a round 10.
    text = "下达我县2023年农田建设资金1484万元。其中:高标准农田建设1412万元,农田水利设施维护35万元,耕地质量监测27万元。"
    result, findings = number_findings(text)
    [finding] = findings
    assert (finding.code, at(result, finding), finding.severity.value) == ("PF101", "1484万元", "warning")
    assert "1474万元" in finding.message and "部分项目" in finding.message
    # The same list closed by a total is complete by its words: an error.
    closed = "高标准农田建设1412万元,农田水利设施维护35万元,耕地质量监测27万元,共计1484万元。"
    result, findings = number_findings(closed)
    assert [(f.code, f.severity.value) for f in findings] == [("PF101", "error")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("基本支出719.75万元，包括人员经费600.12万元、公用经费109.63万元。", "719.75万元"),
        ("基本支出719.75万元、项目支出2469.39万元，共计3198.14万元。", "3198.14万元"),
        ("本年支出合计3189.14万元，基本支出和项目支出分别为719.75万元、2496.39万元。", "3189.14万元"),
        ("本年支出合计3189.14万元，其中基本支出719.75万元；项目支出2496.39万元。", "3189.14万元"),
        (
            "年初预算1000.00万元，其中基本支出400.00万元、项目支出600.00万元；调整预算1200.00万元，其中基本支出450.00万元、项目支出700.00万元。",
            "1200.00万元",
        ),
        ("本年支出合计1000.00万元，其中人员经费800.00万元、差旅费300.00万元。", "1000.00万元"),
    ],
    ids=["包括", "共计", "分别为", "semicolon", "adjusted-budget", "subset-exceeds"],
)
def test_parts_not_adding_up(text, where):
    result, findings = number_findings(text)
    assert [(f.code, at(result, f)) for f in findings] == [("PF101", where)]


def test_a_subset_that_exceeds_says_so():
    result, findings = number_findings("本年支出合计1000.00万元，其中人员经费800.00万元、差旅费300.00万元。")
    assert findings[0].message.startswith("所列各部分之和 1100.00万元 超过合计 1000.00万元")


def test_honest_rounding_of_parts_passes():
    # 12.1 + 45.4 = 57.5, but as rounded figures they may well make 57.6.
    _, findings = number_findings("本年支出合计57.6万元，其中基本支出12.1万元，项目支出45.4万元。")
    assert findings == []


def test_markdown_table_with_a_total_row():
    good = "| 项目 | 金额（万元） | 占比 |\n|---|---|---|\n| 基本支出 | 719.75 | 22.57% |\n| 项目支出 | 2469.39 | 77.43% |\n| 合计 | 3189.14 | 100.00% |\n"
    assert number_findings(good)[1] == []
    bad_total = good.replace("| 3189.14 |", "| 3198.14 |")
    result, findings = number_findings(bad_total)
    assert [(f.code, at(result, f)) for f in findings] == [("PF101", "3198.14")]
    assert "3198.14万元" in findings[0].message
    bad_share = good.replace("22.57%", "25.57%")
    result, findings = number_findings(bad_share)
    assert [(f.code, at(result, f)) for f in findings] == [("PF102", "25.57%")]


def test_table_detail_rows_are_not_added_to_the_total():
    table = "| 项目 | 金额（万元） |\n|---|---|\n| 合计 | 3189.14 |\n| 基本支出 | 719.75 |\n| 其中：人员经费 | 600.12 |\n| 项目支出 | 2469.39 |\n"
    assert number_findings(table)[1] == []


def test_shares_alone_not_summing_to_100():
    result, findings = number_findings("基本支出占比22.57%，项目支出占比81.11%。")
    [finding] = findings
    assert finding.code == "PF103"
    assert at(result, finding) == "81.11%"
    assert finding.message == "各部分占比之和为 103.68%，不等于 100%（基本支出 22.57% + 项目支出 81.11%）"


def test_shares_of_a_complete_list_without_all_amounts():
    # one part has no amount, so its share cannot be checked alone; the sum still can
    result, findings = number_findings("本年支出合计3189.14万元，其中基本支出719.75万元，占比22.57%；项目支出占比80.43%。")
    assert "PF103" in [f.code for f in findings] or findings == []


def test_execution_rate_mismatch():
    result, findings = number_findings("项目全年预算数286.00万元，执行数274.63万元，完成预算的98.02%。")
    [finding] = findings
    assert (finding.code, at(result, finding)) == ("PF104", "98.02%")
    assert finding.message == "执行率 98.02% 与 执行数 274.63万元 ÷ 全年预算数 286.00万元 = 96.02% 不符"
    assert finding.fix.edits[0].content == "96.02%"


def test_rate_against_none_of_several_budgets():
    result, findings = number_findings("项目年初预算数300.00万元，调整后预算数286.00万元，实际支出274.63万元，预算执行率为99.0%。")
    [finding] = findings
    assert finding.code == "PF104" and finding.fix is None  # which budget was meant is unknown


@pytest.mark.parametrize(
    "text",
    [
        "全年预算数100.00万元，执行数104.50万元，完成预算的104.50%。",
        "预算数100.00万元，实际支出104.50万元。",
    ],
)
def test_over_execution(text):
    result, findings = number_findings(text)
    assert [(f.code, at(result, f)) for f in findings] == [("PF105", "104.50万元")]
    assert findings[0].severity.value == "warning"


def test_low_execution_rate_stated_and_computed():
    result, findings = number_findings("项目全年预算数480.00万元，执行数415.20万元，完成预算的86.50%。")
    assert [(f.code, at(result, f)) for f in findings] == [("PF106", "86.50%")]
    result, findings = number_findings("项目全年预算数480.00万元，执行数415.20万元。")
    assert [(f.code, at(result, f)) for f in findings] == [("PF106", "415.20万元")]
    assert "86.50%" in findings[0].message
    assert number_findings("项目全年预算数100.00万元，执行数90.00万元，完成预算的90%。")[1] == []


def test_threshold_comes_from_the_profile(tmp_path):
    from perflint.checks.base import all_rules
    from perflint.engine import Linter
    from perflint.profiles import ProfileSet, load_profile_file
    from perflint.resources import resource_dir
    from perflint.sources import source_from_text

    custom = tmp_path / "strict.toml"
    base = (resource_dir("rules") / "gd-dept-overall.toml").read_text(encoding="utf-8")
    custom.write_text(
        base.replace('id = "gd-dept-overall"', 'id = "strict"') + "\n[rules.low-execution-rate]\nlow-execution-rate = 97\n",
        encoding="utf-8",
    )
    linter = Linter(ProfileSet([load_profile_file(custom)]), [r() for r in all_rules()], profile_id="strict")
    result = linter.lint(source_from_text("项目全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。"))
    assert [f.code for f in result.findings if f.code.startswith("PF1")] == ["PF106"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("本年支出合计3189.14万元，其中基本支出719.75元，项目支出2469.39万元。", "719.75元"),
        (
            "本年支出合计3189.14万元，其中基本支出719.75万元，占比22.57%；项目支出2469.39万元，占比77.43%。".replace(
                "3189.14万元", "3189.14元"
            ),
            "3189.14元",
        ),
        ("项目全年预算数2860000.00万元，执行数274.63万元，完成预算的96.02%。", "2860000.00万元"),
    ],
    ids=["part", "total", "budget"],
)
def test_unit_slips_are_named_instead_of_arithmetic_errors(text, where):
    result, findings = number_findings(text)
    codes = [f.code for f in findings if f.code != "PF106"]
    assert codes == ["PF107"], [f.message for f in findings]
    finding = next(f for f in findings if f.code == "PF107")
    assert at(result, finding) == where
    assert "万元" in finding.message or "元" in finding.message


def test_seed_style_numbers_in_a_whole_report_only_once():
    text = "一、部门基本情况\n（四）部门整体支出情况\n本年支出合计3189.14万元，其中基本支出719.75万元，占总支出的22.57%；项目支出2469.39万元，占总支出的78.43%。\n"
    result, findings = number_findings(text)
    assert [(f.code, at(result, f)) for f in findings] == [("PF102", "78.43%")]
    assert findings[0].section == ["一、部门基本情况", "（四）部门整体支出情况"]


def test_a_part_that_does_not_fit_its_share_and_the_total_is_the_odd_figure():
    result, findings = number_findings(
        "本年支出合计3189.14万元，其中基本支出791.75万元，占总支出的22.57%；项目支出2469.39万元，占总支出的77.43%。"
    )
    [finding] = findings
    assert (finding.code, at(result, finding)) == ("PF101", "791.75万元")
    assert finding.message == "基本支出 791.75万元 与合计 3189.14万元 及其余各部分不符：按合计应为 719.75万元（各部分之和为 3261.14万元）"
    assert finding.fix.edits[0].content == "719.75万元"


def test_execution_table():
    table = (
        "| 项目名称 | 全年预算数（万元） | 执行数（万元） | 执行率 |\n|---|---|---|---|\n"
        "| 水文资料整编 | 286.00 | 274.63 | 96.02% |\n| 数据库运维 | 120.00 | 131.00 | 109.17% |\n| 年鉴印制 | 50.00 | 40.00 | 85.00% |\n"
    )
    result, findings = number_findings(table)
    assert [(f.code, at(result, f)) for f in findings] == [("PF105", "131.00"), ("PF104", "85.00%"), ("PF106", "85.00%")]
    assert findings[0].message == "执行数 131.00万元 超过全年预算数 120.00万元"


def test_shares_written_in_chinese_numerals_are_checked():
    good = "本年支出合计3189.14万元，其中基本支出719.75万元，占比百分之二十二点五七；项目支出2469.39万元，占比百分之七十七点四三。"
    assert number_findings(good)[1] == []
    result, findings = number_findings(good.replace("百分之二十二点五七", "百分之二十五点五七"))
    assert [(f.code, at(result, f)) for f in findings] == [("PF102", "百分之二十五点五七")]
