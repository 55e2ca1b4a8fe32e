"""Filing dates, the fiscal year, and the year a report's spending is stated for."""

from __future__ import annotations

import pytest
from content_helpers import at, facts_of

from perflint.document import Title
from perflint.facts.dates import read_date, title_year


@pytest.mark.parametrize(
    ("text", "status", "ymd"),
    [
        ("2024年4月18日", "valid", (2024, 4, 18)),
        ("2024 年 5 月 6 日", "valid", (2024, 5, 6)),
        ("２０２４年５月６日", "valid", (2024, 5, 6)),
        ("2024-04-18", "valid", (2024, 4, 18)),
        ("2024.4.18", "valid", (2024, 4, 18)),
        ("2024/4/18", "valid", (2024, 4, 18)),
        ("二〇二四年五月六日", "valid", (2024, 5, 6)),
        ("2024年2月29日", "valid", (2024, 2, 29)),  # a leap year
        ("2024年5月", "partial", (2024, 5, None)),
        ("2024年2月30日", "impossible", (2024, 2, 30)),
        ("2023年2月29日", "impossible", (2023, 2, 29)),
        ("2024年4月31日", "impossible", (2024, 4, 31)),
        ("2024年13月1日", "impossible", (2024, 13, 1)),
        ("二〇二四年二月三十日", "impossible", (2024, 2, 30)),
        ("见附件", "unreadable", (None, None, None)),
    ],
)
def test_dates_as_written(text, status, ymd):
    date = read_date(text, 10)
    assert (date.status, (date.year, date.month, date.day)) == (status, ymd)
    if status != "unreadable":
        assert date.span[0] == 10


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2023年部门整体支出绩效自评报告", 2023),
        ("2023 年部门整体支出绩效自评报告", 2023),
        ("广东省某某中心2023年度部门整体支出绩效自评报告", 2023),
        ("二〇二三年度部门整体支出绩效自评报告", 2023),
        ("部门整体支出绩效自评报告", None),
        ("20XX年部门整体支出绩效自评报告", None),
    ],
)
def test_fiscal_year_from_the_title(title, year):
    found = title_year(Title(title, (0, len(title))))
    assert (found.year if found else None) == year
    if found:
        assert title[found.span[0] : found.span[1]] in ("2023", "二〇二三")


def spending_years(body: str, section: str = "（四）部门整体支出情况"):
    text = "2023年部门整体支出绩效自评报告\n填报日期：2024年4月18日\n一、部门基本情况\n" + section + "\n" + body + "\n"
    text, facts = facts_of(text)
    return [[m.year for m in s.years] for s in facts.spending_sentences]


@pytest.mark.parametrize(
    "body",
    [
        "2023年中心本年财政性实际支出合计1286.47万元，其中基本支出538.92万元。",
        "2023 年中心本年财政性实际支出合计 3189.14 万元。",
        "根据《关于做好2024年省级财政资金绩效自评工作的通知》，2023年中心支出合计1286.47万元。",
        "根据财预〔2020〕10号文件要求，2023年度部门决算支出1286.47万元。",
        "2023年支出合计1286.47万元，较2022年减少100.00万元。",
    ],
)
def test_spending_governed_by_the_fiscal_year(body):
    assert 2023 in spending_years(body)[0]


@pytest.mark.parametrize(
    ("body", "year"),
    [
        ("2022年中心本年财政性实际支出合计1286.47万元，其中基本支出538.92万元。", 2022),
        ("2022 年度部门预算支出合计1286.47万元。", 2022),
        ("中心2022年财政项目“水文资料整编项目”全年预算数286.00万元，执行数274.63万元。", 2022),
    ],
)
def test_spending_governed_by_another_year(body, year):
    assert spending_years(body) == [[year]]


@pytest.mark.parametrize(
    "body",
    [
        "根据2020年初省编委相关文件，中心剥离信息化相关工作任务。",  # a 2020 reorganisation, no spending
        "根据2024年省财政厅通知要求，中心本年支出合计1286.47万元。",  # a 2024 notice
        "中心已于2023年12月完成法人登记变更。",
        "2024年将加快预算执行进度，计划安排项目支出300.00万元。",  # a plan
        "中心本年财政性实际支出合计1286.47万元。",  # no year at all
        "截至2024年3月31日，中心本年支出合计1286.47万元。",  # a date, not the spending's year
    ],
)
def test_other_years_are_not_attributions(body):
    assert all(2023 in years for years in spending_years(body))


def test_outside_the_expenditure_section_only_this_year_wording_counts():
    assert spending_years("2022年资金200.00万元用于设备购置。", section="（二）年度总体工作和重点工作任务") == []
    assert spending_years("2022年度项目支出200.00万元。", section="（二）年度总体工作和重点工作任务") == [[2022]]


def test_quoted_project_year_is_a_name():
    body = "中心2023年财政项目“省交通运输厅虚拟专网租赁及运维(2022年)项目”全年预算数651.04万元，执行数651.04万元。"
    assert spending_years(body, section="三、其他自评情况") == [[2023]]


def test_filing_date_field_and_span():
    text, facts = facts_of("2023年部门整体支出绩效自评报告\n部门名称：测试中心\n填表日期：2024年2月30日\n一、部门基本情况\n")
    name, date = facts.filing_date
    assert name == "填表日期" and date.status == "impossible" and at(text, date.span) == "2024年2月30日"
