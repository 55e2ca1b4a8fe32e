"""The reviewer's summary: one row of facts per report, in one documented order.

``--output-format csv`` writes these rows and the html page's summary table shows
them. With ``--lang en`` the header is each column's key and every value is the
JSON output's (``facts`` of each file: tests/test_review.py holds them equal); in
Chinese (the default) the header and the enumerated values — kind, rectification,
fail-on, result — are in Chinese, for the bureau's spreadsheet.

The self-evaluation table's facts follow (keys starting with ``table_``): those of
the first table a report holds, as written there (JSON: ``facts.tables[0]``), and how
many tables it holds. Read the columns by their header, not by their position.
"""

from dataclasses import dataclass

from perflint.detection import kind_name
from perflint.output.json_output import decimal_text
from perflint.results import FileFacts, FileResult, Severity, TableFacts, TableValue
from perflint.sources import LONE_SURROGATES


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the header with --lang en: the JSON facts key the value comes from, where there is one
    zh: str  # the header in Chinese
    numeric: bool = False  # a number (sorted as one on the html page; never rewritten against spreadsheet formulas)

    def header(self, lang: str) -> str:
        return self.key if lang == "en" else self.zh


SUMMARY_COLUMNS = (
    Column("file", "文件"),
    Column("unit", "单位"),
    Column("kind", "类型"),
    Column("template", "模板"),
    Column("year", "年度", numeric=True),
    Column("score", "得分", numeric=True),
    Column("grade", "等级"),
    Column("execution_rate", "执行率(%)", numeric=True),
    Column("rectification", "整改情况"),
    Column("errors", "错误", numeric=True),
    Column("warnings", "警告", numeric=True),
    Column("infos", "提示", numeric=True),
    Column("fail_on", "不通过标准"),
    Column("result", "结论"),
    Column("read_error", "未能检查的原因"),
)
# The first self-evaluation table's facts, as the table writes them.
SELF_EVALUATION_TABLE_COLUMNS = (
    Column("table_count", "自评表数", numeric=True),
    Column("table_form", "自评表格式"),
    Column("table_unit", "自评表金额单位"),
    Column("table_initial_budget", "自评表年初预算数", numeric=True),
    Column("table_budget", "自评表全年预算数", numeric=True),
    Column("table_executed", "自评表全年执行数", numeric=True),
    Column("table_execution_rate", "自评表执行率(%)", numeric=True),
    Column("table_indicators", "自评表指标数", numeric=True),
    Column("table_total_points", "自评表总分值", numeric=True),
    Column("table_total_score", "自评表总得分", numeric=True),
    Column("table_grade", "自评表等级"),
)
COLUMNS = SUMMARY_COLUMNS + SELF_EVALUATION_TABLE_COLUMNS

RECTIFICATION_ZH = {
    "completed": "已完成",
    "in-progress": "正在整改",
    "not-done": "未整改",
    "nothing-to-rectify": "无需整改",
    "not-stated": "未说明",
}
FAIL_ON_ZH = {"error": "错误", "warning": "警告", "info": "提示", "never": "从不"}
# A report passes, fails under its fail-on, or could not be read (json: passed true/false/null).
RESULT_KEYS = {True: "pass", False: "fail", None: "not-checked"}
RESULT_ZH = {"pass": "通过", "fail": "不通过", "not-checked": "未检查"}
_COUNT_KEYS = {"errors": Severity.ERROR, "warnings": Severity.WARNING, "infos": Severity.INFO}
# A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` with lone surrogates (an undecodable file name) as U+FFFD, so it can
    be written as UTF-8."""
    return LONE_SURROGATES.sub("\ufffd", text)


def summary_values(result: FileResult, lang: str = "zh") -> dict[str, str]:
    """The report's row, column key → text ("" where there is no value)."""
    facts = result.facts
    counts = result.severity_counts()
    result_key = RESULT_KEYS[result.passes]
    linted = result.error is None
    values = {
        "file": result.path,
        "template": result.profile or "",
        "errors": str(counts[Severity.ERROR]) if linted else "",
        "warnings": str(counts[Severity.WARNING]) if linted else "",
        "infos": str(counts[Severity.INFO]) if linted else "",
        "result": RESULT_ZH[result_key] if lang != "en" else result_key,
        "read_error": result.error or "",
    }
    if facts is not None:
        rectification = facts.rectification or ""
        values |= {
            "unit": facts.unit or "",
            "kind": (facts.kind or "") if lang == "en" else kind_name(facts.kind),
            "year": str(facts.year) if facts.year is not None else "",
            "score": decimal_text(facts.score) or "",
            "grade": facts.grade or "",
            "execution_rate": decimal_text(facts.execution_rate) or "",
            "rectification": rectification if lang == "en" else RECTIFICATION_ZH.get(rectification, rectification),
        }
        values |= _table_values(facts, lang)
    if linted:
        fail_on = facts.fail_on if facts is not None else "error"
        values["fail_on"] = fail_on if lang == "en" else FAIL_ON_ZH.get(fail_on, fail_on)
    return {column.key: printable(values.get(column.key, "")) for column in COLUMNS}


def _figure(cell: TableValue | None) -> str:
    """A cell's figure as written (``95.00`` of ``95.00%``), or its text where it states none."""
    if cell is None:
        return ""
    return cell.value if cell.value is not None else cell.text


def _table_values(facts: FileFacts, lang: str) -> dict[str, str]:
    if not facts.tables:
        return {"table_count": "0"}
    table: TableFacts = facts.tables[0]
    total = next((row for row in table.funds if row.total), None)
    return {
        "table_count": str(len(facts.tables)),
        "table_form": table.form if lang == "en" else form_name(table.form),
        "table_unit": table.unit,
        "table_initial_budget": _figure(total.initial_budget) if total else "",
        "table_budget": _figure(total.budget) if total else "",
        "table_executed": _figure(total.executed) if total else "",
        "table_execution_rate": _figure(total.rate) if total else "",
        "table_indicators": str(len(table.indicators)),
        "table_total_points": _figure(table.total_points),
        "table_total_score": _figure(table.total_score),
        "table_grade": table.grade.text if table.grade is not None else "",
    }


def form_name(form: str) -> str:
    """The name of a table form (四川省部门预算项目支出绩效自评表), the id itself if unknown."""
    from perflint.profiles import default_table

    return next((spec.name for spec in default_table().forms if spec.id == form), form)


def spreadsheet_safe(column: Column, value: str) -> str:
    """A text cell that a spreadsheet would run as a formula (a unit named ``=HYPERLINK(…)``)
    gets a leading apostrophe, as OWASP advises for CSV files; numbers stay as they are."""
    if not column.numeric and value.startswith(_FORMULA_START):
        return "'" + value
    return value
