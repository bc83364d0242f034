"""Lint one document in a child interpreter that its parent can kill.

What a Dask worker does with a document that may stall the parser: its tasks run in threads,
where no timer can interrupt C code, and it may not start multiprocessing children. Reads a
pickled ``(Settings, Input)`` on standard input and writes the pickled ``FileResult`` on
standard output; the first argument is the parent's process id. Started by
``executors._lint_in_child``.
"""

from __future__ import annotations

import pickle
import signal
import sys

from wikilint.linter.executors import die_with_parent
from wikilint.linter.runner import Linter


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
    die_with_parent(int(sys.argv[1]))
    settings, item = pickle.load(sys.stdin.buffer)
    result = Linter(settings).lint_input(item)  # in the main thread: the budget's timer works here
    sys.stdout.buffer.write(pickle.dumps(result))


if __name__ == "__main__":
    main()
