"""Reading untrusted inputs with bounds: regular files only, and never more than asked for.

A path in a pull request may be a symlink to ``/dev/zero`` (endless), a FIFO (a read that
never returns), or a device whose size reads as 0; a size check before the read cannot
see any of these. So an input is opened only when it is a regular file, and every read
stops one byte past the limit, which is enough to tell "too large" from "fits".
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

#: Bytes asked of a stream at a time when the whole of it is not wanted at once.
CHUNK = 1 << 16

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class NotRegularFile(OSError):
    """The path names something other than a regular file; it is never opened for reading."""

    def __init__(self, path: str, mode: int) -> None:
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        super().__init__(f"not a regular file ({kind})")
        self.strerror = f"not a regular file ({kind})"
        self.filename = path


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (a symlink is followed).

    Checked before opening, so that no device driver and no FIFO sees an open, and again on
    the open descriptor, so that a file swapped for a FIFO in between cannot block the read
    (the open itself does not block: ``O_NONBLOCK``).
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``stream``: more than ``limit`` means it is too large."""
    parts: list[bytes] = []
    wanted = limit + 1
    while wanted > 0:
        part = stream.read(min(wanted, CHUNK * 16))
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)
