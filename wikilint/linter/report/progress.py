"""A rich progress bar on stderr: documents, megabytes, documents per second, ETA.

Shown only when stderr is a terminal (or ``--progress``); it never touches the report
stream, which may be stdout.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from wikilint.linter.results import FileResult


def with_progress(results: Iterable[FileResult], total: int | None) -> Iterator[FileResult]:
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
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task("lint", total=total, megabytes=0.0, rate=0.0)
        megabytes = 0.0
        for done, result in enumerate(results, start=1):
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
