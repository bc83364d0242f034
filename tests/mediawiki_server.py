"""A real MediaWiki on loopback for the live-wiki tests, and a small proxy to misbehave in front of it.

The session fixture ``wiki`` (:func:`wiki_server`) copies Debian's ``/usr/share/mediawiki`` (1.39) into a
temporary folder, installs it on SQLite, imports the test pages in one XML file
(``importDump.php``, then ``runJobs.php`` so that category links are filled), deletes one
page (``deleteBatch.php``), and serves it with
``php -S`` on a free loopback port; it is stopped at the end of the session. Without PHP
or MediaWiki the tests skip, saying how to install them; with WIKILINT_REQUIRE_MEDIAWIKI=1
(CI) they fail instead.

:class:`Proxy` stands between wikilint and the wiki on another loopback port: it counts
the API requests, can answer one of them with the ``maxlag`` error MediaWiki sends (with
``Retry-After``), and can die after some requests, as a server that goes away mid-run.
"""

from __future__ import annotations

import ctypes
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from .conftest import CORPUS

MEDIAWIKI = Path("/usr/share/mediawiki")
INSTALL = "apt-get install --no-install-recommends mediawiki php-sqlite3 php-cli"
PASSWORD = "wikilint-Test-2026"

#: The categories the pages are filled in: 中文条目 holds the zh pages and, one level down,
#: its subcategory 化学's; 空分类 exists and holds nothing.
TOP, SUB, EMPTY = "中文条目", "化学", "空分类"
REDIRECT, DELETED, SELF_LINK = "重定向到平壤", "已删除的页", "自链接"
#: The seed, converted back to wikitext by pandoc (tests/fixtures/mediawiki/README.md).
SEED_TITLE = "古巴與朝鮮關係"
SEED_WIKITEXT = Path(__file__).parent / "fixtures" / "mediawiki" / "seed.wiki"


def _missing() -> str | None:
    if not (MEDIAWIKI / "api.php").is_file() or not (MEDIAWIKI / "maintenance" / "install.php").is_file():
        return "MediaWiki is not installed"
    if shutil.which("php") is None:
        return "php is not installed"
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True, check=False).stdout.lower().split()
    if "pdo_sqlite" not in modules:
        return "php's SQLite driver is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    #: The file the text came from, for comparing with a lint of the file.
    source: Path | None = None


def test_pages() -> list[Page]:
    """The zh wikitext corpus (in 中文条目, those starting with 化 in its subcategory 化学),
    the other wikitext articles, filler pages up to 130, a redirect, a page to delete."""
    pages: list[Page] = []
    for path in sorted((CORPUS / "zhwiki-wikitext-dev").glob("*.wiki")):
        category = SUB if path.stem.startswith("化") else TOP
        pages.append(Page(path.stem.replace("_", " "), path.read_text(encoding="utf-8") + f"\n[[Category:{category}]]",
                          path))
    for path in sorted((CORPUS / "wikitext").glob("*.wiki")):
        title, text = path.stem.replace("_", " "), path.read_text(encoding="utf-8")
        if text.lstrip().lower().startswith("#redirect") or any(char in title for char in "#<>[]|{}"):
            continue
        pages.append(Page(title, text, path))
    pages.append(Page(SEED_TITLE, SEED_WIKITEXT.read_text(encoding="utf-8"), SEED_WIKITEXT))
    number = 0
    while len(pages) < 130:
        number += 1
        pages.append(Page(f"填充页 {number}", f"第{number}页。\n\n== 参考 ==\n<references />\n"))
    pages += [
        Page(f"Category:{TOP}", "中文条目。"),
        Page(f"Category:{SUB}", f"化学。\n[[Category:{TOP}]]"),
        Page(f"Category:{EMPTY}", "空的分类。"),
        Page(REDIRECT, "#REDIRECT [[平壤]]"),
        Page(DELETED, "这一页被删除了。"),
    ]
    return pages


def _dump(pages: list[Page]) -> str:
    parts = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="zh">']
    for page in pages:
        parts.append(
            f"<page><title>{escape(page.title)}</title><revision><timestamp>2024-01-01T00:00:00Z</timestamp>"
            "<contributor><username>Admin</username></contributor><model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(page.text)}</text></revision></page>'
        )
    parts.append("</mediawiki>")
    return "\n".join(parts)


@dataclass
class Wiki:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    pages: list[Page] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api_requests(self) -> list[str]:
        """The API requests the wiki served so far (from php -S's log), in order."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line.split("]: ", 1)[1] for line in lines if "]: " in line and "/api.php" in line]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _die_with_parent() -> None:
    """In the server's process, before php starts: Linux stops it when the test run dies,
    even killed outright, so no wiki outlives the tests."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG


def _php(root: Path, *args: str) -> None:
    done = subprocess.run(["php", *args], cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"php {' '.join(args)} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")


def start_wiki(folder: Path) -> Wiki:
    root, data = folder / "w", folder / "data"
    shutil.copytree(MEDIAWIKI, root, symlinks=False, ignore_dangling_symlinks=True,
                    ignore=lambda where, names: ["LocalSettings.php", "extensions"] if where == str(MEDIAWIKI) else [])
    (root / "extensions").mkdir()
    data.mkdir()
    port = _free_port()
    _php(root, "maintenance/install.php", "--dbtype=sqlite", f"--dbpath={data}", f"--server=http://127.0.0.1:{port}",
         "--scriptpath=", "--lang=zh", f"--pass={PASSWORD}", "Testwiki", "Admin")
    with open(root / "LocalSettings.php", "a", encoding="utf-8") as settings:
        settings.write("\n$wgJobRunRate = 0;\n$wgShowExceptionDetails = true;\n")
    pages = test_pages()
    # A page linking the wiki itself by URL: only siteinfo tells that it is this wiki.
    own_url = f"http://127.0.0.1:{port}/index.php/%E5%8F%A4%E5%B7%B4"
    pages.append(Page(SELF_LINK, f"[[平壤]]与[[哈瓦那]]。\n\n见[{own_url} 古巴]。\n"))
    (folder / "pages.xml").write_text(_dump(pages), encoding="utf-8")
    _php(root, "maintenance/importDump.php", str(folder / "pages.xml"))
    _php(root, "maintenance/runJobs.php")
    (folder / "delete.txt").write_text(DELETED + "\n", encoding="utf-8")
    _php(root, "maintenance/deleteBatch.php", "-r", "test", str(folder / "delete.txt"))
    log = folder / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", str(root)], cwd=root,
                                   stdout=output, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    wiki = Wiki(root, port, process, log, pages)
    deadline = time.monotonic() + 30
    while True:
        try:
            probe = f"{wiki.url}/api.php?action=query&meta=siteinfo&format=json"
            with urllib.request.urlopen(probe, timeout=5) as answer:
                json.load(answer)
            return wiki
        except (OSError, ValueError):
            if time.monotonic() > deadline or process.poll() is not None:
                wiki.stop()
                raise RuntimeError(f"the wiki did not start: {log.read_text(errors='replace')[-2000:]}") from None
            time.sleep(0.1)


@pytest.fixture(scope="session", name="wiki")
def wiki_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wiki]:
    problem = _missing()
    if problem is not None:
        if os.environ.get("WIKILINT_REQUIRE_MEDIAWIKI") == "1":
            pytest.fail(f"{problem}, and WIKILINT_REQUIRE_MEDIAWIKI=1 requires the live-wiki tests: {INSTALL}")
        pytest.skip(f"{problem}; to run the live-wiki tests: {INSTALL}")
    if not (CORPUS / "zhwiki-wikitext-dev").is_dir():
        pytest.skip(f"the test wiki is filled from the shared corpus, not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    server = start_wiki(tmp_path_factory.mktemp("mediawiki"))
    try:
        yield server
    finally:
        server.stop()


class Proxy:
    """A loopback HTTP proxy to one wiki that counts requests and misbehaves on demand."""

    def __init__(self, upstream: str, maxlag_once: bool = False, die_after: int | None = None,
                 garble: bytes | None = None) -> None:
        self.upstream = upstream
        #: Answer every API request but siteinfo with these bytes (HTTP 200, JSON type).
        self.garble = garble
        self.maxlag_once = maxlag_once
        self.die_after = die_after
        #: (time, path, body) of each request received.
        self.seen: list[tuple[float, str, str]] = []
        self.user_agents: list[str] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                proxy._handle(self, None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                proxy._handle(self, self.rfile.read(length))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def api_requests(self) -> list[str]:
        """Each API request, its query string and its form body (a long title list is POSTed), decoded."""
        return [urllib.parse.unquote_plus(f"{path} {body}") for _, path, body in self.seen if "/api.php" in path]

    def api_params(self) -> list[dict[str, str]]:
        """Each API request's parameters, from its query string and form body."""
        found = []
        for _, path, body in self.seen:
            if "/api.php" in path:
                query = urllib.parse.urlsplit(path).query
                found.append({key: values[0] for key, values in urllib.parse.parse_qs(f"{query}&{body}").items()})
        return found

    def _handle(self, handler: http.server.BaseHTTPRequestHandler, body: bytes | None) -> None:
        self.seen.append((time.monotonic(), handler.path, (body or b"").decode("latin-1")))
        self.user_agents.append(handler.headers.get("User-Agent", ""))
        if self.die_after is not None and len(self.api_requests()) > self.die_after:
            handler.close_connection = True
            handler.connection.close()  # the server is gone: the connection drops unanswered
            threading.Thread(target=self._die, daemon=True).start()
            return
        if self.garble is not None and "/api.php" in handler.path and "siteinfo" not in handler.path:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(self.garble)))
            handler.end_headers()
            handler.wfile.write(self.garble)
            return
        if self.maxlag_once and "/api.php" in handler.path and "siteinfo" not in handler.path:
            self.maxlag_once = False
            payload = json.dumps({"error": {"code": "maxlag", "info": "Waiting for 127.0.0.1: 7 seconds lagged.",
                                            "host": "127.0.0.1", "lag": 7}}).encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Retry-After", "1")
            handler.send_header("X-Database-Lag", "7")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        request = urllib.request.Request(self.upstream + handler.path, data=body, method=handler.command)
        for name in ("User-Agent", "Content-Type"):
            if handler.headers.get(name):
                request.add_header(name, handler.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, headers, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, payload = error.code, error.headers, error.read()
        handler.send_response(status)
        handler.send_header("Content-Type", headers.get("Content-Type", "application/octet-stream"))
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _die(self) -> None:
        self.server.shutdown()
        self.server.server_close()  # from now on a connection is refused

    def close(self) -> None:
        self._die()
