"""``perflint server``: diagnostics on open, change and save; quick fixes, the fix-all
source action and hovers with a finding's evidence.

The server lints the editor's buffer (not the file on disk) with the same config
discovery as the command line, from the document's path, on a worker thread
(perflint.lsp.linting). What the client sends reaches pygls only through the frame
reader and the gate (perflint.lsp.framing, perflint.lsp.gate), which answer whatever
pygls could not.
"""

import asyncio
import logging
import sys
from collections.abc import Generator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter, lsp_method

from perflint import __version__
from perflint.config import CONFIG_NAMES, ConfigError
from perflint.fixing import fix_source
from perflint.lsp.diagnostics import StrictText, code_actions, kind_requested, to_diagnostic
from perflint.lsp.fix_all import FIX_ALL, changed_runs, text_edits
from perflint.lsp.framing import FrameReader
from perflint.lsp.gate import MessageGate
from perflint.lsp.hover import findings_at, hover
from perflint.lsp.linting import LintQueue, Snapshot
from perflint.lsp.positions import PositionMapper
from perflint.lsp.transport import CheckedInput
from perflint.results import Finding
from perflint.sources import DEFAULT_MAX_FILE_SIZE, LONE_SURROGATES, REPORT_SUFFIXES, Source, source_from_text
from perflint.validation import Invalid, validate
from perflint.workspace import Workspace

logger = logging.getLogger(__name__)

# Word and PDF files are not edited as text: an editor's buffer of one is not the report.
TEXT_FORMATS = ("md", "txt")
FIX_ALL_TITLE = "perflint: apply all safe fixes"


@dataclass
class FixAllData:
    """What an offered fix-all action carries to ``codeAction/resolve``."""

    uri: StrictText


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
        self.published: dict[str, Linted] = {}

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
            self.published.pop(uri, None)
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

    def has_safe_fixes(self, uri: str) -> bool | None:
        """Whether the newest lint of the document found a safe fix; None when the
        document has not been linted as it is now."""
        linted = self.published.get(uri)
        if linted is None or not self.is_current(linted.snapshot):
            return None
        return any(f.fix is not None and f.fix.applicability == "safe" for f in linted.findings)

    async def fix_all_of(self, uri: str) -> types.CodeAction | None:
        """The fix-all action of the document as it is now, made on the lint worker; None
        if the document changed meanwhile (its edits would no longer apply)."""
        snapshot = self.snapshot(uri)
        if snapshot is None:
            return None
        job = self.linting.call(lambda: self.fix_all(snapshot))
        try:
            action = await asyncio.wrap_future(job)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the request itself was cancelled
            return None  # the worker stopped (shutdown)
        except Exception as exc:
            logger.error("could not fix %s: %s: %s", uri, type(exc).__name__, exc)
            logger.debug("the fix failed", exc_info=True)
            return None
        if action is None or not self.is_current(snapshot):
            return None
        if action.disabled is not None and not self._client_shows_disabled_actions():
            return None
        return action

    def _client_shows_disabled_actions(self) -> bool:
        capabilities = self._code_action_capabilities()
        return bool(capabilities and capabilities.disabled_support)

    def client_resolves_edits(self) -> bool:
        """Whether the client asks for a code action's edit only when it applies it."""
        capabilities = self._code_action_capabilities()
        resolve = capabilities.resolve_support if capabilities else None
        return resolve is not None and "edit" in resolve.properties

    def _code_action_capabilities(self) -> types.CodeActionClientCapabilities | None:
        text_document = self.client_capabilities.text_document
        return text_document.code_action if text_document else None

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
        self.published[snapshot.uri] = linted
        self.publish(snapshot.uri, snapshot.version, linted.diagnostics)

    def fix_all(self, snapshot: Snapshot) -> types.CodeAction | None:
        """The fix-all action for ``snapshot``: the edits that make it what ``perflint --fix``
        would write, or a disabled action saying why the fixes were refused."""
        source = self.source_of(snapshot)
        if source is None or not self._within_size(snapshot) or LONE_SURROGATES.search(snapshot.text):
            return None  # (lone surrogates are dropped from Source.text, which would shift the edits)
        try:
            linter, _ = self.configs.linter_for(snapshot.path)
        except ConfigError:
            return None  # shown when the document was linted
        outcome = fix_source(linter, source)
        if outcome.refused:
            return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, disabled=types.CodeActionDisabled(reason=outcome.refused))
        if not outcome.changed:
            return None
        mapper = PositionMapper(source.text, snapshot.encoding, bom=source.had_bom)
        edits = text_edits(changed_runs(source.text, outcome.text), mapper, source.newline)
        return types.CodeAction(
            title=f"{FIX_ALL_TITLE} ({outcome.fixed})",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes={snapshot.uri: edits}),
        )

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
        linted = ls.published.get(params.text_document.uri)
        if linted is None or not ls.is_current(linted.snapshot):
            return None
        offset = linted.mapper.offset(params.position.line, params.position.character)
        return hover(findings_at(linted.findings, offset), linted.mapper)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True),
    )
    async def code_action(ls: PerflintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Quick fixes from the diagnostics' data, at once. The fix-all action is made
        when asked for by kind (``source.fixAll``, as on save), waiting for the lint
        worker; otherwise it is offered unmade, for ``codeAction/resolve``, and only
        when the newest lint found a safe fix — a light bulb never waits for a lint."""
        uri, only = params.text_document.uri, params.context.only
        actions = code_actions(uri, params.context.diagnostics, only)
        if only is not None and kind_requested(FIX_ALL, only):
            if ls.has_safe_fixes(uri) is not False:
                fix_all = await ls.fix_all_of(uri)
                if fix_all is not None:
                    actions.append(fix_all)
        elif only is None and ls.client_resolves_edits() and ls.has_safe_fixes(uri):
            actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, data=asdict(FixAllData(uri))))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: PerflintServer, action: types.CodeAction) -> types.CodeAction:
        """The edit of an offered fix-all action, made for the document as it is now."""
        if action.kind != FIX_ALL or action.edit is not None:
            return action
        try:
            data = validate(FixAllData, action.data)
        except Invalid:
            return action
        fix_all = await ls.fix_all_of(data.uri)
        if fix_all is not None:
            action.edit, action.disabled = fix_all.edit, fix_all.disabled
        return action

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
