"""The [table] data of a profile: a template changes weights and the rate's budget,
turns checks off, and is validated like the rest of a profile."""

from pathlib import Path

import pytest

from perflint.engine import Linter
from perflint.profiles import ProfileError, ProfileSet, default_table, load_profile_file
from perflint.sources import source_from_text

import conftest
from national_table import NationalTable

COUNTY = """
id = "county-project"
name = "某县项目支出绩效自评表"
extends = "national-project-table"

[[table.forms]]
id = "county"
name = "某县项目支出绩效自评表"
execution-points = 20
category-points = { "产出指标" = 40, "效益指标" = 30, "满意度指标" = 10 }
rate-base = "budget"
off = ["PF409"]
"""


def profile_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "county.toml"
    path.write_text(text, encoding="utf-8")
    return path


def lint_with(tmp_path: Path, text: str, profile: str = COUNTY):
    profiles = ProfileSet([*ProfileSet.load(), load_profile_file(profile_file(tmp_path, profile))])
    result = Linter(profiles, conftest._RULES, profile_id="county-project").lint(source_from_text(text, "report.md"))
    assert result.profile == "county-project"
    return [(f.code, result.source.text[f.span[0] : f.span[1]]) for f in result.findings if f.code.startswith("PF4")]


def test_the_shipped_forms():
    assert [form.id for form in default_table().forms] == ["national", "sichuan", "chongqing"]


def test_a_template_sets_its_own_weights(tmp_path):
    """执行率 20 and 产出 40 in this county's form: the national 10 / 50 are the slips here."""
    assert lint_with(tmp_path, NationalTable().markdown()) == [("PF402", "10"), ("PF402", "产出指标(50分)")]


def test_a_template_turns_a_check_off(tmp_path):
    table = NationalTable()
    next(i for i in table.indicators if i.name == "配套健身器材套数").score = "10"
    table.total[1] = table.text_score = "99.5"
    assert ("PF409", "10") not in lint_with(tmp_path, table.markdown())
    assert ("PF409", "10") in [(code, text) for code, text in lint_with(tmp_path, table.markdown(), COUNTY.replace('off = ["PF409"]', ""))]


def test_a_template_names_the_budget_the_rate_divides(tmp_path):
    """114.00 ÷ 100.00 (年初预算数) is 114%: with rate-base = "budget" only 全年预算数 counts."""
    table = NationalTable()
    table.funds[0][5] = "114.00%"
    table.funds[0][6] = "10"
    table.total[1] = table.text_score = "98.3"
    assert ("PF405", "114.00%") in lint_with(tmp_path, table.markdown())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[[table.forms]]\nid = "a"\nname = "a"\ndetect = ["权重"]\n', "the first form is the default one"),
        ('[table]\nplaceholder-patterns = ["(unclosed"]\n', "invalid regular expression"),
        ('[table]\nfunds-totals = ["总额"]\n', "unknown key"),
        ('[[table.forms]]\nid = "a"\nname = "a"\nrate-base = "median"\n', "rate-base"),
    ],
)
def test_a_bad_table_section_is_a_profile_error(tmp_path, extra, message):
    text = 'id = "broken"\nname = "b"\ndetect = ["某报告"]\n' + extra
    with pytest.raises(ProfileError, match=message):
        load_profile_file(profile_file(tmp_path, text))
