"""Many articles in one file: MediaWiki XML dumps and JSON Lines corpora.

Both are streamed: a dump is read page by page and a JSONL file line by line, so memory
does not grow with the corpus, nor with one page or line: a text, title or line over its
bound is counted while it streams, not kept, and becomes a WL005 finding (a dump is often
a compressed download, and 1 KB of bz2 can unpack to gigabytes). A JSONL line is decoded
and parsed on its own, so one bad line is one WL001 and the next is read. Each article
becomes an :class:`Input` named ``container#Title`` (or ``container#line-N`` for a JSONL
line without a title).
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import json
import lzma
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

from wikilint.linter.config import DEFAULT_MAX_FILE_SIZE
from wikilint.linter.dump_pages import MAX_TITLE, read_pages
from wikilint.linter.reading import CHUNK, open_regular
from wikilint.linter.results import too_large_message
from wikilint.linter.titles import SiteKnowledge

DUMP_SUFFIXES = (".xml", ".xml.bz2", ".xml.gz", ".xml.xz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.bz2", ".ndjson")


@dataclass(frozen=True)
class Input:
    """One document to lint: a file read by the worker, or text already in hand."""

    path: str
    text: str | None = None
    #: Set when the input could not be had; it becomes a WL001 finding.
    error: str | None = None
    #: The dialect the container implies (a dump holds wikitext), or None to detect.
    dialect: str | None = None
    #: Whether --fix could write a fix back: not for a page of a dump or a line of a corpus.
    fixable: bool = True
    #: Set when the input is over a size bound and was not kept: why; a WL005 finding.
    oversized: str | None = None
    #: A page of a live wiki: its revision id, and what the wiki says of itself.
    revision: int | None = None
    site: SiteKnowledge | None = None
    #: Set when a wiki page could not be had (missing, a redirect, a hidden revision, not
    #: fetched): why; a WL008 finding.
    unavailable: str | None = None


class DocumentSource(Protocol):
    """Documents that come from elsewhere than the paths, e.g. pages of a live wiki
    (``wikilint.mediawiki``): the engine takes their Inputs without knowing how they are had.
    ``skipped`` counts what is left out on purpose; ``cache_dir`` is the run's cache folder."""

    def inputs(self, skipped: Counter[str], cache_dir: Path | None) -> Iterator[Input]: ...


@dataclass(frozen=True)
class CorpusOptions:
    namespaces: frozenset[int] = frozenset({0})
    text_field: str = "text"
    title_field: str = "title"


def is_dump(path: str) -> bool:
    return path.lower().endswith(DUMP_SUFFIXES)


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


@contextlib.contextmanager
def _open_stream(path: str) -> Iterator[BinaryIO]:
    """The file's bytes, decompressed by its suffix; only a regular file is opened."""
    with open_regular(path) as raw:
        lowered = path.lower()
        if lowered.endswith(".bz2"):
            with bz2.BZ2File(raw) as unpacked:
                yield cast(BinaryIO, unpacked)
        elif lowered.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unpacked:
                yield cast(BinaryIO, unpacked)
        elif lowered.endswith(".xz"):
            with lzma.LZMAFile(raw) as unpacked:
                yield cast(BinaryIO, unpacked)
        else:
            yield raw


#: What a broken stream raises: a truncated or corrupt archive, or a failing disk.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)


def _title_name(container: str, title: str, length: int | None = None) -> str:
    """``container#Title``, the title cut at MAX_TITLE characters (then an ellipsis) of ``length``."""
    name = f"{container}#{title[:MAX_TITLE].replace(' ', '_')}"
    return name + "…" if (len(title) if length is None else length) > MAX_TITLE else name


def iter_dump(
    path: str, options: CorpusOptions, skipped: Counter[str], limit: int = DEFAULT_MAX_FILE_SIZE
) -> Iterator[Input]:
    """The latest revision of each page in the selected namespaces, as wikitext.

    Redirects and pages of other namespaces are counted in ``skipped``, not linted. A page
    whose text is over ``limit`` bytes, or whose title is over ``MAX_TITLE`` characters, is
    WL005 and the dump goes on. A dump that breaks off (a truncated bz2 stream, malformed
    XML) ends with an Input for the dump itself carrying the error, after every page read
    before the break.
    """
    pages = 0
    try:
        with _open_stream(path) as handle:
            for page in read_pages(handle, limit):
                if page.namespace not in options.namespaces:
                    skipped["other namespaces"] += 1
                    continue
                if page.redirect:
                    skipped["redirects"] += 1
                    continue
                pages += 1
                name = _title_name(path, page.title, page.title_length)
                if page.title_length > MAX_TITLE:
                    message = f"page title is {page.title_length:,} characters, over {MAX_TITLE:,}; not linted"
                    yield Input(name, oversized=message, dialect="wikitext", fixable=False)
                elif page.text_size > limit:
                    message = too_large_message(page.text_size, limit, "page text")
                    yield Input(name, oversized=message, dialect="wikitext", fixable=False)
                elif page.text is None:
                    yield Input(name, error="page has no revision text (deleted or suppressed)")
                else:
                    yield Input(name, text=page.text, dialect="wikitext", fixable=False)
    except Exception as error:  # expat, the reader and each decompressor raise their own types
        yield Input(path, error=f"dump unreadable after {pages} pages: {type(error).__name__}: {error}")


#: Records read before a text field that none of them has is taken for a typo.
FIELD_PROBE = 20


class CorpusFieldError(RuntimeError):
    """The text field names nothing the corpus's first records have: a typo, not bad data."""


def iter_jsonl(path: str, options: CorpusOptions, limit: int = DEFAULT_MAX_FILE_SIZE) -> Iterator[Input]:
    """One Input per line; a line that is not a JSON object with the text field is an error.

    Each line is decoded and parsed on its own: a line that is not UTF-8 or not JSON (even
    JSON nested past the parser's depth) is one WL001 and the next line is read. A line over
    ``limit`` bytes is skipped while it streams and is WL005.

    When the first records all lack the text field (``FIELD_PROBE`` of them, or every record
    of a shorter file), the field name is wrong rather than the data: the run stops with one
    error naming the fields the records do have, instead of a WL001 per line of a corpus.
    """
    held: list[Input] = []  # leading records without the field, reported once one has it
    seen_fields: set[str] = set()
    probing = True
    try:
        with _open_stream(path) as stream:
            for number, line, size in _lines(stream, limit):
                if size > limit:
                    message = too_large_message(size, limit, f"line {number}")
                    yield Input(f"{path}#line-{number}", oversized=message, fixable=False)
                    continue
                if not line.strip():
                    continue
                item = _jsonl_input(path, number, line, options, seen_fields if probing else None)
                if probing and item.error is not None and item.error.endswith(f"field {options.text_field!r}"):
                    held.append(item)
                    if len(held) >= FIELD_PROBE:
                        raise _no_such_field(path, options.text_field, len(held), seen_fields)
                    continue
                if probing and item.text is not None:
                    probing = False
                    yield from held
                    held.clear()
                yield item
    except _STREAM_ERRORS as error:
        yield from held
        yield Input(path, error=f"cannot read JSON Lines: {type(error).__name__}: {error}")
        return
    if held:
        raise _no_such_field(path, options.text_field, len(held), seen_fields)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """Each line's number, bytes (without the line break) and size in bytes.

    A line is read up to ``limit + 1`` bytes; past that only its size is counted, as the
    rest of it streams by, and its bytes are given as ``b""``.
    """
    number = 0
    while True:
        line = stream.readline(limit + 2)  # the line, its newline, and one byte more to tell it is over
        if not line:
            return
        number += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        elif len(line) > limit:
            size = len(line)
            while True:
                rest = stream.readline(CHUNK)
                size += len(rest.removesuffix(b"\n"))
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, b"", size
            continue
        yield number, line, len(line)


def _no_such_field(path: str, field: str, count: int, seen: set[str]) -> CorpusFieldError:
    fields = ", ".join(sorted(seen)[:12]) or "none"
    records = "the only record lacks" if count == 1 else f"the first {count} records lack"
    return CorpusFieldError(f"{path}: {records} the text field {field!r} (--text-field); their fields: {fields}")


def _jsonl_input(
    path: str, number: int, line: bytes, options: CorpusOptions, seen_fields: set[str] | None = None
) -> Input:
    at_line = f"{path}#line-{number}"
    if number == 1:
        line = line.removeprefix(codecs.BOM_UTF8)
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = line[error.start : error.start + 1].hex()
        return Input(at_line, error=f"line {number} is not UTF-8: {error.reason} 0x{bad} at byte {error.start}")
    try:
        record: Any = json.loads(decoded)
    except json.JSONDecodeError as error:
        return Input(at_line, error=f"line {number} is not JSON: {error.msg}")
    except RecursionError:
        return Input(at_line, error=f"line {number} is not JSON wikilint reads: nested too deeply")
    except ValueError as error:  # a number too long to convert, and the like
        return Input(at_line, error=f"line {number} is not JSON wikilint reads: {error}")
    if not isinstance(record, dict):
        return Input(at_line, error=f"line {number} is not a JSON object")
    if seen_fields is not None:
        seen_fields.update(str(key)[:MAX_TITLE] for key in record)
    title = record.get(options.title_field)
    title = str(title) if isinstance(title, (str, int, float)) and title else None
    name = _title_name(path, title) if title else at_line
    if title is not None and len(title) > MAX_TITLE:
        return Input(name, oversized=f"title is {len(title):,} characters, over {MAX_TITLE:,}; not linted",
                     fixable=False)
    text = record.get(options.text_field)
    if not isinstance(text, str):
        return Input(name, error=f"line {number} has no string field {options.text_field!r}")
    return Input(name, text=text, fixable=False)
