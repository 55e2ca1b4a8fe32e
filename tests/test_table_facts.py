"""The self-evaluation table as read, in the JSON output's ``facts.tables``."""

import json

import jsonschema
import pytest

from perflint.output.json_model import SCHEMA_PATH

from national_table import NationalTable
from table_office import docx_bytes
from test_cli import out, run_here


def tables_of(document: dict) -> list[dict]:
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    return document["files"][0]["facts"]["tables"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_table_as_read_is_in_the_json_facts(tmp_path, jobs):
    report = tmp_path / "report.md"
    report.write_text(NationalTable().markdown(), encoding="utf-8")
    other = tmp_path / "other.md"  # two files, so that -j 2 runs workers and shrinks results
    other.write_text("# 某报告\n\n正文。\n", encoding="utf-8")
    document = json.loads(out(run_here("--output-format", "json", "-j", jobs, str(report), str(other))))
    [table] = tables_of(document)
    assert (table["form"], table["unit"]) == ("national", "万元")
    total = table["funds"][0]
    assert total["total"] is True and total["label"]["text"] == "年度资金总额"
    assert {key: total[key]["value"] for key in ("initial_budget", "budget", "executed", "rate", "points", "score")} == {
        "initial_budget": "100.00",
        "budget": "120.00",
        "executed": "114.00",
        "rate": "95.00",
        "points": "10",
        "score": "9.5",
    }
    assert total["budget"]["unit"] == "万元" and total["rate"]["unit"] == "%"
    lines = report.read_text(encoding="utf-8").splitlines()
    location = total["rate"]["location"]
    assert lines[location["row"] - 1][location["column"] - 1 :].startswith("95.00%")
    kit = table["indicators"][1]
    assert (kit["level_one"], kit["level_two"], kit["name"]["text"]) == ("产出指标", "数量指标", "配套健身器材套数")
    assert (kit["target"]["value"], kit["target"]["operator"], kit["target"]["unit"]) == ("36", "≥", "套")
    assert (kit["points"]["value"], kit["score"]["value"], kit["reason"]["text"]) == ("10", "8.3", "两处场地未完工，器材待安装")
    assert (table["total_points"]["value"], table["total_score"]["value"], table["grade"]["text"]) == ("100", "97.8", "优")
    assert document["files"][1]["facts"]["tables"] == []


def test_word_table_values_carry_their_origin(tmp_path):
    table = NationalTable()
    path = tmp_path / "report.docx"
    path.write_bytes(docx_bytes(table.paragraphs_before(), table.grid(), table.after()))
    [read] = tables_of(json.loads(out(run_here("--output-format", "json", str(path)))))
    assert read["funds"][0]["rate"]["origin"] == {"table": 1, "row": 2, "cell": 7}
    assert read["indicators"][0]["score"]["origin"] == {"table": 1, "row": 7, "cell": 8}
