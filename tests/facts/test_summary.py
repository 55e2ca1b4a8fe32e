"""The reviewer's summary facts of a report (perflint.facts.summary): unit, kind, year,
score, grade, the overall execution rate, and what the engine puts in FileFacts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from content_helpers import GD, HEADER

from perflint.detection import kind_name
from perflint.facts import extract
from perflint.facts.summary import overall_execution_rate, unit_of
from perflint.parse import parse
from perflint.profiles import default_numbers
from perflint.sources import load_path

from conftest import FIXTURES, ROOT, lint_text

REPORTS = FIXTURES / "gd-dept-overall"
REVIEW = ROOT / "tests" / "data" / "review"


def facts_of_file(path: Path):
    from perflint.engine import Linter

    from conftest import _PROFILES, _RULES

    return Linter(_PROFILES, _RULES).lint(load_path(path)).facts


def test_the_clean_fixture_states_every_fact_but_an_overall_rate():
    facts = facts_of_file(REPORTS / "clean.md")
    assert (facts.unit, facts.kind, facts.year, facts.score, facts.grade) == (
        "广东省水文资料整编中心",
        "dept-overall",
        2023,
        Decimal("92.30"),
        "优",
    )
    assert facts.execution_rate is None  # it states its project's rate only
    assert (facts.rectification, facts.fail_on) == ("completed", "error")
    assert str(facts.score) == "92.30"  # the digits as written


@pytest.mark.parametrize(
    ("name", "rate"),
    [
        ("dept-overall-rate.md", Decimal("97.42")),
        ("dept-low-rate.md", Decimal("84.20")),
    ],
)
def test_a_stated_overall_rate(name: str, rate: Decimal):
    assert facts_of_file(REVIEW / name).execution_rate == rate


def test_a_project_rate_broken_over_two_pdf_lines_is_still_the_projects():
    """The PDF breaks “…项目”全年预算数 | 286.00万元，…96.02% into two paragraphs."""
    facts = facts_of_file(FIXTURES / "office" / "clean.pdf")
    assert facts.execution_rate is None and facts.score == Decimal("92.30")


def test_two_different_scores_or_an_unknown_grade_leave_the_fact_out():
    assert facts_of_file(REPORTS / "content-two-scores.md").score is None
    assert facts_of_file(REPORTS / "content-invalid-grade.md").grade is None
    assert facts_of_file(REPORTS / "content-missing-grade.md").grade is None


def test_the_same_score_written_twice_is_one_score():
    text = HEADER + "二、绩效自评情况\n（一）自评结论\n自评得分92.3分，自评等级为优秀。综上，部门整体支出绩效自评得分为92.30分。\n"
    facts = lint_text(text, profile="gd-dept-overall", dedent=False).facts
    assert facts.score == Decimal("92.3") and facts.grade == "优"


def rate_of(text: str, *, profile: bool = True) -> Decimal | None:
    document = parse(text)
    vocab = GD.numbers if profile else default_numbers()
    others = GD.content.conclusion.other_subject_markers if profile else ()
    return overall_execution_rate(document, extract(document, vocab), vocab, others, fiscal_year=2023)


@pytest.mark.parametrize(
    ("body", "rate"),
    [
        # the department's own rate, before or after its projects'
        ("全年预算数1320.50万元，执行数1286.47万元，预算执行率为97.42%。", Decimal("97.42")),
        (
            "中心2023年财政项目“数据库运维项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。全年预算执行率为98.10%。",
            Decimal("98.10"),
        ),
        # a document title in 《》 names no subject of the claim
        ("根据《关于做好2023年预算执行工作的通知》要求，全年预算执行率为98.50%。", Decimal("98.50")),
        # only a project's rate, in quotes, or in the Guangdong template's project wording
        ("中心2023年财政项目“数据库运维项目”全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。", None),
        ("中心2023年财政项目全年预算数286.00万元，执行数274.63万元，完成预算的96.02%。", None),
        # the project's name on the line before, as a PDF breaks a sentence
        ("中心2023年财政项目“数据库运维项目”全年预算数\n\n286.00万元，执行数274.63万元，完成预算的96.02%。", None),
        # none stated
        ("全年预算数1320.50万元，执行数1286.47万元。", None),
        # not an interim rate, last year's, or a part's; the overall one among several
        ("截至2023年6月30日，预算执行率为46.18%。全年预算执行率为95.22%。", Decimal("95.22")),
        ("上年度预算执行率为89.60%，本年度预算执行率95.24%。", Decimal("95.24")),
        ("其中上年结转资金执行率92.00%。全年预算数250.00万元，全年执行数241.00万元，预算执行率为96.40%。", Decimal("96.40")),
        (
            "基本支出预算1200.00万元，执行率98.36%；项目支出预算1380.00万元，执行率92.05%；全年预算数2580.00万元，整体预算执行率94.98%。",
            Decimal("94.98"),
        ),
        ("中央资金执行980.00万元，执行率98.00%。资金总额1500.00万元，总体执行1430.00万元，总体执行率95.33%。", Decimal("95.33")),
        ("全年预算执行率为95.22%。全年政府采购预算执行率为100%。", Decimal("95.22")),
    ],
)
def test_the_overall_execution_rate(body: str, rate: Decimal | None):
    assert rate_of(HEADER + "一、部门基本情况\n（四）部门整体支出情况\n" + body + "\n") == rate


def test_a_project_word_is_another_subject_only_where_the_template_says_so():
    body = "项目全年预算数286.00万元，执行数274.63万元，执行率为96.02%。\n"
    assert rate_of(HEADER + body) is None
    assert rate_of("2023年项目支出绩效自评报告\n" + body, profile=False) == Decimal("96.02")


def test_a_table_gives_its_total_rows_rate():
    table = (
        "2023年项目支出绩效自评表\n"
        "| 项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |\n"
        "| --- | --- | --- | --- |\n"
        "| 其中：当年财政拨款 | 80 | 80 | 100% |\n"
        "| 年度资金总额 | 100 | 95 | 95% |\n"
    )
    assert rate_of(table, profile=False) == Decimal("95")


@pytest.mark.parametrize(
    ("fields", "unit"),
    [
        ("部门名称：广东省甲中心\n项目名称：乙项目\n", "广东省甲中心"),
        ("项目名称：乙项目\n实施单位：丙局\n", "乙项目"),
        ("部门名称：\n单位名称：丁所\n", "丁所"),  # an empty field is passed over
        ("部门（单位）名称：戊站\n", "戊站"),
        ("項目名稱：農村公路養護\n", "農村公路養護"),  # traditional characters fold to the same field
        ("填报日期：2024年4月18日\n", None),
    ],
)
def test_the_unit_is_the_first_filled_unit_field(fields: str, unit: str | None):
    assert unit_of(parse("2023年部门整体支出绩效自评报告\n" + fields + "一、部门基本情况\n正文。\n")) == unit


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023年部门整体支出绩效自评报告", "dept-overall"),
        ("岳阳市2018年度部门整体支出绩效评价自评报告", "dept-overall"),
        ("开远市第十二中学校2024年度部门整体和项目支出绩效自评报告", "dept-overall"),  # the longer word wins
        ("项目支出绩效自评表（2022年度）", "project"),
        ("岳阳县财政支出项目绩效评价自评报告（森林防火专项）", "project"),
        ("永兴县水利局2019年度九山河治理工程专项资金绩效评价报告", "special-fund"),  # a project report on a fund
        ("河北省中央农业生产和水利救灾资金转移支付2022年度绩效自评报告", "project"),
        ("下桥镇人民政府2024年度绩效自评报告", None),
    ],
)
def test_the_kind_is_the_chosen_templates_or_the_special_fund_the_title_names(title: str, kind: str | None):
    assert lint_text(title + "\n\n正文。\n", dedent=False).facts.kind == kind


def test_every_kind_has_a_name_in_both_languages():
    assert kind_name("project") == "项目支出" and kind_name("project", "en") == "project expenditure"
    assert kind_name("special-fund") == "专项资金" and kind_name("special-fund", "en") == "special fund"
    assert kind_name("dept-overall") == "部门整体支出"
    assert kind_name(None) == "" and kind_name("unknown") == "unknown"


def test_a_report_no_template_fits_still_has_its_facts():
    text = "2023年度项目支出绩效自评报告\n项目名称：乙项目\n一、基本情况\n自评得分88分。预算执行率为91.20%。\n"
    facts = lint_text(text, dedent=False).facts
    assert (facts.unit, facts.kind, facts.year, facts.score, facts.execution_rate) == (
        "乙项目",
        "project",
        2023,
        Decimal("88"),
        Decimal("91.20"),
    )
    assert facts.rectification is None


def test_the_engine_records_the_configs_fail_on(tmp_path: Path):
    from perflint.workspace import Workspace

    (tmp_path / "perflint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    report = tmp_path / "r.md"
    report.write_text((REVIEW / "dept-low-rate.md").read_text(encoding="utf-8"), encoding="utf-8")
    linter, _ = Workspace().linter_for(report)
    result = linter.lint(load_path(report))
    assert result.facts.fail_on == "warning" and [f.severity.value for f in result.findings] == ["warning"]
    assert result.passes is False
    result.facts.fail_on = "error"
    assert result.passes is True


@pytest.mark.parametrize(
    "text",
    [
        "项目支出绩效自评报告\n项目名称：乡村道路养护\n评价年度：2023\n一、基本情况\n项目全年预算数100万元。\n",
        "部门整体支出绩效自评报告\n\n（2023年度）\n\n一、部门基本情况\n本部门负责某某工作。\n",
    ],
)
def test_the_year_stated_under_the_title_or_in_a_header_field(text: str):
    assert lint_text(text, dedent=False).facts.year == 2023


def test_a_note_after_the_unit_name_is_no_part_of_it():
    text = "2023年部门整体支出绩效自评报告\n部门名称：珠澜市测绘院（盖章）\n一、部门基本情况\n本部门负责测绘工作。\n"
    assert lint_text(text, dedent=False).facts.unit == "珠澜市测绘院"
