"""Put a fixed article back without clobbering anything: what ``--fix`` may write, and when.

A fix is written only to a file the user may write, inside the folders being linted, and
only if nobody changed it while the fixes were computed; otherwise the file is left as it
is and the reason becomes a WL007 finding. The write itself (:func:`atomic.replace_file`)
keeps the file's owner, group, mode and hard links.

Symbolic links: an article that is a link to a file inside the linted folders is fixed
through the link (the target is rewritten, the link stays a link); one that leads out of
them is neither read nor written, so ``--diff`` cannot show a file from elsewhere either.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wikilint.linter.atomic import replace_file

_CHUNK = 1 << 20


class NotWritten(Exception):
    """A fix left unwritten, and why (the message of a WL007 finding)."""


@dataclass(frozen=True)
class Snapshot:
    """The file a fix was computed from, as it was just before it was read."""

    #: The file itself, with every symbolic link resolved.
    real: str
    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def take(cls, real: str) -> Snapshot | None:
        try:
            status = os.stat(real)
        except OSError:
            return None  # the read that follows fails and says why
        return cls(real, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


class Tree:
    """The folders a run lints: the folders named, and the folder of each file named."""

    def __init__(self, targets: Iterable[str]) -> None:
        roots = set()
        for target in targets:
            if target == "-":
                continue
            folder = target if os.path.isdir(target) else os.path.dirname(target) or "."
            roots.add(os.path.realpath(folder))
        self.roots = frozenset(roots)

    def resolve(self, path: str) -> str:
        """The real path of a file to fix; NotWritten when it lies outside every linted folder."""
        real = os.path.realpath(path)
        if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots):
            raise NotWritten("not fixed: a symbolic link to a file outside the linted folders")
        return real


def write_back(snapshot: Snapshot, before: bytes, after: bytes) -> None:
    """Replace the file ``snapshot`` describes by ``after``, if it still holds ``before``.

    Raises NotWritten, saying why, when the file may not be written (read-only, another
    owner's), is no longer the same regular file, changed since it was read, or the write
    failed; the file is then as it was.
    """
    path = Path(snapshot.real)
    if os.path.realpath(path) != snapshot.real:
        raise NotWritten("fix not written: a folder on its path was replaced meanwhile")
    try:
        status = os.lstat(path)
    except OSError as error:
        raise NotWritten(f"fix not written: {error.strerror or error}") from error
    if not stat.S_ISREG(status.st_mode):
        raise NotWritten("fix not written: it is no longer a regular file")
    if not _may_write(path, status):
        raise NotWritten("fix not written: the file is read-only for you (check its permissions and owner)")
    expected = hashlib.sha256(before).digest()

    def unchanged(handle: int) -> None:
        now = os.fstat(handle)
        same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
            snapshot.device, snapshot.inode, snapshot.size, snapshot.mtime_ns
        )
        if not same or _digest(handle) != expected:
            raise NotWritten("fix not written: the file changed while it was being fixed; run again")

    try:
        replace_file(path, after, status, unchanged)
    except OSError as error:
        raise NotWritten(f"fix not written: {error.strerror or error}") from error


def _may_write(path: Path, status: os.stat_result) -> bool:
    """Whether the user may write the file itself (not merely its folder, which a rename needs).

    A file without any write bit is read-only on purpose, for root too.
    """
    if not status.st_mode & 0o222:
        return False
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def _digest(handle: int) -> bytes:
    digest = hashlib.sha256()
    offset = 0
    while chunk := os.pread(handle, _CHUNK, offset):
        digest.update(chunk)
        offset += len(chunk)
    return digest.digest()
