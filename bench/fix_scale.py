"""Benchmark: how ``--fix`` time grows with the number of fixes in one document.

Run by hand (not a test):

    python bench/fix_scale.py                    # 1,000 … 40,000 fixes
    python bench/fix_scale.py --counts 8000 40000 --cli

For each N it writes a converted-Markdown article with N stray ``{{-}}`` templates inside
prose (TPL001, each with a fix) and times ``fix_text`` in this process, or with ``--cli``
``wikilint check --fix`` as a subprocess, next to a plain ``wikilint check`` of the same
text (CPU seconds in process, wall seconds with ``--cli``). Linear fixing keeps the
fix/check ratio flat as N grows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout, not an installed copy

from wikilint.linter.config import Settings
from wikilint.linter.fixer import fix_text
from wikilint.linter.runner import Linter


def article(fixes: int) -> str:
    """A converted article with one fixable stray template on each line."""
    line = '正文{{-}}見[古巴](../Page/古巴.md "wikilink")。\n'
    return "## 歷史\n\n" + line * fixes


def time_in_process(text: str) -> tuple[float, float, int]:
    linter = Linter(Settings(timeout=0, select=("TPL001",)))
    started = time.process_time()
    linter.lint_text(text, "bench.md")
    checked = time.process_time() - started
    started = time.process_time()
    outcome = fix_text(linter, text, "bench.md")
    return checked, time.process_time() - started, outcome.fixed


#: Runs wikilint from the folder given first, not from an installed copy.
_THIS_CHECKOUT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from wikilint.cli import main; main()"


def time_cli(text: str, timeout: float) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "bench.md")
        times = []
        for extra in ([], ["--fix"]):
            path.write_text(text, encoding="utf-8")
            command = [sys.executable, "-c", _THIS_CHECKOUT, str(Path(__file__).resolve().parent.parent),
                       "check", "--no-cache", "--select", "TPL001", "-f", "jsonl", "--exit-zero", *extra, str(path)]
            started = time.perf_counter()
            try:
                subprocess.run(command, capture_output=True, check=False, timeout=timeout)
            except subprocess.TimeoutExpired:
                times.append(float("inf"))
                continue
            times.append(time.perf_counter() - started)
        fixed = text.count("{{-}}") - path.read_text(encoding="utf-8").count("{{-}}")
        return times[0], times[1], fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 40000])
    parser.add_argument("--cli", action="store_true", help="time the wikilint command, not fix_text")
    parser.add_argument("--timeout", type=float, default=120, help="give up on one command after this long")
    arguments = parser.parse_args()
    print(f"{'fixes':>8} {'check s':>9} {'fix s':>9} {'fix/check':>9} {'fixed':>8}")
    for count in arguments.counts:
        text = article(count)
        checked, fixed_in, fixed = time_cli(text, arguments.timeout) if arguments.cli else time_in_process(text)
        print(f"{count:>8} {checked:>9.2f} {fixed_in:>9.2f} {fixed_in / checked:>9.1f} {fixed:>8}", flush=True)


if __name__ == "__main__":
    main()
