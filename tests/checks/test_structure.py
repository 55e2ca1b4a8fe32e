"""Rule cases for the PF0xx structure rules: a passing text and failing ones."""

from report_skeleton import OUTLINE_TEXTS, assemble

from conftest import _PROFILES, _RULES, codes, lint_text

HEADER = """\
2023年部门整体支出绩效自评报告
部门名称：广东省测试事务中心
填报日期：2024年4月18日
"""

BODY = OUTLINE_TEXTS


def report(body: dict[str, str] = BODY, header: str = HEADER) -> str:
    return assemble(header, body)


def without(*headings: str) -> dict[str, str]:
    return {h: t for h, t in BODY.items() if h not in headings}


def test_complete_report_passes():
    result = lint_text(report(), dedent=False)
    assert result.profile == "gd-dept-overall"
    assert result.findings == []


def test_traditional_characters_and_ascii_punctuation_still_match():
    body = {h.replace("（", "(").replace("）", ") ").replace("绩效", "績效").replace("情况", "情況"): t for h, t in BODY.items()}
    result = lint_text(report(body, HEADER.replace("绩效自评报告", "績效自評報告")), dedent=False)
    assert result.profile == "gd-dept-overall"
    assert result.findings == []


def test_missing_top_level_section_is_one_error_at_the_title():
    result = lint_text(report(without("四、上年度绩效自评整改情况")), dedent=False)
    [finding] = result.findings
    assert (finding.code, finding.severity.value) == ("PF001", "error")
    assert "上年度绩效自评整改情况" in finding.message
    assert finding.span == (0, len("2023年部门整体支出绩效自评报告"))  # the title


def test_missing_item_is_reported_at_its_parent_heading():
    body = without("5. 采购管理")
    body = {h.replace("6. 资产", "5. 资产").replace("7. 运行", "6. 运行"): t for h, t in body.items()}
    result = lint_text(report(body), dedent=False)
    [finding] = result.findings
    assert finding.code == "PF001"
    assert "采购管理" in finding.message and "管理效率分析" in finding.message
    text = result.source.text
    assert text[finding.span[0] : finding.span[1]] == "（三）管理效率分析"
    assert finding.section == ["二、绩效自评情况", "（三）管理效率分析"]


def test_a_missing_parent_does_not_report_its_items_one_by_one():
    body = without("（三）管理效率分析", *[h for h in BODY if h[:2] in {"1.", "2.", "3.", "4.", "5.", "6.", "7."}])
    body = {h.replace("（四）就", "（三）就"): t for h, t in body.items()}
    result = lint_text(report(body), dedent=False)
    assert codes(result) == ["PF001"]
    assert "管理效率分析" in result.findings[0].message


def test_renumbered_city_report_with_an_extra_part_passes():
    body = {}
    for heading, text in BODY.items():
        body[heading] = text
        if heading == "（一）部门职能":
            body["（二）机构设置及人员情况"] = "内设3个科室。"
    renumbered = {}
    for heading, text in body.items():
        for old, new in (
            ("（二）年度", "（三）年度"),
            ("（三）部门整体支出绩效", "（四）部门整体支出绩效"),
            ("（四）部门整体支出情况", "（五）部门整体支出情况"),
        ):
            heading = heading.replace(old, new)
        renumbered[heading] = text
    assert lint_text(report(renumbered), dedent=False).findings == []


def test_sections_out_of_order():
    body = dict(BODY)
    rect = body.pop("四、上年度绩效自评整改情况")
    other = body.pop("三、其他自评情况")
    body["三、上年度绩效自评整改情况"] = rect
    body["四、其他自评情况"] = other
    result = lint_text(report(body), dedent=False)
    [finding] = result.findings
    assert (finding.code, finding.severity.value) == ("PF002", "warning")
    assert "四、其他自评情况" in finding.message and "三、上年度绩效自评整改情况" in finding.message


def test_section_under_the_wrong_parent_is_misplaced():
    body = dict(BODY)
    conclusion = body.pop("（一）自评结论")
    items = list(body.items())
    index = [h for h, _ in items].index("（四）部门整体支出情况")
    items.insert(index + 1, ("（五）自评结论", conclusion))
    body = {h.replace("（二）履职", "（一）履职").replace("（三）管理", "（二）管理").replace("（四）就", "（三）就"): t for h, t in items}
    result = lint_text(report(body), dedent=False)
    assert codes(result) == ["PF002"]
    assert "应位于" in result.findings[0].message


def test_numbering_skip_repeat_backwards_and_start():
    text = (
        report()
        .replace("（三）部门整体支出绩效目标", "（四）部门整体支出绩效目标")
        .replace("（四）部门整体支出情况", "（五）部门整体支出情况")
    )
    result = lint_text(text, dedent=False)
    [finding] = result.findings
    assert finding.code == "PF003" and "缺少编号 3" in finding.message
    assert result.source.text[finding.span[0] : finding.span[1]] == "（四）部门整体支出绩效目标"

    repeated = lint_text(report().replace("5. 采购管理", "4. 采购管理"), dedent=False)
    assert [(f.code, "重复" in f.message) for f in repeated.findings] == [("PF003", True), ("PF003", False)]

    starts_at_two = lint_text("一、甲\n（二）乙\n正文\n（三）丙\n正文\n", dedent=False)
    assert codes(starts_at_two) == ["PF901", "PF010"]  # the start is PF010's, an info
    assert starts_at_two.findings[1].severity.value == "info" and "从“（二）”开始" in starts_at_two.findings[1].message

    backwards = lint_text("一、甲\n正文\n二、乙\n正文\n三、丙\n正文\n（一）子\n正文\n（三）子\n正文\n（二）子\n", dedent=False)
    assert [f.code for f in backwards.findings if f.code == "PF003"] == ["PF003", "PF003"]
    assert "倒退" in backwards.findings[-1].message


def test_empty_required_section():
    result = lint_text(report({**BODY, "三、其他自评情况": ""}), dedent=False)
    [finding] = result.findings
    assert (finding.code, finding.severity.value) == ("PF004", "warning")
    assert result.source.text[finding.span[0] : finding.span[1]] == "三、其他自评情况"


def test_header_field_missing_or_empty():
    missing = lint_text(report(header=HEADER.replace("部门名称：广东省测试事务中心\n", "")), dedent=False)
    assert [(f.code, f.message) for f in missing.findings] == [("PF005", "缺少表头字段“部门名称”")]
    empty = lint_text(report(header=HEADER.replace("广东省测试事务中心", "")), dedent=False)
    assert [(f.code, f.message) for f in empty.findings] == [("PF005", "表头字段“部门名称”未填写")]
    alias = lint_text(report(header=HEADER.replace("部门名称", "单位名称")), dedent=False)
    assert alias.findings == []


def test_unknown_template_gives_one_info_and_no_structure_findings():
    result = lint_text("2023年度工作总结\n一、基本情况\n正文。\n", dedent=False)
    assert [(f.code, f.severity.value) for f in result.findings] == [("PF901", "info")]
    assert "2023年度工作总结" in result.findings[0].message


def test_forced_profile_applies_to_any_title():
    result = lint_text("2023年度工作总结\n一、部门基本情况\n正文。\n", dedent=False, profile="gd-dept-overall")
    assert "PF901" not in codes(result)
    assert "PF001" in codes(result)


def test_english_messages():
    from perflint.engine import Linter
    from perflint.sources import source_from_text

    linter = Linter(_PROFILES, _RULES, lang="en")
    result = linter.lint(source_from_text(report(without("三、其他自评情况"))))
    assert [f.message for f in result.findings] == [
        "missing required section “其他自评情况”",
        "heading numbering skips 3 before “四、”",
    ]


def test_every_rule_declares_its_metadata_and_documentation():
    from perflint.checks.base import all_rules

    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        doc = rule.__doc__ or ""
        assert rule.summary(), rule.code
        for part in ("**What it checks.**", "**Why.**"):
            assert part in doc, f"{rule.code} docstring lacks {part}"
        # Its Bad and Good examples are cases in its case file (tests/test_rule_cases.py).
        assert "**Bad.**" not in doc and "**Good.**" not in doc, rule.code
        for zh, en in rule.messages.values():
            assert zh and en


def test_a_missing_section_is_not_confused_with_one_whose_title_contains_its_alias():
    # 绩效自评情况 has the alias 自评情况, which 其他自评情况 contains: the report below
    # lacks 二、绩效自评情况 (and its parts), not 三、其他自评情况.
    body = {
        h: t
        for h, t in BODY.items()
        if not h.startswith(("二、", "（一）自评", "（二）履职", "（三）管理", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "（四）就"))
    }
    body = {h.replace("三、其他", "二、其他").replace("四、上年度", "三、上年度"): t for h, t in body.items()}
    result = lint_text(report(body), dedent=False)
    assert [f.message for f in result.findings] == ["缺少模板要求的章节“绩效自评情况”"]
