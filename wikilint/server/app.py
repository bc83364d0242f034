"""The language server: pygls wiring of documents, lints, diagnostics, code actions and hover.

Lints run in :class:`~wikilint.server.workers.WorkerPool` processes through the same
``Linter`` (and ``fix_text``) the CLI uses, with the document's project configuration. Each
open document has at most one lint in flight: a change while it runs is linted when it ends
(after the debounce), and results for a text that has since changed are never published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from wikilint._version import __version__
from wikilint.linter.config import is_excluded
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Applicability, Finding
from wikilint.linter.registry import Registry, load_registry
from wikilint.server.actions import FIX_ALL_KIND, Target, fix_all, fix_all_action, quick_fixes
from wikilint.server.diagnostics import offsets, to_diagnostic, to_range
from wikilint.server.docs import docs_href, rule_help
from wikilint.server.positions import UTF16, LineMap
from wikilint.server.projects import WATCHED_NAMES, Project, Projects
from wikilint.server.workers import MAX_WORKERS, Answer, Request, WorkerPool

logger = logging.getLogger(__name__)

#: Seconds of quiet after a change before the document is linted.
DEFAULT_DEBOUNCE = 0.15

#: Language ids that name a dialect; any other id (plaintext, …) leaves it to the file
#: extension and then to the content, as the CLI decides for a path.
LANGUAGE_DIALECTS = {
    "wikitext": Dialect.WIKITEXT.value,
    "mediawiki": Dialect.WIKITEXT.value,
    "markdown": Dialect.MARKDOWN.value,
}


@dataclass
class Options:
    """What the client may set, in ``initializationOptions`` or as the ``wikilint`` section of
    ``workspace/didChangeConfiguration``."""

    unsafe_fixes: bool = False
    rule_docs_url: str | None = None
    debounce: float = DEFAULT_DEBOUNCE

    def update(self, values: Any) -> None:
        if not isinstance(values, dict):
            return
        if isinstance(values.get("unsafeFixes"), bool):
            self.unsafe_fixes = values["unsafeFixes"]
        if isinstance(values.get("ruleDocsUrl"), str):
            self.rule_docs_url = values["ruleDocsUrl"] or None
        debounce = values.get("debounce")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 10:
            self.debounce = float(debounce)


@dataclass
class Linted:
    """The last published result of a document and the text it belongs to."""

    version: int | None
    lines: LineMap
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]


@dataclass
class DocumentState:
    task: asyncio.Task[None] | None = None
    running: bool = False
    again: bool = False
    linted: Linted | None = None
    language_id: str = ""


@dataclass
class _Shown:
    errors: set[str] = field(default_factory=set)


class WikilintServer(LanguageServer):
    def __init__(self, max_workers: int = MAX_WORKERS) -> None:
        super().__init__("wikilint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.registry: Registry = load_registry()
        self.projects = Projects(self.registry)
        self.pool = WorkerPool(max_workers)
        # Threads that wait on worker processes: one per worker, so none waits for a thread.
        self.waiters = ThreadPoolExecutor(max_workers=max_workers + 1, thread_name_prefix="wikilint-lint")
        self.options = Options()
        self.states: dict[str, DocumentState] = {}
        self.shown = _Shown()
        self.root: Path | None = None
        self._register()

    # -- wiring -----------------------------------------------------------------------------

    def _register(self) -> None:
        feature = self.feature
        feature(types.INITIALIZE)(_handler(self.initialize))
        feature(types.INITIALIZED)(_handler(self.initialized))
        feature(types.SHUTDOWN)(_handler(self.on_shutdown))
        feature(types.TEXT_DOCUMENT_DID_OPEN)(_handler(self.did_open))
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(_handler(self.did_change))
        feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(_handler(self.did_save))
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(_handler(self.did_close))
        feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_handler(self.did_change_watched_files))
        feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(_handler(self.did_change_configuration))
        feature(types.TEXT_DOCUMENT_HOVER)(_handler(self.hover))
        feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(
                code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
                resolve_provider=True,
            ),
        )(_handler(self.code_action))
        feature(types.CODE_ACTION_RESOLVE)(_handler(self.resolve_code_action))

    def initialize(self, params: types.InitializeParams) -> None:
        self.options.update(params.initialization_options)
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        if root:
            folder = to_fs_path(root)
            self.root = Path(folder) if folder else None
        self.pool.start(1)

    async def initialized(self, params: types.InitializedParams) -> None:
        watch = self.client_capabilities.workspace
        dynamic = watch and watch.did_change_watched_files and watch.did_change_watched_files.dynamic_registration
        if not dynamic:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in WATCHED_NAMES]
        registration = types.Registration(
            id="wikilint-configuration",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        with contextlib.suppress(Exception):  # a client that refuses still gets mtime reloads
            await self.client_register_capability_async(types.RegistrationParams(registrations=[registration]))

    def on_shutdown(self, params: None) -> None:
        self.close()

    def close(self) -> None:
        for state in self.states.values():
            if state.task is not None:
                state.task.cancel()
        self.pool.close()
        self.waiters.shutdown(wait=False, cancel_futures=True)

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or UTF16)

    # -- documents ----------------------------------------------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        self.states[uri] = DocumentState(language_id=params.text_document.language_id)
        self.schedule(uri, 0.0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self.schedule(params.text_document.uri, self.options.debounce)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        self.schedule(params.text_document.uri, 0.0, again=True)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        state = self.states.pop(params.text_document.uri, None)
        if state is not None and state.task is not None and not state.running:
            state.task.cancel()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))

    def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in WATCHED_NAMES for change in params.changes):
            self.projects.forget()
            for uri in list(self.states):
                self.schedule(uri, 0.0, again=True)

    def did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict):
            self.options.update(settings.get("wikilint", settings))
            for uri in list(self.states):
                self.schedule(uri, 0.0, again=True)

    def schedule(self, uri: str, delay: float, again: bool = False) -> None:
        """Lint ``uri`` after ``delay`` seconds; a later call replaces a lint not yet started."""
        state = self.states.get(uri)
        if state is None:
            return
        if state.running:  # the lint in flight checks the version when it ends, and lints again
            state.again = state.again or again
            return
        if state.task is not None and not state.task.done():
            state.task.cancel()
        state.task = asyncio.ensure_future(self._lint_later(uri, state, delay))

    def _document(self, uri: str) -> Any:
        return self.workspace.text_documents.get(unquote(uri))

    def _path(self, uri: str) -> Path | None:
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        return Path(path) if path else None

    def _project(self, uri: str) -> Project:
        project = self.projects.for_path(self._path(uri), self.root)
        if project.error and project.error not in self.shown.errors:
            self.shown.errors.add(project.error)
            message = f"wikilint: the configuration cannot be used, defaults apply: {project.error}"
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
        return project

    def _request(self, uri: str, text: str, kind: str = "lint") -> Request:
        project = self._project(uri)
        path = self._path(uri)
        state = self.states.get(uri)
        dialect = "auto"
        if project.settings.dialect != "auto":
            dialect = project.settings.dialect
        elif state is not None and state.language_id in LANGUAGE_DIALECTS:
            dialect = LANGUAGE_DIALECTS[state.language_id]
        name = str(path) if path is not None else unquote(uri.rsplit("/", 1)[-1]) or "<untitled>"
        return Request(project.settings, text, name, dialect, kind)

    async def run(self, request: Request) -> Answer:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.waiters, self.pool.run, request)

    async def _lint_later(self, uri: str, state: DocumentState, delay: float) -> None:
        await asyncio.sleep(delay)
        state.running = True
        try:
            while True:
                state.again = False
                document = self._document(uri)
                if document is None or self.states.get(uri) is not state:
                    return
                text, version = document.source, document.version
                request = self._request(uri, text)
                path = self._path(uri)
                if path is not None and request.settings.exclude and is_excluded(str(path), request.settings):
                    self.publish(uri, Linted(version, LineMap(text), [], []))
                    return
                answer = await self.run(request)
                if self.states.get(uri) is not state:
                    return
                current = self._document(uri)
                if state.again or current is None or current.version != version or current.source != text:
                    await asyncio.sleep(self.options.debounce)  # a newer text waits: lint that one
                    continue
                self.publish(uri, self.linted(version, text, answer.result.findings))
                return
        except Exception:  # never let a document's lint take the server down
            logger.exception("linting %s failed", uri)
        finally:
            state.running = False

    def linted(self, version: int | None, text: str, findings: list[Finding]) -> Linted:
        lines = LineMap(text)
        encoding = self.encoding
        diagnostics = [
            to_diagnostic(finding, index, lines, encoding, self._href) for index, finding in enumerate(findings)
        ]
        return Linted(version, lines, findings, diagnostics)

    def _href(self, code: str) -> str | None:
        rule = self.registry.get(code)
        return docs_href(rule, self.options.rule_docs_url) if rule is not None else None

    def publish(self, uri: str, linted: Linted) -> None:
        state = self.states.get(uri)
        if state is not None:
            state.linted = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=linted.diagnostics, version=linted.version)
        )

    def current(self, uri: str) -> Linted | None:
        """The document's last result, if it is still about the document's text."""
        state = self.states.get(uri)
        document = self._document(uri)
        if state is None or state.linted is None or document is None:
            return None
        if state.linted.version != document.version or state.linted.lines.text != document.source:
            return None
        return state.linted

    # -- requests -----------------------------------------------------------------------------

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        linted = self.current(params.text_document.uri)
        if linted is None:
            return None
        encoding = self.encoding
        offset = linted.lines.offset(params.position.line, params.position.character, encoding)
        hits = [finding for finding in linted.findings if _covers(offsets(finding, linted.lines), offset)]
        if not hits:
            return None
        parts: list[str] = []
        shown: set[str] = set()
        for finding in hits:
            parts.append(f"**{finding.code}** ({finding.rule}): {finding.message}")
            rule = self.registry.get(finding.code)
            if rule is not None and finding.code not in shown:
                shown.add(finding.code)
                parts.append(rule_help(rule))
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=to_range(linted.lines, *offsets(hits[0], linted.lines), encoding),
        )

    async def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        linted = self.current(uri)
        if linted is None:
            return None
        encoding = self.encoding
        lines = linted.lines
        start = lines.offset(params.range.start.line, params.range.start.character, encoding)
        end = lines.offset(params.range.end.line, params.range.end.character, encoding)
        only = params.context.only
        actions: list[types.CodeAction] = []
        if only is None or any(str(kind).startswith(types.CodeActionKind.QuickFix) for kind in only):
            chosen = [
                (finding, diagnostic) for finding, diagnostic in zip(linted.findings, linted.diagnostics, strict=True)
                if _overlaps(offsets(finding, lines), start, end)
            ]
            target = self._target(uri, linted.version)
            actions.extend(quick_fixes(target, lines, chosen, encoding, self.options.unsafe_fixes, self.registry))
        wants_all = only is None or any(FIX_ALL_KIND.startswith(str(kind)) for kind in only)
        if wants_all and any(self._fixable(finding) for finding in linted.findings):
            action = fix_all_action(uri, linted.version)
            if not self._resolves_edits():
                action = await self.resolve_code_action(action)
            actions.append(action)
        return actions

    def _target(self, uri: str, version: int | None) -> Target:
        workspace = self.client_capabilities.workspace
        versioned = bool(workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes)
        return Target(uri, version, versioned)

    def _fixable(self, finding: Finding) -> bool:
        fix = finding.fix
        return fix is not None and (fix.applicability is Applicability.SAFE or self.options.unsafe_fixes)

    def _resolves_edits(self) -> bool:
        text_document = self.client_capabilities.text_document
        support = text_document and text_document.code_action and text_document.code_action.resolve_support
        return bool(support and "edit" in support.properties)

    async def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.kind != FIX_ALL_KIND or not isinstance(uri, str):
            return action
        document = self._document(uri)
        if document is None:
            return action
        text, version = document.source, document.version
        kind = "fix-unsafe" if self.options.unsafe_fixes else "fix"
        answer = await self.run(self._request(uri, text, kind))
        if answer.text is not None and answer.text != text:
            action.edit = fix_all(self._target(uri, version), text, answer.text, self.encoding)
        else:
            action.edit = types.WorkspaceEdit(changes={uri: []})  # nothing left to fix
        return action


def _handler(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A plain function calling ``method``: pygls marks its handlers with attributes, which a
    bound method cannot take."""
    if asyncio.iscoroutinefunction(method):
        async def call_async(params: Any) -> Any:
            return await method(params)

        return call_async

    def call(params: Any) -> Any:
        return method(params)

    return call


def _covers(span: tuple[int, int], offset: int) -> bool:
    return span[0] <= offset <= span[1]


def _overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] <= end and start <= span[1]


def serve(max_workers: int = MAX_WORKERS) -> None:
    """Speak LSP on standard input and output until the client says exit or goes away."""
    server = WikilintServer(max_workers)
    try:
        server.start_io()
    finally:
        server.close()
