"""``perflint server``: diagnostics on open, change and save; code actions.

The server lints the editor's buffer (not the file on disk) with the same config
discovery as the command line, from the document's path.
"""

import logging
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from perflint import __version__
from perflint.config import CONFIG_NAMES, ConfigError
from perflint.lsp.diagnostics import code_actions, to_diagnostic
from perflint.lsp.positions import PositionMapper
from perflint.sources import REPORT_SUFFIXES, source_from_text
from perflint.workspace import Workspace

logger = logging.getLogger(__name__)


class PerflintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("perflint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.perflint = Workspace()
        self.reported_config_errors: set[str] = set()

    def position_encoding_name(self) -> str:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(encoding, "value", encoding))

    def lint(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        path = Path(document.path) if document.path else Path.cwd() / (document.filename or "untitled.md")
        if path.name in CONFIG_NAMES:
            return
        if path.suffix.lower() not in REPORT_SUFFIXES:
            return
        buffer = document.source
        source = source_from_text(buffer, str(path), REPORT_SUFFIXES[path.suffix.lower()])
        try:
            linter, _ = self.perflint.linter_for(path)
        except ConfigError as exc:
            if str(exc) not in self.reported_config_errors:
                self.reported_config_errors.add(str(exc))
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"perflint: {exc}"))
            self.publish(uri, document.version, [])
            return
        result = linter.lint(source)
        mapper = PositionMapper(source.text, self.position_encoding_name(), bom=buffer.startswith("\ufeff"))
        self.publish(uri, document.version, [to_diagnostic(f, mapper, source.newline) for f in result.findings])

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def reload_config(self) -> None:
        """A config file was saved: forget cached configs and lint every open report again."""
        self.perflint = Workspace()
        self.reported_config_errors.clear()
        for uri in list(self.workspace.text_documents):
            self.lint(uri)


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
    ls.publish(params.text_document.uri, None, [])


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: PerflintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    return code_actions(params.text_document.uri, list(params.context.diagnostics))


def serve() -> None:
    server.start_io()
