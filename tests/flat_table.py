"""The national table of national_table.py flattened into text, as web pages print it.

Three shapes, each the report around the table unchanged (title, sections, the
conclusion) and the table in place of the Markdown one, with no Markdown syntax:

* ``one_line``: the whole table on one line, cells separated by a space, blank cells
  gone, merged cells (项目资金（万元）, 一级指标, 二级指标) written once;
* ``row_lines``: a row a line, cells separated by two spaces, a long header cell
  broken over two lines;
* ``cell_paragraphs``: one cell a paragraph, blank lines between, header and level
  cells broken in two (年初 / 预算数, 数量 / 指标).
"""

from national_table import FUNDS_HEADER, INDICATOR_HEADER, TITLE, NationalTable, _paragraphs

# Header cells a page breaks in two, and where.
BROKEN = {
    "年初预算数": ("年初", "预算数"),
    "全年执行数": ("全年", "执行数"),
    "实际完成值": ("实际", "完成值"),
    "偏差原因分析及改进措施": ("偏差原因分析及", "改进措施"),
    "数量指标": ("数量", "指标"),
    "质量指标": ("质量", "指标"),
}


def rows(table: NationalTable, *, source_amounts_only: bool = False) -> list[list[str]]:
    """The table's rows with the blank cells of a flattened copy gone: merged cells once,
    empty cells dropped; ``source_amounts_only``: a source row gives its amounts only."""
    out: list[list[str]] = [FUNDS_HEADER]
    for index, row in enumerate(table.funds):
        cells = row[:4] if index and source_amounts_only else row
        out.append([cell for cell in cells if cell])
    out.append(["绩效指标", *INDICATOR_HEADER])
    out += [[cell for cell in cells if cell] for cells in table.indicator_rows(repeat=False)]
    out.append(["总分", *[cell for cell in table.total if cell]])
    return out


def _report(table: NationalTable, body: list[str]) -> str:
    lines = [TITLE, "", *_paragraphs(table.before()[1:]), *body, "", *_paragraphs(table.after())]
    return "\n".join(lines)


def one_line(table: NationalTable, *, source_amounts_only: bool = False) -> str:
    return _report(table, [" ".join(cell for row in rows(table, source_amounts_only=source_amounts_only) for cell in row)])


def row_lines(table: NationalTable) -> str:
    lines = []
    for row in rows(table):
        cells = [("\n".join(BROKEN[cell]) if cell == "偏差原因分析及改进措施" else cell) for cell in row]
        lines.append("  ".join(cells))
    return _report(table, lines)


def cell_paragraphs(table: NationalTable) -> str:
    paragraphs = []
    for row in rows(table):
        for cell in row:
            paragraphs += [*BROKEN.get(cell, (cell,))]
    return _report(table, ["\n\n".join(paragraphs)])


def labels_first(table: NationalTable) -> str:
    """One line as a mirror of an .xlsx prints it: the merged label column of the funds
    block (项目资金（万元）, 年度资金总额, 其中：…) before the header, the figures after it."""
    funds = [[cell for cell in row if cell] for row in table.funds]
    figures = [cell for row in funds for cell in row[1:]]
    rest = rows(table)[1 + len(funds) :]
    cells = [FUNDS_HEADER[0], *(row[0] for row in funds), *FUNDS_HEADER[1:], *figures, *(cell for row in rest for cell in row)]
    return _report(table, [" ".join(cells)])
