"""Property tests: nothing crashes on any text, and findings stay inside it."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.engine import Linter
from perflint.output import OUTPUT_FORMATS, RenderOptions, formatter
from perflint.sources import source_from_text

from conftest import _PROFILES, _RULES

# Pieces real reports are made of, so generated text reaches the grammar's corners.
PIECES = st.sampled_from(
    [
        "2023年部门整体支出绩效自评报告",
        "部门名称：",
        "填报日期：2024年5月6日",
        "一、",
        "（一）",
        "(二) ",
        "1.",
        "2、",
        "1.1 ",
        "（1）",
        "①",
        "## ",
        "# ",
        "| 项目 | 金额 |",
        "|---|---|",
        "<!-- perflint: disable -->",
        "部门基本情况",
        "管理效率分析",
        "预算编制",
        "3189.14万元",
        "22.57%",
        "。",
        "，",
        "：",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u3000",
        "\r\n",
        "\r",
        "\ufeff",
        "😀",
        "績效自評",
        "2.2023年度目标",
        "一是",
        "十二、",
        "<!-- perflint: disable-next-line PF003 -->",
        "<!-- perflint: enable PF0 -->",
        "<!-- perflint: disable-file -->",
        "<!-- perflint: disable PF9, heading-numbering -- 原因 -->",
        "<!-- perflint: bogus PF7 -->",
        "<!--",
        "-->",
        "<!-- 说明 -->",
    ]
)
# Any code point, lone surrogates and control characters included: the loader removes
# the surrogates, everything else must go through untouched.
ANY_CHAR = st.characters(codec=None, categories=None)
TEXTS = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=400),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9FFF), max_size=400),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Cf", "Lo", "Zs", "Po", "Nd"]), max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, "gd-dept-overall"]))
def test_any_text_goes_through_the_whole_pipeline(text, profile):
    source = source_from_text(text, "fuzz.md")
    result = Linter(_PROFILES, _RULES, profile_id=profile).lint(source)
    length = len(source.text)
    for finding in result.findings:
        assert finding.code != "PF900", finding.message
        start, end = finding.span
        assert 0 <= start <= end <= length
    for name in OUTPUT_FORMATS:
        rendered = formatter(name)([result], RenderOptions())
        assert isinstance(rendered, str)
        if name == "json":
            json.loads(rendered)
    for lang in ("zh", "en"):
        formatter("full")([result], RenderOptions(lang=lang, color=True))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join), st.data())
def test_lsp_positions_match_the_utf16_encoding(text, data):
    from perflint.lsp.positions import PositionMapper

    source = source_from_text(text, "fuzz.md")
    offset = data.draw(st.integers(min_value=0, max_value=len(source.text)))
    line, character = PositionMapper(source.text).position(offset)
    lines = source.text.split("\n")
    assert line == source.text[:offset].count("\n")
    before = source.text[:offset][len("\n".join(lines[:line])) + (1 if line else 0) :]
    assert character == len(before.encode("utf-16-le")) // 2
