"""Write a file so that it is either the old one or the whole new one, never half of either.

Every file wikilint writes (a report, a fixed article, a baseline, a cache entry) goes
through here: the data goes to a temporary file beside the target, which is renamed over
it only once complete. A failure, Ctrl-C or SIGTERM removes the temporary file and leaves
the target as it was. What a write keeps of the file it replaces:

- Permission bits (never setuid, setgid or sticky: a wiki article or a report is never a
  program) and, where the writer may set them, owner and group. A new file gets the mode
  the umask leaves of 0666, as any editor's would.
- An output named by the user (``-o FILE``, a baseline) is written where a shell
  redirection would write it: through a symbolic link to its target, and straight into a
  device or FIFO (``-o /dev/null`` as root must not replace ``/dev/null``).
- A fixed article (:func:`replace_file`) keeps its owner, group and hard links: when a
  rename cannot keep them it is overwritten in place, with SIGINT and SIGTERM held back
  until the write is done.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO, TextIO

from wikilint.linter.signals import signals_held

#: The permission bits a rewritten file keeps; setuid, setgid and sticky are never carried over.
PERMISSION_BITS = 0o777

#: The exit status of a run stopped by SIGTERM, as a shell reports a process it killed.
TERMINATED_STATUS = 128 + signal.SIGTERM


class Terminated(SystemExit):
    """SIGTERM arrived while a temporary file existed: unwind (removing it) and exit 143."""

    def __init__(self) -> None:
        super().__init__(TERMINATED_STATUS)


def write_atomically(path: Path, data: bytes, keep_mode: bool = True) -> None:
    """Replace the entry ``path`` by ``data`` (a symbolic link there is replaced, not followed).

    With ``keep_mode``, an existing regular file's permission bits, owner and group are kept
    where the writer may set them; otherwise the new file gets the umask's mode.
    """
    like = _regular_status(path, follow=False) if keep_mode else None
    with _new_beside(path, like, keep_owner=False) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream for an output the user named, which becomes ``path`` when the block
    ends without an exception.

    A symbolic link is followed to its target; a device, FIFO or other file that is not a
    regular one is written directly (there is nothing to replace it with); a regular file is
    replaced atomically, keeping its permission bits and, where it may, its owner and group.
    """
    target = Path(os.path.realpath(path))
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode) and not stat.S_ISDIR(existing.st_mode):
        with open(target, "w", encoding="utf-8") as direct:
            yield direct
        return
    with _new_beside(target, existing, keep_owner=False) as binary:
        stream = io.TextIOWrapper(binary, encoding="utf-8")
        yield stream
        stream.flush()
        stream.detach()  # the binary stream stays open for the rename


def replace_file(path: Path, data: bytes, like: os.stat_result, check: Callable[[int], None]) -> None:
    """Replace the regular file ``path`` (whose status was ``like``) by ``data``, keeping its
    owner, group, permission bits and hard links.

    ``check`` gets a descriptor open on the file as it is just before it is replaced, and
    raises to leave it alone (it changed meanwhile). The file is replaced by rename; it is
    overwritten in place when it has several links, when the rename could not keep its owner
    or group, or when its folder is not writable but the file is.
    """
    if like.st_nlink == 1:
        try:
            with _new_beside(path, like, keep_owner=True) as stream:
                stream.write(data)
                stream.flush()
                with _opened(path, os.O_RDONLY) as current:
                    check(current)
            return
        except (_OwnerNotKept, PermissionError):
            pass  # the rename cannot keep the owner, or the folder is not writable: in place, then
    _overwrite(path, data, check)


class _OwnerNotKept(Exception):
    """A new file cannot be given the owner and group of the one it would replace."""


def _regular_status(path: Path, follow: bool) -> os.stat_result | None:
    try:
        status = os.stat(path, follow_symlinks=follow)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


@contextlib.contextmanager
def _new_beside(path: Path, like: os.stat_result | None, keep_owner: bool) -> Iterator[BinaryIO]:
    """A new file beside ``path`` that replaces it when the block ends without an exception.

    ``like``: the file replaced, whose permission bits (and owner and group: strictly with
    ``keep_owner``, else where allowed) the new one takes; None for the umask's mode.
    """
    with _terminate_raises():
        # Private while it is written when it will take an existing file's mode; the umask's otherwise.
        handle, temporary = _create_beside(path, 0o600 if like is not None else 0o666)
        try:
            with os.fdopen(handle, "wb") as stream:
                yield stream
                stream.flush()
                if like is not None:
                    _take_owner_and_mode(stream.fileno(), like, keep_owner)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _create_beside(path: Path, mode: int) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _take_owner_and_mode(handle: int, like: os.stat_result, keep_owner: bool) -> None:
    new = os.fstat(handle)
    if (new.st_uid, new.st_gid) != (like.st_uid, like.st_gid):
        try:
            os.fchown(handle, like.st_uid, like.st_gid)
        except PermissionError as error:
            if keep_owner:
                raise _OwnerNotKept from error
    os.fchmod(handle, like.st_mode & PERMISSION_BITS)  # after chown, which may clear bits


def _overwrite(path: Path, data: bytes, check: Callable[[int], None]) -> None:
    """Write ``data`` into the file itself: its inode, and so its links, owner and mode, stay.

    Space is reserved first, so a full disk fails before the first byte changes, and
    SIGINT and SIGTERM wait until the file is whole again.
    """
    with _opened(path, os.O_RDWR) as handle:
        check(handle)
        size = os.fstat(handle).st_size
        if len(data) > size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(handle, size, len(data) - size)
            except OSError as error:
                if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise
        with signals_held(_HELD):
            view = memoryview(data)
            written = 0
            while written < len(data):
                written += os.pwrite(handle, view[written:], written)
            os.ftruncate(handle, len(data))


@contextlib.contextmanager
def _opened(path: Path, flags: int) -> Iterator[int]:
    handle = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        yield handle
    finally:
        os.close(handle)


#: What waits until an in-place write is done: the signals that end a run by default.
_HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextlib.contextmanager
def _terminate_raises() -> Iterator[None]:
    """While a temporary file exists, SIGTERM unwinds the stack (so ``finally`` removes the
    file) instead of ending the process on the spot.

    Only where nobody else handles SIGTERM, and only in the main thread (the only one that
    may set handlers). A worker forked meanwhile inherits the handler; there it ends the
    worker as before.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    owner = os.getpid()

    def terminate(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated()

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is terminate:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
