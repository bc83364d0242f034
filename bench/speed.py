"""Benchmark: the speed targets of issue 14, both dialects, in one run.

Run by hand (not a test), from the repository root:

    python bench/speed.py [--corpus ../shared/corpus] [--repeat 3] [--npm-dir DIR]

It prints, each as the median of ``--repeat`` runs (at least 3):

Chinese Markdown, the seed's form (zhwiki-md plus zhwiki-md-dev, read into memory, then one
pass timed in CPU seconds, so that other load on the machine counts less, in a fresh process
for each repeat so that no cache has seen the corpus before):

- ``zhwiki-md default rules``: ``Linter.lint_text`` with the default rules, on its own line;
- the Markdown front end alone, a bare markdown-it-py parse and OpenCC t2s over the
  whole text, for scale, and each one's ratio to the lint.

Wikitext (copies of ../shared/corpus/wikitext up to ``--wikitext-megabytes``), as processes:

- a bare mwparserfromhell parse of the files (a Python process that reads and parses them);
- ``wikilint -j 1``, ``-j 2`` and default jobs (``--no-cache``, JSON Lines to a file), with
  wall and CPU from /usr/bin/time, and npm ``wikilint`` on the same files when ``--npm-dir``
  (or $WIKILINT_NPM_DIR) names a folder where ``npm install wikilint`` was run.

The machine may be shared: the load average is printed before and after, and every target
is printed as a ratio between two measurements of the same run, which load changes less
than absolute MB/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_scale import build_corpus, median_of, timed_command  # bench/ is on sys.path

from wikilint.linter.dialects.markdown import parse_markdown
from wikilint.linter.runner import Linter
from wikilint.text.chinese import converter

MARKDOWN_FOLDERS = ("zhwiki-md", "zhwiki-md-dev")


def import_same_wikilint() -> None:
    """Make every child process import the wikilint this process imported (a checkout's, not
    an installed one), whatever its working folder."""
    import wikilint

    root = str(Path(wikilint.__file__).resolve().parent.parent)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def markdown_texts(corpus: Path) -> list[tuple[str, str]]:
    return [
        (str(path), path.read_text(encoding="utf-8"))
        for folder in MARKDOWN_FOLDERS
        for path in sorted((corpus / folder).rglob("*"))
        if path.suffix in (".md", ".txt") and path.is_file()
    ]


# Loads OpenCC's and zhconv's tables before the timing, without telling any cache about the corpus.
WARM_UP = "**北韓**是[國家](../Page/國家.md \"wikilink\")。简体中文的软件与軟體。\n\n1.  \n"


def one_pass(corpus: Path, case: str) -> float:
    """CPU seconds of one pass of ``case`` over the Chinese corpus, in this fresh process.

    Each repeat is its own process: wikilint keeps bounded caches across documents (a run's
    conversions, titles), and a second pass in one process would find the whole corpus in
    them. A fresh process sees only the repeats a real corpus has, within this one.
    """
    texts = markdown_texts(corpus)
    linter = Linter()
    linter.lint_text(WARM_UP, "warm-up.md", "markdown")
    whole = "\n".join(text for _, text in texts)
    commonmark = None
    if case == "markdown-it":
        from markdown_it import MarkdownIt

        commonmark = MarkdownIt("commonmark")
    start = time.process_time()
    if case == "opencc":
        converter("t2s").convert(whole)
    for path, text in texts if case != "opencc" else []:
        if case == "lint":
            linter.lint_text(text, path, "markdown")
        elif case == "front":
            parse_markdown(text, path)
        elif commonmark is not None:
            commonmark.parse(text)
    return time.process_time() - start


def markdown(corpus: Path, repeat: int) -> None:
    texts = markdown_texts(corpus)
    megabytes = sum(len(text.encode("utf-8")) for _, text in texts) / 1e6
    cases = {
        "lint": "zhwiki-md default rules",
        "front": "Markdown front end alone",
        "opencc": "OpenCC t2s, whole text",
        "markdown-it": "markdown-it-py parse",
    }
    try:
        import markdown_it  # noqa: F401
    except ImportError:
        print("markdown-it-py is not installed: pip install markdown-it-py to compare")
        del cases["markdown-it"]

    print(f"\nChinese Markdown: {len(texts)} articles of {', '.join(MARKDOWN_FOLDERS)}, {megabytes:.2f} MB, "
          f"one pass per process, CPU seconds, median of {repeat}")
    results: dict[str, float] = {}
    for case, name in cases.items():
        command = [sys.executable, __file__, "--corpus", str(corpus), "--one-pass", case]
        runs = [subprocess.run(command, capture_output=True, text=True, check=True) for _ in range(repeat)]
        results[name] = statistics.median(float(run.stdout) for run in runs)
    lint = results["zhwiki-md default rules"]
    print(f"zhwiki-md default rules: {megabytes / lint:.2f} MB/s per core (target 5, goal 10)")
    for name, seconds in results.items():
        print(f"  {name:<28}{megabytes / seconds:8.2f} MB/s   lint takes {lint / seconds:6.2f}× this")


def wikitext(corpus: Path, megabytes: float, repeat: int, jobs: int, npm_dir: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="wikilint-speed-") as temporary:
        copies = Path(temporary) / "corpus"
        copies.mkdir()
        documents, size = build_corpus(corpus / "wikitext", "wikitext", megabytes, copies)
        report = Path(temporary) / "report.jsonl"
        parse = [
            sys.executable, "-c",
            "import pathlib, sys, mwparserfromhell\n"
            "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.wiki')):\n"
            "    mwparserfromhell.parse(path.read_text(encoding='utf-8'), skip_style_tags=False)\n",
            str(copies),
        ]  # fmt: skip
        wikilint = [sys.executable, "-m", "wikilint", "--no-cache", "--no-progress", "-f", "jsonl", "-o", str(report)]
        commands = {
            "bare parse (process)": parse,
            "wikilint -j 1": [*wikilint, "-j", "1", str(copies)],
            f"wikilint -j {jobs}": [*wikilint, "-j", str(jobs), str(copies)],
            "wikilint (default jobs)": [*wikilint, str(copies)],
        }
        peer = npm_dir / "node_modules" / ".bin" / "wikilint" if npm_dir else None
        if peer is not None and peer.exists():
            commands["npm wikilint"] = [str(peer), "-r", "--ext", ".wiki", str(copies)]
        print(f"\nWikitext: {documents} copies of {corpus / 'wikitext'}, {size:.1f} MB, processes, median of {repeat}")
        results = {
            name: median_of(repeat, lambda name=name, command=command: timed_command(name, command))
            for name, command in commands.items()
        }
    print(f"  {'':<26}{'wall s':>8}{'CPU s':>8}{'MB/s':>8}{'RSS MB':>8}")
    for result in results.values():
        rss = f"{result.rss_mb:8.0f}" if result.rss_mb is not None else f"{'-':>8}"
        print(f"  {result.name:<26}{result.wall:8.2f}{result.cpu:8.2f}{size / result.wall:8.2f}{rss}")
    one, floor = results["wikilint -j 1"], results["bare parse (process)"]
    print(f"wikitext -j 1 CPU / bare parse CPU: {one.cpu / floor.cpu:.2f} (target ≤ 1.3)")
    print(f"wikitext -j {jobs} throughput / -j 1: {one.wall / results[f'wikilint -j {jobs}'].wall:.2f} (target ≥ 1.85)")
    if "npm wikilint" in results:
        ratio = results["wikilint (default jobs)"].wall / results["npm wikilint"].wall
        print(f"wikitext default jobs wall / npm wikilint wall: {ratio:.2f} (target ≤ 0.5)")
    else:
        print("npm wikilint: not measured (--npm-dir DIR, where `npm install wikilint` was run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--wikitext-megabytes", type=float, default=5.1)
    parser.add_argument("--npm-dir", type=Path, default=os.environ.get("WIKILINT_NPM_DIR") or None)
    parser.add_argument("--only", choices=("markdown", "wikitext"), help="measure one dialect only")
    parser.add_argument("--one-pass", help=argparse.SUPPRESS)  # one timed pass, for markdown()
    args = parser.parse_args()
    if args.one_pass:
        print(one_pass(args.corpus, args.one_pass))
        return
    repeat = max(3, args.repeat)
    import_same_wikilint()

    print(f"load average before: {load_average()} on {os.cpu_count()} CPUs "
          "(other processes on the machine slow every line; the ratios are within one run)")
    if args.only != "wikitext":
        markdown(args.corpus, repeat)
    if args.only != "markdown":
        wikitext(args.corpus, args.wikitext_megabytes, repeat, args.jobs, args.npm_dir)
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
