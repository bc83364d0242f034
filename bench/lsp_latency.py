"""Benchmark: time from ``didChange`` to ``publishDiagnostics`` in ``wikilint server``.

Run by hand (not a test), from the repository root:

    python bench/lsp_latency.py                       # the seed and two ~300 KB articles
    python bench/lsp_latency.py --repeat 20 --debounce 0

Starts ``python -m wikilint server`` over stdio with pygls's own client, opens each document,
then sends ``--repeat`` whole-text changes (alternately with and without a trailing line, so
every version is a new text) and measures, for each, the wall time until the diagnostics of
that version arrive. The debounce (``initializationOptions.debounce``, default the server's
0.15 s) is part of the time an editor waits, so it is included; ``--debounce 0`` shows the lint
alone. Prints the median, minimum and maximum per document.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9853571bf9f47226.txt"
#: The largest article of the shared wikitext corpus (328 KB, English wikitext).
LARGE = ROOT.parent / "shared" / "corpus" / "wikitext" / "en_wtf_United-Kingdom.wiki"
#: Converted-Markdown articles (the seed's dialect), concatenated to ~300 KB.
ZHWIKI_MD = ROOT.parent / "shared" / "corpus" / "zhwiki-md"


def markdown_article(folder: Path, size: int = 300_000) -> Path:
    """The zhwiki-md articles one after another until ``size`` bytes: a long Chinese article."""
    parts: list[str] = []
    total = 0
    for path in sorted(ZHWIKI_MD.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text.encode("utf-8"))
        if total >= size:
            break
    target = folder / "zhwiki-md-300k.md"
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


async def measure(documents: list[tuple[Path, str]], repeat: int, debounce: float | None) -> None:
    client = LanguageClient("wikilint-bench", "1")
    arrived: dict[tuple[str, int | None], float] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        arrived[params.uri, params.version] = time.perf_counter()
        event.set()

    async def until(uri: str, version: int) -> float:
        while (uri, version) not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[uri, version]

    await client.start_io(sys.executable, "-m", "wikilint", "server", cwd=str(ROOT))
    options: dict[str, Any] = {} if debounce is None else {"debounce": debounce}
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), initialization_options=options))
    client.initialized(types.InitializedParams())
    for path, language in documents:
        text = path.read_text(encoding="utf-8")
        uri = path.resolve().as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text)))
        await until(uri, 1)
        timings = []
        for version in range(2, repeat + 2):
            changed = text + ("\n" if version % 2 else "")
            start = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=changed)],
            ))
            timings.append(await until(uri, version) - start)
            await asyncio.sleep(0.05)
        size = len(text.encode("utf-8")) / 1000
        print(f"{path.name} ({size:.0f} kB, {language}): median {statistics.median(timings) * 1000:.0f} ms, "
              f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {repeat} changes")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--debounce", type=float, default=None, help="seconds; default: the server's")
    parser.add_argument("files", nargs="*", type=Path, help="default: the seed and two ~300 KB articles")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        documents = [(path, "plaintext") for path in arguments.files] or [
            (SEED, "markdown"), (LARGE, "wikitext"), (markdown_article(Path(folder)), "markdown"),
        ]
        asyncio.run(measure(documents, arguments.repeat, arguments.debounce))


if __name__ == "__main__":
    main()
