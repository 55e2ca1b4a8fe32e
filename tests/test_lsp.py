"""The language server, run as editors run it: ``perflint server`` over stdio."""

import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pytest

from conftest import FIXTURES, ROOT, lint_text
from test_cli import run_here

pytest.importorskip("pygls", reason="the lsp extra (pygls>=2) is not installed")

from lsprotocol import types

from perflint.engine import Linter
from perflint.lsp.diagnostics import code_actions, to_diagnostic
from perflint.lsp.positions import PositionMapper, units
from perflint.results import Edit, FileResult, Finding, Fix, Severity
from perflint.sources import Source

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

CLEAN = (FIXTURES / "gd-dept-overall" / "clean.md").read_text(encoding="utf-8")
# The department name moves onto the date's line, after an emoji, and is left empty:
# PF005 points at "部门名称" on a line of CJK text with an astral character before it.
EMOJI_LINE = "填报日期：2024年4月18日🙂    部门名称："
REPORT = CLEAN.replace("部门名称：广东省水文资料整编中心\n\n", "", 1).replace("填报日期：2024年4月18日", EMOJI_LINE, 1)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over a server's pipes.

    ``spawn`` runs ``perflint server`` as editors run it, with its log (stderr) in a file;
    ``server_in_this_process`` runs the same server in a thread of this process over pipes
    (no Python to start and no perflint to load per test), its log kept in a list.
    """

    def __init__(
        self,
        to_server: BinaryIO,
        from_server: BinaryIO,
        proc: subprocess.Popen | None = None,
        log: Path | None = None,
        server: "ServerThread | None" = None,
    ) -> None:
        self.to_server, self.from_server, self.proc, self.log_path, self.server = to_server, from_server, proc, log, server
        self.messages: queue.Queue[dict] = queue.Queue()
        self.received: list[dict] = []  # every message, waited for or not
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    @classmethod
    def spawn(cls, cwd: Path) -> "Client":
        env = {k: v for k, v in os.environ.items() if k != "PERFLINT_OUTPUT_FORMAT"}
        log = cwd / "server.log"
        with log.open("wb") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "perflint", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, cwd=cwd, env=env
            )
        assert proc.stdin is not None and proc.stdout is not None
        return cls(proc.stdin, proc.stdout, proc, log)

    def _read(self) -> None:
        stream = self.from_server
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
            message = json.loads(stream.read(length))
            self.received.append(message)
            self.messages.put(message)

    def send_raw(self, data: bytes) -> None:
        self.to_server.write(data)
        self.to_server.flush()

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        self.send_raw(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)

    def request(self, method: str, params: dict | None) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.reply(self.next_id)

    def reply(self, id: int | str | None) -> dict:
        return self.wait(lambda m: "method" not in m and m.get("id") == id)

    def notify(self, method: str, params: dict | None) -> None:
        self.send({"method": method, "params": params})

    def wait(self, match, timeout: float = 30) -> dict:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                if self.proc is not None:
                    self.proc.kill()
                raise AssertionError(f"no expected message from the server; its log: {self.log()[-2000:]}") from None
            if match(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version
            )
        )
        return message["params"]["diagnostics"]

    def alive(self) -> bool:
        if self.server is not None:
            return self.server.thread.is_alive()
        return self.proc is None or self.proc.poll() is None

    def log(self) -> str:
        if self.server is not None:
            return "\n".join(self.server.log)
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def close(self) -> None:
        try:
            if self.alive():
                self.request("shutdown", None)
                self.notify("exit", None)
                if self.proc is not None:
                    self.proc.wait(timeout=10)
        finally:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
            self.to_server.close()
            self.reader.join(timeout=10)
            self.from_server.close()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    """The server in a thread of this process; the tests of ``perflint server`` itself spawn it."""
    with server_in_this_process(tmp_path, threading.Event()) as c:
        yield c


@pytest.fixture
def spawned(tmp_path: Path) -> Iterator[Client]:
    """``perflint server`` started as an editor starts it."""
    c = Client.spawn(tmp_path)
    initialize(c, tmp_path)
    yield c
    c.close()


def initialize(client: Client, root: Path, capabilities: dict | None = None) -> dict:
    reply = client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": capabilities or {}})
    assert reply["result"]["serverInfo"]["name"] == "perflint"
    assert reply["result"]["capabilities"]["codeActionProvider"]
    client.notify("initialized", {})
    return reply


def test_diagnostics_on_open_change_and_save_with_utf16_ranges(spawned: Client, tmp_path: Path):
    client = spawned
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


# -- a server that survives whatever it is sent (issue 13, item 12) ------------------------------

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, NOT_INITIALIZED = -32700, -32600, -32601, -32602, -32002


def assert_quiet(client: Client) -> None:
    """The server is alive and has logged no traceback."""
    assert client.alive()
    assert "Traceback" not in client.log(), client.log()[-3000:]


def still_answers(client: Client) -> None:
    reply = client.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}})
    assert reply == {"jsonrpc": "2.0", "id": client.next_id, "result": None}


@pytest.mark.parametrize(
    "header",
    [
        b"Content-Length: 99999999999\r\n",
        b"Content-Length: -5\r\n",
        b"Content-Length: lots\r\n",
        b"Content-Length: 12\r\nContent-Length: 13\r\n",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n",  # no length at all
        b"X" * 100_000 + b"\r\n",
    ],
    ids=["huge", "negative", "not-a-number", "twice", "missing", "overlong-line"],
)
def test_a_bad_header_is_answered_with_a_parse_error_and_the_server_goes_on(client: Client, header: bytes):
    client.send_raw(header + b'\r\n{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}')
    error = client.wait(lambda m: "error" in m)
    assert error["id"] is None and error["error"]["code"] == PARSE_ERROR
    still_answers(client)
    still_answers(client)
    assert_quiet(client)


def test_a_body_without_any_header_is_skipped_up_to_the_next_message(client: Client):
    client.send_raw(b'{"jsonrpc": "2.0", "id": 98, "method": "shutdown"}\r\n')
    assert client.wait(lambda m: "error" in m)["error"]["code"] == PARSE_ERROR
    still_answers(client)
    assert_quiet(client)


MALFORMED_REQUESTS = [
    # (body, the id the reply carries, the error code)
    (b"{not json", None, PARSE_ERROR),
    (b"\xff\xfe\x00garbage", None, PARSE_ERROR),
    (b"[" * 100_000, None, PARSE_ERROR),
    (b"", None, PARSE_ERROR),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": 42}}', 1, INVALID_PARAMS),
    (b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover"}', 2, INVALID_PARAMS),
    (
        b'{"jsonrpc": "2.0", "id": "three", "method": "textDocument/hover",'
        b' "params": {"textDocument": {"uri": "file:///r.md"}, "position": {"line": -1, "character": 0}}}',
        "three",
        INVALID_PARAMS,
    ),
    (b'{"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": [1, 2]}', 4, INVALID_PARAMS),
    (b'{"jsonrpc": "2.0", "id": 5, "method": 7}', 5, INVALID_REQUEST),
    (b'{"jsonrpc": "1.0", "id": 6, "method": "shutdown"}', 6, INVALID_REQUEST),
    (b'{"id": 7, "method": "shutdown"}', 7, INVALID_REQUEST),
    (b'{"jsonrpc": "2.0", "id": [8], "method": "shutdown"}', None, INVALID_REQUEST),
    (b'{"jsonrpc": "2.0", "id": true, "method": "shutdown"}', None, INVALID_REQUEST),
    (b'{"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}', None, INVALID_REQUEST),
    (b"[1, 2]", None, INVALID_REQUEST),
    (b'"shutdown"', None, INVALID_REQUEST),
    (b'{"jsonrpc": "2.0"}', None, INVALID_REQUEST),
    (b'{"jsonrpc": "2.0", "id": 9, "method": "no/such", "params": {"type_name": "1 2"}}', 9, METHOD_NOT_FOUND),
    (
        b'{"jsonrpc": "2.0", "id": 10, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}',
        10,
        INVALID_REQUEST,
    ),
    (
        # pygls reads any object with a "jsonrpc" member as a message of its own
        b'{"jsonrpc": "2.0", "id": 11, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///r.md"},'
        b' "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},'
        b' "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},'
        b' "message": "m", "data": {"jsonrpc": "2.0", "method": 5}}]}}}',
        11,
        INVALID_PARAMS,
    ),
]


def test_every_malformed_request_gets_an_error_reply(client: Client):
    for body, id, code in MALFORMED_REQUESTS:
        client.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        reply = client.wait(lambda m: "method" not in m)
        assert (reply["id"], reply["error"]["code"]) == (id, code), body[:80]
        assert reply["jsonrpc"] == "2.0" and reply["error"]["message"]
    still_answers(client)
    assert_quiet(client)


def test_malformed_notifications_and_unknown_documents_are_ignored(client: Client, tmp_path: Path):
    uri = (tmp_path / "r.md").as_uri()
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]})
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "version": "one"}})
    client.notify("textDocument/didOpen", {"textDocument": 5})
    client.notify("$/cancelRequest", {"id": 12345})
    client.notify("$/cancelRequest", {"id": {"no": 1}})
    client.notify("workspace/didChangeConfiguration", {"settings": {}})
    client.notify("no/such", {"type_name": "1 2"})
    client.send({"method": "textDocument/didOpen", "params": {"textDocument": {"jsonrpc": "2.0"}}})
    client.send({"id": 777, "result": {"type_name": "1 2"}})  # a response to a request never sent
    client.send({"id": 778, "error": {"code": "x"}})
    still_answers(client)
    # The document was never opened: nothing was published for it.
    assert not [m for m in list(client.messages.queue) if m.get("method") == "textDocument/publishDiagnostics"]
    assert_quiet(client)


def test_a_code_action_with_malformed_data_is_answered(client: Client, tmp_path: Path):
    uri = (tmp_path / "r.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": REPORT}})
    [diagnostic] = client.diagnostics(uri, 1)
    bad_data = [
        {"fix": {"title": "t", "edits": [{"range": 5}]}},
        {"fix": {"title": 5, "edits": []}, "disable": {"line": -1, "text": "x"}},
        {"disable": {"line": "3", "text": None}},
        "a string",
        None,
        [1, 2],
    ]
    for data in bad_data:
        reply = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [{**diagnostic, "data": data}]}},
        )
        assert reply["result"] == [], data
    # The diagnostic as published still gives its action.
    reply = client.request(
        "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}
    )
    assert [a["title"] for a in reply["result"]] == ["perflint: disable PF005 for this line"]
    assert_quiet(client)


def test_requests_before_initialize_and_after_shutdown_are_refused(tmp_path: Path):
    client = Client.spawn(tmp_path)
    try:
        reply = client.request("textDocument/hover", {"textDocument": {"uri": "file:///r.md"}, "position": {"line": 0, "character": 0}})
        assert reply["error"]["code"] == NOT_INITIALIZED
        initialize(client, tmp_path)
        assert client.request("shutdown", None) == {"jsonrpc": "2.0", "id": client.next_id, "result": None}
        reply = client.request("textDocument/hover", {"textDocument": {"uri": "file:///r.md"}, "position": {"line": 0, "character": 0}})
        assert reply["error"]["code"] == INVALID_REQUEST
        assert_quiet(client)
        client.notify("exit", None)
        assert client.proc is not None and client.proc.wait(timeout=10) == 0
    finally:
        client.close()


# -- linting off the message loop, the newest version winning ------------------------------------


class ServerThread(logging.Handler):
    """A server running in a thread, and what it logs meanwhile (as the stderr of a
    spawned server shows it: warnings and errors, with their tracebacks)."""

    def __init__(self, thread: threading.Thread) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.log: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.log.append(self.format(record))


@contextmanager
def server_in_this_process(root: Path, release: threading.Event, capabilities: dict | None = None) -> Iterator[Client]:
    """``serve`` on pipes, in a thread of this process (so that a test can patch the
    linter to wait for ``release``, which is set before the server is stopped)."""
    from perflint.lsp.server import serve

    to_server_r, to_server_w = os.pipe()
    from_server_r, from_server_w = os.pipe()
    server_in, server_out = os.fdopen(to_server_r, "rb"), os.fdopen(from_server_w, "wb")
    server = ServerThread(threading.Thread(target=serve, args=(server_in, server_out), daemon=True))
    logging.getLogger().addHandler(server)
    server.thread.start()
    client = Client(os.fdopen(to_server_w, "wb"), os.fdopen(from_server_r, "rb"), server=server)
    try:
        initialize(client, root, capabilities)
        yield client
    finally:
        release.set()
        client.close()
        server.thread.join(timeout=30)
        server_in.close()
        logging.getLogger().removeHandler(server)
    assert not server.thread.is_alive()


def no_traceback_logged(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []


def test_a_slow_lint_holds_up_no_reply_and_a_stale_result_is_never_published(tmp_path: Path, monkeypatch, caplog):
    started, release = threading.Event(), threading.Event()
    linted: list[str] = []
    real_lint = Linter.lint

    def lint(self: Linter, source: Source) -> FileResult:
        linted.append(source.text)
        if source.text == REPORT:  # version 1
            started.set()
            release.wait(60)
        return real_lint(self, source)

    monkeypatch.setattr(Linter, "lint", lint)
    uri = (tmp_path / "r.md").as_uri()
    row = REPORT.split("\n").index(EMOJI_LINE)
    position = {"line": row, "character": EMOJI_LINE.index("部门名称") + 1}
    gap = REPORT.replace("（四）部门整体支出情况", "（六）部门整体支出情况", 1)
    filled = REPORT.replace(EMOJI_LINE, EMOJI_LINE + "广东省🌊水文中心", 1)
    with server_in_this_process(tmp_path, release) as client:
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": REPORT}})
        assert started.wait(30)

        # The lint of version 1 holds the worker; the message loop answers all the same.
        assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})["result"] is None
        reply = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": {"start": position, "end": position}, "context": {"diagnostics": []}},
        )
        assert reply["result"] == []

        # Two edits meanwhile: version 2 is never linted, version 1's result never published.
        for version, text in ((2, gap), (3, filled)):
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
        still_answers(client)  # messages are handled in order: the changes have been taken
        assert not release.is_set()
        release.set()
        assert client.diagnostics(uri, 3) == []
        assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})["result"] is None
        published = [m["params"]["version"] for m in client.received if m.get("method") == "textDocument/publishDiagnostics"]
        assert published == [3]
        assert linted == [REPORT, filled]
    no_traceback_logged(caplog)


def test_closing_a_document_while_it_is_linted_publishes_nothing_after_the_close(tmp_path: Path, monkeypatch, caplog):
    started, release = threading.Event(), threading.Event()
    real_lint = Linter.lint

    def lint(self: Linter, source: Source) -> FileResult:
        started.set()
        release.wait(60)
        return real_lint(self, source)

    monkeypatch.setattr(Linter, "lint", lint)
    uri = (tmp_path / "r.md").as_uri()
    with server_in_this_process(tmp_path, release) as client:
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": REPORT}})
        assert started.wait(30)
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        assert client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")["params"]["diagnostics"] == []
        release.set()
        # The worker takes lints in order: once a second document is published, the
        # lint of the closed one has ended.
        other = (tmp_path / "other.md").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": other, "languageId": "markdown", "version": 1, "text": CLEAN}})
        assert client.diagnostics(other, 1) == []
        published = [
            m["params"] for m in client.received if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        ]
        assert published == [{"uri": uri, "diagnostics": []}]
    no_traceback_logged(caplog)


# -- the fix-all source action and the evidence hover (issue 18, item 10) ------------------------

SLIPS = (FIXTURES / "gd-dept-overall" / "typography-slips.md").read_text(encoding="utf-8")
RESOLVING_CLIENT = {"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}, "disabledSupport": True}}}


def apply_edits(text: str, edits: list[dict]) -> str:
    """What an editor makes of ``text`` with LSP ``edits`` (UTF-16 positions)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position: dict) -> int:
        at = starts[position["line"]]
        units = 0
        while units < position["character"]:
            units += utf16(text[at])
            at += 1
        return at

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits), reverse=True)
    for (start, end, new), later in zip(spans, [None, *spans]):
        assert later is None or end <= later[0], "edits overlap"
        text = text[:start] + new + text[end:]
    return text


@contextmanager
def spawned_server(root: Path, capabilities: dict | None = None) -> Iterator[Client]:
    """``perflint server`` started as an editor starts it, initialized with ``capabilities``."""
    client = Client.spawn(root)
    try:
        initialize(client, root, capabilities)
        yield client
    finally:
        client.close()


# One case through `perflint server` itself, over its stdin and stdout; the others in a thread.
@pytest.mark.parametrize(
    "newline, bom, session",
    [("\n", "", spawned_server), ("\r\n", "", None), ("\n", "\ufeff", None)],
    ids=["lf-spawned", "crlf", "bom"],
)
def test_fix_all_makes_the_text_perflint_fix_writes(tmp_path: Path, newline: str, bom: str, session):
    text = bom + SLIPS.replace("\n", newline)
    path = tmp_path / "报告.md"
    path.write_bytes(text.encode("utf-8"))
    uri = path.as_uri()
    opened = session(tmp_path, RESOLVING_CLIENT) if session else server_in_this_process(tmp_path, threading.Event(), RESOLVING_CLIENT)
    with opened as client:
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        diagnostics = client.diagnostics(uri, 1)
        assert len(diagnostics) == 6
        everywhere = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}

        # Asked for by kind, as editors do on save: made at once.
        reply = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": everywhere, "context": {"diagnostics": diagnostics, "only": ["source.fixAll"]}},
        )
        [action] = reply["result"]
        assert action["kind"] == "source.fixAll.perflint" and action["title"] == "perflint: apply all safe fixes (6)"
        fixed = apply_edits(text, action["edit"]["changes"][uri])

        # Beside the quick fixes, offered unmade and made on resolve.
        reply = client.request(
            "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": everywhere, "context": {"diagnostics": diagnostics}}
        )
        kinds = [a["kind"] for a in reply["result"]]
        assert kinds.count("quickfix") == 12 and kinds[-1] == "source.fixAll.perflint"
        offered = reply["result"][-1]
        assert "edit" not in offered
        resolved = client.request("codeAction/resolve", offered)["result"]
        assert apply_edits(text, resolved["edit"]["changes"][uri]) == fixed

        # The fixed buffer has nothing left to fix all.
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
        assert client.diagnostics(uri, 2) == []
        reply = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": everywhere, "context": {"diagnostics": [], "only": ["source.fixAll.perflint"]}},
        )
        assert reply["result"] == []
        assert_quiet(client)

    run_here("--fix", str(path), cwd=tmp_path)
    assert path.read_bytes().decode("utf-8") == fixed != text


def test_hover_on_a_number_finding_shows_its_evidence(spawned: Client, tmp_path: Path):
    client = spawned
    text = (FIXTURES / "gd-dept-overall" / "numbers-parts-sum.md").read_text(encoding="utf-8")
    [finding] = lint_text(text, dedent=False).findings
    evidence = finding.evidence
    assert evidence is not None and evidence.operands
    uri = (tmp_path / "r.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    [diagnostic] = client.diagnostics(uri, 1)
    start = diagnostic["range"]["start"]

    reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {**start, "character": start["character"] + 3}})
    hover = reply["result"]
    assert hover["range"] == diagnostic["range"] and hover["contents"]["kind"] == "markdown"
    shown = hover["contents"]["value"]
    assert f"**{finding.code}** `{finding.name}` (error)" in shown and finding.message in shown
    assert f"报告所写：{evidence.stated}" in shown and f"重新计算：{evidence.computed}" in shown
    assert f"允许区间：[{evidence.interval[0]}, {evidence.interval[1]}]" in shown
    for operand in evidence.operands:
        row = text.count("\n", 0, operand.span[0]) + 1
        assert f"  - {operand.label} {operand.text}（第 {row} 行）" in shown
    assert evidence.stated == "1268.47万元" and [op.text for op in evidence.operands] == ["538.92万元", "747.55万元"]

    # Elsewhere, and past the end of the text, nothing.
    for position in ({"line": 0, "character": 0}, {"line": 10_000, "character": 5}):
        assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})["result"] is None
    assert_quiet(client)


def test_fix_all_that_would_change_what_the_report_states_is_offered_disabled(tmp_path: Path, monkeypatch):
    from perflint.fixing import FixOutcome
    from perflint.lsp import server as server_module
    from perflint.lsp.linting import Snapshot

    reason = "fixes not applied: they would change the report's facts (numbers); fix it by hand"

    def refuse(linter: Linter, source: Source, **options) -> FixOutcome:
        return FixOutcome(source, source.text, 0, linter.lint(source), refused=reason)

    monkeypatch.setattr(server_module, "fix_source", refuse)
    action = server_module.create_server().fix_all(Snapshot("file:///r.md", 1, SLIPS, tmp_path / "r.md", "utf-16"))
    assert action is not None and action.kind == "source.fixAll.perflint"
    assert action.edit is None and action.disabled is not None and action.disabled.reason == reason
