import textwrap

import pytest

from perflint.document import Paragraph, Table
from perflint.heading_numbers import cn_numeral_value
from perflint.parse import parse

from conftest import SEED_REPORTS, needs_seed


def doc(text: str):
    return parse(textwrap.dedent(text).lstrip("\n"))


def outline(document):
    return [(s.heading.style, s.heading.value, s.title, len(s.path)) for s in document.walk()]


@pytest.mark.parametrize(
    ("line", "style", "value", "title"),
    [
        ("一、部门基本情况", "cn", 1, "部门基本情况"),
        ("十二．其他", "cn", 12, "其他"),
        ("（一）部门职能", "paren-cn", 1, "部门职能"),
        ("(四) 部门整体支出情况", "paren-cn", 4, "部门整体支出情况"),
        ("1.预算编制", "arabic", 1, "预算编制"),
        ("2. 预算执行", "arabic", 2, "预算执行"),
        ("3、信息公开", "arabic", 3, "信息公开"),
        ("4．绩效管理", "arabic", 4, "绩效管理"),
        ("5）采购管理", "arabic", 5, "采购管理"),
        ("１０．运行成本", "arabic", 10, "运行成本"),
        ("（1）资金投入", "paren-arabic", 1, "资金投入"),
        ("(2)资金管理", "paren-arabic", 2, "资金管理"),
        ("③ 产出数量", "circled", 3, "产出数量"),
        ("1.1 投入", "decimal", 1, "投入"),
        ("3.2.4 效益", "decimal", 4, "效益"),
        ("2.2023年度目标", "arabic", 2, "2023年度目标"),
        ("一、部门基本情况。", "cn", 1, "部门基本情况"),
        # A measure word that opens a title, not a clause: still headings.
        ("1.1 人员情况", "decimal", 1, "人员情况"),
        ("3.2台账管理", "decimal", 2, "台账管理"),
        ("2.1 分项评价", "decimal", 1, "分项评价"),
    ],
)
def test_heading_forms(line, style, value, title):
    [section] = parse(line + "\n").sections
    assert (section.heading.style, section.heading.value, section.title) == (style, value, title)


@pytest.mark.parametrize(
    "line",
    [
        "2023年中心本年财政性实际支出合计3189.14万元。",
        "3189.14 万元用于基本支出。",
        "1.5万元用于培训。",
        "3.15亿元的项目。",
        "12.5%的单位完成目标。",
        "100%完成。",
        "一是加强预算管理；二是规范采购。",
        "十分重视绩效管理。",
        "#没有空格不是标题",
        # A PDF line wrap puts a figure first: a score, a count, an area.
        "88.50分，自评等级为良好。",
        "96.5分",
        "2.5次，较上年增加。",
        "4.2平方公里的治理任务全部完成。",
    ],
)
def test_numbers_at_paragraph_start_are_not_headings(line):
    document = parse(line + "\n")
    assert document.sections == []
    preamble = [b.text for b in document.preamble if isinstance(b, Paragraph)]
    assert preamble == [line] or document.title.text == line.lstrip("#")


def test_levels_nest_by_numbering_style():
    document = doc(
        """
        2023年部门整体支出绩效自评报告
        一、绩效自评情况
        （一）管理效率分析
        1. 预算编制
        （1）编制依据
        ① 测算
        二、其他自评情况
        """
    )
    assert outline(document) == [
        ("cn", 1, "绩效自评情况", 1),
        ("paren-cn", 1, "管理效率分析", 2),
        ("arabic", 1, "预算编制", 3),
        ("paren-arabic", 1, "编制依据", 4),
        ("circled", 1, "测算", 5),
        ("cn", 2, "其他自评情况", 1),
    ]


def test_markdown_headings_use_their_numbers_or_their_hashes():
    document = doc(
        """
        # 2023年部门整体支出绩效自评报告

        ## 一、部门基本情况

        ### （一）部门职能

        正文。

        ## 绩效自评情况

        ### 自评结论
        """
    )
    assert document.title.text == "2023年部门整体支出绩效自评报告"
    assert outline(document) == [
        ("cn", 1, "部门基本情况", 1),
        ("paren-cn", 1, "部门职能", 2),
        ("markdown", None, "绩效自评情况", 1),
        ("markdown", None, "自评结论", 2),
    ]


def test_older_decimal_outline():
    document = doc(
        """
        项目支出绩效自评报告
        1.基本情况
        1.1 项目概况
        1.1.1 立项依据
        1.2 资金情况
        2.绩效评价结论
        2.1 绩效评价得分
        """
    )
    assert [(s.title, len(s.path)) for s in document.walk()] == [
        ("基本情况", 1),
        ("项目概况", 2),
        ("立项依据", 3),
        ("资金情况", 2),
        ("绩效评价结论", 1),
        ("绩效评价得分", 2),
    ]


def test_run_in_heading_splits_title_from_text():
    document = doc(
        """
        （二）履职效能分析
        1. 加强视频资源汇聚，提升监测能力。全年接入视频12路。
        2、组织机构设置情况：中心内设3个科室。
        """
    )
    first, second = document.sections[0].children
    assert first.title == "加强视频资源汇聚，提升监测能力"
    assert [b.text for b in first.blocks] == ["全年接入视频12路。"]
    assert second.title == "组织机构设置情况"
    assert [b.text for b in second.blocks] == ["中心内设3个科室。"]
    text = document.text
    assert text[first.heading.title_span[0] : first.heading.title_span[1]] == first.title
    block = first.blocks[0]
    assert text[block.span[0] : block.span[1]] == block.text


def test_a_number_alone_takes_its_title_from_the_next_line():
    document = doc(
        """
        一、
        部门基本情况
        中心是公益一类事业单位。
        """
    )
    [section] = document.sections
    assert section.title == "部门基本情况"
    assert section.heading.label == "一、部门基本情况"
    assert [b.text for b in section.blocks] == ["中心是公益一类事业单位。"]


def test_a_list_reusing_top_level_numbers_stays_inside_its_section():
    document = doc(
        """
        一、部门基本情况
        二、存在的问题
        一、预算执行偏慢。
        二、指标不够细化。
        三、下一步措施
        """
    )
    top = [s.title for s in document.sections]
    assert top == ["部门基本情况", "存在的问题", "下一步措施"]
    assert [c.heading.value for c in document.sections[1].children] == [1, 2]


def test_a_sentence_like_item_continues_the_inner_list():
    document = doc(
        """
        一、部门基本情况
        二、存在的问题
        一、预算执行偏慢。
        二、指标不够细化。
        三、绩效监控不到位。
        三、下一步措施
        """
    )
    assert [s.title for s in document.sections] == ["部门基本情况", "存在的问题", "下一步措施"]
    assert [c.heading.value for c in document.sections[1].children] == [1, 2, 3]


def test_continuing_numbers_climb_back_out_of_deeper_text():
    document = doc(
        """
        一、绩效自评情况
        （一）履职效能
        1. 第一项
        （1）细项
        （二）管理效率
        """
    )
    assert [s.title for s in document.sections[0].children] == ["履职效能", "管理效率"]


def test_header_fields_on_their_own_lines_or_sharing_one():
    document = doc(
        """
        2023年部门整体支出绩效自评报告
        部门名称：广东省水文资料整编中心
        所属下级预算单位数量: 0
        填报日期 ： 2024 年 5 月 6 日
        一、部门基本情况
        """
    )
    assert [(f.name, f.value) for f in document.fields] == [
        ("部门名称", "广东省水文资料整编中心"),
        ("所属下级预算单位数量", "0"),
        ("填报日期", "2024 年 5 月 6 日"),
    ]
    one_line = doc(
        """
        2023年部门整体支出绩效自评报告
        部门名称：广东省林业种苗管理站    所属下级预算单位数量：1    填报日期：2023年4月26日
        一、部门基本情况
        """
    )
    fields = one_line.fields
    assert [(f.name, f.value) for f in fields] == [
        ("部门名称", "广东省林业种苗管理站"),
        ("所属下级预算单位数量", "1"),
        ("填报日期", "2023年4月26日"),
    ]
    for field in fields:
        assert one_line.text[field.value_span[0] : field.value_span[1]] == field.value
        assert one_line.text[field.name_span[0] : field.name_span[1]] == field.name


def test_empty_header_field_and_web_chrome_before_the_title():
    document = doc(
        """
        首页 > 信息公开 > 绩效信息
        2023年部门整体支出绩效自评报告
        部门名称：
        一、部门基本情况
        """
    )
    assert document.title.text == "2023年部门整体支出绩效自评报告"
    assert [(f.name, f.value) for f in document.fields] == [("部门名称", "")]


def test_the_rest_of_a_long_line_the_title_is_cut_from_stays_text():
    # A table flattened onto one line: its metadata, the title, then every cell and a
    # sentence of the table's text. The title is cut out; what stands around it is read.
    line = (
        "某某 2022-05-16T06:53:23Z 15.00 附件: 项目支出绩效自评表 (2023年度) 项目名称 某项目 主管部门 某镇人民政府 "
        "本项目共完成预算资金56.20万元。其中:20万元用于规划编制;36.20万元用于测绘。 绩效指标 一级指标 二级指标"
    )
    document = parse(line + "\n")
    assert document.title.text == "项目支出绩效自评表"
    blocks = [block for _, block in document.blocks()]
    assert [block.text for block in blocks] == [line[: line.index("项目支出")].rstrip(), line[line.index(" (2023") + 1 :]]
    for block in blocks:
        assert document.text[block.span[0] : block.span[1]] == block.text


def test_a_title_line_leaves_no_text_behind():
    document = doc(
        """
        **2023年部门整体支出绩效自评报告**
        一、部门基本情况
        """
    )
    assert document.title.text == "2023年部门整体支出绩效自评报告"
    assert document.preamble == []


def test_markdown_tables_keep_cells_with_spans():
    document = doc(
        """
        （四）部门整体支出情况
        | 项目 | 金额（万元） |
        |---|---:|
        | 基本支出 | 538.92 |
        """
    )
    [table] = [b for b in document.sections[0].blocks if isinstance(b, Table)]
    assert [row.is_rule for row in table.rows] == [False, True, False]
    cells = table.rows[2].cells
    assert [c.text for c in cells] == ["基本支出", "538.92"]
    for cell in cells:
        assert document.text[cell.span[0] : cell.span[1]] == cell.text


def test_comments_are_kept_apart_from_text():
    document = doc(
        """
        一、部门基本情况
        <!-- perflint: disable-next-line PF003 -->
        正文。
        """
    )
    assert [c.text for c in document.comments] == ["<!-- perflint: disable-next-line PF003 -->"]
    assert [b.text for b in document.sections[0].blocks] == ["正文。"]


def test_paragraphs_are_split_by_blank_lines_and_keep_exact_spans():
    document = doc("一、情况\n第一段第一行\n第一段第二行\n\n第二段\n")
    blocks = document.sections[0].blocks
    assert [b.text for b in blocks] == ["第一段第一行\n第一段第二行", "第二段"]
    for block in blocks:
        assert document.text[block.span[0] : block.span[1]] == block.text


def test_text_without_final_newline_and_empty_text():
    assert parse("").sections == []
    document = parse("一、部门基本情况")
    assert document.sections[0].heading.span == (0, 8)


@pytest.mark.parametrize(("numeral", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("百", None)])
def test_chinese_numerals(numeral, value):
    assert cn_numeral_value(numeral) == value


@needs_seed
def test_seed_report_parses_into_its_full_outline():
    from perflint.sources import load_path

    document = parse(load_path(SEED_REPORTS[0]).text)
    assert document.title.text == "2023 年部门整体支出绩效自评报告"
    assert [f.name for f in document.fields] == ["部门名称", "所属下级预算单位数量", "填报日期"]
    assert [s.title for s in document.sections] == ["部门基本情况", "绩效自评情况", "其他自评情况", "上年度绩效自评整改情况"]
    basic, evaluation = document.sections[:2]
    assert [c.title for c in basic.children] == ["部门职能", "年度总体工作和重点工作任务", "部门整体支出绩效目标", "部门整体支出情况"]
    assert [c.title for c in evaluation.children] == [
        "自评结论",
        "履职效能分析",
        "管理效率分析",
        "就部门整体支出绩效管理存在问题提出改进措施",
    ]
    efficiency = evaluation.children[2]
    assert [c.title for c in efficiency.children] == ["预算编制", "预算执行", "信息公开", "绩效管理", "采购管理", "资产管理", "运行成本"]
    assert len(evaluation.children[1].children) == 6


def test_a_long_paragraph_does_not_recurse():
    from perflint.parse import _line_tokens, report_parser

    text = "正文一行\n" * 20000
    [paragraph] = report_parser().parse(text).children
    lines = _line_tokens(paragraph)
    assert len(lines) == 20000
    assert [t.start_pos for t in lines] == list(range(0, len(text), 5))


@pytest.mark.parametrize(
    ("line", "style", "number", "title"),
    [
        ("**一、部门基本情况**", "cn", "一、", "部门基本情况"),
        ("**（一）部门职能**", "paren-cn", "（一）", "部门职能"),
        ("__1.预算编制__", "arabic", "1.", "预算编制"),
        ("## **（二）年度工作**", "paren-cn", "（二）", "年度工作"),
    ],
)
def test_a_heading_written_bold_is_a_heading_without_its_marks(line, style, number, title):
    text = line + "\n"
    [section] = parse(text).sections
    heading = section.heading
    assert (heading.style, heading.number, section.title, heading.label) == (style, number, title, number + title)


@pytest.mark.parametrize("line", ["**河县2023年度中央水利发展资金", "****财政局呼财农指【2023】10号文件"])
def test_masked_names_are_no_bold_headings(line):
    assert parse(line + "\n").sections == []


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("2023年部门整\n体支出绩效自评报告\n", "2023年部门整体支出绩效自评报告"),  # broken inside a word
        ("2024年03月01日\n2023年部门整体支出绩效自评报告\n", "2023年部门整体支出绩效自评报告"),  # a page's date above it
        ("吉首市人民检察院\n整体支出绩效评价报告\n", "吉首市人民检察院整体支出绩效评价报告"),
    ],
)
def test_a_title_over_two_lines(text, title):
    assert parse(text).title.text == title


def test_a_title_over_two_paragraphs_broken_inside_its_phrase():
    text = "2023年度基层农技推广体系改革与建设补助项目\n\n支出绩效自评报告\n\n一、基本情况\n"
    assert parse(text).title.text == "2023年度基层农技推广体系改革与建设补助项目支出绩效自评报告"
