"""Where documents are linted: in this process, in supervised worker processes, or on Dask.

Every executor runs the same function (``Linter.lint_input``) on the same inputs and yields
the results in input order, so reports are identical whichever runs them. The parse
happens once per document in the worker; only the results (findings and a small citation
census) cross process boundaries. Inputs are submitted in a bounded window, so a dump of a
million pages is never held in memory at once.

Local workers are supervised: a worker that overruns a document's time budget (C code such
as mwparserfromhell's tokenizer cannot be interrupted from inside) or dies is killed and
replaced, the document is reported (WL006, WL004), and the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from itertools import islice
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from wikilint.linter.config import Settings
from wikilint.linter.corpora import Input
from wikilint.linter.results import FileResult, internal_error_result, timed_out
from wikilint.linter.runner import Linter

#: Documents per task: large enough to amortise inter-process traffic, small enough that
#: a slow article does not hold back many others.
BATCH_SIZE = 16
#: Batches in flight per worker.
WINDOW_PER_WORKER = 4

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
        if settings.timeout > 0:
            linter.isolate = lambda text, path, dialect: next(
                SupervisedPool(1, settings).run([Input(path, text=text, dialect=dialect.value)])
            )
        for item in inputs:
            yield linter.lint_input(item)
    else:
        yield from SupervisedPool(jobs, settings, cache_dir).run(inputs)


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


#: Seconds to wait for a Dask scheduler to answer before the run stops with an error.
SCHEDULER_TIMEOUT = 10


def _run_dask(
    inputs: Iterable[Input], settings: Settings, scheduler: str | None, cache_dir: Path | None
) -> Iterator[FileResult]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise RuntimeError("the Dask executor needs the extra: pip install 'wikilint[dask]'") from error
    cluster = None if scheduler else LocalCluster(processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
    try:
        client = Client(scheduler or cluster, timeout=SCHEDULER_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as error:  # unreachable, or not an address at all
        if cluster is not None:
            cluster.close()
        raise RuntimeError(f"cannot reach the Dask scheduler {scheduler or 'started here'}: {error}") from error
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


#: Extra time a worker gets past the budget before it is killed, so that the in-process
#: timer (which reports more precisely) fires first when it can.
GRACE_SECONDS = 2.0


def _worker_main(connection: Connection, settings: Settings, cache_dir: Path | None) -> None:
    linter = Linter(settings, cache_dir=cache_dir)
    while True:
        message = connection.recv()
        if message is None:
            return
        sequence, item = message
        connection.send((sequence, linter.lint_input(item)))


class _Worker:
    def __init__(self, context: Any, settings: Settings, cache_dir: Path | None) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, settings, cache_dir), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Input, float] | None = None

    def give(self, sequence: int, item: Input) -> None:
        self.task = (sequence, item, time.monotonic())
        self.connection.send((sequence, item))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class SupervisedPool:
    """``jobs`` worker processes, one document each at a time, each watched against the budget."""

    def __init__(self, jobs: int, settings: Settings, cache_dir: Path | None = None) -> None:
        self.jobs = jobs
        self.settings = settings
        self.cache_dir = cache_dir
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")

    def run(self, inputs: Iterable[Input]) -> Iterator[FileResult]:
        pending = enumerate(inputs)
        workers = [self._spawn() for _ in range(self.jobs)]
        done: dict[int, FileResult] = {}
        next_to_yield = 0
        read_ahead = self.jobs * WINDOW_PER_WORKER * BATCH_SIZE
        exhausted = False
        try:
            while True:
                for index, worker in enumerate(workers):
                    if worker.task is None and not exhausted and len(done) < read_ahead:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                        else:
                            workers[index] = self._give(worker, *task, done)
                busy = [worker for worker in workers if worker.task is not None]
                if not busy and exhausted:
                    break
                if busy:
                    for connection in wait([worker.connection for worker in busy], timeout=0.2):
                        worker = next(w for w in busy if w.connection is connection)
                        self._collect(worker, workers, done)
                    self._enforce_budget(workers, done)
                while next_to_yield in done:
                    yield done.pop(next_to_yield)
                    next_to_yield += 1
            while next_to_yield in done:
                yield done.pop(next_to_yield)
                next_to_yield += 1
        finally:
            for worker in workers:
                worker.stop(kill=worker.task is not None)

    def _spawn(self) -> _Worker:
        return _Worker(self.context, self.settings, self.cache_dir)

    def _give(self, worker: _Worker, sequence: int, item: Input, done: dict[int, FileResult]) -> _Worker:
        try:
            worker.give(sequence, item)
            return worker
        except (OSError, ValueError):  # the worker died while idle: replace it and retry once
            worker.stop(kill=True)
            fresh = self._spawn()
            fresh.give(sequence, item)
            return fresh

    def _collect(self, worker: _Worker, workers: list[_Worker], done: dict[int, FileResult]) -> None:
        assert worker.task is not None
        sequence, item, _ = worker.task
        try:
            received_sequence, result = worker.connection.recv()
            done[received_sequence] = result
            worker.task = None
        except (EOFError, OSError):  # the worker died on this document (a crash in C code)
            code = worker.process.exitcode
            done[sequence] = internal_error_result(item.path, f"the worker process died (exit code {code})")
            worker.task = None
            self._replace(worker, workers, kill=True)

    def _enforce_budget(self, workers: list[_Worker], done: dict[int, FileResult]) -> None:
        budget = self.settings.timeout
        if budget <= 0:
            return
        now = time.monotonic()
        for worker in list(workers):
            if worker.task is not None and now - worker.task[2] > budget + GRACE_SECONDS:
                sequence, item, _ = worker.task
                done[sequence] = timed_out(item.path, budget, None)
                worker.task = None
                self._replace(worker, workers, kill=True)

    def _replace(self, worker: _Worker, workers: list[_Worker], kill: bool) -> None:
        worker.stop(kill=kill)
        workers[workers.index(worker)] = self._spawn()
