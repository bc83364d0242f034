"""Hold signals back for the length of a block, and deliver them when it ends."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterable, Iterator


@contextlib.contextmanager
def signals_held(signals: Iterable[int]) -> Iterator[None]:
    """Block ``signals`` in this thread inside the block; those that arrived are delivered after.
    Where the platform cannot block signals (Windows), the block runs unprotected."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(signals))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
