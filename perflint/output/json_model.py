"""The JSON report (version 1): the contract for editors and CI.

These models are the single source of the schema: ``perflint/schema/report-v1.json``
is generated from them (``python -m perflint.output.json_model``) and a test keeps
the committed file equal to what they generate. Add fields only; never rename.
"""

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "report-v1.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Location(_Model):
    row: int = Field(ge=1, description="1-based line number")
    column: int = Field(ge=1, description="1-based column, counted in Unicode code points")


class Origin(_Model):
    """Where the finding's text sits in a Word or PDF file; only the keys that apply are present."""

    paragraph: int | None = Field(default=None, ge=1, description="1-based body paragraph of a .docx in reading order (empty ones counted)")
    table: int | None = Field(
        default=None, ge=1, description="1-based table: a body table of a .docx, or a ruled table of a .pdf, counted through the file"
    )
    row: int | None = Field(default=None, ge=1, description="1-based row of that table")
    cell: int | None = Field(default=None, ge=1, description="1-based cell of that row")
    page: int | None = Field(default=None, ge=1, description="1-based page of a .pdf")

    @model_serializer(mode="wrap")
    def _present_keys_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, int]:
        return {key: value for key, value in handler(self).items() if value is not None}


class Operand(_Model):
    label: str = Field(description="what the operand is, e.g. 基本支出")
    text: str = Field(description="the number as written")
    location: Location


class Evidence(_Model):
    stated: str | None = Field(default=None, description="the value as the report states it")
    computed: str | None = Field(default=None, description="the value recomputed from the operands")
    expected: str | None = Field(default=None, description="what the template or a rule expects instead")
    interval: list[str] | None = Field(default=None, min_length=2, max_length=2, description="the allowed interval [low, high]")
    operands: list[Operand] | None = None


class FixEdit(_Model):
    content: str
    location: Location
    end_location: Location


class Fix(_Model):
    applicability: Literal["safe", "unsafe", "display-only"]
    message: str | None = None
    edits: list[FixEdit]


class Finding(_Model):
    code: str = Field(pattern=r"^PF\d{3}$")
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    location: Location
    end_location: Location = Field(description="exclusive end")
    section: list[str] = Field(description="labels of the enclosing headings, outermost first")
    evidence: Evidence | None = None
    fix: Fix | None = None
    origin: Origin | None = Field(
        default=None,
        description="where the text came from in a .docx (paragraph, or table/row/cell) or .pdf (page); null for .md and .txt",
    )


class SeverityCounts(_Model):
    error: int = Field(ge=0)
    warning: int = Field(ge=0)
    info: int = Field(ge=0)


class TableValue(_Model):
    """A cell of a self-evaluation table as read."""

    text: str = Field(description="the cell as written")
    value: str | None = Field(
        description='the figure it states, digits as written without operator, unit or separators (≥95.00% → "95.00"); '
        "null for words, a date or a blank cell"
    )
    unit: str | None = Field(
        description="what follows the figure (%, 万元, 个), or the table's money unit for a bare amount; null when none"
    )
    operator: Literal["≥", "≤", "=", ">", "<"] | None = Field(
        description="a target's operator (≥45处, 不少于12种, 95%以上); null when none"
    )
    location: Location
    origin: Origin | None = Field(default=None, description="the .docx or .pdf table, row and cell it came from; null for .md and .txt")


class TableFundsRow(_Model):
    label: TableValue = Field(description="年度资金总额, or a source: 其中：当年财政拨款, 上年结转资金 …")
    total: bool = Field(description="true for the 年度资金总额 row")
    initial_budget: TableValue | None = Field(description="年初预算数")
    budget: TableValue | None = Field(description="全年预算数 / 调整后预算数")
    executed: TableValue | None = Field(description="全年执行数 / 预算执行数")
    rate: TableValue | None = Field(description="执行率")
    points: TableValue | None = Field(description="分值 / 权重")
    score: TableValue | None = Field(description="得分")


class TableIndicatorRow(_Model):
    level_one: str | None = Field(description="一级指标 (产出指标, 效益指标, 满意度指标 …)")
    level_two: str | None = Field(description="二级指标 (数量指标 …)")
    name: TableValue = Field(description="三级指标 / 指标名称")
    target: TableValue | None = Field(description="年度指标值, with its operator as written")
    actual: TableValue | None = Field(description="实际完成值")
    points: TableValue | None = Field(description="分值 / 权重")
    score: TableValue | None = Field(description="得分")
    reason: TableValue | None = Field(description="偏差原因分析及改进措施")


class SelfEvaluationTable(_Model):
    """A 项目支出绩效自评表 (or a local form of it) as perflint read it."""

    form: str = Field(description="the form it was read as: national, sichuan, chongqing (rules/_defaults.toml [table])")
    unit: str | None = Field(
        description="the money unit of its funds (万元, 元): from the header, a caption or the cells; null when none is given"
    )
    location: Location = Field(description="where the table starts")
    funds: list[TableFundsRow]
    indicators: list[TableIndicatorRow]
    total_points: TableValue | None = Field(description="分值 of the 总分 / 合计 row")
    total_score: TableValue | None = Field(description="得分 of the 总分 / 合计 row (or 自评总分)")
    grade: TableValue | None = Field(description="the grade the table states")


class FileFacts(_Model):
    """What perflint read about the whole report: the reviewer's summary, the row the
    csv format and the html summary show. A fact the report does not state, or states
    in contradiction (two different scores), is null."""

    rectification: Literal["completed", "in-progress", "not-done", "nothing-to-rectify", "not-stated"] | None = Field(
        default=None,
        description="what the previous-year rectification section (上年度绩效自评整改情况) says; "
        "null when the template has no such section or no template fits",
    )
    unit: str | None = Field(default=None, description="the unit or project: the 部门名称, 单位名称 or 项目名称 header field")
    kind: str | None = Field(
        default=None,
        description="the kind of report: dept-overall (部门整体支出), project (项目支出) or special-fund (专项资金, a project report whose title names a special fund); null when no template was chosen",
    )
    year: int | None = Field(default=None, description="the evaluated (fiscal) year named in the title")
    score: str | None = Field(
        default=None,
        pattern=r"^-?\d+(\.\d+)?$",
        description="the self-evaluation score as its digits, e.g. 92.30; null unless every statement agrees",
    )
    grade: str | None = Field(default=None, description="the canonical grade (优, 良, 中, 差); null unless every statement agrees")
    execution_rate: str | None = Field(
        default=None,
        pattern=r"^-?\d+(\.\d+)?$",
        description="the overall stated budget execution rate in percent, e.g. 96.02: the first one not about a named project; "
        "null when the report states none",
    )
    fail_on: Literal["error", "warning", "info", "never"] = Field(
        default="error", description="the lowest severity that fails the report (the governing config's fail-on, or --fail-on)"
    )
    counts: SeverityCounts | None = Field(default=None, description="the report's findings by severity")
    passed: bool | None = Field(default=None, description="whether the report has no finding at or above fail_on")
    tables: list[SelfEvaluationTable] = Field(default_factory=list, description="the self-evaluation tables of the report, as read")


class FileReport(_Model):
    filename: str
    profile: str | None = Field(description="id of the report template used, null if none fits")
    profile_reason: str | None = Field(
        default=None, description="why that template was chosen (or none), in the run's language; null when the file was not linted"
    )
    profile_candidates: list[str] = Field(
        default_factory=list, description="when no template was chosen: the templates whose outline the report partly follows"
    )
    error: str | None = Field(description="why the file could not be linted; null when it was")
    findings: list[Finding]
    facts: FileFacts | None = Field(default=None, description="facts about the whole report; null when it could not be linted")


class Tool(_Model):
    name: Literal["perflint"] = "perflint"
    version: str


class Summary(_Model):
    files: int = Field(ge=0)
    error: int = Field(ge=0)
    warning: int = Field(ge=0)
    info: int = Field(ge=0)


class Report(_Model):
    version: Literal[1] = 1
    tool: Tool
    files: list[FileReport]
    summary: Summary


def schema() -> dict[str, Any]:
    generated = Report.model_json_schema()
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    generated["$id"] = "https://perflint.invalid/schema/report-v1.json"
    generated["title"] = "perflint JSON report, version 1"
    return generated


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
