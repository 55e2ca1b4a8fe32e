"""``perflint server``: diagnostics on open, change and save; code actions.

The server lints the editor's buffer (not the file on disk) with the same config
discovery as the command line, from the document's path, on a worker thread
(perflint.lsp.linting). What the client sends reaches pygls only through the frame
reader and the gate (perflint.lsp.framing, perflint.lsp.gate), which answer whatever
pygls could not.
"""

import logging
import sys
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter, lsp_method

from perflint import __version__
from perflint.config import CONFIG_NAMES, ConfigError
from perflint.lsp.diagnostics import code_actions, to_diagnostic
from perflint.lsp.framing import FrameReader
from perflint.lsp.gate import MessageGate
from perflint.lsp.linting import LintQueue, Snapshot
from perflint.lsp.positions import PositionMapper
from perflint.lsp.transport import CheckedInput
from perflint.results import Finding
from perflint.sources import DEFAULT_MAX_FILE_SIZE, REPORT_SUFFIXES, Source, source_from_text
from perflint.workspace import Workspace

logger = logging.getLogger(__name__)

# Word and PDF files are not edited as text: an editor's buffer of one is not the report.
TEXT_FORMATS = ("md", "txt")


@dataclass(eq=False)
class Linted:
    """A lint of one snapshot, as published."""

    snapshot: Snapshot
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    mapper: PositionMapper


class PerflintProtocol(LanguageServerProtocol):
    """pygls's protocol, except that a change to, or the close of, a document that is
    not open is ignored with a line in the log (pygls raises a KeyError and logs its
    traceback)."""

    def is_open(self, uri: str) -> bool:
        # pygls keeps documents under their unquoted URI.
        return unquote(uri) in self.workspace.text_documents

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        if not self.is_open(params.text_document.uri):
            logger.warning("ignored a change to %s, which is not open", params.text_document.uri)
            return
        yield from super().lsp_text_document__did_change(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Generator[Any, Any, None]:
        if not self.is_open(params.text_document.uri):
            logger.warning("ignored the close of %s, which is not open", params.text_document.uri)
            return
        yield from super().lsp_text_document__did_close(params)


class PerflintServer(LanguageServer):
    protocol: PerflintProtocol

    def __init__(self) -> None:
        super().__init__(
            "perflint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=PerflintProtocol,
            converter_factory=default_converter,
        )
        self.configs = Workspace()  # used on the lint worker only
        self.reported_config_errors: set[str] = set()
        self.reported_sizes: set[str] = set()
        self.linting: LintQueue[Linted] = LintQueue(self.lint_snapshot, self.publish_linted)

    # -- on the message loop -----------------------------------------------------------

    def is_open(self, uri: str) -> bool:
        return self.protocol.is_open(uri)

    def position_encoding_name(self) -> str:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(encoding, "value", encoding))

    def snapshot(self, uri: str) -> Snapshot | None:
        if not self.is_open(uri):
            return None
        document = self.workspace.get_text_document(uri)
        path = Path(document.path) if document.path else Path.cwd() / (document.filename or "untitled.md")
        return Snapshot(uri, document.version, document.source, path, self.position_encoding_name())

    def is_current(self, snapshot: Snapshot) -> bool:
        return self.is_open(snapshot.uri) and self.workspace.get_text_document(snapshot.uri).version == snapshot.version

    def lint(self, uri: str) -> None:
        snapshot = self.snapshot(uri)
        if snapshot is not None:
            self.linting.submit(snapshot)

    def close(self, uri: str) -> None:
        def forget() -> None:
            self.publish(uri, None, [])

        self.linting.close(uri, then=forget)

    def reload_config(self) -> None:
        """A config file was saved: forget cached configs and lint every open report again."""

        def forget_configs() -> None:
            self.configs = Workspace()
            self.reported_config_errors.clear()

        self.linting.call(forget_configs)
        for uri in list(self.workspace.text_documents):
            self.lint(uri)

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    # -- on the lint worker --------------------------------------------------------------

    def source_of(self, snapshot: Snapshot) -> Source | None:
        """The report in ``snapshot``, or None for a document perflint does not lint."""
        path = snapshot.path
        if path.name in CONFIG_NAMES:
            return None
        format = REPORT_SUFFIXES.get(path.suffix.lower())
        if format not in TEXT_FORMATS:
            return None
        return source_from_text(snapshot.text, str(path), format)

    def lint_snapshot(self, snapshot: Snapshot) -> Linted | None:
        source = self.source_of(snapshot)
        if source is None:
            return None
        mapper = PositionMapper(source.text, snapshot.encoding, bom=source.had_bom)
        findings: list[Finding] = []
        if self._within_size(snapshot):
            try:
                linter, _ = self.configs.linter_for(snapshot.path)
            except ConfigError as exc:
                self._show_config_error(exc)
            else:
                findings = linter.lint(source).findings
        diagnostics = [to_diagnostic(f, mapper, source.newline) for f in findings]
        return Linted(snapshot, findings, diagnostics, mapper)

    def publish_linted(self, snapshot: Snapshot, linted: Linted) -> None:
        self.publish(snapshot.uri, snapshot.version, linted.diagnostics)

    def _within_size(self, snapshot: Snapshot) -> bool:
        size = len(snapshot.text.encode("utf-8", "surrogatepass"))
        if size <= DEFAULT_MAX_FILE_SIZE:
            return True
        if snapshot.uri not in self.reported_sizes:
            self.reported_sizes.add(snapshot.uri)
            message = f"perflint: {snapshot.path.name} is {size} bytes, over the limit of {DEFAULT_MAX_FILE_SIZE}: not linted"
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        return False

    def _show_config_error(self, exc: ConfigError) -> None:
        if str(exc) not in self.reported_config_errors:
            self.reported_config_errors.add(str(exc))
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"perflint: {exc}"))


def create_server() -> PerflintServer:
    server = PerflintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PerflintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PerflintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PerflintServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.rsplit("/", 1)[-1] in CONFIG_NAMES:
            ls.reload_config()
        else:
            ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PerflintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PerflintServer, params: types.HoverParams) -> types.Hover | None:
        return None  # (evidence hovers come later)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: PerflintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(params.text_document.uri, params.context.diagnostics, params.context.only)

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: PerflintServer, params: None) -> None:
        ls.linting.stop()

    @server.feature(types.EXIT)
    def on_exit(ls: PerflintServer, params: None) -> None:
        ls.linting.stop()  # (when the client did not ask for shutdown first)

    return server


def handled_methods(server: PerflintServer) -> tuple[set[str], set[str]]:
    """The requests and the notifications the server answers or acts on: its features
    and the lifecycle and document-sync messages pygls handles itself."""
    features = set(server.protocol.fm.features)
    requests = {m for m in features if types.METHOD_TO_TYPES.get(m, (None, None))[1] is not None}
    notifications = features - requests
    requests |= {types.INITIALIZE, types.SHUTDOWN}
    notifications |= {types.INITIALIZED, types.EXIT, types.CANCEL_REQUEST, types.SET_TRACE}
    return requests, notifications


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Run the server on stdin and stdout (or the streams given) until ``exit``."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    server = create_server()
    requests, notifications = handled_methods(server)
    gate = MessageGate(requests, notifications, server.protocol.get_message_type, default_converter())
    checked = CheckedInput(FrameReader(stdin), gate, stdout)
    # pygls reads its input with readline() and read(n) only, which CheckedInput has.
    server.start_io(cast(BinaryIO, checked), stdout)
