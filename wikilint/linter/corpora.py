"""Many articles in one file: MediaWiki XML dumps (through mwxml) and JSON Lines corpora.

Both are streamed: a dump is read page by page and a JSONL file line by line, so memory
does not grow with the corpus. Each article becomes an :class:`Input` named
``container#Title`` (or ``container#line-N`` for a JSONL line without a title).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

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


@dataclass(frozen=True)
class CorpusOptions:
    namespaces: frozenset[int] = frozenset({0})
    text_field: str = "text"
    title_field: str = "title"


def is_dump(path: str) -> bool:
    return path.lower().endswith(DUMP_SUFFIXES)


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def _open_binary(path: str) -> BinaryIO:
    lowered = path.lower()
    if lowered.endswith(".bz2"):
        return cast(BinaryIO, bz2.open(path, "rb"))
    if lowered.endswith(".gz"):
        return cast(BinaryIO, gzip.open(path, "rb"))
    if lowered.endswith(".xz"):
        return cast(BinaryIO, lzma.open(path, "rb"))
    return open(path, "rb")


def iter_dump(path: str, options: CorpusOptions, skipped: Counter[str]) -> Iterator[Input]:
    """The latest revision of each page in the selected namespaces, as wikitext.

    Redirects and pages of other namespaces are counted in ``skipped``, not linted. A
    dump that breaks off (a truncated bz2 stream, malformed XML) ends with an Input for
    the dump itself carrying the error, after every page read before the break.
    """
    import mwxml

    pages = 0
    try:
        with _open_binary(path) as handle:
            dump = mwxml.Dump.from_file(handle)
            for page in dump:
                if page.namespace not in options.namespaces:
                    skipped["other namespaces"] += 1
                    continue
                if page.redirect:
                    skipped["redirects"] += 1
                    continue
                latest = None
                for revision in page:
                    latest = revision
                pages += 1
                name = f"{path}#{page.title.replace(' ', '_')}"
                if latest is None or latest.text is None:
                    yield Input(name, error="page has no revision text (deleted or suppressed)")
                else:
                    yield Input(name, text=latest.text, dialect="wikitext", fixable=False)
    except Exception as error:  # mwxml, expat, bz2 and gzip each raise their own types
        yield Input(path, error=f"dump unreadable after {pages} pages: {type(error).__name__}: {error}")


#: Records read before a text field that none of them has is taken for a typo.
FIELD_PROBE = 20


class CorpusFieldError(RuntimeError):
    """The text field names nothing the corpus's first records have: a typo, not bad data."""


def iter_jsonl(path: str, options: CorpusOptions) -> Iterator[Input]:
    """One Input per line; a line that is not a JSON object with the text field is an error.

    When the first records all lack the text field (``FIELD_PROBE`` of them, or every record
    of a shorter file), the field name is wrong rather than the data: the run stops with one
    error naming the fields the records do have, instead of a WL001 per line of a corpus.
    """
    held: list[Input] = []  # leading records without the field, reported once one has it
    seen_fields: set[str] = set()
    probing = True
    try:
        with io.TextIOWrapper(_open_binary(path), encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
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
    except (OSError, UnicodeDecodeError, EOFError) as error:
        yield from held
        yield Input(path, error=f"cannot read JSON Lines: {type(error).__name__}: {error}")
        return
    if held:
        raise _no_such_field(path, options.text_field, len(held), seen_fields)


def _no_such_field(path: str, field: str, count: int, seen: set[str]) -> CorpusFieldError:
    fields = ", ".join(sorted(seen)[:12]) or "none"
    records = "the only record lacks" if count == 1 else f"the first {count} records lack"
    return CorpusFieldError(f"{path}: {records} the text field {field!r} (--text-field); their fields: {fields}")


def _jsonl_input(
    path: str, number: int, line: str, options: CorpusOptions, seen_fields: set[str] | None = None
) -> Input:
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as error:
        return Input(f"{path}#line-{number}", error=f"line {number} is not JSON: {error.msg}")
    if not isinstance(record, dict):
        return Input(f"{path}#line-{number}", error=f"line {number} is not a JSON object")
    if seen_fields is not None:
        seen_fields.update(str(key) for key in record)
    title = record.get(options.title_field)
    name = f"{path}#{str(title).replace(' ', '_')}" if title else f"{path}#line-{number}"
    text = record.get(options.text_field)
    if not isinstance(text, str):
        return Input(name, error=f"line {number} has no string field {options.text_field!r}")
    return Input(name, text=text, fixable=False)
