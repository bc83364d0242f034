"""Benchmark: wikilint on a corpus of a chosen size, against its own floor and the npm peer.

Run by hand (not a test):

    python bench/corpus_scale.py --megabytes 100 --dialect wikitext --repeat 3
    python bench/corpus_scale.py --megabytes 100 --dialect markdown --jobs 2

It builds a corpus of about the requested size by copying the articles of SOURCE (default
``../shared/corpus``) of the chosen dialect under new names into a temporary folder, then
measures in one run on this machine, each as the median of ``--repeat`` runs:

- the floor: a bare ``mwparserfromhell.parse`` of every wikitext file (in one process), or,
  for Markdown, reading every file and running the front end's link and marker regexes;
- ``wikilint -j 1`` and ``wikilint -j N`` as separate processes (``--no-cache``, jsonl report
  to a file), with wall time, CPU time and peak RSS from ``/usr/bin/time``;
- npm ``wikilint`` (WikiParser-Node) on the same wikitext files, with ``--npm-dir DIR`` naming
  a folder where ``npm install wikilint`` was run.

It prints MB/s, documents/s, CPU seconds, peak RSS and the ratios the targets are about.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = {"wikitext": (".wiki",), "markdown": (".md", ".txt")}


@dataclass
class Measure:
    name: str
    wall: float
    cpu: float
    rss_mb: float | None


def build_corpus(source: Path, dialect: str, megabytes: float, target: Path) -> tuple[int, float]:
    articles = sorted(p for p in source.rglob("*") if p.suffix in SUFFIXES[dialect] and p.is_file())
    if not articles:
        sys.exit(f"no {dialect} articles under {source}")
    size = 0
    count = 0
    while size < megabytes * 1e6:
        for article in articles:
            folder = target / f"{count // 1000:04d}"
            folder.mkdir(exist_ok=True)
            copy = folder / f"{count:07d}_{article.name}"
            shutil.copyfile(article, copy)
            size += copy.stat().st_size
            count += 1
            if size >= megabytes * 1e6:
                break
    return count, size / 1e6


def median_of(repeat: int, measure: Callable[[], Measure]) -> Measure:
    runs = [measure() for _ in range(repeat)]
    rss = [run.rss_mb for run in runs if run.rss_mb is not None]
    return Measure(
        runs[0].name,
        statistics.median(run.wall for run in runs),
        statistics.median(run.cpu for run in runs),
        statistics.median(rss) if rss else None,
    )


def timed_command(name: str, command: list[str]) -> Measure:
    """Run a command under /usr/bin/time: wall, user+sys CPU, peak RSS of the process tree's largest."""
    if Path("/usr/bin/time").exists():
        wrapped = ["/usr/bin/time", "-f", "@@ %e %U %S %M", *command]
        done = subprocess.run(wrapped, capture_output=True, text=True, check=False)
        match = re.search(r"@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", done.stderr)
        if match:
            wall, user, system, rss = match.groups()
            return Measure(name, float(wall), float(user) + float(system), int(rss) / 1024)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return Measure(name, time.perf_counter() - start, float("nan"), None)


def floor(dialect: str, files: list[Path]) -> Measure:
    start = time.perf_counter()
    cpu = time.process_time()
    if dialect == "wikitext":
        import mwparserfromhell

        for path in files:
            mwparserfromhell.parse(path.read_text(encoding="utf-8"))
    else:
        from wikilint.linter.dialects.markdown import _LINK, _NUMBERED_MARKER

        for path in files:
            text = path.read_text(encoding="utf-8")
            for pattern in (_LINK, _NUMBERED_MARKER):
                for _ in pattern.finditer(text):
                    pass
    return Measure("floor", time.perf_counter() - start, time.process_time() - cpu, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--dialect", choices=sorted(SUFFIXES), default="wikitext")
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--npm-dir", type=Path, help="a folder where `npm install wikilint` was run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wikilint-bench-") as temporary:
        corpus = Path(temporary) / "corpus"
        corpus.mkdir()
        documents, megabytes = build_corpus(args.source, args.dialect, args.megabytes, corpus)
        files = sorted(corpus.rglob("*.*"))
        report = Path(temporary) / "report.jsonl"
        wikilint = [sys.executable, "-m", "wikilint", "--no-cache", "--no-progress", "-f", "jsonl", "-o", str(report)]
        print(f"{documents} {args.dialect} documents, {megabytes:.1f} MB; median of {args.repeat} runs")

        results = [median_of(args.repeat, lambda: floor(args.dialect, files))]
        for jobs in sorted({1, args.jobs}):
            command = [*wikilint, "-j", str(jobs), str(corpus)]
            name = f"wikilint -j {jobs}"
            results.append(median_of(args.repeat, lambda name=name, command=command: timed_command(name, command)))
        peer = args.npm_dir / "node_modules" / ".bin" / "wikilint" if args.npm_dir else None
        if args.dialect == "wikitext" and peer and peer.exists():
            command = [str(peer), "-r", "--ext", ".wiki", str(corpus)]
            results.append(median_of(args.repeat, lambda: timed_command("npm wikilint", command)))

    print(f"{'':<16}{'wall s':>8}{'CPU s':>8}{'MB/s':>8}{'docs/s':>9}{'RSS MB':>8}")
    for result in results:
        rss = f"{result.rss_mb:8.0f}" if result.rss_mb is not None else f"{'-':>8}"
        print(f"{result.name:<16}{result.wall:8.2f}{result.cpu:8.2f}{megabytes / result.wall:8.2f}"
              f"{documents / result.wall:9.0f}{rss}")
    by_name = {result.name: result for result in results}
    one = by_name["wikilint -j 1"]
    print(f"wikilint -j 1 CPU / floor CPU: {one.cpu / by_name['floor'].cpu:.2f}")
    if f"wikilint -j {args.jobs}" in by_name and args.jobs != 1:
        print(f"-j {args.jobs} throughput / -j 1: {one.wall / by_name[f'wikilint -j {args.jobs}'].wall:.2f}")
        if "npm wikilint" in by_name:
            print(f"wikilint -j {args.jobs} wall / npm wikilint wall: "
                  f"{by_name[f'wikilint -j {args.jobs}'].wall / by_name['npm wikilint'].wall:.2f}")


if __name__ == "__main__":
    main()
