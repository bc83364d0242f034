"""A per-document time budget.

In the process that lints, a ``SIGALRM`` timer interrupts Python code that runs too long
(``BudgetExceeded`` derives from BaseException so that no rule's ``except Exception`` can
swallow it). A timer cannot interrupt C code — mwparserfromhell's tokenizer, a regular
expression — so worker processes are also watched from outside: the supervising executor
kills a worker that overruns and reports the document (see ``executors.py``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType


class BudgetExceeded(BaseException):
    """The document took longer than its budget."""


#: When the innermost budget running in this process ends (``time.monotonic``), if any.
_deadline: float | None = None


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in this block after ``seconds`` (0: no budget).

    Budgets nest: an inner one never outlives the one around it (fixing a document runs
    several lint passes under one budget, each pass under its own), and the outer timer is
    re-armed with what is left of it when the inner block ends.
    """
    global _deadline
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded()

    outer = _deadline
    deadline = time.monotonic() + seconds if outer is None else min(outer, time.monotonic() + seconds)
    previous = signal.signal(signal.SIGALRM, expire)
    _deadline = deadline
    signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-6))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _deadline = outer
        if outer is not None:  # the outer block's timer, which this one replaced
            signal.setitimer(signal.ITIMER_REAL, max(outer - time.monotonic(), 1e-6))
