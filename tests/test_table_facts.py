"""The self-evaluation table as read, in the JSON output's ``facts.tables``."""

import json
from decimal import Decimal

import jsonschema
import pytest

from perflint.output.json_model import SCHEMA_PATH

from conftest import FIXTURES, lint_text
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


# -- the summary facts of a table on its own ------------------------------------------------

TABLE_ALONE = (FIXTURES / "national-project-table" / "clean.md").read_text(encoding="utf-8")


def test_a_table_on_its_own_gives_the_summary_its_score_grade_and_rate():
    facts = lint_text(TABLE_ALONE, dedent=False).facts
    assert facts is not None
    assert (facts.score, facts.grade, facts.execution_rate) == (Decimal("99.55"), "优", Decimal("95.50"))


def test_the_texts_own_statements_come_before_the_tables():
    table = NationalTable(text_score="97.8", text_grade="优")
    facts = lint_text(table.markdown(), dedent=False).facts
    assert facts is not None and facts.score == Decimal("97.8")  # the text's, as the table's here
    stated_otherwise = lint_text(NationalTable(text_score="96").markdown(), dedent=False)
    assert stated_otherwise.facts is not None and stated_otherwise.facts.score == Decimal("96")
    assert "PF415" in [finding.code for finding in stated_otherwise.findings]  # which says they differ


def test_tables_that_disagree_give_no_score_or_rate():
    other = TABLE_ALONE.replace("| 总分 | | | | | 100 | 99.55 | 优 |", "| 总分 | | | | | 100 | 88.00 | 良 |")
    other = other.replace("| 10 | 95.50% | 9.55 |", "| 10 | 90.00% | 9.00 |")
    assert other != TABLE_ALONE
    facts = lint_text(TABLE_ALONE + "\n\n" + other, dedent=False).facts
    assert facts is not None and (facts.score, facts.grade, facts.execution_rate) == (None, None, None)
