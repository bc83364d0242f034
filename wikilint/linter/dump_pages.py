"""The pages of a MediaWiki XML export, read with expat in bounded memory.

A dump comes from the internet, often compressed: 1 KB of bz2 can hold a 100 MB page text
or a 300 MB title. A tree builder (ElementTree, as mwxml uses) holds each element's whole
text before anyone can look at its length, so this reader keeps only what a page needs
(title, namespace, redirect flag and the latest revision's text) and stops keeping each
past its bound while it streams; the rest of the page is counted, not stored. What expat
itself must hold whole (a tag with its attributes, a comment) is bounded by
:data:`MAX_TOKEN`, and a DTD, which no export has, is refused (no entity expansion).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

from wikilint.linter.reading import CHUNK

#: Characters of a title kept; MediaWiki's own limit is 255 bytes.
MAX_TITLE = 1000
#: Bytes expat may read without reporting anything (one tag, comment or declaration).
MAX_TOKEN = 1 << 22
#: Elements open at once: an export nests six deep.
MAX_DEPTH = 64
#: Characters kept of a namespace number or name.
_MAX_NAME = 256


class DumpError(ValueError):
    """The XML is not a MediaWiki export this reader will go on with."""


@dataclass
class Page:
    """One page: its title, namespace and whether it redirects, and its latest revision's text."""

    title: str = ""
    #: Characters in the whole title (``title`` keeps at most :data:`MAX_TITLE`).
    title_length: int = 0
    namespace: int = 0
    redirect: bool = False
    #: The latest revision's text; None when it has none, is deleted or is over the limit.
    text: str | None = None
    #: UTF-8 bytes of the latest revision's text, counted in full even past the limit.
    text_size: int = 0


@dataclass
class _Field:
    """Character data of one element, kept up to ``bound`` and counted beyond it."""

    bound: int
    #: Past the bound, keep the first ``bound`` characters (a title names the page) rather
    #: than nothing (a text over the limit is not linted at all).
    keep_head: bool = False
    parts: list[str] = field(default_factory=list)
    length: int = 0
    present: bool = False

    def add(self, data: str, size: int) -> None:
        """``size`` is what ``data`` counts for: its characters, or its bytes for a text."""
        kept = self.length
        self.length += size
        if self.length <= self.bound:
            self.parts.append(data)
        elif self.keep_head and kept < self.bound:
            self.parts.append(data[: self.bound - kept])
        elif not self.keep_head:
            self.parts.clear()

    @property
    def over(self) -> bool:
        return self.length > self.bound

    def value(self) -> str:
        return "".join(self.parts)


class _Reader:
    def __init__(self, text_limit: int) -> None:
        self.text_limit = text_limit
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data
        self.parser.CommentHandler = self._event
        self.parser.ProcessingInstructionHandler = self._event
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.pages: deque[Page] = deque()
        self.namespaces: dict[str, int] = {}
        self.open: list[str] = []
        self.fed = 0
        self.last_event = 0
        self._page_fields()
        self.namespace_key: str | None = None
        self.namespace_name = _Field(_MAX_NAME)

    def _page_fields(self) -> None:
        self.title = _Field(MAX_TITLE, keep_head=True)
        self.ns = _Field(_MAX_NAME)
        self.text = _Field(self.text_limit)
        self.text_deleted = False
        self.redirect = False

    def feed(self, data: bytes) -> None:
        self.fed += len(data)
        self.parser.Parse(data, not data)
        if self.fed - self.last_event > MAX_TOKEN:
            raise DumpError(f"a tag, comment or declaration runs over {MAX_TOKEN:,} bytes")

    def _event(self, *_: object) -> None:
        self.last_event = self.parser.CurrentByteIndex

    def _doctype(self, *_: object) -> None:
        raise DumpError("the XML declares a DTD (<!DOCTYPE>), which no MediaWiki export has")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self._event()
        if len(self.open) >= MAX_DEPTH:
            raise DumpError(f"elements nest deeper than {MAX_DEPTH}")
        local = name.rpartition(" ")[2]
        self.open.append(local)
        parent = self.open[-2] if len(self.open) > 1 else ""
        if local == "page":
            self._page_fields()
        elif parent == "page" and local == "redirect":
            self.redirect = True
        elif parent == "page" and local == "ns":
            self.ns.present = True
        elif parent == "page" and local == "revision":
            self.text = _Field(self.text_limit)  # only the latest revision counts
            self.text_deleted = False
        elif parent == "revision" and local == "text":
            self.text.present = True
            self.text_deleted = "deleted" in attributes
        elif parent == "namespaces" and local == "namespace":
            self.namespace_key = attributes.get("key")
            self.namespace_name = _Field(_MAX_NAME)

    def _end(self, name: str) -> None:
        self._event()
        local = self.open.pop()
        if local == "page":
            self.pages.append(self._page())
        elif local == "namespace" and self.namespace_key is not None:
            if not self.namespace_name.over and _is_number(self.namespace_key):
                self.namespaces[self.namespace_name.value()] = int(self.namespace_key)
            self.namespace_key = None

    def _data(self, data: str) -> None:
        self._event()
        if len(self.open) < 2:
            return
        parent, local = self.open[-2], self.open[-1]
        if parent == "page" and local == "title":
            self.title.add(data, len(data))
        elif parent == "page" and local == "ns":
            self.ns.add(data, len(data))
        elif parent == "revision" and local == "text" and len(self.open) > 2 and self.open[-3] == "page":
            self.text.add(data, len(data.encode("utf-8", "surrogatepass")))
        elif parent == "namespaces" and local == "namespace" and self.namespace_key is not None:
            self.namespace_name.add(data, len(data))

    def _page(self) -> Page:
        title = self.title.value().replace("_", " ")
        page = Page(title=title, title_length=self.title.length, redirect=self.redirect, text_size=self.text.length)
        ns = self.ns.value().strip()
        if self.ns.present or ns:
            if not _is_number(ns):
                raise DumpError(f"page {title[:80]!r} has <ns>{ns[:20]}</ns>, not a number")
            page.namespace = int(ns)
        else:  # an old export without <ns>: the title's prefix says
            prefix, colon, rest = title.partition(":")
            if colon and not rest.startswith(" ") and prefix in self.namespaces:
                page.namespace = self.namespaces[prefix]
        if self.text.present and not self.text_deleted and not self.text.over and self.text.length:
            page.text = self.text.value()
        return page


def _is_number(value: str) -> bool:
    return value.strip().lstrip("-").isdigit() and len(value) < 20


def read_pages(stream: BinaryIO, text_limit: int) -> Iterator[Page]:
    """Each page of the export in ``stream``, in order, with texts over ``text_limit`` bytes
    left out (counted in ``text_size``). Raises expat.ExpatError or DumpError on XML it
    cannot go on with, after yielding every page before it."""
    reader = _Reader(text_limit)
    while True:
        data = stream.read(CHUNK)
        try:
            reader.feed(data)
        except Exception:  # the pages finished before the error, in the same chunk, come first
            yield from _drain(reader.pages)
            raise
        yield from _drain(reader.pages)
        if not data:
            return


def _drain(pages: deque[Page]) -> Iterator[Page]:
    while pages:
        yield pages.popleft()
