"""Where documents are linted: in this process, in a local process pool, or on a Dask cluster.

Every executor runs the same function (``Linter.lint_input``) on the same inputs and yields
the results in input order, so reports are identical whichever runs them. The parse
happens once per document in the worker; only the results (findings and a small citation
census) cross process boundaries. Inputs are submitted in a bounded window, so a dump of a
million pages is never held in memory at once.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from wikilint.linter.config import Settings
from wikilint.linter.corpora import Input
from wikilint.linter.runner import FileResult, Linter

#: Documents per task: large enough to amortise inter-process traffic, small enough that
#: a slow article does not hold back many others.
BATCH_SIZE = 16
#: Batches in flight per worker.
WINDOW_PER_WORKER = 4

_worker_linter: Linter | None = None


def _start_worker(settings: Settings, cache_dir: Path | None) -> None:
    global _worker_linter
    _worker_linter = Linter(settings, cache_dir=cache_dir)


def _lint_batch(batch: list[Input]) -> list[FileResult]:
    assert _worker_linter is not None, "worker was not initialised"
    return [_worker_linter.lint_input(item) for item in batch]


def _lint_batch_with(settings: Settings, cache_dir: Path | None, batch: list[Input]) -> list[FileResult]:
    """The Dask task: a worker keeps one Linter per configuration it has seen."""
    key = (repr(settings), cache_dir)
    linter = _DASK_LINTERS.get(key)
    if linter is None:
        linter = _DASK_LINTERS[key] = Linter(settings, cache_dir=cache_dir)
    return [linter.lint_input(item) for item in batch]


_DASK_LINTERS: dict[tuple[str, Path | None], Linter] = {}


def default_jobs() -> int:
    return os.cpu_count() or 1


def run(
    inputs: Iterable[Input],
    settings: Settings,
    *,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
) -> Iterator[FileResult]:
    """Lint every input and yield the results in input order."""
    if executor == "dask":
        yield from _run_dask(inputs, settings, scheduler, cache_dir)
    elif jobs <= 1:
        linter = Linter(settings, cache_dir=cache_dir)
        for item in inputs:
            yield linter.lint_input(item)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(settings, cache_dir)) as pool:
            yield from _ordered(pool.submit, _lint_batch, _batches(inputs), jobs * WINDOW_PER_WORKER)


def _batches(inputs: Iterable[Input]) -> Iterator[list[Input]]:
    iterator = iter(inputs)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def _ordered(
    submit: Callable[..., Future[list[FileResult]]],
    function: Callable[..., list[FileResult]],
    batches: Iterator[list[Input]],
    window: int,
    *extra: Any,
) -> Iterator[FileResult]:
    """Keep ``window`` batches in flight and yield their results in submission order."""
    pending: deque[Future[list[FileResult]]] = deque()
    for batch in batches:
        pending.append(submit(function, *extra, batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _run_dask(
    inputs: Iterable[Input], settings: Settings, scheduler: str | None, cache_dir: Path | None
) -> Iterator[FileResult]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise RuntimeError("the Dask executor needs the extra: pip install 'wikilint[dask]'") from error
    cluster = None if scheduler else LocalCluster(processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
    client = Client(scheduler or cluster)  # type: ignore[no-untyped-call]
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        submit = _DaskSubmitter(client)
        yield from _ordered(
            submit, _lint_batch_with, _batches(inputs), workers * WINDOW_PER_WORKER, settings, cache_dir
        )
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


class _DaskSubmitter:
    """``client.submit`` with ``pure=False``: two identical batches are still two tasks."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(function, *args, pure=False)
