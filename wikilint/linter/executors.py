"""Where documents are linted: in this process, in supervised worker processes, or on Dask.

Every executor runs the same function (``Linter.lint_input``) on the same inputs and yields
the results in input order, so reports are identical whichever runs them. The parse
happens once per document in the worker; only the results (findings and a small citation
census) cross process boundaries. Inputs are submitted in a bounded window, so a dump of a
million pages is never held in memory at once.

Local workers are supervised: a worker that overruns a document's time budget (C code such
as mwparserfromhell's tokenizer cannot be interrupted from inside) or dies is killed and
replaced, the document is reported (WL006, WL004), and the run goes on. Workers never
outlive the run: they hold no copy of any parent end of a pipe (so an idle worker sees
end-of-file when the parent goes), Linux kills them when the parent dies even mid-parse,
and they ignore Ctrl-C, which the parent handles by stopping them.

On Dask the in-process timer cannot be armed (a task runs in a worker thread, and only the
main thread gets signals), so a document the parser may stall on is linted in a child
interpreter of the Dask worker (``child.py``; a Dask worker may not start multiprocessing
children), killed when it overruns the same budget.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from itertools import islice
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from wikilint.linter.config import Settings
from wikilint.linter.corpora import Input
from wikilint.linter.document import Dialect
from wikilint.linter.results import FileResult, internal_error_result, timed_out
from wikilint.linter.runner import Linter
from wikilint.linter.signals import signals_held

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
        if settings.timeout > 0:
            linter.isolate = functools.partial(_lint_in_child, settings)
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
        _isolate_risky_documents(linter, settings)
        for item in inputs:
            yield linter.lint_input(item)
    else:
        yield from SupervisedPool(jobs, settings, cache_dir).run(inputs)


def _isolate_risky_documents(linter: Linter, settings: Settings) -> None:
    """Lint what may stall the parser in a worker process that is killed when it overruns."""
    if settings.timeout > 0:
        linter.isolate = lambda text, path, dialect: next(
            SupervisedPool(1, settings).run([Input(path, text=text, dialect=dialect.value)])
        )


#: The child imports wikilint from where this process did (as multiprocessing's spawn does).
_CHILD = "import sys, json; sys.path[:] = json.loads(sys.argv[2]); from wikilint.linter.child import main; main()"


def _lint_in_child(settings: Settings, text: str, path: str, dialect: Dialect) -> FileResult:
    """Lint one document in a child interpreter (``child.py``), killed past the budget."""
    request = pickle.dumps((settings, Input(path, text=text, dialect=dialect.value)))
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(os.getpid()), json.dumps(sys.path)],
            input=request, capture_output=True, timeout=settings.timeout + GRACE_SECONDS,
        )
    except subprocess.TimeoutExpired:  # run() has killed it; no dialect, as from a local worker
        return timed_out(path, settings.timeout, None)
    if child.returncode != 0:
        return internal_error_result(path, f"the worker process died (exit code {child.returncode})")
    result: FileResult = pickle.loads(child.stdout)
    return result


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


#: The parent ends of every worker's pipe open in this process. A forked worker closes all of
#: them: a copy left open in any worker keeps its pipe alive after the parent dies.
_PARENT_ENDS: weakref.WeakSet[Connection] = weakref.WeakSet()
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1


def _worker_main(
    connection: Connection, settings: Settings, cache_dir: Path | None, parent: int, inherited: list[Connection]
) -> None:
    # Ctrl-C reaches the whole process group; the parent stops its workers, so a worker
    # ignores it (no "Process ForkProcess-2:" traceback). SIGTERM kills it outright, not
    # through a handler copied from the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent around the fork
    for end in inherited:
        end.close()
    die_with_parent(parent)
    linter = Linter(settings, cache_dir=cache_dir)
    while True:
        try:
            message = connection.recv()
            if message is None:
                return
            sequence, item = message
            connection.send((sequence, linter.lint_input(item)))
        except (EOFError, OSError):  # the parent is gone: nobody is left to report to
            return


def die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this process when ``parent`` dies, even by SIGKILL and
    even in the middle of C code that no check of ours could interrupt.

    Strictly, the kernel watches the thread that started this process: a pool runs its
    workers from the thread that iterates it, which outlives them.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class _Worker:
    def __init__(self, context: Any, settings: Settings, cache_dir: Path | None) -> None:
        self.connection, child = context.Pipe()
        _PARENT_ENDS.add(self.connection)
        # Only a forked worker inherits them; a spawned one gets the child end alone.
        inherited = list(_PARENT_ENDS) if context.get_start_method() == "fork" else []
        self.process = context.Process(
            target=_worker_main, args=(child, settings, cache_dir, os.getpid(), inherited), daemon=True
        )
        # Ctrl-C or SIGTERM between the fork and the worker's own handlers would print a
        # traceback from the worker; held here, the parent gets it once the worker is started.
        with signals_held(_STOP_SIGNALS):
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
        if self.process.exitcode is None:  # an idle worker that did not stop when asked
            self.process.kill()
            self.process.join()
        self.connection.close()
        _PARENT_ENDS.discard(self.connection)


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
