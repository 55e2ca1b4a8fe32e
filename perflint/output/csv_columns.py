"""The reviewer's summary: one row of facts per report, in one documented order.

``--output-format csv`` writes these rows and the html page's summary table shows
them. With ``--lang en`` the header is each column's key and every value is the
JSON output's (``facts`` of each file: tests/test_review.py holds them equal); in
Chinese (the default) the header and the enumerated values — kind, rectification,
fail-on, result — are in Chinese, for the bureau's spreadsheet.

The self-evaluation table's facts will follow these columns, each key starting with
``table_``; read the columns by their header, not by their position.
"""

from dataclasses import dataclass

from perflint.detection import kind_name
from perflint.output.json_output import decimal_text
from perflint.results import FileResult, Severity
from perflint.sources import LONE_SURROGATES


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the header with --lang en: the JSON facts key the value comes from, where there is one
    zh: str  # the header in Chinese
    numeric: bool = False  # a number (sorted as one on the html page; never rewritten against spreadsheet formulas)

    def header(self, lang: str) -> str:
        return self.key if lang == "en" else self.zh


COLUMNS = (
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
    if linted:
        fail_on = facts.fail_on if facts is not None else "error"
        values["fail_on"] = fail_on if lang == "en" else FAIL_ON_ZH.get(fail_on, fail_on)
    return {column.key: printable(values.get(column.key, "")) for column in COLUMNS}


def spreadsheet_safe(column: Column, value: str) -> str:
    """A text cell that a spreadsheet would run as a formula (a unit named ``=HYPERLINK(…)``)
    gets a leading apostrophe, as OWASP advises for CSV files; numbers stay as they are."""
    if not column.numeric and value.startswith(_FORMULA_START):
        return "'" + value
    return value
