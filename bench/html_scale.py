"""Benchmark: the HTML audit's file size and render time, for the shared corpus and for a
synthetic run of many findings.

Run by hand (not a test), from the repository root:

    python bench/html_scale.py                       # 100,000 findings, and ../shared/corpus
    python bench/html_scale.py --findings 1000000 --no-corpus

For the synthetic run (tests/synthetic_report.py: findings spread over 12 real rule codes, 25
a document, each with a source line and a citation census) it measures, each as the median
of ``--repeat`` runs:

- ``render``: the html reporter fed the results in this process (what ``-f html`` adds to a
  lint), with source excerpts;
- ``wikilint report run.jsonl -f html`` and ``wikilint report run.json -f html`` as separate
  processes: reading the saved report back and rendering it (the files do not exist, so no
  excerpts come back).

For the corpus: ``wikilint CORPUS -f json`` and ``-f html`` (lint and render, ``-j 1``,
``--no-cache``) and ``wikilint report corpus.json -f html`` (render only). It prints sizes
in bytes and MB, and seconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout, not an installed copy

from tests.synthetic_report import synthetic_results, write_report  # noqa: E402
from wikilint.linter.report.html_report import HtmlReporter  # noqa: E402
from wikilint.linter.summary import Summary  # noqa: E402

_THIS_CHECKOUT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from wikilint.cli import main; main()"


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wikilint(*arguments: str) -> Callable[[], object]:
    command = [sys.executable, "-c", _THIS_CHECKOUT, str(ROOT), *arguments]
    return lambda: subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)


def render_in_process(findings: int, per_document: int) -> int:
    stream = io.StringIO()
    reporter = HtmlReporter(stream)
    summary = Summary()
    for result in synthetic_results(findings, per_document):
        summary.add(result)
        reporter.add(result)
    reporter.finish(summary)
    return len(stream.getvalue().encode("utf-8"))


def size(path: Path) -> str:
    count = path.stat().st_size
    return f"{count:,} bytes ({count / 1e6:.2f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--per-document", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--no-corpus", action="store_true")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(f"synthetic run: {options.findings:,} findings, {options.per_document} a document")
        seconds = median_seconds(lambda: render_in_process(options.findings, options.per_document), options.repeat)
        print(f"  render in process (with excerpts): {render_in_process(options.findings, options.per_document):,}"
              f" bytes, {seconds:.2f} s (building the synthetic results included)")
        for saved_format in ("jsonl", "json"):
            saved = work / f"run.{saved_format}"
            write_report(saved, saved_format, options.findings, options.per_document)
            audit = work / f"from-{saved_format}.html"
            seconds = median_seconds(wikilint("report", str(saved), "-f", "html", "-o", str(audit)), options.repeat)
            print(f"  wikilint report run.{saved_format} -f html: {size(audit)}, {seconds:.2f} s"
                  f" (the saved report: {size(saved)})")

        if options.no_corpus or not options.corpus.is_dir():
            return
        print(f"corpus {options.corpus}:")
        for output_format in ("json", "html"):
            out = work / f"corpus.{output_format}"
            seconds = median_seconds(wikilint("--no-cache", "-j", "1", "-f", output_format, "-o", str(out),
                                              str(options.corpus)), options.repeat)
            print(f"  wikilint CORPUS -j 1 -f {output_format}: {size(out)}, {seconds:.2f} s")
        audit = work / "from-corpus-json.html"
        seconds = median_seconds(wikilint("report", str(work / "corpus.json"), "-f", "html", "-o", str(audit)),
                                 options.repeat)
        print(f"  wikilint report corpus.json -f html: {size(audit)}, {seconds:.2f} s")


if __name__ == "__main__":
    main()
