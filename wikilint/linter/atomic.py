"""Write a file so that it is either the old one or the whole new one, never half of either.

Every file wikilint writes (a report, a fixed article, a baseline, a cache entry) goes
through here: the data goes to a temporary file beside the target, which is renamed over
it only once complete. A failure removes the temporary file and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def write_atomically(path: Path, data: bytes, keep_mode: bool = True) -> None:
    """Replace ``path`` by ``data``; with ``keep_mode``, an existing file keeps its permissions."""
    with _temporary_beside(path) as (handle, temporary):
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if keep_mode:
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o7777)


@contextlib.contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream that becomes ``path`` when the block ends without an exception."""
    with _temporary_beside(path) as (handle, _), os.fdopen(handle, "w", encoding="utf-8") as stream:
        yield stream


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[tuple[int, str]]:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        yield handle, temporary
        os.replace(temporary, path)
    except BaseException:  # the caller's with-block has closed the handle
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
