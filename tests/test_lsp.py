"""The language server, run as editors run it: ``perflint server`` over stdio."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytest.importorskip("pygls", reason="the lsp extra (pygls>=2) is not installed")

from lsprotocol import types

from perflint.lsp.diagnostics import code_actions, to_diagnostic
from perflint.lsp.positions import PositionMapper, units
from perflint.results import Edit, Finding, Fix, Severity

CLEAN = (FIXTURES / "gd-dept-overall" / "clean.md").read_text(encoding="utf-8")
# The department name moves onto the date's line, after an emoji, and is left empty:
# PF005 points at "部门名称" on a line of CJK text with an astral character before it.
EMOJI_LINE = "填报日期：2024年4月18日🙂    部门名称："
REPORT = CLEAN.replace("部门名称：广东省水文资料整编中心\n\n", "", 1).replace("填报日期：2024年4月18日", EMOJI_LINE, 1)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's pipes."""

    def __init__(self, cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PERFLINT_OUTPUT_FORMAT"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "perflint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.messages: queue.Queue[dict] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait(self, match, timeout: float = 30) -> dict:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                self.proc.kill()
                raise AssertionError(f"no expected message from the server; stderr: {self.proc.stderr.read().decode()[-2000:]}") from None
            if match(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version
            )
        )
        return message["params"]["diagnostics"]

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream:
                    stream.close()


@pytest.fixture
def client(tmp_path: Path):
    c = Client(tmp_path)
    reply = c.request("initialize", {"processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {}})
    assert reply["result"]["serverInfo"]["name"] == "perflint"
    assert reply["result"]["capabilities"]["codeActionProvider"]
    c.notify("initialized", {})
    yield c
    c.close()


def test_diagnostics_on_open_change_and_save_with_utf16_ranges(client: Client, tmp_path: Path):
    path = tmp_path / "报告.md"
    path.write_text(REPORT, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": REPORT}})
    [diagnostic] = client.diagnostics(uri, 1)

    line = REPORT.split("\n").index(EMOJI_LINE)
    start = EMOJI_LINE.index("部门名称")
    assert utf16(EMOJI_LINE[:start]) == start + 1  # the emoji counts twice in UTF-16
    assert diagnostic["range"] == {
        "start": {"line": line, "character": utf16(EMOJI_LINE[:start])},
        "end": {"line": line, "character": utf16(EMOJI_LINE[: start + 4])},
    }
    assert (diagnostic["code"], diagnostic["source"], diagnostic["severity"]) == ("PF005", "perflint", 1)
    assert diagnostic["message"] == "表头字段“部门名称”未填写"

    # An edit that fills the field in clears it; one that adds a numbering gap brings another.
    fixed = REPORT.replace(EMOJI_LINE, EMOJI_LINE + "广东省🌊水文中心", 1)
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
    assert client.diagnostics(uri, 2) == []

    heading = "（四）部门整体支出情况"
    row = fixed.split("\n").index(heading)
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": {"start": {"line": row, "character": 1}, "end": {"line": row, "character": 2}}, "text": "六"}],
        },
    )
    [gap] = client.diagnostics(uri, 3)
    assert gap["code"] == "PF003" and gap["range"]["start"] == {"line": row, "character": 0}

    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert [d["code"] for d in message["params"]["diagnostics"]] == ["PF003"]

    # The code action inserts a suppression directive above the line.
    reply = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": gap["range"], "context": {"diagnostics": [gap]}},
    )
    [action] = reply["result"]
    assert action["title"] == "perflint: disable PF003 for this line"
    [edit] = action["edit"]["changes"][uri]
    assert edit == {
        "range": {"start": {"line": row, "character": 0}, "end": {"line": row, "character": 0}},
        "newText": "<!-- perflint: disable-next-line PF003 -->\n",
    }

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    closed = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert closed["params"]["diagnostics"] == []


def test_server_uses_the_config_beside_the_report(client: Client, tmp_path: Path):
    (tmp_path / "perflint.toml").write_text('[rules.PF005]\nseverity = "info"\n', encoding="utf-8")
    uri = (tmp_path / "r.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 7, "text": REPORT}})
    [diagnostic] = client.diagnostics(uri, 7)
    assert diagnostic["severity"] == 3


def test_a_bad_config_is_shown_once_not_crashed_on(client: Client, tmp_path: Path):
    (tmp_path / "perflint.toml").write_text("nonsense = 1\n", encoding="utf-8")
    uri = (tmp_path / "r.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": REPORT}})
    shown = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert "perflint.toml: nonsense: unknown key" in shown["params"]["message"]
    assert client.diagnostics(uri, 1) == []


# -- the conversions and the code-action builder, in-process ---------------------------------------


def test_units_per_encoding():
    text = "部门😀a"
    assert (units(text, "utf-16"), units(text, "utf-32"), units(text, "utf-8")) == (5, 4, 11)


def test_mapper_counts_a_bom_on_the_first_line_only():
    mapper = PositionMapper("标题\n正文", bom=True)
    assert mapper.position(1) == (0, 2)
    assert mapper.position(4) == (1, 1)


def test_safe_fix_becomes_a_preferred_quick_fix():
    text = "一、基本情况\n（三）部门职能😀\n"
    start = text.index("（三）")
    fix = Fix("safe", [Edit((start, start + 3), "（一）")], "改为（一）")
    finding = Finding("PF003", "heading-numbering", Severity.WARNING, "编号", (start, start + 8), fix=fix)
    diagnostic = to_diagnostic(finding, PositionMapper(text), "\r\n")
    assert (diagnostic.range.end.line, diagnostic.range.end.character) == (1, 9)
    fix_action, disable_action = code_actions("file:///r.md", [diagnostic])
    assert fix_action.title == "perflint (PF003): 改为（一）" and fix_action.is_preferred
    [edit] = fix_action.edit.changes["file:///r.md"]
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.character, edit.new_text) == (1, 0, 3, "（一）")
    assert disable_action.edit.changes["file:///r.md"][0].new_text == "<!-- perflint: disable-next-line PF003 -->\r\n"


def test_unsafe_fixes_and_other_sources_give_no_fix_action():
    finding = Finding("PF102", "share-mismatch", Severity.ERROR, "占比", (0, 2), fix=Fix("unsafe", [Edit((0, 2), "x")]))
    diagnostic = to_diagnostic(finding, PositionMapper("ab\n"))
    assert [a.title for a in code_actions("file:///r.md", [diagnostic])] == ["perflint: disable PF102 for this line"]
    other = types.Diagnostic(range=diagnostic.range, message="m", source="other", data={"fix": {}})
    assert code_actions("file:///r.md", [other]) == []


def test_server_without_pygls_is_a_clear_error(tmp_path: Path):
    shadow = tmp_path / "pygls"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('pygls hidden for this test')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    proc = subprocess.run([sys.executable, "-m", "perflint", "server"], capture_output=True, env=env, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("perflint: error: perflint server needs the lsp extra: pip install 'perflint[lsp]'")
