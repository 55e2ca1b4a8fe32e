"""A national 项目支出绩效自评表 of our own writing, laid out in every carrier.

The table is data — funds rows, indicator rows, the total — so that a test can plant
one slip by changing one figure and find it again in Markdown (with or without the
outer bars), tab-separated text, one cell a line, Word (merged cells) and PDF. Units,
names and numbers are invented.
"""

import copy
from dataclasses import dataclass, field

from table_office import ABOVE, LEFT

TITLE = "2023年度乡村文化广场建设项目支出绩效自评表"
FUNDS_HEADER = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


@dataclass
class Indicator:
    level_one: str
    level_two: str
    name: str
    target: str
    actual: str
    points: str
    score: str
    reason: str = ""

    def cells(self) -> list[str]:
        return [self.level_one, self.level_two, self.name, self.target, self.actual, self.points, self.score, self.reason]


@dataclass
class NationalTable:
    funds: list[list[str]] = field(
        default_factory=lambda: [
            ["年度资金总额", "100.00", "120.00", "114.00", "10", "95.00%", "9.5"],
            ["其中：当年财政拨款", "80.00", "100.00", "96.00", "—", "96.00%", "—"],
            ["上年结转资金", "20.00", "20.00", "18.00", "—", "90.00%", "—"],
            ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        ]
    )
    indicators: list[Indicator] = field(
        default_factory=lambda: [
            Indicator("产出指标(50分)", "数量指标", "新建文化广场数量", "≥12个", "12个", "15", "15"),
            Indicator("产出指标(50分)", "数量指标", "配套健身器材套数", "≥36套", "30套", "10", "8.3", "两处场地未完工，器材待安装"),
            Indicator("产出指标(50分)", "质量指标", "工程验收合格率", "=100%", "100%", "10", "10"),
            Indicator("产出指标(50分)", "时效指标", "项目完工时间", "2023年11月30日前", "2023年11月20日", "5", "5"),
            Indicator("产出指标(50分)", "成本指标", "单个广场建设成本", "≤9.5万元", "9.2万元", "10", "10"),
            Indicator("效益指标(30分)", "社会效益指标", "受益群众人数", "≥6000人", "6500人", "15", "15"),
            Indicator("效益指标(30分)", "可持续影响指标", "广场长效管护机制", "建立", "已建立", "15", "15"),
            Indicator("满意度指标(10分)", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10"),
        ]
    )
    total: list[str] = field(default_factory=lambda: ["100", "97.8", "优"])
    text_score: str = "97.8"
    text_grade: str = "优"
    text_execution: str = ""  # a sentence about the funds in the text, if any

    def copy(self) -> "NationalTable":
        return copy.deepcopy(self)

    # -- the report around the table ----------------------------------------------------

    def before(self) -> list[str]:
        return [
            TITLE,
            "一、项目基本情况",
            "某县文化馆2023年实施乡村文化广场建设项目，在12个行政村各建设文化广场一处。" + self.text_execution,
            "二、项目支出绩效自评表",
        ]

    def after(self) -> list[str]:
        return ["三、自评结论", f"项目自评得分{self.text_score}分，自评等级为{self.text_grade}。"]

    # -- text carriers ------------------------------------------------------------------

    def indicator_rows(self, *, repeat: bool) -> list[list[str]]:
        """Indicator rows; without ``repeat`` a 一级/二级 cell stands on its first row only
        (a merged cell written once), the rows below keep an empty cell in its place."""
        rows = []
        previous: Indicator | None = None
        for indicator in self.indicators:
            cells = indicator.cells()
            if not repeat and previous is not None:
                if indicator.level_one == previous.level_one:
                    cells[0] = ""
                    if indicator.level_two == previous.level_two:
                        cells[1] = ""
            rows.append(cells)
            previous = indicator
        return rows

    def total_row(self) -> list[str]:
        return ["总分", "", "", "", "", self.total[0], self.total[1], self.total[2]]

    def markdown(self, *, outer_bars: bool = True) -> str:
        def row(cells: list[str]) -> str:
            inner = " | ".join(cells)
            return f"| {inner} |" if outer_bars else inner

        def rule(width: int) -> str:
            return row(["---"] * width)

        lines = [f"# {TITLE}", "", *_paragraphs(self.before()[1:]), "（单位：万元）", ""]
        lines += [row(FUNDS_HEADER), rule(len(FUNDS_HEADER)), *map(row, self.funds), ""]
        lines += [row(INDICATOR_HEADER), rule(len(INDICATOR_HEADER)), *map(row, self.indicator_rows(repeat=False))]
        lines += [row(self.total_row()), "", *_paragraphs(self.after())]
        return "\n".join(lines)

    def tabs(self) -> str:
        """As pasted from a spreadsheet: tab-separated, merged cells empty."""
        lines = [TITLE, "", *_paragraphs(self.before()[1:]), "（单位：万元）", ""]
        rows = [FUNDS_HEADER, *self.funds, INDICATOR_HEADER, *self.indicator_rows(repeat=False), self.total_row()]
        lines += ["\t".join(cells) for cells in rows]
        lines += ["", *_paragraphs(self.after())]
        return "\n".join(lines)

    def cell_lines(self) -> str:
        """As web pages flatten a table: one cell a line, each ending " |"; a merged
        cell is given once and the rows below start with the next column."""
        lines = [TITLE, "", *_paragraphs(self.before()[1:]), "（单位：万元）", ""]
        rows: list[list[str]] = [FUNDS_HEADER, *self.funds, INDICATOR_HEADER]
        for cells in self.indicator_rows(repeat=False):
            start = 0
            while start < 2 and not cells[start]:
                start += 1
            rows.append(cells[start:])
        rows.append(["总分", self.total[0], self.total[1], self.total[2]])
        lines += [f"{cell} |" if cell else "|" for cells in rows for cell in cells]
        lines += ["", *_paragraphs(self.after())]
        return "\n".join(lines)

    # -- Word and PDF -------------------------------------------------------------------

    def grid(self) -> list[list[str]]:
        """The form as one table of 9 columns with its merged cells (see table_office)."""
        grid = [["项目资金（万元）", "", *FUNDS_HEADER[1:], LEFT]]
        for row in self.funds:
            grid.append([ABOVE, *row, LEFT])
        grid.append(["绩效指标", *INDICATOR_HEADER])
        previous: Indicator | None = None
        for indicator in self.indicators:
            cells = [ABOVE, *indicator.cells()]
            if previous is not None and indicator.level_one == previous.level_one:
                cells[1] = ABOVE
                if indicator.level_two == previous.level_two:
                    cells[2] = ABOVE
            grid.append(cells)
            previous = indicator
        grid.append(["总分", LEFT, LEFT, LEFT, LEFT, LEFT, *self.total])
        return grid

    def paragraphs_before(self) -> list[str]:
        return [*self.before(), "（单位：万元）"]


def grid_position(table: NationalTable, kind: str, index: int, column: str) -> tuple[int, int]:
    """(row, column) in ``table.grid()`` of a cell: ``kind`` "funds" (index of the funds
    row), "indicator" or "total"; ``column`` a header of its block."""
    if kind == "funds":
        return 1 + index, 1 + FUNDS_HEADER.index(column) if column in FUNDS_HEADER else 1
    if kind == "indicator":
        return 2 + len(table.funds) + index, 1 + INDICATOR_HEADER.index(column)
    return 2 + len(table.funds) + len(table.indicators), {"分值": 6, "得分": 7, "等级": 8}[column]


def word_cell(grid: list[list[str]], row: int, column: int) -> int:
    """The 1-based cell number Word gives grid place (row, column): cells merged across
    columns are one cell, cells merged down are a cell in every row."""
    return 1 + sum(1 for c in range(column) if grid[row][c + 1] != LEFT)


def _paragraphs(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        out += [line, ""]
    return out
