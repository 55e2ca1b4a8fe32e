"""The shipped templates: each is chosen by evidence, has a clean fixture with no finding,
and reports each of its mandatory parts when it is missing; users add their own."""

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.detection import choose
from perflint.outline import match_outline
from perflint.parse import parse
from perflint.sources import source_from_text

from conftest import _PROFILES, FIXTURES, ROOT, lint_text
from test_cli import run as run_process

SHIPPED = sorted(profile.id for profile in _PROFILES)


def clean_fixture(template_id: str) -> Path:
    return FIXTURES / template_id / "clean.md"


def test_every_shipped_template_has_a_clean_fixture_with_no_finding():
    for template_id in SHIPPED:
        text = clean_fixture(template_id).read_text(encoding="utf-8")
        result = lint_text(text, dedent=False)
        assert result.profile == template_id, (template_id, result.profile_reason)
        assert [(f.code, f.message) for f in result.findings] == [], template_id


def _required_parts() -> list[tuple[str, str]]:
    return [
        (profile.id, spec.id)
        for profile in _PROFILES
        for top in profile.sections
        for spec in top.walk()
        if spec.required and clean_fixture(profile.id).exists()
    ]


@pytest.mark.parametrize(("template_id", "part"), _required_parts())
def test_each_mandatory_part_missing_is_found(template_id: str, part: str):
    """The clean fixture without one mandatory part (its heading and everything under
    it) gives exactly one PF001, naming that part, against the same template."""
    profile = _PROFILES.get(template_id)
    text = clean_fixture(template_id).read_text(encoding="utf-8")
    node = match_outline(parse(text), profile).find(part)
    assert node is not None and node.section is not None, f"the clean fixture of {template_id} lacks {part}"
    start, end = node.section.span
    result = lint_text(text[:start] + text[end:].lstrip("\n"), dedent=False, profile=template_id)
    structure = [(f.code, f.message) for f in result.findings if f.code.startswith("PF0") and f.code not in ("PF003", "PF010")]
    assert structure == [("PF001", f"缺少模板要求的章节“{node.spec.title}”")] or (
        node.parent is not None and structure == [("PF001", f"“{node.parent.section.heading.label}”缺少模板要求的部分“{node.spec.title}”")]
    ), structure


# -- detection ---------------------------------------------------------------------------


def chosen(text: str) -> str | None:
    choice = choose(parse(text), _PROFILES)
    return choice.profile.id if choice.profile else None


@pytest.mark.parametrize(
    ("title", "template_id"),
    [
        ("2023年度湖南省应急管理厅部门整体支出绩效自评报告", "national-dept-overall"),
        ("巴中市恩阳区农业农村局部门整体支出绩效评价报告", "national-dept-overall"),
        ("施甸县文化和旅游局2024年整体支出绩效自评报告", "national-dept-overall"),
        ("霍邱县教育局2022年部门绩效自评工作情况总结", "national-dept-overall"),
        ("开远市第十二中学校2024年度部门整体和项目支出绩效自评报告", "national-dept-overall"),
        ("青禾县项目管理中心2023年度单位整体支出绩效自评报告", "national-dept-overall"),
        ("2023年度部门整体支出绩效自评表", "national-dept-overall-table"),
        ("红河州数据发展中心2024年度项目支出绩效单位自评报告", "national-project"),
        ("河北省中央农业生产和水利救灾资金转移支付2022年度绩效自评报告", "national-project"),
        ("县司法局2020年度一村(社区)一法律顾问经费绩效自评报告", "national-project"),
        ("项目支出绩效自评报告及自评表", "national-project"),
        ("项目支出绩效自评表（2022年度）", "national-project-table"),
        ("2023年部門整體支出績效自評報告", "national-dept-overall"),
        ("項(xiàng)目支出績(jī)效自評(píng)報(bào)告", "national-project"),
        ("2023年度工作总结", None),
        ("下桥镇人民政府2024年度绩效自评报告", None),
    ],
)
def test_the_title_names_the_kind_and_the_form(title: str, template_id: str | None):
    assert chosen(f"{title}\n\n正文。\n") == template_id


def test_a_title_broken_over_two_lines_is_read_whole():
    text = (FIXTURES / "national-dept-overall" / "title-on-two-lines.md").read_text(encoding="utf-8")
    document = parse(text)
    assert document.title is not None and document.title.text == "青禾县市场监督管理局2023年度部门整体支出绩效自评报告"
    assert chosen("**河县2023年度中央水利发展资金\n绩效自评报告\n正文。\n") == "national-project"


def test_a_provincial_template_needs_its_own_marks():
    gd = (FIXTURES / "gd-dept-overall" / "clean.md").read_text(encoding="utf-8")
    assert chosen(gd) == "gd-dept-overall"
    hunan = (FIXTURES / "hn-dept-overall" / "clean.md").read_text(encoding="utf-8")
    assert chosen(hunan) == "hn-dept-overall"
    # The Guangdong title and basic part alone, without the parts Guangdong adds: the
    # national template, and none of Guangdong's sections are asked for.
    bare = "2023年部门整体支出绩效自评报告\n\n一、部门基本情况\n\n中心承担全省测试事务。\n"
    assert chosen(bare) == "national-dept-overall"


def test_a_hunan_report_gets_no_guangdong_finding():
    result = lint_text(clean_fixture("hn-dept-overall").read_text(encoding="utf-8"), dedent=False)
    assert result.profile == "hn-dept-overall"
    assert not any(f.code in ("PF001", "PF002", "PF005") for f in result.findings)
    traditional = lint_text((FIXTURES / "hn-dept-overall" / "clean-traditional.md").read_text(encoding="utf-8"), dedent=False)
    assert traditional.profile == "hn-dept-overall" and traditional.findings == []


def test_a_sichuan_table_gets_the_sichuan_template():
    assert chosen(clean_fixture("sc-project").read_text(encoding="utf-8")) == "sc-project"
    assert chosen(clean_fixture("national-project-table").read_text(encoding="utf-8")) == "national-project-table"


TRANSFER_VARIANTS = ["clean.md", "clean-renumbered.md", "clean-older-form.md"]


@pytest.mark.parametrize("name", TRANSFER_VARIANTS)
def test_a_transfer_payment_report_gets_the_transfer_template(name: str):
    # The 2020 form in full, a unit's renumbered copy (绩效自评工作开展情况 inserted, 、
    # numbering) and the older form without 分解下达: each is clean against its template,
    # and the project template would ask each for parts its form does not have.
    text = (FIXTURES / "national-transfer" / name).read_text(encoding="utf-8")
    result = lint_text(text, dedent=False)
    assert result.profile == "national-transfer", result.profile_reason
    assert result.findings == []
    as_project = lint_text(text, dedent=False, profile="national-project")
    assert any(f.code == "PF001" for f in as_project.findings)


def test_the_transfer_outline_nested_under_a_fund_is_the_transfer_template():
    # One block per fund, the form's parts one level down (云南省…中央自然灾害资金).
    text = (
        "2023年度中央自然灾害救灾资金绩效自评报告\n\n一、森林防火补助经费\n\n（一）绩效目标分解下达情况\n\n"
        "下达经费120万元。\n\n（二）绩效目标完成情况分析\n\n1.资金投入情况分析\n\n资金全部到位。\n"
    )
    assert chosen(text) == "national-transfer"


@pytest.mark.parametrize(
    "body",
    [
        # The project outline, with a transfer payment's title: no mark at all.
        "一、基本情况\n\n正文。\n\n二、绩效目标\n\n正文。\n\n三、评价结论\n\n自评等级为优。\n\n"
        "四、绩效指标分析\n\n正文。\n\n五、存在的问题\n\n正文。\n\n六、改进措施\n\n正文。\n",
        # One mark alone is not enough: the 分解下达 part ...
        "一、绩效目标分解下达情况\n\n下达资金555万元。\n\n二、存在的问题和改进措施\n\n正文。\n",
        # ... the analysis of the money put in after a 基本情况 (铜梁区's copy) ...
        "一、基本情况\n\n正文。\n\n二、绩效情况分析\n\n（一）资金投入情况分析。正文。\n\n（二）资金管理情况分析。正文。\n",
        # ... or Guangdong's 偏离绩效目标的原因 in a project outline.
        "一、基本情况\n\n正文。\n\n二、绩效自评结论\n\n自评等级为优。\n\n三、偏离绩效目标的原因\n\n正文。\n",
    ],
)
def test_a_transfer_payment_report_without_the_marks_keeps_the_project_template(body: str):
    assert chosen("2022年度中央农业生产和水利救灾资金转移支付绩效自评报告\n\n" + body) == "national-project"


def test_a_project_report_never_gets_the_transfer_template():
    assert chosen(clean_fixture("national-project").read_text(encoding="utf-8")) == "national-project"
    assert chosen(clean_fixture("gd-project").read_text(encoding="utf-8")) == "gd-project"


def test_website_chrome_above_the_title_is_not_the_title():
    result = lint_text((FIXTURES / "national-project" / "web-chrome-above-title.md").read_text(encoding="utf-8"), dedent=False)
    assert result.profile == "national-project"
    assert result.findings == []


def test_an_uncertain_report_gets_no_template_finding_and_names_candidates():
    text = "年度工作情况\n\n一、部门基本情况\n\n正文。\n\n二、一般公共预算支出情况\n\n正文。\n\n三、存在的问题及原因分析\n\n正文。\n"
    result = lint_text(text, dedent=False)
    assert result.profile is None and result.profile_candidates
    assert [f.code for f in result.findings if f.code.startswith("PF0")] == []
    [pf901] = [f for f in result.findings if f.code == "PF901"]
    assert all(candidate in pf901.message for candidate in result.profile_candidates)


def test_the_reason_is_given_and_a_named_template_says_so():
    result = lint_text(clean_fixture("gd-project").read_text(encoding="utf-8"), dedent=False)
    assert result.profile == "gd-project" and "评价年度" in (result.profile_reason or "")
    forced = lint_text("工作总结\n\n正文。\n", profile="national-project")
    assert forced.profile == "national-project" and forced.profile_reason == "由 --profile 指定"


# Lines a web page puts above a report: navigation, dates, the site, a sentence of text.
CHROME = st.sampled_from(
    [
        "首页 > 政务公开 > 财政信息",
        # Trails whose last step names a kind of report: the column, not this report's title.
        "首页 > 信息公开 > 项目支出绩效自评报告",
        "首页＞财政资金＞部门整体支出绩效自评",
        "您的位置：首页 » 绩效管理 » 专项资金绩效自评报告",
        "发布时间：2024-05-06 10:20",
        "来源：本网",
        "浏览次数：128",
        "字号：大 中 小",
        "欢迎访问青禾县人民政府门户网站！",
        "当前位置：首页 > 信息公开",
        "【打印本页】【关闭窗口】",
        "中心全年运行平稳，各项工作有序推进。",
        "政府信息公开",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CHROME, min_size=1, max_size=6), st.sampled_from(SHIPPED))
def test_unrelated_lines_before_the_title_never_change_the_template(chrome: list[str], template_id: str):
    text = clean_fixture(template_id).read_text(encoding="utf-8")
    assert chosen("\n\n".join(chrome) + "\n\n" + text) == chosen(text) == template_id


# -- templates of one's own ----------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``perflint ARGS`` in a new process in ``cwd``, this tree's perflint on its path."""
    return run_process(*args, cwd=cwd, PYTHONPATH=str(ROOT))


CITY_TEMPLATE = """\
id = "qh-dept-overall"
name = "青禾市部门整体支出绩效自评报告"
extends = "national-dept-overall"
outline-anywhere = false

[detect]
words = ["青禾市财政局印发"]
min-share = 0.5

[[header-fields]]
name = "部门名称"

[[sections]]
id = "basic-info"
title = "部门基本情况"

[[sections]]
id = "conclusion"
title = "自评结论"

[[sections]]
id = "city-review"
title = "市级复核意见"
"""


def test_a_template_of_ones_own_from_a_folder(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "qh.toml").write_text(CITY_TEMPLATE, encoding="utf-8")
    (tmp_path / "perflint.toml").write_text('profile-paths = ["templates"]\n', encoding="utf-8")
    report = tmp_path / "report.md"
    report.write_text(
        "2023年部门整体支出绩效自评报告\n\n部门名称：青禾市档案馆\n\n（依据青禾市财政局印发的评价办法）\n\n"
        "一、部门基本情况\n\n正文。\n\n二、自评结论\n\n自评得分92分，自评等级为优。\n",
        encoding="utf-8",
    )
    proc = run("--output-format", "json", "report.md", cwd=tmp_path)
    [entry] = json.loads(proc.stdout)["files"]
    assert entry["profile"] == "qh-dept-overall"
    assert [(f["code"], f["message"]) for f in entry["findings"]] == [("PF001", "缺少模板要求的章节“市级复核意见”")]
    listed = run("profiles", cwd=tmp_path).stdout.decode("utf-8")
    assert "qh-dept-overall\t青禾市部门整体支出绩效自评报告\t(dept-overall report, extends national-dept-overall)" in listed
    shown = run("profiles", "show", "qh-dept-overall", cwd=tmp_path).stdout.decode("utf-8")
    assert "# with everything it inherits (national-dept-overall) resolved" in shown
    assert 'title = "市级复核意见"' in shown and "[numbers]" in shown  # its own parts and what it inherits


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('title = "市级复核意见"', 'titel = "市级复核意见"'), "qh.toml: sections.2.title: Field required; sections.2.titel: unknown key"),
        (('extends = "national-dept-overall"', 'extends = "nowhere"'), "qh.toml: extends: unknown template 'nowhere'"),
        (("min-share = 0.5", "min-share = 2"), "qh.toml: detect: min-share must be above 0 and at most 1"),
        (('name = "部门名称"', "name = 5"), "qh.toml: header-fields.0.name: Input should be a valid string"),
    ],
)
def test_a_broken_template_is_one_line_naming_file_and_key(tmp_path: Path, change: tuple[str, str], message: str):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "qh.toml").write_text(CITY_TEMPLATE.replace(*change), encoding="utf-8")
    (tmp_path / "perflint.toml").write_text('profile-paths = ["templates"]\n', encoding="utf-8")
    (tmp_path / "report.md").write_text("2023年部门整体支出绩效自评报告\n\n正文。\n", encoding="utf-8")
    proc = run("report.md", cwd=tmp_path)
    lines = proc.stderr.decode("utf-8").splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("perflint: error: ")
    assert message in lines[0], lines[0]


def test_linting_against_a_template_written_in_a_temporary_folder(tmp_path: Path):
    """The API: a template file outside the package, loaded with the shipped ones."""
    from perflint.engine import Linter
    from perflint.profiles import ProfileSet

    from conftest import _RULES

    path = tmp_path / "qh.toml"
    path.write_text(CITY_TEMPLATE, encoding="utf-8")
    linter = Linter(ProfileSet.load([path]), _RULES, profile_id="qh-dept-overall")
    result = linter.lint(source_from_text("2023年部门整体支出绩效自评报告\n\n一、部门基本情况\n\n正文。\n"))
    missing = sorted(f.message for f in result.findings if f.code in ("PF001", "PF005"))
    assert missing == ["缺少模板要求的章节“市级复核意见”", "缺少模板要求的章节“自评结论”", "缺少表头字段“部门名称”"]
