"""The language server's edges, in-process: the frame reader, the message gate, the
fix-all edits and LSP positions back to offsets."""

import io
import json

import pytest

pytest.importorskip("pygls", reason="the lsp extra (pygls>=2) is not installed")

from hypothesis import given, settings
from hypothesis import strategies as st
from pygls.protocol import default_converter

from perflint.lsp.diagnostics import kind_requested
from perflint.lsp.fix_all import changed_runs, text_edits
from perflint.lsp.framing import MAX_HEADER_LINE, FrameError, FrameReader
from perflint.lsp.gate import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    NOT_INITIALIZED,
    PARSE_ERROR,
    Answer,
    Drop,
    Forward,
    MessageGate,
)
from perflint.lsp.positions import PositionMapper
from perflint.lsp.server import create_server, handled_methods

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def frames_of(data: bytes, max_body: int = 1000) -> list[bytes | FrameError]:
    reader = FrameReader(io.BytesIO(data), max_body=max_body)
    out: list[bytes | FrameError] = []
    while (item := reader.next()) is not None:
        out.append(item)
        assert len(out) <= len(data) + 1, "the reader must make progress"
    return out


# -- framing -----------------------------------------------------------------------------------


def test_good_frames_come_through_whatever_the_header_spelling():
    data = (
        frame(b"{}")
        + b"content-length:3\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n[1]"
        + b"CONTENT-LENGTH :  2 \r\nX-Future: 1\r\n\r\n{}"
    )
    assert frames_of(data) == [b"{}", b"[1]", b"{}"]


@pytest.mark.parametrize(
    "bad, reason",
    [
        (b"Content-Length: 99999999999\r\n\r\n{}", "over the limit of 1000 bytes"),
        (b"Content-Length: 1001\r\n\r\n{}", "over the limit of 1000 bytes"),
        (b"Content-Length: -5\r\n\r\n{}", "not a number of bytes"),
        (b"Content-Length: 1e3\r\n\r\n{}", "not a number of bytes"),
        (b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", "given twice"),
        (b"Content-Type: x\r\n\r\n{}", "without a Content-Length"),
        (b'{"jsonrpc": "2.0"}', "expected a header"),
        (b"X" * (MAX_HEADER_LINE + 10), "longer than"),
        (b"A: 1\r\n" * 40, "more than 32 header lines"),
    ],
)
def test_a_bad_frame_is_one_error_and_the_next_frame_is_found(bad: bytes, reason: str):
    [error, body] = frames_of(bad + frame(b'{"next": 1}'))
    assert isinstance(error, FrameError) and reason in error.reason
    assert body == b'{"next": 1}'


def test_the_end_of_the_stream_inside_a_frame_is_the_end():
    assert frames_of(b"Content-Length: 10\r\n\r\n{}") == []
    assert frames_of(b"Content-Length: 10\r\n") == []
    assert frames_of(b"Content-Length: -1\r\n\r\n{}") == [FrameError("Content-Length is not a number of bytes: '-1'")]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.binary(max_size=60))
def test_any_bytes_end_in_frames_and_errors_and_a_good_frame_after_garbage_is_read(garbage: bytes, body: bytes):
    for item in frames_of(garbage):
        assert isinstance(item, FrameError) or len(item) <= 1000
    if b"content-length" not in garbage.lower():
        items = frames_of(garbage + b"\r\n" + frame(body))
        assert items[-1] == body


# -- the gate ----------------------------------------------------------------------------------


def new_gate() -> MessageGate:
    server = create_server()
    requests, notifications = handled_methods(server)
    return MessageGate(requests, notifications, server.protocol.get_message_type, default_converter())


def message(**members) -> bytes:
    return json.dumps({"jsonrpc": "2.0", **members}).encode()


INITIALIZE = message(id=0, method="initialize", params={"processId": None, "rootUri": None, "capabilities": {}})
HOVER = {"textDocument": {"uri": "file:///r.md"}, "position": {"line": 0, "character": 0}}


def test_the_methods_the_server_handles():
    requests, notifications = handled_methods(create_server())
    assert requests == {"initialize", "shutdown", "textDocument/hover", "textDocument/codeAction", "codeAction/resolve"}
    assert notifications >= {"initialized", "exit", "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose"}


def test_the_lifecycle():
    gate = new_gate()
    refused = gate.check(message(id=1, method="textDocument/hover", params=HOVER))
    assert isinstance(refused, Answer) and refused.response["error"]["code"] == NOT_INITIALIZED
    assert isinstance(gate.check(message(method="textDocument/didOpen", params={})), Drop)
    assert gate.check(INITIALIZE) == Forward(INITIALIZE)
    again = gate.check(INITIALIZE)
    assert isinstance(again, Answer) and again.response["error"]["code"] == INVALID_REQUEST
    hover = message(id=2, method="textDocument/hover", params=HOVER)
    assert gate.check(hover) == Forward(hover)
    assert isinstance(gate.check(message(id=3, method="shutdown")), Forward)
    late = gate.check(hover)
    assert isinstance(late, Answer) and late.response == {
        "jsonrpc": "2.0",
        "id": 2,
        "error": {"code": INVALID_REQUEST, "message": "Invalid request: textDocument/hover after shutdown"},
    }
    assert isinstance(gate.check(message(method="exit")), Forward)


@pytest.mark.parametrize(
    "body, code",
    [
        (message(id=1, method="textDocument/completion", params=HOVER), METHOD_NOT_FOUND),
        (message(id=1, method="workspace/executeCommand", params={"command": "x"}), METHOD_NOT_FOUND),
        (message(id=1, method="textDocument/didOpen", params={}), INVALID_REQUEST),
        (message(id=1, method="textDocument/hover", params="x"), INVALID_PARAMS),
        (message(id=1, method="textDocument/hover", params={**HOVER, "position": {"line": 2**31, "character": 0}}), INVALID_PARAMS),
        (message(id=1, method="textDocument/hover", params={**HOVER, "deep": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]] * 1}), None),
        (message(id=1, method="textDocument/hover", params={**HOVER, "deep": json.loads("[" * 70 + "]" * 70)}), INVALID_REQUEST),
    ],
)
def test_requests_the_gate_answers(body: bytes, code: int | None):
    gate = new_gate()
    gate.check(INITIALIZE)
    verdict = gate.check(body)
    if code is None:
        assert verdict == Forward(body)
    else:
        assert isinstance(verdict, Answer) and verdict.response["id"] == 1 and verdict.response["error"]["code"] == code


def test_notifications_with_ids_that_pygls_would_use_as_keys_are_dropped():
    gate = new_gate()
    gate.check(INITIALIZE)
    for params in ({"id": {"a": 1}}, {"id": [1]}, {"id": True}, {}):
        assert isinstance(gate.check(message(method="$/cancelRequest", params=params)), Drop)
    assert isinstance(gate.check(message(method="$/cancelRequest", params={"id": 7})), Forward)
    quiet = gate.check(message(method="$/unknown"))
    assert isinstance(quiet, Drop) and quiet.quiet


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["jsonrpc", "id", "method", "params", "x"]), inner, max_size=5)
    ),
    max_leaves=20,
)
METHODS = st.sampled_from(["initialize", "shutdown", "textDocument/hover", "textDocument/codeAction", "codeAction/resolve", "exit", "x"])


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSON, st.fixed_dictionaries({"jsonrpc": st.just("2.0"), "id": JSON | st.integers(), "method": METHODS, "params": JSON})))
def test_a_request_with_an_id_is_forwarded_or_answered_never_dropped(value):
    gate = new_gate()
    gate.check(INITIALIZE)
    body = json.dumps(value).encode()
    verdict = gate.check(body)
    is_request = isinstance(value, dict) and "method" in value and "id" in value
    if is_request:
        assert isinstance(verdict, Forward | Answer)
    if isinstance(verdict, Answer):
        id = value.get("id") if isinstance(value, dict) else None
        assert verdict.response["id"] in (id, None)
        assert verdict.response["error"]["code"] in (PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS)


# -- fix-all edits and positions ------------------------------------------------------------------

TEXTS = st.text(alphabet=st.sampled_from(list("ab部门\n，。😀 ")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_changed_runs_turn_one_text_into_the_other(before: str, after: str):
    runs = changed_runs(before, after)
    text = before
    for (start, end), new in reversed(runs):
        text = text[:start] + new + text[end:]
    assert text == after
    assert all(a[0][1] < b[0][0] for a, b in zip(runs, runs[1:]))  # in order and apart


def test_fix_all_edits_use_the_buffers_line_ends_and_touch_only_what_changed():
    before = "一、基本情况\n(一) 部门职能\n正文\n"
    after = "一、基本情况\n（一）部门职能\n正文\n补充\n"
    mapper = PositionMapper(before)
    edits = text_edits(changed_runs(before, after), mapper, "\r\n")
    assert [(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text) for e in edits] == [
        (1, 0, 1, 4, "（一）"),
        (3, 0, 3, 0, "补充\r\n"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@settings(max_examples=100, deadline=None)
@given(text=TEXTS, bom=st.booleans())
def test_offset_is_the_inverse_of_position(encoding: str, text: str, bom: bool):
    mapper = PositionMapper(text, encoding, bom=bom)
    for offset in range(len(text) + 1):
        assert mapper.offset(*mapper.position(offset)) == offset


def test_offset_of_positions_outside_the_text():
    mapper = PositionMapper("ab\n😀c")
    assert mapper.offset(0, 99) == 2  # past the end of the line: its end
    assert mapper.offset(1, 1) == 3  # inside the surrogate pair: the character's start
    assert mapper.offset(7, 0) == 5  # past the last line: the end of the text


def test_kinds_requested():
    assert kind_requested("source.fixAll.perflint", None)
    assert kind_requested("source.fixAll.perflint", ["source"]) and kind_requested("source.fixAll.perflint", ["source.fixAll"])
    assert kind_requested("source.fixAll.perflint", [""])
    assert not kind_requested("source.fixAll.perflint", ["quickfix"]) and not kind_requested("source.fixAll.perflint", ["source.fix"])
    assert not kind_requested("quickfix", ["source.fixAll"])
