"""A printed table of contents (目录) is kept out of the outline: its entries are not
sections, the body's headings are."""

import textwrap

from report_skeleton import OUTLINE_TEXTS, assemble

from perflint.contents import entry_key
from perflint.document import Paragraph
from perflint.parse import parse

from conftest import lint_text

HEADER = """\
2023年部门整体支出绩效自评报告
部门名称：广东省测试事务中心
填报日期：2024年4月18日
"""

BODY = """\
一、基本情况
（一）单位职能
中心承担全市测试事务。
（二）年度目标
完成年度测试任务。
二、存在的问题
执行偏慢。
"""


def doc(text: str):
    return parse(textwrap.dedent(text).lstrip("\n"))


def titles(document) -> list[str]:
    return [section.heading.label for section in document.walk()]


def contents_lines(document) -> list[str]:
    return [line for c in document.contents for line in document.text[c.span[0] : c.span[1]].split("\n")]


def test_a_list_after_mulu_is_contents_and_the_body_is_the_outline():
    text = (
        "测试中心2023年绩效自评报告\n目录\n一、基本情况\n（一）单位职能\n（二）年度目标\n二、存在的问题\n附件1 评价指标体系\n附件2 问卷调查报告\n"
        + BODY
    )
    document = parse(text)
    assert titles(document) == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]
    assert all(section.has_content() for section in document.walk())
    [contents] = document.contents
    assert [entry.label for entry in contents.entries] == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]
    assert contents.marker is not None and text[contents.marker[0] : contents.marker[1]] == "目录"
    assert contents_lines(document)[-1] == "附件2 问卷调查报告"
    # Nothing of the list is left as text, and the body's first heading is the first section.
    assert [b.text for b in document.preamble if isinstance(b, Paragraph)] == []
    assert document.sections[0].heading.span[0] == text.index(BODY)


def test_page_numbers_dot_leaders_and_a_spaced_marker():
    document = doc(
        """
        测试中心2023年绩效自评报告
        目　录
        一、基本情况……………………3
        （一）单位职能…………………3
        （二）年度目标…………………4
        二、存在的问题 ........ 5
        """
    )
    # With the 目录 word the list stands even where the body was cut off.
    assert titles(document) == []
    assert len(document.contents[0].entries) == 4
    assert entry_key("基本情况……………………3") == entry_key("基本情况") == entry_key("基本情况 ........ 5")


def test_a_list_without_mulu_whose_entries_come_again_with_text():
    document = parse("测试中心2023年绩效自评报告\n一、基本情况\n（一）单位职能\n（二）年度目标\n二、存在的问题\n" + BODY)
    assert titles(document) == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]
    assert len(document.contents) == 1


def test_a_mulu_heading_introduces_the_list_too():
    document = parse("# 测试中心2023年绩效自评报告\n## 目录\n一、基本情况\n二、存在的问题\n" + BODY)
    assert titles(document) == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]
    assert [e.title for e in document.contents[0].entries] == ["基本情况", "存在的问题"]


def test_empty_headings_that_do_not_come_again_are_sections():
    document = doc(
        """
        测试中心2023年绩效自评报告
        一、基本情况
        （一）单位职能
        （二）年度目标
        二、存在的问题
        执行偏慢。
        """
    )
    assert document.contents == []
    assert titles(document) == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]


def test_a_list_whose_entries_come_again_without_text_is_not_contents():
    # A template pasted twice, unwritten both times: the empty sections are reported.
    text = "测试中心2023年绩效自评报告\n一、基本情况\n二、存在的问题\n一、基本情况\n二、存在的问题\n"
    document = parse(text)
    assert document.contents == []


def test_a_single_entry_is_no_list():
    document = doc(
        """
        测试中心2023年绩效自评报告
        目录
        一、基本情况
        中心承担全市测试事务。
        """
    )
    assert document.contents == []
    assert titles(document) == ["一、基本情况"]


def test_contents_entries_are_not_empty_sections_but_a_real_empty_section_is():
    headings = [heading for heading in OUTLINE_TEXTS if heading.startswith(("一、", "二、", "三、", "四、"))]
    listed = HEADER + "目录\n" + "".join(f"{heading}……{page}\n" for page, heading in enumerate(headings, 2)) + "\n"
    complete = lint_text(assemble(listed, OUTLINE_TEXTS), dedent=False)
    assert complete.findings == []
    empty = lint_text(assemble(listed, {**OUTLINE_TEXTS, "三、其他自评情况": ""}), dedent=False)
    [finding] = empty.findings
    assert finding.code == "PF004"
    # Reported on the body's heading, not on the contents entry.
    assert finding.span[0] == empty.source.text.rindex("三、其他自评情况")


def test_contents_lines_keep_their_typography_findings():
    result = lint_text(
        assemble(HEADER + "目录\n一、部门基本情况\n二、绩效自评情况\n附件1 自评表(单位:万元)\n", OUTLINE_TEXTS),
        dedent=False,
    )
    at = result.source.text.index("(单位")
    assert any(f.code == "PF304" and f.span[0] == at for f in result.findings)


def test_a_page_number_run_on_to_the_title_and_titles_ending_in_a_digit():
    assert entry_key("基本情况 3") == entry_key("基本情况…3") == entry_key("基本情况")
    assert entry_key("项目1") != entry_key("项目")  # a digit of the title is no page number
    document = parse("测试中心2023年绩效自评报告\n目录\n一、基本情况3\n二、存在的问题5\n" + BODY)
    # The body follows the list at once: it starts where the first entry comes again.
    assert titles(document) == ["一、基本情况", "（一）单位职能", "（二）年度目标", "二、存在的问题"]
    items = "".join(f"{n}. 项目{n}\n" for n in range(1, 13))
    body = "".join(f"{n}. 项目{n}\n第{n}项已完成。\n" for n in range(1, 13))
    listed = parse("测试中心2023年绩效自评报告\n" + items + body)
    assert len(listed.contents[0].entries) == 12
    assert [s.title for s in listed.walk()] == [f"项目{n}" for n in range(1, 13)]
