"""What the language server lets through to pygls, and the JSON-RPC answer to the rest.

pygls assumes a well-formed client. A request whose params do not fit the method's
type is logged with a traceback and never answered; so is a body that is not JSON, an
object with a ``jsonrpc`` member nested in the params (pygls reads it as a message of
its own), or an id that is an object. The gate checks each message the way pygls will
read it — the same lsprotocol types, through pygls's converter — before pygls sees it,
and answers a request it refuses with the JSON-RPC error that says why (-32700 parse
error, -32600 invalid request, -32601 method not found, -32602 invalid params, -32002
server not initialized). A notification it refuses is dropped: there is no one to answer.

It also keeps LSP's lifecycle, which pygls does not: nothing but ``initialize`` before
``initialize``, and an error (not silence) for requests after ``shutdown``.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

import cattrs
from lsprotocol import types

from perflint.lsp.framing import FrameError

PARSE_ERROR = types.ErrorCodes.ParseError.value
INVALID_REQUEST = types.ErrorCodes.InvalidRequest.value
METHOD_NOT_FOUND = types.ErrorCodes.MethodNotFound.value
INVALID_PARAMS = types.ErrorCodes.InvalidParams.value
NOT_INITIALIZED = types.ErrorCodes.ServerNotInitialized.value

# LSP's messages nest a dozen levels at most; a deeper one is refused before anything
# recurses through it (pygls's serialiser, cattrs, pydantic).
MAX_DEPTH = 64
_MAX_REASON = 400

# Members that lsprotocol types as ``int | str`` but lets through whatever they hold,
# and that pygls then uses as dictionary keys.
_ID_MEMBERS = {types.CANCEL_REQUEST: "id", types.WINDOW_WORK_DONE_PROGRESS_CANCEL: "token", types.PROGRESS: "token"}


@dataclass(frozen=True, slots=True)
class Forward:
    """Hand the message to pygls as it came."""

    body: bytes


@dataclass(frozen=True, slots=True)
class Answer:
    """Refuse a request: send this error response instead."""

    response: dict[str, Any]

    @property
    def reason(self) -> str:
        return str(self.response["error"]["message"])


@dataclass(frozen=True, slots=True)
class Drop:
    """Refuse a notification (or a response nobody waits for); ``reason`` is logged."""

    reason: str
    quiet: bool = False  # an optional ``$/`` notification: not worth a log line


Verdict = Forward | Answer | Drop


def error_response(id: int | str | None, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message[:_MAX_REASON]}}


class MessageGate:
    """Checks message bodies in the order they arrive.

    ``requests`` and ``notifications`` are the methods the server handles;
    ``message_type`` gives lsprotocol's type of a method's message (pygls's
    ``get_message_type``) and ``converter`` is the converter pygls structures it with.
    """

    def __init__(
        self,
        requests: Iterable[str],
        notifications: Iterable[str],
        message_type: Callable[[str], type | None],
        converter: cattrs.Converter,
    ) -> None:
        self.requests = frozenset(requests)
        self.notifications = frozenset(notifications)
        self.message_type = message_type
        self.converter = converter
        self.initialized = False
        self.shutting_down = False

    def check(self, frame: bytes | FrameError) -> Verdict:
        if isinstance(frame, FrameError):
            return Answer(error_response(None, PARSE_ERROR, f"Parse error: {frame.reason}"))
        try:
            message, nested_messages = _parse(frame)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            return Answer(error_response(None, PARSE_ERROR, f"Parse error: {exc}"))
        if not isinstance(message, dict):
            return Answer(error_response(None, INVALID_REQUEST, "Invalid request: a message is a JSON object (LSP has no batches)"))
        id = message.get("id")
        if "id" in message and not _is_id(id):
            return _invalid(message, None, "the id is neither an integer nor a string")
        if message.get("jsonrpc") != "2.0":
            return _invalid(message, id, 'the message lacks "jsonrpc": "2.0"')
        if "method" not in message:
            if "id" in message and ("result" in message or "error" in message):
                # perflint's server sends no request of its own, so no response is awaited.
                return Drop(f"a response to request {id!r}, which the server never sent")
            return _invalid(message, id, "the message is neither a request, a notification nor a response")
        method = message["method"]
        if not isinstance(method, str):
            return _invalid(message, id, "the method is not a string")
        if _depth(message) > MAX_DEPTH:
            return _invalid(message, id, f"the message is nested deeper than {MAX_DEPTH} levels")
        if _is_id(id):
            return self._check_request(frame, message, method, id, nested_messages)
        return self._check_notification(frame, message, method, nested_messages)

    def _check_request(self, body: bytes, message: dict[str, Any], method: str, id: int | str, nested: bool) -> Verdict:
        if method not in self.requests:
            if method in self.notifications:
                return Answer(error_response(id, INVALID_REQUEST, f"Invalid request: {method} is a notification; it takes no id"))
            return Answer(error_response(id, METHOD_NOT_FOUND, f"Method not found: {method}"))
        if self.shutting_down:
            return Answer(error_response(id, INVALID_REQUEST, f"Invalid request: {method} after shutdown"))
        if method == types.INITIALIZE:
            if self.initialized:
                return Answer(error_response(id, INVALID_REQUEST, "Invalid request: the server is already initialized"))
        elif not self.initialized:
            return Answer(error_response(id, NOT_INITIALIZED, f"Server not initialized: {method} before initialize"))
        problem = self._params_problem(message, method, nested)
        if problem is not None:
            return Answer(error_response(id, INVALID_PARAMS, f"Invalid params: {problem}"))
        if method == types.INITIALIZE:
            self.initialized = True
        elif method == types.SHUTDOWN:
            self.shutting_down = True
        return Forward(body)

    def _check_notification(self, body: bytes, message: dict[str, Any], method: str, nested: bool) -> Verdict:
        if method not in self.notifications:
            return Drop(f"ignored notification {method!r}: not handled", quiet=method.startswith("$/"))
        if method != types.EXIT and (not self.initialized or self.shutting_down):
            return Drop(f"ignored notification {method!r}: {'after shutdown' if self.shutting_down else 'before initialize'}")
        problem = self._params_problem(message, method, nested)
        if problem is not None:
            return Drop(f"ignored notification {method!r}: invalid params: {problem}")
        return Forward(body)

    def _params_problem(self, message: dict[str, Any], method: str, nested: bool) -> str | None:
        if nested:
            return 'an object in the params has a "jsonrpc" member'
        if "params" in message and not isinstance(message["params"], dict | list | None):
            return "params are neither an object nor an array"
        member = _ID_MEMBERS.get(method)
        if member is not None:
            params = message.get("params")
            if not isinstance(params, dict) or not _is_id(params.get(member)):
                return f"{member} is neither an integer nor a string"
        message_type = self.message_type(method)
        if message_type is None:
            return None
        try:
            self.converter.structure(message, message_type)
        except Exception as exc:  # cattrs raises its own errors, or the type's validator's, or TypeError
            return "; ".join(cattrs.transform_error(exc))
        return None


def _parse(body: bytes) -> tuple[Any, bool]:
    """The JSON value, and whether an object below the top has a ``jsonrpc`` member."""
    with_member: list[int] = []

    def note(obj: dict[str, Any]) -> dict[str, Any]:
        if "jsonrpc" in obj:
            with_member.append(id(obj))
        return obj

    value = json.loads(body, object_hook=note)
    nested = len(with_member) > (1 if isinstance(value, dict) and "jsonrpc" in value else 0)
    return value, nested


def _is_id(value: object) -> TypeGuard[int | str]:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _invalid(message: dict[str, Any], id: object, why: str) -> Verdict:
    if "method" in message and "id" not in message:
        return Drop(f"ignored notification: {why}")
    return Answer(error_response(id if _is_id(id) else None, INVALID_REQUEST, f"Invalid request: {why}"))


def _depth(value: Any) -> int:
    """How deep ``value`` nests, counted without recursion (and without going past
    ``MAX_DEPTH + 1``)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest
