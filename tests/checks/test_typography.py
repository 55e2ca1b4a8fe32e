"""Rule cases for the PF3xx typography rules: passing texts, failing ones, fixed ones."""

from __future__ import annotations

import pytest

from perflint.config import ConfigError, validated_rule_options
from perflint.engine import Linter
from perflint.fixing import fix_source
from perflint.options import option_names
from perflint.sources import load_path, source_from_text

from conftest import _PROFILES, _RULES, SEED_REPORTS, needs_seed

TITLE = "2023年部门整体支出绩效自评报告\n\n"


def rule_options(**options) -> dict:
    """Typography options given as keyword arguments (snake_case for the kebab-case
    keys), each sent to the rule that declares it, validated as a config's would be."""
    tables: dict[str, dict] = {}
    for key, value in options.items():
        name = key.replace("_", "-")
        owner = next(rule.code for rule in _RULES if rule.Options is not None and name in option_names(rule.Options))
        tables.setdefault(owner, {})[name] = value
    return validated_rule_options(tables)


def linter_with(*, profile: str | None = None, **options) -> Linter:
    return Linter(_PROFILES, _RULES, profile_id=profile, rule_options=rule_options(**options))


def _profile_for(title: str) -> str | None:
    """The default title's reports are checked against the Guangdong template, whose
    outline these snippets lack; another title lets perflint choose."""
    return "gd-dept-overall" if title == TITLE else None


def lint(text: str, *, title: str = TITLE, **options):
    """PF3xx findings on ``text``, after a title (by default against the Guangdong template)."""
    result = linter_with(profile=_profile_for(title), **options).lint(source_from_text(title + text))
    return result, [f for f in result.findings if f.code.startswith("PF3")]


def codes_of(text: str, **options) -> list[str]:
    return [f.code for f in lint(text, **options)[1]]


def marked(text: str, **options) -> list[tuple[str, str]]:
    """(code, text under the finding) for each PF3xx finding."""
    result, findings = lint(text, **options)
    return [(f.code, result.source.text[f.span[0] : f.span[1]]) for f in findings]


def fixed(text: str, *, unsafe: bool = False, title: str = TITLE, **options) -> str:
    outcome = fix_source(linter_with(profile=_profile_for(title), **options), source_from_text(title + text), unsafe=unsafe)
    assert outcome.refused is None, outcome.refused
    return outcome.text.removeprefix(title)


# -- PF301 mixed-heading-brackets --------------------------------------------------------

BRACKETS_MIXED = "一、部门基本情况\n\n(一) 部门职能\n\n正文。\n\n（二）年度工作\n\n正文。\n\n(三)绩效目标\n\n正文。\n"


def test_mixed_heading_brackets_flags_the_half_width_ones_and_fixes_them():
    assert marked(BRACKETS_MIXED) == [("PF301", "(一)"), ("PF301", "(三)")]
    assert fixed(BRACKETS_MIXED) == BRACKETS_MIXED.replace("(一) ", "（一）").replace("(三)", "（三）")


@pytest.mark.parametrize(
    "text",
    [
        "一、部门基本情况\n\n（一）部门职能\n\n正文。\n\n（二）年度工作\n\n正文。\n",
        "一、部门基本情况\n\n(一) 部门职能\n\n正文。\n\n(二) 年度工作\n\n正文。\n",  # half-width throughout: consistent
        "一、部门基本情况\n\n（一）部门职能\n\n1. 预算编制\n\n正文。\n",  # no bracket on one of the styles
    ],
)
def test_consistent_heading_brackets_pass(text):
    assert codes_of(text) == []


def test_one_heading_mixing_widths_is_reported_even_alone():
    assert marked("一、部门基本情况\n\n（一)部门职能\n\n正文。\n") == [("PF301", "（一)")]


def test_arabic_bracketed_headings_count_with_the_chinese_ones():
    text = "一、部门基本情况\n\n（一）部门职能\n\n(1) 预算编制\n\n正文。\n\n（2）预算执行\n\n正文。\n"
    assert marked(text) == [("PF301", "(1)")]


def test_bracket_target_majority_fixes_the_minority_to_half_width():
    text = "一、部门基本情况\n\n(一) 部门职能\n\n正文。\n\n（二）年度工作\n\n正文。\n\n(三) 绩效目标\n\n正文。\n"
    assert marked(text, bracket_target="majority") == [("PF301", "（二）")]
    assert "(二)年度工作" in fixed(text, bracket_target="majority")


def test_markdown_heading_with_bracketed_number():
    text = "## 一、部门基本情况\n\n### (一) 部门职能\n\n正文。\n\n### （二）年度工作\n\n正文。\n"
    assert marked(text) == [("PF301", "(一)")]
    assert "### （一）部门职能" in fixed(text)


# -- PF302 latin-word --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("承担重要交通技术资料 and 文书档案资料的管理。", "and"),
        ("承担技术资料and文书档案的管理。", "and"),
        ("加强预算 the 管理。", "the"),
        ("做好数据 data 统计工作。", "data"),
    ],
)
def test_a_lowercase_word_between_chinese_is_reported(text, word):
    assert marked(text) == [("PF302", word)]


@pytest.mark.parametrize(
    "text",
    [
        "推广“粤省事”APP 与 OA系统。",  # acronyms
        "推广手机app服务。",  # allow-listed, any case
        "使用 Excel 表格统计。",  # a capitalised name
        "在 G4 高速开展 ETC 推广，建设 5G 基站和 IPv6 网络。",
        "资料“and”文书。",  # quoted
        "资料（and）文书。",  # bracketed
        "参见《Guide and Notes》一书。",
        "采用 Spring Boot 框架开发。",  # several words: a name
        "道路长 60km 以上。",  # a unit after a figure
        "网址 www.example.gov.cn 已公开。",
        "联系 info@example.cn 邮箱。",
        "执行 `make all` 命令。",
        "详见[the report](http://a.cn/report)说明。",
        "本单位xx项目。",  # a placeholder, not a word
        "| 资料 and 文书 | 1 |\n|---|---|\n",  # a table
    ],
)
def test_accepted_latin_is_not_reported(text):
    assert codes_of(text) == []


def test_latin_words_all_reports_names_and_acronyms_not_in_the_list():
    text = "使用 Excel 表格和 CRM系统，推广 APP 应用。"
    assert marked(text, latin_words="all") == [("PF302", "CRM")]


def test_latin_allow_list_is_configurable():
    assert codes_of("做好数据 data 统计工作。", latin_allow=["data"]) == []


def test_latin_word_has_no_automatic_fix():
    _, [finding] = lint("资料 and 文书。")
    assert finding.fix is None
    assert fixed("资料 and 文书。") == "资料 and 文书。"


# -- PF303 broken-paragraph --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("中心严格控制“三公”经费、能耗支出、\n\n物业管理费等支出。\n", "中心严格控制“三公”经费、能耗支出、物业管理费等支出。\n"),
        ("受招投标、合同签订，\n\n分批付款等流程影响，进度较慢。\n", "受招投标、合同签订，分批付款等流程影响，进度较慢。\n"),
        ("中心加强预算管理，提高执行效率；\n\n继续做好资产管理工作。\n", "中心加强预算管理，提高执行效率；继续做好资产管理工作。\n"),
        ("中心完成了采购管理、资产管理、\n\n\n　　运行成本管理等工作。\n", "中心完成了采购管理、资产管理、运行成本管理等工作。\n"),
    ],
)
def test_a_paragraph_broken_after_a_comma_is_reported_and_joined(text, joined):
    assert codes_of(text) == ["PF303"]
    assert fixed(text) == joined


def test_touching_fixes_are_applied_over_two_passes():
    text = "指导各地市,\n\n开展档案检查。\n"
    assert codes_of(text) == ["PF303", "PF304"]
    assert fixed(text) == "指导各地市，开展档案检查。\n"


@pytest.mark.parametrize(
    "text",
    [
        "中心完成年度任务。\n\n物业管理费控制在标准内。\n",  # a full stop
        "在信息化工作方面：\n\n1. 加强视频资源汇聚\n\n正文。\n",  # a heading follows
        "主要措施如下：\n\n加强预算管理。\n",  # a colon introduces what follows
        "项目绩效目标完成情况及效益主要是：网络覆盖扩大；\n\n全省服务对象总体满意。\n",  # a labelled item
        "一是加强预算管理，提高执行效率；\n\n二是做好资产管理。\n",  # enumerated items
        "（1）加强预算管理；\n\n（2）做好资产管理。\n",
        "存在问题：执行进度偏慢；\n\n改进措施：加快执行。\n",
        "主要做法\n\n中心全年开展检查十余次。\n",  # a short title-like line
        "中心完成了采购管理、资产管理、\n\n2023年工作如下。\n",  # not a Chinese continuation
        "中心完成了采购管理、\n\n- 资产管理\n",  # a list item
        "中心完成了采购管理、\n<!-- 备注 -->\n\n资产管理。\n",  # something between
        "中心完成了采购管理、\n\n| 项目 | 金额 |\n|---|---|\n",  # a table follows
    ],
)
def test_legitimate_paragraph_ends_pass(text):
    assert codes_of(text) == []


def test_a_long_paragraph_without_closing_punctuation_has_an_unsafe_fix():
    text = "中心按照要求开展了全年的预算执行监控和绩效运行监控工作并形成了分析报告上报主管部门\n\n经审核后予以公开。\n"
    _, [finding] = lint(text)
    assert finding.code == "PF303" and finding.fix.applicability == "unsafe"
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == text.replace("\n\n经审核", "经审核")
    assert codes_of(text, unpunctuated_breaks=False) == []


def test_break_marks_are_configurable():
    text = "中心完成了采购管理、资产管理、\n\n运行成本管理等工作。\n"
    assert codes_of(text, break_marks="，") == []


# -- PF304 halfwidth-punctuation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("部门名称:广东省测试中心\n", "部门名称：广东省测试中心\n"),
        ("合同签订,分批付款等流程。\n", "合同签订，分批付款等流程。\n"),
        ("合同签订 , 分批付款等流程。\n", "合同签订，分批付款等流程。\n"),
        ("加强管理;提高效率。\n", "加强管理；提高效率。\n"),
        ("是否完成?已完成!\n", "是否完成？已完成！\n"),
        ("存在问题:\n\n执行偏慢。\n", "存在问题：\n\n执行偏慢。\n"),
        ("“交通强国”,坚持服务大局。\n", "“交通强国”，坚持服务大局。\n"),
        ("项目资金(不含人员经费)已拨付。\n", "项目资金（不含人员经费）已拨付。\n"),
        ("详见(附件1)说明。\n", "详见（附件1）说明。\n"),
    ],
)
def test_half_width_punctuation_in_chinese_is_fixed_to_full_width(text, expected):
    assert set(codes_of(text)) == {"PF304"}
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "会议于 14:30 召开，时间为 2024-05-06。\n",
        "比例为 1:2，圆周率约 3.14，金额 3,189.14 万元。\n",
        "网址 https://www.example.gov.cn/a,b?x=1 已公开。\n",
        "邮箱 a,b@example.cn 已公开。\n",
        "运维(2023 年)项目已完成。\n",  # the bracket starts with a figure
        "系统采用 (GDP) 口径。\n",  # Latin in the brackets
        "按 Fig. 1(a) 所示。\n",
        "`a,b` 和 **重点**,以及 [说明](http://a.cn/b,c)。\n",  # code, emphasis marks, links
        "| 项目,名称 | 金额:万元 |\n|---|---|\n| 办公,费用 | 1 |\n",  # a table
        "<!-- 备注:说明 -->\n\n正文。\n",
        "Hello, world! It is 10:30; ok?\n",  # Latin text
    ],
)
def test_half_width_punctuation_outside_chinese_prose_passes(text):
    assert codes_of(text) == []


def test_which_half_width_marks_are_checked_is_configurable():
    assert codes_of("部门名称:广东省测试中心，合同签订,分批付款。\n", halfwidth_punctuation=",") == ["PF304"]


# -- PF305 repeated-punctuation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中心严格落实管理制度。。\n", "中心严格落实管理制度。\n"),
        ("合同签订，，分批付款。\n", "合同签订，分批付款。\n"),
        ("采购、、资产管理。\n", "采购、资产管理。\n"),
        ("是否完成？？？\n", "是否完成？\n"),
    ],
)
def test_repeated_punctuation_is_reported_and_reduced_to_one(text, expected):
    assert codes_of(text) == ["PF305"]
    assert fixed(text) == expected


@pytest.mark.parametrize("text", ["情况如下……\n", "中心——即本单位——负责。\n", "合同签订，分批付款。\n"])
def test_ellipsis_dash_and_single_marks_pass(text):
    assert codes_of(text) == []


# -- PF306 number-unit-spacing -----------------------------------------------------------

MOSTLY_CLOSED = "2023年中心支出3189.14万元，完成20个项目。\n\n根据 2020 年初文件，共计检查 8次。\n"
MOSTLY_SPACED = "2023 年中心支出 3189.14 万元，完成 20 个项目。\n\n根据2020年初文件，共计检查 8 次。\n"


def test_number_unit_spacing_reports_the_minority_outside_the_guangdong_profile():
    title = "某单位年度工作总结\n\n"
    assert marked(MOSTLY_CLOSED, title=title) == [("PF306", "2020 年")]
    assert marked(MOSTLY_SPACED, title=title) == [("PF306", "2020年")]
    assert fixed(MOSTLY_CLOSED, title=title) == MOSTLY_CLOSED.replace("根据 2020 年初", "根据2020年初")
    assert fixed(MOSTLY_SPACED, title=title) == MOSTLY_SPACED.replace("根据2020年初", "根据 2020 年初")


def test_number_unit_spacing_is_off_in_the_guangdong_profile_and_configurable():
    assert codes_of(MOSTLY_CLOSED) == []
    assert marked(MOSTLY_CLOSED, number_unit_spacing="majority") == [("PF306", "2020 年")]
    assert [m for _, m in marked(MOSTLY_CLOSED, number_unit_spacing="spaced")] == [
        "2023年",
        "2023年",
        "3189.14万元",
        "20个",
        "8次",
    ]  # the title too
    assert marked(MOSTLY_SPACED, number_unit_spacing="closed") == [
        ("PF306", "2023 年"),
        ("PF306", "3189.14 万元"),
        ("PF306", "20 个"),
        ("PF306", "8 次"),
    ]


def test_number_unit_spacing_tie_goes_to_closed_up():
    text = "2023年中心完成任务，2024 年继续。\n"
    assert marked(text, number_unit_spacing="majority") == [("PF306", "2024 年")]


@pytest.mark.parametrize(
    "text",
    [
        "完成率为 22.57%，执行率 100%。\n",  # % is not a unit here
        "2023年中心支出 3189.14万元。\n\n| 年度 | 2024 年 |\n|---|---|\n",  # tables are not prose
        "时间为 2024-05-06 14:30，版本 3.14。\n",
    ],
)
def test_number_unit_spacing_ignores_percent_tables_dates_and_decimals(text):
    assert codes_of(text, number_unit_spacing="majority") == []


def test_number_unit_spacing_fix_never_changes_a_number():
    text = "2023年支出3189.14万元，约60多个项目，计划 70 余次，其中 8 个重点。\n"
    result = fixed(text, number_unit_spacing="closed")
    assert result == "2023年支出3189.14万元，约60多个项目，计划70余次，其中8个重点。\n"


# -- all rules: Markdown syntax, tables, URLs, dates, decimals ------------------------------

CLEAN_MARKDOWN = """\
## 一、部门基本情况

### （一）部门职能

中心承担全省测试事务（含 **档案管理**）。网址：<https://www.example.gov.cn/a,b>，邮箱 test@example.cn。

- 会议于 2024-05-06 14:30 召开，圆周率 3.14，比例 1:2。
- 使用 `python -m perflint` 检查。

> 引用：见[《办法》](http://a.cn/x,y)。

| 项目,名称 | 金额:万元 | 备注 |
|---|---|---|
| 资料 and 文书 | 3,189.14 | (一) |

```
a,b;c:d  资料 and 文书
```
"""


def test_no_typography_finding_on_markdown_syntax_tables_urls_dates_or_decimals():
    assert codes_of(CLEAN_MARKDOWN, number_unit_spacing="majority") == []


def test_run_options_must_be_valid():
    with pytest.raises(ConfigError, match="PF301.bracket-target: Input should be 'fullwidth' or 'majority'"):
        validated_rule_options({"PF301": {"bracket-target": "sideways"}})
    with pytest.raises(ConfigError, match="no-such-option: unknown option for PF306"):
        validated_rule_options({"number-unit-spacing": {"no-such-option": 1}})


def test_messages_in_english():
    linter = Linter(_PROFILES, _RULES, lang="en")
    result = linter.lint(source_from_text(TITLE + "资料 and 文书，合同签订,分批付款。。\n"))
    assert [f.message for f in result.findings if f.code.startswith("PF3")] == [
        "Latin word “and” inside Chinese prose reads as a slip",
        "half-width “,” in Chinese text; write the full-width “，”",
        "punctuation “。。” repeated",
    ]


# -- the shared seed report ----------------------------------------------------------------


@needs_seed
def test_seed_gets_the_latin_word_the_broken_paragraph_and_the_mixed_brackets_only():
    linter = Linter(_PROFILES, _RULES)
    result = linter.lint(load_path(SEED_REPORTS[0]))
    found = [(f.code, result.source.text[f.span[0] : f.span[1]]) for f in result.findings if f.code.startswith("PF3")]
    assert found == [
        ("PF301", "(一)"),
        ("PF302", "and"),
        ("PF301", "(二)"),
        ("PF301", "(三)"),
        ("PF301", "(四)"),
        ("PF303", "、"),
        ("PF301", "(四)"),
    ]
    broken = next(f for f in result.findings if f.code == "PF303")
    assert result.source.text[: broken.span[1]].endswith("能耗支出、")
