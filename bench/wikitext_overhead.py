"""Benchmark: wikilint's cost on wikitext against a bare mwparserfromhell parse.

Run by hand (not a test): ``python bench/wikitext_overhead.py [FOLDER] [--repeat N]``.
Reads every ``.wiki``/``.wikitext``/``.mediawiki`` file under FOLDER (default
``../shared/corpus/wikitext``) once, then times in the same run, as medians over N
repetitions, ``mwparserfromhell.parse`` alone and ``Linter.lint_text`` (parse, positions,
every default rule), and prints MB/s and the ratio lint / parse.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import mwparserfromhell
from timing import median_seconds  # bench/ is on sys.path when a script here runs

from wikilint.linter.runner import Linter

EXTENSIONS = (".wiki", ".wikitext", ".mediawiki")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="../shared/corpus/wikitext", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    paths = sorted(p for p in args.folder.rglob("*") if p.suffix in EXTENSIONS)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    linter = Linter()
    linter.lint_text(texts[0], "warm-up.wiki")  # load OpenCC dictionaries outside the timing

    parse = median_seconds(lambda: [mwparserfromhell.parse(text) for text in texts], args.repeat)
    lint = median_seconds(lambda: [linter.lint_text(text, "a.wiki", "wikitext") for text in texts], args.repeat)
    print(f"{len(texts)} articles, {megabytes:.2f} MB, median of {args.repeat} runs")
    print(f"bare mwparserfromhell parse  {megabytes / parse:6.2f} MB/s")
    print(f"wikilint lint (all rules)    {megabytes / lint:6.2f} MB/s   {lint / parse:.2f}× bare parse")


if __name__ == "__main__":
    main()
