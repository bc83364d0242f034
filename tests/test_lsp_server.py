"""``wikilint server`` driven by a real LSP client (pytest-lsp) over stdio JSON-RPC.

Every test starts ``python -m wikilint server`` as a subprocess of this worktree and talks to
it as an editor would; expected ranges come from the CLI's JSON report (a subprocess too),
converted to the negotiated position encoding here, independently of the server's code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.conftest import ROOT, SEED

#: How long to wait for an answer; only reached when a test fails.
PATIENCE = float(os.environ.get("WIKILINT_LSP_PATIENCE", "60"))
STALLING = "<span " * 30_000
CJK_STR001 = "𠀀𠀀中文（，）文字\n"


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "WIKILINT_CACHE": "0"}


class Client(LanguageClient):
    """pytest-lsp's client that also keeps every publishDiagnostics it receives, in order."""

    published: list[types.PublishDiagnosticsParams]


def _record(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _make_client() -> Client:
    client = Client()
    client.published = []
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record})
    return client


CONFIG = ClientServerConfig(
    server_command=[sys.executable, "-m", "wikilint", "server"],
    client_factory=_make_client,
    server_env=_environment(),
)


def _capabilities(encodings: list[str] | None = None, versioned: bool = False) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)) if versioned else None,
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]),
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


@contextlib.asynccontextmanager
async def session(
    root: Path | None = None, encodings: list[str] | None = None, options: dict[str, Any] | None = None,
    versioned: bool = False,
) -> AsyncIterator[tuple[Client, types.InitializeResult]]:
    client = await CONFIG.start()
    assert isinstance(client, Client)
    try:
        result = await client.initialize_session(types.InitializeParams(
            capabilities=_capabilities(encodings, versioned),
            root_uri=root.as_uri() if root else None,
            initialization_options={"debounce": 0.05, **(options or {})},
        ))
        yield client, result
        await asyncio.wait_for(client.shutdown_session(), PATIENCE)
    finally:
        await _stop(client)


async def _stop(client: LanguageClient) -> None:
    """pygls's stop() waits for the server to exit; after a failure it was never told to:
    closing its input is what an editor that goes away does."""
    server = client._server
    if server is not None and server.returncode is None:
        if server.stdin is not None:
            server.stdin.close()
        try:
            await asyncio.wait_for(server.wait(), PATIENCE)
        except asyncio.TimeoutError:
            server.kill()
    await client.stop()


async def wait_for(client: Client, uri: str, accept: Callable[[types.PublishDiagnosticsParams], bool] = lambda _: True,
                   after: int = 0) -> types.PublishDiagnosticsParams:
    """The first diagnostics for ``uri`` published after the ``after``-th that ``accept`` takes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while loop.time() < deadline:
        for params in client.published[after:]:
            if params.uri == uri and accept(params):
                return params
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} within {PATIENCE} s: {client.published[after:]}")


def open_document(client: Client, path: Path, text: str, language: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, version, text)))
    return uri


def replace_all(client: Client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=version, uri=uri),
        [types.TextDocumentContentChangeWholeDocument(text=text)],
    ))


def cli_findings(path: Path, *options: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "wikilint", "-f", "json", "--exit-zero", *options, str(path)],
        capture_output=True, text=True, env=_environment(), cwd=ROOT, check=True,
    )
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


def units(text: str, encoding: str) -> int:
    return len(text.encode({"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding])) // {
        "utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]


def expected_range(text: str, finding: dict[str, Any], encoding: str = "utf-16") -> tuple[int, int, int, int]:
    lines = text.splitlines(keepends=False)
    def at(line: int, column: int) -> tuple[int, int]:
        source = lines[line - 1] if line - 1 < len(lines) else ""
        return line - 1, units(source[: column - 1], encoding)
    return (*at(finding["line"], finding["column"]), *at(finding["end_line"], finding["end_column"]))


def as_tuple(range_: types.Range) -> tuple[int, int, int, int]:
    return range_.start.line, range_.start.character, range_.end.line, range_.end.character


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits as an editor does (last first), positions in ``encoding`` units."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        if position.line >= len(starts) - 1:
            return len(text)
        line = text[starts[position.line] : starts[position.line + 1]].rstrip("\r\n")
        count = 0
        for index, char in enumerate(line):
            if count >= position.character:
                return starts[position.line] + index
            count += units(char, encoding)
        return starts[position.line] + len(line)

    spans = sorted(((offset(edit.range.start), offset(edit.range.end), edit.new_text) for edit in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def only_edits(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None and edit.changes is not None
    return list(edit.changes[uri])


@pytest.mark.asyncio
async def test_the_seed_gets_the_cli_findings_with_utf16_ranges(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = cli_findings(SEED)
    assert len(expected) == 60
    async with session(ROOT) as (client, result):
        assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
        uri = open_document(client, SEED, text, "markdown")
        published = await wait_for(client, uri)
    assert published.version == 1
    diagnostics = published.diagnostics
    assert len(diagnostics) == 60
    got = sorted((as_tuple(d.range), d.code, d.message) for d in diagnostics)
    want = sorted((expected_range(text, f), f["code"], f["message"]) for f in expected)
    assert got == want
    severities = {d.code: d.severity for d in diagnostics}
    assert severities["REF001"] == types.DiagnosticSeverity.Error
    assert severities["LNK001"] == types.DiagnosticSeverity.Warning
    assert all(d.source == "wikilint" for d in diagnostics)
    assert all(d.code_description is not None and d.code_description.href.endswith("README.md#rules")
               for d in diagnostics)


@pytest.mark.asyncio
async def test_plaintext_txt_is_sniffed_like_the_cli(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "article.txt", text, "plaintext")
        published = await wait_for(client, uri)
    assert len(published.diagnostics) == 60


@pytest.mark.asyncio
async def test_edits_get_new_diagnostics_and_the_latest_text_wins(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    async with session() as (client, _):
        uri = open_document(client, path, "Fine text.\n", "markdown")
        first = await wait_for(client, uri)
        assert list(first.diagnostics) == []
        # An incremental edit adds empty parentheses (STR001) on line 1.
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=uri),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(0, 4), types.Position(0, 4)), text="（，）")],
        ))
        second = await wait_for(client, uri, lambda p: p.version == 2)
        assert [(d.code, as_tuple(d.range)) for d in second.diagnostics] == [("STR001", (0, 4, 0, 7))]
        # Three quick edits: only the last text's diagnostics are published after them.
        mark = len(client.published)
        for version, body in ((3, "A（，）\n"), (4, "B（，）（，）\n"), (5, "（，）\n（，）\n（，）\n")):
            replace_all(client, uri, version, body)
        last = await wait_for(client, uri, lambda p: p.version == 5, after=mark)
        assert [as_tuple(d.range) for d in last.diagnostics] == [(0, 0, 0, 3), (1, 0, 1, 3), (2, 0, 2, 3)]
        await asyncio.sleep(0.5)
        later = [p.version for p in client.published[mark:] if p.uri == uri]
        assert later[-1] == 5 and sorted(later) == later  # nothing stale after the newest


@pytest.mark.asyncio
async def test_a_non_bmp_character_before_a_finding_counts_two_utf16_units(tmp_path: Path) -> None:
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "cjk.md", CJK_STR001, "markdown")
        published = await wait_for(client, uri)
    # 𠀀𠀀中文 is 4 code points but 6 UTF-16 units.
    assert [(d.code, as_tuple(d.range)) for d in published.diagnostics] == [("STR001", (0, 6, 0, 9))]


@pytest.mark.asyncio
@pytest.mark.parametrize(("offered", "chosen", "start", "end"), [
    (["utf-8", "utf-16"], "utf-8", 14, 23),  # 𠀀 is 4 bytes, 中 3, （ 3
    (["utf-32"], "utf-32", 4, 7),
])
async def test_position_encoding_is_negotiated(tmp_path: Path, offered: list[str], chosen: str, start: int,
                                               end: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    async with session(encodings=offered) as (client, result):
        assert result.capabilities.position_encoding == chosen
        uri = open_document(client, tmp_path / "cjk.md", CJK_STR001, "markdown")
        published = await wait_for(client, uri)
        assert [as_tuple(d.range) for d in published.diagnostics] == [(0, start, 0, end)]
        seed_uri = open_document(client, SEED, text, "markdown")
        seed = await wait_for(client, seed_uri)
    want = sorted((expected_range(text, f, chosen), f["code"]) for f in cli_findings(SEED))
    assert sorted((as_tuple(d.range), d.code) for d in seed.diagnostics) == want


async def _actions(client: Client, uri: str, range_: types.Range, only: list[str] | None = None,
                   diagnostics: list[types.Diagnostic] | None = None) -> list[types.CodeAction]:
    answer = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), range_, types.CodeActionContext(diagnostics or [], only=only)))
    return [action for action in answer or [] if isinstance(action, types.CodeAction)]


@pytest.mark.asyncio
async def test_a_quick_fix_removes_its_finding(tmp_path: Path) -> None:
    text = "Prefix 𠀀 words（，）more.\n"
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "fix.md", text, "markdown")
        published = await wait_for(client, uri)
        [diagnostic] = published.diagnostics
        actions = await _actions(client, uri, diagnostic.range, diagnostics=[diagnostic])
        fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred]
        assert [a.title for a in fixes] == ["remove the empty parentheses (STR001)"]
        fixed = apply_edits(text, only_edits(fixes[0].edit, uri))
        assert fixed == "Prefix 𠀀 wordsmore.\n"
        mark = len(client.published)
        replace_all(client, uri, 2, fixed)
        assert list((await wait_for(client, uri, after=mark)).diagnostics) == []


@pytest.mark.asyncio
async def test_fix_all_matches_the_cli_fix(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    copy = tmp_path / "seed.md"
    copy.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "wikilint", "--fix", "--exit-zero", str(copy)],
                   capture_output=True, env=_environment(), cwd=ROOT, check=True)
    cli_fixed = copy.read_text(encoding="utf-8")
    assert cli_fixed != text
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "open.md", text, "markdown")
        await wait_for(client, uri)
        whole = types.Range(types.Position(0, 0), types.Position(0, 0))
        [action] = await _actions(client, uri, whole, only=["source.fixAll"])
        assert action.kind == "source.fixAll.wikilint" and action.edit is None
        resolved = await client.code_action_resolve_async(action)
        fixed = apply_edits(text, only_edits(resolved.edit, uri))
        assert fixed == cli_fixed
        mark = len(client.published)
        replace_all(client, uri, 2, fixed)
        after = await wait_for(client, uri, after=mark)
    left = [d for d in after.diagnostics if d.data and d.data["fixable"]]
    assert [d.code for d in left] == ["SCR001"] * len(left)  # only the unsafe fixes remain


@pytest.mark.asyncio
async def test_unsafe_fixes_only_when_the_client_allows_them(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    for allowed in (False, True):
        async with session(options={"unsafeFixes": allowed}) as (client, _):
            uri = open_document(client, tmp_path / "seed.md", text, "markdown")
            published = await wait_for(client, uri)
            scr001 = next(d for d in published.diagnostics if d.code == "SCR001")
            actions = await _actions(client, uri, scr001.range, only=[types.CodeActionKind.QuickFix],
                                     diagnostics=[scr001])
            unsafe = [a for a in actions if a.title.endswith("(SCR001, unsafe)")]
            assert len(unsafe) == (1 if allowed else 0)
            assert any(a.title == "Disable SCR001 for this line" for a in actions)


@pytest.mark.asyncio
async def test_the_disable_action_suppresses_the_code_on_that_line_only(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "seed.md", text, "markdown")
        published = await wait_for(client, uri)
        before = published.diagnostics
        for version, code in enumerate(("REF001", "LNK001", "SCR002"), start=1):
            if version > 1:  # back to the seed's text
                mark = len(client.published)
                replace_all(client, uri, 2 * version, text)
                assert (await wait_for(client, uri, after=mark)).diagnostics == before
            target = next(d for d in before if d.code == code)
            actions = await _actions(client, uri, target.range, diagnostics=[target])
            [disable] = [a for a in actions if a.title == f"Disable {code} for this line"]
            changed = apply_edits(text, only_edits(disable.edit, uri))
            line = target.range.start.line
            assert changed.splitlines()[line] == f"<!-- wikilint-disable-next-line {code} -->"
            assert changed.splitlines()[line + 1] == text.splitlines()[line]
            mark = len(client.published)
            replace_all(client, uri, 2 * version + 1, changed)
            after = await wait_for(client, uri, after=mark)
            # Every finding of that code on that line is gone, the rest moved one line down.
            kept = sorted((d.range.start.line + (d.range.start.line >= line), d.range.start.character, d.code)
                          for d in before if not (d.code == code and d.range.start.line == line))
            assert sorted((d.range.start.line, d.range.start.character, d.code) for d in after.diagnostics) == kept


@pytest.mark.asyncio
async def test_hover_on_a_diagnostic_shows_the_rule_documentation(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    rule_doc = subprocess.run([sys.executable, "-m", "wikilint", "rule", "REF001"], capture_output=True, text=True,
                              env=_environment(), cwd=ROOT, check=True).stdout
    async with session() as (client, _):
        uri = open_document(client, tmp_path / "seed.md", text, "markdown")
        published = await wait_for(client, uri)
        target = next(d for d in published.diagnostics if d.code == "REF001")
        hover = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), target.range.start))
        nothing = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(4, 0)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert f"**REF001** (empty-reference): {target.message}" in hover.contents.value
    assert rule_doc.strip() in hover.contents.value
    assert hover.range == target.range
    assert nothing is None or "REF001" not in str(nothing.contents)


@pytest.mark.asyncio
async def test_a_document_that_stalls_the_parser_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "wikilint.toml").write_text("timeout = 5\n", encoding="utf-8")
    async with session(tmp_path) as (client, _):
        stall_uri = open_document(client, tmp_path / "hostile.wiki", STALLING, "wikitext")
        await asyncio.sleep(0.3)  # the hostile one is in a worker now
        fine_uri = open_document(client, tmp_path / "fine.wiki", "Text<ref></ref>\n<references />\n", "wikitext")
        fine = await wait_for(client, fine_uri)
        assert [d.code for d in fine.diagnostics] == ["REF001"]
        assert not [p for p in client.published if p.uri == stall_uri]  # still stalled meanwhile
        hover = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(fine_uri), fine.diagnostics[0].range.start))
        assert hover is not None
        stalled = await wait_for(client, stall_uri)
        fine_again = await wait_for(client, fine_uri)  # and the server still answers afterwards
    assert [d.code for d in stalled.diagnostics] == ["WL006"]
    assert fine_again.diagnostics == fine.diagnostics


@pytest.mark.asyncio
async def test_the_project_configuration_applies_and_reloads(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.wikilint]\nignore = ["STR001"]\n', encoding="utf-8")
    async with session(tmp_path) as (client, _):
        uri = open_document(client, tmp_path / "page.md", CJK_STR001, "markdown")
        assert list((await wait_for(client, uri)).diagnostics) == []
        config.write_text("[tool.wikilint]\nignore = []\n", encoding="utf-8")
        mark = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
        after = await wait_for(client, uri, after=mark)
    assert [d.code for d in after.diagnostics] == ["STR001"]


@pytest.mark.asyncio
async def test_a_bad_configuration_is_shown_and_the_defaults_apply(tmp_path: Path) -> None:
    (tmp_path / "wikilint.toml").write_text('select = ["NOPE999"]\n', encoding="utf-8")
    async with session(tmp_path) as (client, _):
        uri = open_document(client, tmp_path / "page.md", CJK_STR001, "markdown")
        published = await wait_for(client, uri)
        messages = list(client.messages)
    assert [d.code for d in published.diagnostics] == ["STR001"]
    assert any("NOPE999" in m.message and m.type == types.MessageType.Error for m in messages)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.add(int(entry.name))
    return found


@pytest.mark.asyncio
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes through /proc")
async def test_shutdown_is_clean_and_leaves_no_process(tmp_path: Path) -> None:
    client = await CONFIG.start()
    try:
        await client.initialize_session(types.InitializeParams(capabilities=_capabilities()))
        uri = open_document(client, tmp_path / "page.md", CJK_STR001, "markdown")
        await wait_for(client, uri)  # type: ignore[arg-type]
        assert client._server is not None
        server = client._server
        descendants = _children(server.pid)
        descendants |= {grandchild for child in descendants for grandchild in _children(child)}
        assert descendants  # the fork server and a worker
        await asyncio.wait_for(client.shutdown_session(), PATIENCE)
        assert server.returncode == 0
    finally:
        await _stop(client)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while loop.time() < deadline and any(Path(f"/proc/{pid}").exists() and not _zombie(pid) for pid in descendants):
        await asyncio.sleep(0.05)
    assert not [pid for pid in descendants if Path(f"/proc/{pid}").exists() and not _zombie(pid)]


def _zombie(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return False


CRASHING_PLUGIN = '''
import os

from wikilint import Dialect, Rule


class Crashes(Rule):
    """## What it does
    Fails on purpose: raises on the word CRASH, kills its process on the word DIE.

    ## Why is this bad?
    It is a test.
    """

    code = "XCR001"
    name = "crashes"
    dialects = frozenset({Dialect.MARKDOWN})

    def check(self, document):
        if "DIE" in document.text:
            os._exit(3)
        if "CRASH" in document.text:
            raise RuntimeError("rule exploded")
        return iter(())
'''


@pytest.mark.asyncio
async def test_a_crash_in_one_document_is_a_wl004_diagnostic_and_the_server_goes_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = site / "wikilint_crash_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "wikilint_crash_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wikilint-crash-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[wikilint.rules]\ncrash = wikilint_crash_plugin:Crashes\n")
    config = ClientServerConfig(
        server_command=CONFIG.server_command, client_factory=_make_client,
        server_env={**_environment(), "PYTHONPATH": f"{ROOT}{os.pathsep}{site}"},
    )
    client = await config.start()
    assert isinstance(client, Client)
    try:
        await client.initialize_session(types.InitializeParams(capabilities=_capabilities()))
        raised = open_document(client, tmp_path / "raises.md", "CRASH here（，）\n", "markdown")
        died = open_document(client, tmp_path / "dies.md", "DIE here\n", "markdown")
        fine = open_document(client, tmp_path / "fine.md", CJK_STR001, "markdown")
        raised_params, died_params, fine_params = [await wait_for(client, uri) for uri in (raised, died, fine)]
        mark = len(client.published)
        replace_all(client, died, 2, "Alive again（，）\n")  # a fresh worker takes over
        revived = await wait_for(client, died, after=mark)
        await asyncio.wait_for(client.shutdown_session(), PATIENCE)
    finally:
        await _stop(client)
    codes = sorted(str(d.code) for d in raised_params.diagnostics)
    assert codes == ["STR001", "WL004"]  # the other rules still ran
    assert "rule XCR001 (crashes) failed: RuntimeError: rule exploded" in next(
        d.message for d in raised_params.diagnostics if d.code == "WL004")
    [death] = died_params.diagnostics
    assert death.code == "WL004" and "worker process died (exit code 3)" in death.message
    assert [d.code for d in fine_params.diagnostics] == ["STR001"]
    assert [d.code for d in revived.diagnostics] == ["STR001"]


def test_the_readme_editor_snippets_match_the_server() -> None:
    """The snippets run the real command and name language ids the server maps to a dialect."""
    from click.testing import CliRunner

    from wikilint.cli import main
    from wikilint.server.app import DEFAULT_DEBOUNCE, LANGUAGE_DIALECTS
    from wikilint.server.workers import MAX_WORKERS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the editor: `wikilint server`", 1)[1].split("\n## ", 1)[0]
    assert 'cmd = { "wikilint", "server" }' in section  # Neovim
    assert 'pattern = { "markdown", "mediawiki" }' in section
    assert 'command = "wikilint"\nargs = ["server"]' in section  # Helix
    assert '"source.fixAll.wikilint"' in section
    assert f"`debounce` (seconds, {DEFAULT_DEBOUNCE:g})" in section and f"({MAX_WORKERS})" in section
    for language in ("markdown", "mediawiki", "wikitext"):
        assert language in LANGUAGE_DIALECTS
    help_text = CliRunner().invoke(main, ["server", "--help"]).output
    assert "--max-workers" in help_text and f"[default: {MAX_WORKERS};" in help_text
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    [language] = package["contributes"]["languages"]
    assert language["id"] == "wikitext" and language["extensions"] == [".wiki", ".wikitext", ".mediawiki"]
    extension = (ROOT / "editors" / "vscode" / "extension.js").read_text(encoding="utf-8")
    assert 'args: ["server"]' in extension and "unsafeFixes" in extension and "ruleDocsUrl" in extension


@pytest.mark.asyncio
async def test_an_unsaved_document_is_linted_and_a_save_lints_again(tmp_path: Path) -> None:
    async with session(tmp_path) as (client, _):
        uri = "untitled:Untitled-1"
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "markdown", 1, CJK_STR001)))
        first = await wait_for(client, uri)
        path = tmp_path / "saved.md"
        path.write_text(CJK_STR001, encoding="utf-8")
        saved_uri = open_document(client, path, CJK_STR001, "markdown")
        await wait_for(client, saved_uri)
        (tmp_path / "wikilint.toml").write_text('ignore = ["STR001"]\n', encoding="utf-8")
        mark = len(client.published)
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(saved_uri)))
        after_save = await wait_for(client, saved_uri, after=mark)
    assert [d.code for d in first.diagnostics] == ["STR001"]
    assert list(after_save.diagnostics) == []  # the save re-read the new configuration


@pytest.mark.asyncio
async def test_edits_name_the_version_they_were_computed_on_when_the_client_takes_that(tmp_path: Path) -> None:
    text = "Prefix 𠀀 words（，）more.\n"
    async with session(versioned=True) as (client, _):
        uri = open_document(client, tmp_path / "fix.md", text, "markdown", version=7)
        [diagnostic] = (await wait_for(client, uri)).diagnostics
        actions = await _actions(client, uri, diagnostic.range, diagnostics=[diagnostic])
        fix = next(a for a in actions if a.is_preferred)
        assert fix.edit is not None and fix.edit.changes is None and fix.edit.document_changes is not None
        [change] = fix.edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri and change.text_document.version == 7
        edits = [edit for edit in change.edits if isinstance(edit, types.TextEdit)]
    assert apply_edits(text, edits) == "Prefix 𠀀 wordsmore.\n"
