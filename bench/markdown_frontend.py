"""Benchmark: why the Markdown dialect has its own scanner instead of markdown-it-py.

Run by hand (not a test): ``python bench/markdown_frontend.py [FOLDER] [--repeat N]``.
It reads every ``.md``/``.txt`` article under FOLDER (default ``../shared/corpus``) into
memory once, then measures in the same run, as medians over N repetitions:

- ``read floor``: ``str.splitlines`` over the texts (the cost of touching every line);
- ``markdown-it-py``: ``MarkdownIt("commonmark").parse`` (block and inline tokens), if installed;
- ``wikilint front end``: ``parse_markdown`` (Document with links, markers, entries, prose);
- ``wikilint lint``: the front end plus every default rule.

and prints MB/s and the ratio of each to the wikilint front end.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from timing import median_seconds  # bench/ is on sys.path when a script here runs

from wikilint.linter.dialects.markdown import parse_markdown
from wikilint.linter.runner import Linter


def load(folder: Path) -> list[str]:
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt") and p.is_file())
    return [p.read_text(encoding="utf-8") for p in paths]



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="../shared/corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    texts = load(args.folder)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    linter = Linter()
    linter.lint_text(texts[0], "warm-up.md")  # load OpenCC dictionaries outside the timing

    cases: dict[str, Callable[[], object]] = {
        "read floor (splitlines)": lambda: [text.splitlines() for text in texts],
        "wikilint front end": lambda: [parse_markdown(text) for text in texts],
        "wikilint lint (all rules)": lambda: [linter.lint_text(text, "a.md", "markdown") for text in texts],
    }
    try:
        from markdown_it import MarkdownIt

        markdown_it = MarkdownIt("commonmark")
        cases["markdown-it-py parse"] = lambda: [markdown_it.parse(text) for text in texts]
    except ImportError:
        print("markdown-it-py is not installed: pip install markdown-it-py to compare")

    print(f"{len(texts)} articles, {megabytes:.2f} MB, median of {args.repeat} runs")
    results = {name: median_seconds(work, args.repeat) for name, work in cases.items()}
    baseline = results["wikilint front end"]
    for name, seconds in results.items():
        print(f"{name:<28} {megabytes / seconds:8.2f} MB/s   {seconds / baseline:6.2f}× front end")


if __name__ == "__main__":
    main()
