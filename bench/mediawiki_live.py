"""Benchmark: auditing a live wiki — requests per page and pages per second — against a real
MediaWiki 1.39 on loopback, with the rate limit off and at its default.

Run by hand (not a test; needs the Debian ``mediawiki``, ``php-cli`` and ``php-sqlite3``):

    python bench/mediawiki_live.py --pages 120 --repeat 3

It starts the same wiki the tests use (``tests/mediawiki_server.py``: the zh and en wikitext
corpora and filler pages, served by ``php -S`` on a free loopback port), then runs
``wikilint --site … --pages-from TITLES -f json`` as a separate process, through the counting
proxy, for each setting: ``--max-rps 0`` and the default ``--max-rps 1``, each with a cold
cache and again with the warm revision cache. It prints the requests sent (siteinfo probes
included), requests per page, and pages per second over the whole run (start-up included,
median of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mediawiki_server import Proxy, start_wiki  # noqa: E402


def _run(url: str, titles: Path, max_rps: str, cache: Path | None) -> float:
    args = [sys.executable, "-m", "wikilint", "-f", "json", "-o", str(titles.parent / "report.json"),
            "--site", url, "--pages-from", str(titles), "--max-rps", max_rps]
    args += ["--cache", "--cache-dir", str(cache)] if cache else ["--no-cache"]
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"wikilint failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wiki = start_wiki(Path(folder))
        try:
            titles = Path(folder) / "titles.txt"
            names = [page.title for page in wiki.pages if page.source is not None or page.title.startswith("填充页")]
            titles.write_text("\n".join(names[: options.pages]) + "\n", encoding="utf-8")
            count = min(options.pages, len(names))
            print(f"{count} pages, MediaWiki 1.39 on {wiki.url}, median of {options.repeat} runs")
            print(f"{'rate limit':<16}{'cache':<7}{'requests':>9}{'req/page':>10}{'seconds':>9}{'pages/s':>9}")
            for max_rps in ("0", "1"):
                for warm in (False, True):
                    times, requests = [], 0
                    for number in range(options.repeat):
                        cache = Path(folder) / f"cache-{max_rps}-{number}"
                        proxy = Proxy(wiki.url)
                        try:
                            if warm:
                                _run(proxy.url, titles, "0", cache)  # fill the cache first, not timed
                                proxy.seen.clear()
                            times.append(_run(proxy.url, titles, max_rps, cache if warm else None))
                            requests = len(proxy.api_requests())
                        finally:
                            proxy.close()
                    seconds = statistics.median(times)
                    label = "off (0)" if max_rps == "0" else f"{max_rps} req/s"
                    print(f"{label:<16}{'warm' if warm else 'cold':<7}{requests:>9}{requests / count:>10.3f}"
                          f"{seconds:>9.2f}{count / seconds:>9.1f}")
        finally:
            wiki.stop()


if __name__ == "__main__":
    main()
