"""What to lint: files, directories (recursively, by extension), standard input, and the
articles inside XML dumps and JSON Lines corpora (see :mod:`wikilint.linter.corpora`)."""

from __future__ import annotations

import codecs
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from wikilint.linter.config import DEFAULT_MAX_FILE_SIZE, Settings, is_excluded
from wikilint.linter.corpora import CorpusOptions, Input, is_dump, is_jsonl, iter_dump, iter_jsonl
from wikilint.linter.dialects import KNOWN_EXTENSIONS
from wikilint.linter.gitignore import GitIgnore
from wikilint.linter.reading import open_regular, read_at_most
from wikilint.linter.results import too_large_message

STDIN = "-"
# Folders a directory walk never enters: version control, tool caches, virtual envs.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv"})
_BINARY_PROBE = 8192


class UsageError(Exception):
    """A path on the command line does not exist: exit 2, not a finding."""


class SourceError(Exception):
    """An input could not be read or decoded; it becomes a WL001 finding."""


class InputTooLarge(SourceError):
    """An input is over max-file-size and was not read whole; it becomes a WL005 finding."""


@dataclass(frozen=True)
class Source:
    path: str
    #: Set when the input was found but cannot be listed (an unreadable folder).
    error: str | None = None
    #: The most bytes read of it (max-file-size): a read stops one byte past this.
    limit: int = DEFAULT_MAX_FILE_SIZE

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    @property
    def is_container(self) -> bool:
        """A dump or JSONL corpus: many articles, streamed."""
        return is_dump(self.path) or is_jsonl(self.path)


def iter_inputs(
    sources: Iterable[Source], options: CorpusOptions | None = None, skipped: Counter[str] | None = None,
    stdin_name: str | None = None,
) -> Iterator[Input]:
    """The documents of the sources, in order; files are left for the worker to read.

    ``stdin_name`` is the path standard input stands for (``--stdin-filename``): it is the
    path reported, the extension that picks the dialect and the name per-file-ignores match.
    """
    options = options or CorpusOptions()
    skipped = skipped if skipped is not None else Counter()
    for source in sources:
        if source.error is not None:
            yield Input(source.path, error=source.error)
        elif source.is_stdin:
            try:
                yield Input(stdin_name or STDIN, text=read_source(source))
            except InputTooLarge as error:
                yield Input(stdin_name or STDIN, oversized=str(error))
            except SourceError as error:
                yield Input(stdin_name or STDIN, error=str(error))
        elif is_dump(source.path):
            yield from iter_dump(source.path, options, skipped, source.limit)
        elif is_jsonl(source.path):
            yield from iter_jsonl(source.path, options, source.limit)
        else:
            yield Input(source.path)


def collect_sources(paths: Iterable[str], settings: Settings) -> list[Source]:
    """Expand the given paths into the inputs to lint, in a stable order.

    Paths named on the command line are linted whatever their extension, unless
    ``force_exclude`` is set and ``exclude`` matches them (as when pre-commit names every
    staged file); files found by walking a directory are linted when their extension is
    known, ``exclude`` does not match them and, with ``respect_gitignore``, git does not
    ignore them.
    """
    sources: list[Source] = []
    for raw in paths:
        if raw == STDIN:
            sources.append(Source(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            sources.extend(_walk(raw, settings))
        elif path.exists() or path.is_symlink():
            if not (settings.force_exclude and is_excluded(raw, settings)):
                sources.append(Source(raw))
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return [replace(source, limit=settings.max_file_size) for source in sources]


def _walk(root: str, settings: Settings) -> Iterator[Source]:
    """The files to lint under ``root``, sorted by path.

    Walked with a list of folders still to list, not by recursion (``os.walk`` recurses
    once per level): a tree a thousand folders deep is walked like any other. As with
    ``os.walk``, a symlink to a folder is not entered.
    """
    found: list[Source] = []
    pending: list[tuple[str, GitIgnore | None]] = [
        (root, GitIgnore.above(root).enter(root) if settings.respect_gitignore else None)
    ]
    while pending:
        folder, ignore = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            found.append(Source(error.filename or folder, f"cannot list directory: {error.strerror or error}"))
            continue
        for entry in entries:
            path = os.path.join(folder, entry.name)
            if _is_folder(entry):
                if (
                    entry.name.startswith(".")
                    or entry.name in _SKIPPED_FOLDERS
                    or _skipped(path, True, settings, ignore)
                    or entry.is_symlink()
                ):
                    continue
                pending.append((path, ignore.enter(path) if ignore is not None else None))
            elif Path(entry.name).suffix.lower() in KNOWN_EXTENSIONS and not _skipped(path, False, settings, ignore):
                found.append(Source(path))
    yield from sorted(found, key=lambda source: source.path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # as os.walk: what cannot be told a folder is listed as a file
        return False


def _skipped(path: str, is_dir: bool, settings: Settings, ignore: GitIgnore | None) -> bool:
    return is_excluded(path, settings) or (ignore is not None and ignore.ignores(path, is_dir))


def read_source(source: Source) -> str:
    """The decoded text of an input; raises SourceError saying why it cannot be had."""
    return decode(read_bytes(source))


def read_bytes(source: Source) -> bytes:
    """The bytes of an input, at most ``source.limit`` of them.

    Raises SourceError when the input cannot be read, or is not a regular file (a FIFO, a
    device, a symlink to one: never opened), and InputTooLarge past the limit.
    """
    if source.error is not None:
        raise SourceError(source.error)
    try:
        if source.is_stdin:
            if sys.stdin is None:
                raise SourceError("cannot read: there is no standard input")
            data = read_at_most(sys.stdin.buffer, source.limit)
            if len(data) > source.limit:
                raise InputTooLarge(too_large_message(len(data), source.limit, "standard input", at_least=True))
            return data
        with open_regular(source.path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > source.limit:
                raise InputTooLarge(too_large_message(size, source.limit))
            data = read_at_most(stream, source.limit)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from error
    if len(data) > source.limit:  # it grew after the size was taken, or reports no size (/proc)
        raise InputTooLarge(too_large_message(len(data), source.limit, at_least=True))
    return data


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is an error."""
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str, bytes]:
    """The text, the codec and the byte-order mark, so that a fix can write the file back as it was."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, bom
            except UnicodeDecodeError as error:
                raise SourceError(f"cannot decode as UTF-16: {error.reason} at byte {error.start}") from error
    if b"\x00" in data[:_BINARY_PROBE]:
        raise SourceError("binary file (contains NUL bytes)")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        return data[len(bom) :].decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError as error:
        position = error.start + len(bom)
        bad = data[position : position + 1].hex()
        raise SourceError(f"cannot decode as UTF-8: {error.reason} 0x{bad} at byte {position}") from error
