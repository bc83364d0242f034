"""A rich progress bar on stderr: documents, megabytes, documents per second, ETA.

Shown only when stderr is a terminal (or ``--progress``), and only once a run has taken
``DELAY`` seconds: a short run prints its findings and nothing else. While the bar is up
and standard output is the same terminal, rich routes it above the bar, so findings never
land on the bar's line; the report stream must therefore write through
:class:`StdoutProxy`, not a saved sys.stdout. Output to a file or pipe is left alone. The
bar is removed when the run ends.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator

from wikilint.linter.results import FileResult

#: Seconds a run goes before the bar appears.
DELAY = 1.0


class StdoutProxy:
    """Writes to whatever sys.stdout is now (rich swaps it while the bar is shown)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", "utf-8") or "utf-8"


def with_progress(results: Iterable[FileResult], total: int | None, delay: float = DELAY) -> Iterator[FileResult]:
    iterator = iter(results)
    started = time.monotonic()
    before = 0
    for result in iterator:
        yield result
        before += 1
        if time.monotonic() - started >= delay:
            break
    else:
        return  # done before the bar was worth showing
    yield from _with_bar(iterator, total, before)


def _with_bar(results: Iterator[FileResult], total: int | None, before: int) -> Iterator[FileResult]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("[bold]wikilint"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[megabytes]:.1f} MB"),
        TextColumn("{task.fields[rate]:.0f} docs/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    console = Console(stderr=True)
    # On a terminal the bar goes when the run ends; in a log (--progress to a file) its last state stays.
    with Progress(*columns, console=console, transient=console.is_terminal,
                  redirect_stdout=sys.stdout.isatty(), redirect_stderr=False) as progress:
        task = progress.add_task("lint", total=total, completed=before, megabytes=0.0, rate=0.0)
        megabytes = 0.0
        for done, result in enumerate(results, start=before + 1):
            megabytes += _size(result.path) / 1e6
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, advance=1, megabytes=megabytes, rate=done / elapsed)
            yield result


def _size(path: str) -> int:
    if "#" in path and not os.path.exists(path):
        return 0  # an article inside a dump or JSONL corpus: the container's size is not per page
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
