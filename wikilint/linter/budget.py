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
from collections.abc import Iterator
from types import FrameType


class BudgetExceeded(BaseException):
    """The document took longer than its budget."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
