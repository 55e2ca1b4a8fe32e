"""Property tests of --fix over generated reports with typography slips: fixing twice
is fixing once, and a fix never changes a figure, a heading or a table."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from perflint.config import validated_rule_options
from perflint.engine import Linter
from perflint.facts.quantities import scan
from perflint.fixing import applicable_fix, fix_source
from perflint.parse import parse
from perflint.sources import source_from_text
from perflint.text import fold_key

from conftest import _PROFILES, _RULES

TITLES = st.sampled_from(["2023年部门整体支出绩效自评报告", "2023 年某单位年度工作总结", "# 某单位项目支出绩效自评报告"])
HEADINGS = st.sampled_from(
    [
        "一、部门基本情况",
        "二、绩效自评情况",
        "(一) 部门职能",
        "（二）年度总体工作和重点工作任务",
        "(三)部门整体支出绩效目标",
        "（四）部门整体支出情况",
        "1. 预算编制",
        "2、预算执行",
        "(1) 信息公开",
        "（2）绩效管理",
        "## 三、其他自评情况",
        "### (五) 其他",
    ]
)
WORDS = st.sampled_from(
    [
        "中心",
        "完成",
        "预算",
        "管理",
        "资产",
        "物业管理费",
        "基本支出",
        "项目支出",
        "合计",
        "其中",
        "占总支出的",
        "执行数",
        "2023年",
        "2023 年",
        "12 月",
        "5月",
        "3189.14万元",
        "719.75 万元",
        "2469.39万元",
        "22.57%",
        "100%",
        "20个",
        "8 次",
        "，",
        ",",
        "。",
        "。。",
        "，，",
        "、",
        ";",
        ":",
        "?",
        "；",
        "：",
        " and ",
        "data",
        "APP",
        "OA系统",
        "(不含人员经费)",
        "(2023 年)",
        "（附件一）",
        "“交通强国”",
        "https://a.cn/x,y",
        "test@example.cn",
        "14:30",
        "3.14",
        "1:2",
        "**重点**",
        "`a,b`",
        "[说明](http://a.cn/b,c)",
        " ",
        "　　",
    ]
)
SENTENCES = st.lists(WORDS, min_size=1, max_size=14).map("".join)
# A paragraph, sometimes ending where it cannot (a page break).
PARAGRAPHS = st.tuples(SENTENCES, st.sampled_from(["。", "、", "，", "；", "", "。。"])).map("".join)
TABLES = st.sampled_from(
    [
        "| 项目,名称 | 金额:万元 |\n|---|---|\n| 基本支出 | 719.75 |\n| 资料 and 文书 | 2469.39 |",
        "| 年度 | 2024 年 |\n|---|---|\n| 合计 | 3189.14 |",
    ]
)
REPORTS = st.tuples(TITLES, st.lists(st.one_of(HEADINGS, PARAGRAPHS, PARAGRAPHS, TABLES), max_size=14)).map(
    lambda parts: "\n\n".join([parts[0], *parts[1]]) + "\n"
)
LINTERS = st.sampled_from(
    [
        Linter(_PROFILES, _RULES),
        Linter(
            _PROFILES,
            _RULES,
            rule_options=validated_rule_options({"PF306": {"number-unit-spacing": "majority"}, "PF301": {"bracket-target": "majority"}}),
        ),
        Linter(_PROFILES, _RULES, rule_options=validated_rule_options({"PF306": {"number-unit-spacing": "spaced"}})),
    ]
)


def figures(text: str) -> list[tuple]:
    """Every number of the text, in order, read the way the facts read them."""
    return [(q.value, q.decimals, q.unit) for q in scan(text)]


def headings(text: str) -> list[tuple]:
    return [(s.heading.style, s.heading.value, fold_key(s.heading.title)) for s in parse(text).walk()]


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPORTS, LINTERS, st.booleans())
def test_fixing_twice_is_fixing_once_and_keeps_every_fact(text, linter, unsafe):
    once = fix_source(linter, source_from_text(text), unsafe=unsafe)
    event("refused" if once.refused else ("fixed" if once.changed else "nothing to fix"))
    twice = fix_source(linter, source_from_text(once.text), unsafe=unsafe)
    assert twice.text == once.text
    if once.refused is None:
        # Nothing applicable is left once fixing has converged.
        assert not [f for f in once.result.findings if applicable_fix(f, unsafe=unsafe)]
    # Checked here independently of the guard in perflint.fixing.
    assert figures(once.text) == figures(text)
    assert headings(once.text) == headings(text)
    assert table_lines(once.text) == table_lines(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300), st.lists(st.one_of(WORDS, HEADINGS, st.sampled_from(["\n", "\n\n", "\r\n", "|"])), max_size=40).map("".join)
    )
)
def test_fixing_any_text_never_fails_and_converges(text):
    linter = Linter(_PROFILES, _RULES, rule_options=validated_rule_options({"PF306": {"number-unit-spacing": "majority"}}))
    once = fix_source(linter, source_from_text(text), unsafe=True)
    assert fix_source(linter, source_from_text(once.text), unsafe=True).text == once.text
