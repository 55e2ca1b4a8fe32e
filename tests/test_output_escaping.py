"""File names and report text holding control characters, lone surrogates (bytes of a
name that are not UTF-8) or characters XML forbids: the terminal formats show them as
escapes and never emit them raw, JUnit stays well-formed XML (issue 13, item 13)."""

import re
import xml.etree.ElementTree as ET

import pytest

from perflint.output import RenderOptions, formatter
from perflint.output.escaping import terminal_safe, xml_safe
from perflint.results import FileResult, Finding, Severity
from perflint.sources import source_from_text

from test_cli import err, out, run_here

# A terminal title change, a screen clear, BEL, a C1 CSI, a right-to-left override,
# a byte that was not UTF-8 (surrogateescape), a lone surrogate and U+FFFF.
HOSTILE_NAME = "reports/\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\udcff\ud800\uffff.md"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def hostile_results() -> list[FileResult]:
    text = "2023年部门整体支出绩效自评报告\n部门\x1b[2J名称：某局\x00\n"
    source = source_from_text(text, HOSTILE_NAME)
    start = source.text.index("部门\x1b")
    finding = Finding(
        "PF005", "missing-header-field", Severity.ERROR, "表头字段“部门\x1b[2J名称”未填写\x07", (start, start + 8), section=[]
    )
    return [
        FileResult(source.path, source, "gd-dept-overall", findings=[finding]),
        FileResult(HOSTILE_NAME + "2", error="cannot decode: \x1b[31mred\x00"),
    ]


def test_the_escapes_say_what_was_there():
    assert terminal_safe("a\x1b[2Jb\tc\nd\x9b\u202e\udcff\ud800") == "a\\x1b[2Jb\\tc\\nd\\x9b\\u202e\\xff\\ud800"
    assert terminal_safe("a\nb\r\x1b", keep_newlines=True) == "a\nb\r\\x1b"
    assert xml_safe("a\tb\nc\x00\x0b\x1b\udcff\ufffe") == "a\tb\nc\\x00\\x0b\\x1b\\xff\\ufffe"
    assert terminal_safe("部门名称：某局（一）“引号”") == "部门名称：某局（一）“引号”"


@pytest.mark.parametrize("name", ["full", "concise", "github"])
@pytest.mark.parametrize("color", [False, True])
def test_terminal_formats_never_print_a_control_character_from_outside(name, color):
    text = formatter(name)(hostile_results(), RenderOptions(color=color))
    # Our own colours are the only escape sequences (SGR: ESC [ digits m).
    leftover = RAW_CONTROL.findall(re.sub("\x1b\\[[0-9;]*m", "", text).replace("\n", ""))
    assert leftover == [], text
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eevil\\xff\\ud800" in text
    text.encode("utf-8")  # no lone surrogate left to fail the encoder


def test_junit_is_well_formed_whatever_the_names_and_messages_hold():
    document = formatter("junit")(hostile_results(), RenderOptions())
    root = ET.fromstring(document.encode("utf-8"))
    suites = root.findall("testsuite")
    assert suites[0].get("name") == "reports/\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\u202eevil\\xff\\ud800\\uffff.md"
    assert suites[0].find("testcase/failure").get("message") == "表头字段“部门\\x1b[2J名称”未填写\\x07"
    assert suites[1].find("testcase/error").text == "cannot decode: \\x1b[31mred\\x00"


def test_the_command_line_escapes_a_file_name_on_stdout_and_stderr(tmp_path):
    (tmp_path / "\x1b]0;pwned\x07.md").write_text("2023年部门整体支出绩效自评报告\n部门名称：\n", encoding="utf-8")
    (tmp_path / "\x1b[2Jempty.md").write_bytes(b"")
    for format in ("full", "concise", "github"):
        proc = run_here("--output-format", format, "--no-progress", str(tmp_path))
        assert proc.returncode == 2
        assert "\x1b" not in out(proc) + err(proc)
        assert "\\x1b]0;pwned\\x07.md" in out(proc)
        assert err(proc).startswith(f"perflint: error: {tmp_path}/\\x1b[2Jempty.md: empty file")
