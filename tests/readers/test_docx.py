"""Word reports: what the text looks like after extraction, and where it maps back to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from perflint.origins import Origin
from perflint.parse import parse
from perflint.readers.docx import read_docx
from perflint.sources import LoadError, Source, load_path

from conftest import lint_text
from officefiles import OFFICE, fixture_builder, minimal_docx, paragraph_xml
from test_cli import out, run_here

TITLE = "2023年部门整体支出绩效自评报告"


def saved(document, tmp_path: Path, name: str = "report.docx") -> Source:
    path = tmp_path / name
    document.save(path)
    return load_path(path)


def labels(source: Source) -> list[str]:
    return [section.heading.label for section in parse(source.text).walk()]


def test_heading_styles_are_headings_whatever_their_name(tmp_path):
    document = Document()
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph("一、部门基本情况", style="Heading 1")
    chinese = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)  # as WPS names it
    document.add_paragraph("（一）部门职能", style=chinese)
    document.add_paragraph("本部门负责全省水文资料整编。")
    derived = document.styles.add_style("报告小标题", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 2"]
    document.add_paragraph("（二）年度工作任务", style=derived)
    document.add_paragraph("完成年度整编任务。")
    source = saved(document, tmp_path)
    assert labels(source) == ["一、部门基本情况", "（一）部门职能", "（二）年度工作任务"]
    assert parse(source.text).sections[0].children[1].heading.label == "（二）年度工作任务"


def test_an_outline_level_makes_a_heading_without_a_heading_style(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    paragraph = document.add_paragraph("部门基本情况")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(outline)
    document.add_paragraph("正文一段。")
    source = saved(document, tmp_path)
    assert "## 部门基本情况" in source.text.splitlines()
    assert labels(source) == ["部门基本情况"]


def test_automatic_numbering_supplies_the_numbers_the_text_lacks():
    source = load_path(OFFICE / "clean-autonum.docx")
    found = labels(source)
    assert found[:3] == ["一、部门基本情况", "（一）部门职能", "（二）年度总体工作和重点工作任务"]
    assert "（三）管理效率分析" in found and "7. 运行成本" in found and "四、上年度绩效自评整改情况" in found
    # The Word text itself has no numbers: they come from numbering.xml.
    assert "一、" not in Document(str(OFFICE / "clean-autonum.docx")).paragraphs[2].text


def test_numbering_counts_restart_under_each_parent(tmp_path):
    build = fixture_builder()
    document = Document()
    build._link_headings_to_numbering(document)
    document.add_paragraph(TITLE, style="Title")
    for level, text in [
        (1, "部门基本情况"),
        (2, "部门职能"),
        (2, "重点任务"),
        (1, "绩效自评情况"),
        (2, "自评结论"),
        (3, "预算编制"),
        (3, "预算执行"),
    ]:
        document.add_paragraph(text, style=f"Heading {level}")
        document.add_paragraph("正文。")
    assert labels(saved(document, tmp_path)) == [
        "一、部门基本情况",
        "（一）部门职能",
        "（二）重点任务",
        "二、绩效自评情况",
        "（一）自评结论",
        "1. 预算编制",
        "2. 预算执行",
    ]


def test_numbered_and_bulleted_body_paragraphs(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、部门基本情况", style="Heading 1")
    document.add_paragraph("完成资料整编。", style="List Number")
    document.add_paragraph("完成年鉴编印。", style="List Number")
    document.add_paragraph("数据服务及时。", style="List Bullet")
    lines = saved(document, tmp_path).text.splitlines()
    assert "1.\t完成资料整编。" in lines and "2.\t完成年鉴编印。" in lines
    assert "数据服务及时。" in lines  # a bullet adds no number


def test_numbering_without_a_definition_falls_back_to_the_heading_level(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    for level, text in [(1, "部门基本情况"), (2, "部门职能"), (1, "绩效自评情况")]:
        paragraph = document.add_paragraph(text, style=f"Heading {level}")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = 77  # no such list in numbering.xml
        num_pr.get_or_add_ilvl().val = level - 1
        document.add_paragraph("正文。")
    assert labels(saved(document, tmp_path)) == ["一、部门基本情况", "（一）部门职能", "二、绩效自评情况"]


def test_a_typed_number_is_not_doubled_by_numbering():
    source = load_path(OFFICE / "clean.docx")
    assert "一、部门基本情况" in source.text.splitlines()
    assert "一、一、" not in source.text


def test_a_heading_with_no_number_at_all_stays_a_heading(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("部门基本情况", style="Heading 1")
    document.add_paragraph("部门职能", style="Heading 2")
    document.add_paragraph("正文。")
    source = saved(document, tmp_path)
    assert source.text.splitlines()[2:5] == ["## 部门基本情况", "", "### 部门职能"]
    assert labels(source) == ["部门基本情况", "部门职能"]


def test_tables_are_markdown_rows_and_cells_map_back(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("（四）部门整体支出情况", style="Heading 2")
    rows = [["项目", "金额（万元）", "占比"], ["基本支出", "538.92", "41.89%"], ["项目支出", "747.55", "58.11%"]]
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).paragraphs[0].add_run("|一般")  # a bar inside a cell must not split the row
    document.add_paragraph("支出结构合理。")
    source = saved(document, tmp_path)
    assert "| 基本支出 | 538.92 | 41.89% |" in source.text.splitlines()
    assert "| 项目支出｜一般 | 747.55 | 58.11% |" in source.text.splitlines()
    assert source.origin_at(source.text.index("538.92")) == Origin(table=1, row=2, cell=2)
    assert source.origin_at(source.text.index("支出结构合理")) == Origin(paragraph=3)
    [(_, block)] = [(s, b) for s, b in parse(source.text).blocks() if not hasattr(b, "text")]
    data = [[cell.text for cell in row.cells] for row in block.rows if not row.is_rule]
    assert data == [rows[0], rows[1], ["项目支出｜一般", "747.55", "58.11%"]]


def test_merged_cells_keep_the_columns_aligned(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合计"
    table.cell(0, 2).text = "1286.47"
    for c, text in enumerate(["基本支出", "538.92", "41.89%"]):
        table.cell(1, c).text = text
    source = saved(document, tmp_path)
    assert "| 合计 | 合计 | 1286.47 |" in source.text.splitlines()  # the merged value stands in both columns
    assert source.origin_at(source.text.index("1286.47")) == Origin(table=1, row=1, cell=2)


def test_header_fields_in_a_table_are_header_fields():
    document = parse(load_path(OFFICE / "clean-autonum.docx").text)
    fields = {f.name: f.value for f in document.fields}
    assert fields["部门名称"] == "广东省水文资料整编中心"
    assert fields["填报日期"] == "2024年4月18日"


def test_header_fields_in_a_markdown_table_too():
    result = lint_text(
        f"""
        {TITLE}

        | 部门名称 | 广东省水文资料整编中心 | 填报日期 | 2024年4月18日 |
        | --- | --- | --- | --- |

        一、部门基本情况
        """
    )
    assert {f.name for f in parse(result.source.text).fields} == {"部门名称", "填报日期"}


def test_paragraph_numbers_count_empty_paragraphs(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("")
    document.add_paragraph("第三段。")
    source = saved(document, tmp_path)
    assert source.origin_at(source.text.index("第三段")) == Origin(paragraph=3)


def test_revisions_field_codes_and_content_controls():
    body = (
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:tab/><w:t>尾</w:t><w:br/><w:t>次行</w:t></w:r></w:p>'
        f"<w:sdt><w:sdtContent>{paragraph_xml('控件里的段落')}</w:sdtContent></w:sdt>"
    )
    source = read_docx(minimal_docx(body), "r.docx")
    assert source.text == "保留插入3\t尾\n次行\n\n控件里的段落\n"
    assert source.origin_at(source.text.index("控件")) == Origin(paragraph=2)


def test_a_docx_with_no_text_is_an_error():
    with pytest.raises(LoadError, match="no text"):
        read_docx(minimal_docx("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"), "r.docx")


def test_json_and_full_output_locate_by_paragraph(tmp_path):
    report = OFFICE / "numbering-skip.docx"
    lines = out(run_here(str(report))).splitlines()
    header = next(i for i, line in enumerate(lines) if "PF003" in line)
    assert lines[header].endswith("numbering-skip.docx:23:1: PF003 warning 标题编号不连续：“（四）”之前缺少编号 3")
    assert lines[header + 1] == "  --> 段落 12"
    assert lines[header + 3] == "23 | （四）部门整体支出绩效目标"
    [finding] = json.loads(out(run_here("--output-format", "json", str(report))))["files"][0]["findings"]
    assert finding["origin"] == {"paragraph": 12}


def test_a_table_of_contents_is_not_read_as_headings(tmp_path):
    toc_lines = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>{text}</w:t></w:r><w:r><w:tab/><w:t>{page}</w:t></w:r></w:p>'
        for text, page in [("一、部门基本情况", 1), ("二、绩效自评情况", 2)]
    )
    gallery = '<w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
    body = (
        paragraph_xml(TITLE)
        + f"<w:sdt>{gallery}<w:sdtContent>{toc_lines}</w:sdtContent></w:sdt>"
        + paragraph_xml("一、部门基本情况")
        + paragraph_xml("正文。")
    )
    source = read_docx(minimal_docx(body), "toc.docx")
    assert source.text == f"{TITLE}\n\n一、部门基本情况\n\n正文。\n"
    assert source.origin_at(source.text.index("一、")) == Origin(paragraph=4)  # the contents' two lines still count


def test_contents_styles_outside_a_control_are_skipped_too(tmp_path):
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、部门基本情况\t1", style=document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH))
    document.add_paragraph("一、部门基本情况", style="Heading 1")
    document.add_paragraph("正文。")
    assert labels(saved(document, tmp_path)) == ["一、部门基本情况"]
