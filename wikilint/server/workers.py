"""Lint and fix in supervised worker processes, one document at a time each, off the event loop.

The server's event loop never parses: a request goes to an idle worker process (a new one is
started when all are busy, up to ``max_workers``), and the calling thread waits for the answer
no longer than the document's time budget plus a grace period. In the worker, the budget's
timer (``linter/budget.py``) stops Python code and reports WL006 itself; C code that no timer
can interrupt (a text that stalls mwparserfromhell, see ``FRONT_ENDS``' ``may_stall``) is
stopped from here: the worker is killed and the document gets WL006, as the CLI's supervised
pool does. A worker that dies on a document gives that document WL004. Other documents go to
other workers meanwhile, so a slow document never holds up the rest.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from wikilint.linter.config import Settings
from wikilint.linter.executors import GRACE_SECONDS, die_with_parent
from wikilint.linter.fixer import FixError, fix_text
from wikilint.linter.results import FileResult, internal_error_result, timed_out
from wikilint.linter.runner import Linter

#: Worker processes kept at most; more requests than this wait for a free worker.
MAX_WORKERS = 4
#: Linters (one per configuration) a worker keeps.
_LINTERS_KEPT = 8


@dataclass(frozen=True)
class Request:
    settings: Settings
    text: str
    path: str
    dialect: str
    #: "lint", or "fix" (every safe fix, until stable) or "fix-unsafe".
    kind: str = "lint"


@dataclass(frozen=True)
class Answer:
    result: FileResult
    #: The fixed text (fix requests), or None when nothing could be fixed.
    text: str | None = None


def _serve(connection: Connection) -> None:
    """A worker: answer requests until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers
    die_with_parent(os.getppid())
    linters: dict[str, Linter] = {}
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        key = repr(request.settings)
        linter = linters.get(key)
        if linter is None:
            if len(linters) >= _LINTERS_KEPT:
                linters.clear()
            linter = linters[key] = Linter(request.settings)
        connection.send(_answer(linter, request))


def _answer(linter: Linter, request: Request) -> Answer:
    if request.kind == "lint":
        return Answer(linter.lint_text(request.text, request.path, request.dialect))
    try:
        outcome = fix_text(linter, request.text, request.path, request.dialect, unsafe=request.kind == "fix-unsafe")
    except FixError as error:
        return Answer(internal_error_result(request.path, str(error)))
    return Answer(outcome.result, outcome.text)


class _Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe()
        # Not a daemon: fixing a text that may stall the parser starts a supervised child.
        self.process = context.Process(target=_serve, args=(child,), name="wikilint-server-worker")
        self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """Worker processes shared by every document; :meth:`run` blocks, so call it from a thread."""

    def __init__(self, max_workers: int = MAX_WORKERS) -> None:
        methods = multiprocessing.get_all_start_methods()
        # A fork server starts workers from a clean process: the server has threads, which
        # a forked child must not inherit mid-lock.
        self.context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self.context.set_forkserver_preload(["wikilint.server.workers"])
        self.max_workers = max_workers
        self.idle: list[_Worker] = []
        self.busy: set[_Worker] = set()
        self.closed = False
        self.condition = threading.Condition()

    def start(self, count: int = 1) -> None:
        """Start ``count`` workers now, so the first document does not wait for one."""
        with self.condition:
            for _ in range(count):
                self.idle.append(_Worker(self.context))

    def run(self, request: Request) -> Answer:
        worker = self._take()
        if worker is None:
            return Answer(internal_error_result(request.path, "the server is shutting down"))
        budget = request.settings.timeout
        try:
            worker.connection.send(request)
            if budget > 0 and not worker.connection.poll(budget + GRACE_SECONDS):
                self._drop(worker)
                return Answer(timed_out(request.path, budget, None))
            answer: Answer = worker.connection.recv()
        except (EOFError, OSError):  # it died on this document (os._exit, a crash in C code)
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            self._drop(worker)
            return Answer(internal_error_result(request.path, f"the worker process died (exit code {code})"))
        self._give_back(worker)
        return answer

    def _take(self) -> _Worker | None:
        with self.condition:
            while not self.closed and not self.idle and len(self.busy) >= self.max_workers:
                self.condition.wait()
            if self.closed:
                return None
            worker = self.idle.pop() if self.idle else _Worker(self.context)
            self.busy.add(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self.condition:
            self.busy.discard(worker)
            if self.closed:
                worker.stop()
            else:
                self.idle.append(worker)
            self.condition.notify()

    def _drop(self, worker: _Worker) -> None:
        worker.stop(kill=True)
        with self.condition:
            self.busy.discard(worker)
            self.condition.notify()

    def close(self) -> None:
        """Stop every worker: idle ones are asked, busy ones (stalled on a document) killed."""
        with self.condition:
            self.closed = True
            idle, busy = list(self.idle), list(self.busy)
            self.idle.clear()
            self.condition.notify_all()
        for worker in idle:
            worker.stop()
        for worker in busy:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()


__all__ = ["MAX_WORKERS", "Answer", "Request", "WorkerPool"]
