"""Inline suppression directives and the PF902/PF903 findings about them."""

from __future__ import annotations

import pytest

from perflint.engine import Linter
from perflint.filtering import FindingPolicy
from perflint.results import FileResult
from perflint.selection import RuleIndex
from perflint.sources import source_from_text

from conftest import _PROFILES, _RULES, FIXTURES

SKIP = (FIXTURES / "gd-dept-overall" / "numbering-skip.md").read_text(encoding="utf-8")
HEADING = "（四）部门整体支出绩效目标"  # PF003: （三） is missing before it
INDEX = RuleIndex.from_rules(type(r) for r in _RULES)


def lint(text: str, *, enabled: list[str] | None = None, path: str = "r.md") -> FileResult:
    codes = frozenset().union(*(selector.codes for selector in INDEX.parse_all(enabled))) if enabled is not None else None
    policy = FindingPolicy(codes)
    return Linter(_PROFILES, _RULES, policy=policy).lint(source_from_text(text, path))


def before(needle: str, insert: str, text: str = SKIP) -> str:
    assert needle in text
    return text.replace(needle, insert + needle, 1)


def found(result: FileResult) -> list[tuple[str, int]]:
    """(code, row) of each finding."""
    return [(f.code, result.line_index.row_column(f.span[0])[0]) for f in result.findings]


def test_the_unsuppressed_report_has_its_finding():
    assert [f.code for f in lint(SKIP).findings] == ["PF003"]


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- perflint: disable-next-line PF003 -->\n",
        "<!-- perflint: disable-next-line PF0 -->\n",
        "<!-- perflint: disable-next-line heading-numbering -->\n",
        "<!-- perflint: disable-next-line -->\n",
        "<!-- perflint: disable-next-line PF001, PF003 -- 编号沿用原件 -->\n",
        "<!--perflint:disable-next-line PF003-->\n",
        "<!-- PERFLINT：disable-next-line pf003 -->\n",
        "<!-- perflint: disable-next-line PF003 -->\n\n",  # a blank line between
        "<!-- perflint: disable-next-line PF003 -->\n<!-- 说明：本节编号沿用原件 -->\n",  # another comment between
    ],
    ids=["code", "prefix", "name", "all", "list-and-reason", "tight", "fullwidth-colon-case", "blank-line", "comment-between"],
)
def test_disable_next_line_forms(directive):
    text = before(HEADING, directive)
    result = lint(text)
    assert [f.code for f in result.findings if f.code != "PF903"] == []
    if "PF001" in directive:  # PF001 suppressed nothing: reported as unused, naming it
        [unused] = result.findings
        assert unused.code == "PF903" and "PF001" in unused.message and "PF003" not in unused.message
    else:
        assert result.findings == []


def test_disable_next_line_covers_only_that_line():
    text = before("（五）部门整体支出情况", "<!-- perflint: disable-next-line PF003 -->\n")
    result = lint(text)
    assert [f.code for f in result.findings] == ["PF003", "PF903"]
    assert result.source.text[slice(*result.findings[0].span)] == HEADING


def test_disable_enable_range():
    text = before(HEADING, "<!-- perflint: disable PF003 -->\n")
    text = before("二、绩效自评情况", "<!-- perflint: enable PF003 -->\n", text)
    text = text.replace("（三）管理效率分析", "（五）管理效率分析", 1)  # a second skip, after the enable
    result = lint(text)
    enable_row = result.source.text[: result.source.text.index("<!-- perflint: enable")].count("\n") + 1
    # （五） skips and the （四） after it goes backwards: both after the enable, so reported.
    assert [code for code, _ in found(result)] == ["PF003", "PF003"]
    assert all(row > enable_row for _, row in found(result))
    assert "（五）" in result.findings[0].message


def test_disable_without_enable_runs_to_the_end():
    text = before(HEADING, "<!-- perflint: disable PF0 -->\n")
    text = text.replace("（三）管理效率分析", "（五）管理效率分析", 1)
    assert lint(text).findings == []


def test_enable_of_one_code_keeps_the_rest_of_a_prefix_disabled():
    text = before(HEADING, "<!-- perflint: disable PF0 -->\n")
    text = before("二、绩效自评情况", "<!-- perflint: enable PF001 -->\n", text)
    text = text.replace("（三）管理效率分析", "（五）管理效率分析", 1)
    assert lint(text).findings == []


def test_disable_file_anywhere():
    text = SKIP + "\n<!-- perflint: disable-file PF003 -->\n"
    assert lint(text).findings == []


def test_suppression_in_a_text_report():
    text = before(HEADING, "<!-- perflint: disable-next-line PF003 -->\n")
    assert lint(text, path="r.txt").findings == []


@pytest.mark.parametrize(
    ("directive", "key_text"),
    [
        ("<!-- perflint: disable-line PF003 -->\n", "disable-line"),
        ("<!-- perflint: switch-off PF003 -->\n", "switch-off"),
        ("<!-- perflint: disable-next-line PF0X3 -->\n", "PF0X3"),
        ("<!-- perflint: disable-next-line PF7 -->\n", "PF7"),
        ("<!-- perflint: -->\n", "缺少动作"),
    ],
)
def test_malformed_directives_are_findings_and_suppress_nothing(directive, key_text):
    result = lint(before(HEADING, directive))
    assert sorted(f.code for f in result.findings) == ["PF003", "PF902"]
    malformed = next(f for f in result.findings if f.code == "PF902")
    assert key_text in malformed.message
    assert result.source.text[slice(*malformed.span)] == directive.strip()


def test_a_directive_inside_a_line_of_text_is_reported():
    text = SKIP.replace(HEADING, HEADING + " <!-- perflint: disable-next-line PF003 -->", 1)
    result = lint(text)
    codes = sorted(f.code for f in result.findings)
    assert codes == ["PF003", "PF902"]
    inline = next(f for f in result.findings if f.code == "PF902")
    assert result.source.text[slice(*inline.span)] == "<!-- perflint: disable-next-line PF003 -->"


def test_disable_next_line_on_the_last_line_is_malformed():
    result = lint(SKIP.rstrip("\n") + "\n<!-- perflint: disable-next-line PF003 -->\n")
    assert sorted(f.code for f in result.findings) == ["PF003", "PF902"]


def test_unused_directives():
    text = before("（一）部门职能", "<!-- perflint: disable-next-line PF003 -->\n")
    text = before("三、其他自评情况", "<!-- perflint: enable PF004 -->\n", text)
    text += "\n<!-- perflint: disable-file -->\n"  # hides the PF003 above; used
    result = lint(text)
    lines = result.source.text.split("\n")
    rows = [i + 1 for i, line in enumerate(lines) if "disable-next-line" in line or "enable PF004" in line]
    assert found(result) == [("PF903", rows[0]), ("PF903", rows[1])]
    assert "PF003" in result.findings[0].message
    assert "enable" in result.findings[1].message


def test_meta_findings_cannot_be_suppressed_but_can_be_deselected():
    text = before(HEADING, "<!-- perflint: disable-next-line PF001 -->\n")  # unused
    text = before("二、绩效自评情况", "<!-- perflint: bogus -->\n", text)  # malformed
    text += "\n<!-- perflint: disable-file PF9 -->\n"
    result = lint(text)
    assert sorted(f.code for f in result.findings) == ["PF003", "PF902", "PF903", "PF903"]
    result = lint(text, enabled=["PF0"])
    assert [f.code for f in result.findings] == ["PF003"]


def test_a_selector_for_a_deselected_rule_is_not_called_unused():
    text = before(HEADING, "<!-- perflint: disable-next-line PF001, PF003 -->\n")
    result = lint(text, enabled=["PF003", "PF9"])
    assert result.findings == []


def test_a_prefix_that_suppressed_one_of_its_rules_is_used():
    text = before(HEADING, "<!-- perflint: disable PF0 -->\n")
    assert lint(text).findings == []
