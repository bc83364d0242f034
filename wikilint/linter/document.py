"""The document model that both dialect front ends build and every rule reads.

Offsets are indices into ``Document.text`` (a ``str``, so they count Unicode code points).
A front end records each element with its source span; rules never look at raw syntax
beyond what the elements expose, so the same rule serves Markdown and wikitext.
"""

from __future__ import annotations

import bisect
import enum
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from wikilint.linter.titles import SiteKnowledge


class Dialect(str, enum.Enum):
    """The two input languages wikilint reads."""

    MARKDOWN = "markdown"
    WIKITEXT = "wikitext"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of offsets into the document text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


class LinkStyle(str, enum.Enum):
    """How a link to a wiki page is written."""

    RELATIVE = "relative"  # Markdown ``../Page/X.md`` (the page was exported)
    ABSOLUTE = "absolute"  # ``https://<lang>.wikipedia.org/wiki/X`` in either dialect
    INTERNAL = "internal"  # wikitext ``[[X]]``
    EXTERNAL = "external"  # any other URL


@dataclass(frozen=True)
class Link:
    span: Span
    label: str
    label_span: Span
    target: str
    style: LinkStyle
    #: The wiki page the link points at (``_`` and escapes normalised), when it points at one.
    page: str | None = None
    #: The namespace prefix of ``page`` (``Category``, ``File``, ``en`` for interwiki …), if any.
    namespace: str | None = None
    #: The wiki's language taken from an absolute URL (``zh`` in ``zh.wikipedia.org``).
    wiki_language: str | None = None
    #: Written by the converter or editor as a link to a wiki page (Markdown: the
    #: ``"wikilink"`` title or a ``../Page/`` target; wikitext: ``[[…]]``).
    is_wikilink: bool = False
    #: wikitext only: the link stands inside a template call (an infobox, a navbox …).
    in_template: bool = False
    #: Markdown only: where the target stands between the parentheses.
    target_span: Span | None = None

    @property
    def is_article_link(self) -> bool:
        """True for a link to an article of the wiki (no namespace, no interwiki)."""
        return self.page is not None and self.namespace is None


@dataclass(frozen=True)
class ReferenceMarker:
    """Where the text cites a reference: ``\\[3\\]``, ``[^3]``, ``<ref>…</ref>`` or ``<ref name="x" />``."""

    span: Span
    key: str
    #: wikitext only: the ``group`` attribute of the ref ("" for the default group).
    group: str = ""
    #: The ref's name where it has one (wikitext ``<ref name="x">``); Markdown markers have none.
    name: str | None = None


_EMPTY_ENTRY_CONTENT = " \t\r\n.。\u3000\u00a0"


@dataclass(frozen=True)
class ReferenceEntry:
    """The text of one reference.

    In Markdown: an item of the trailing numbered list or a ``[^n]:`` footnote definition.
    In wikitext: a ``<ref>…</ref>`` (or ``<ref/>``) tag, which is also its own marker.
    """

    span: Span
    key: str | None
    text: str
    content_span: Span
    #: wikitext only: the ``name`` attribute of the ref, if any.
    name: str | None = None
    self_closing: bool = False
    #: wikitext only: the ``group`` attribute of the ref ("" for the default group).
    group: str = ""
    #: wikitext only: defined inside ``<references>…</references>`` (a list-defined ref).
    in_list: bool = False

    @property
    def is_empty(self) -> bool:
        """No text, or only what pandoc leaves for a dropped citation (spaces, ``.``)."""
        return not self.text.strip(_EMPTY_ENTRY_CONTENT)


@dataclass(frozen=True)
class Template:
    span: Span
    name: str
    #: ``(name, value)`` of each parameter, stripped; positional ones are named "1", "2", ….
    params: tuple[tuple[str, str], ...] = ()

    def param(self, *names: str) -> str | None:
        """The value of the first of ``names`` the template sets (case-insensitive), else None."""
        wanted = {name.lower() for name in names}
        return next((value for key, value in self.params if key.lower() in wanted), None)


@dataclass(frozen=True)
class Heading:
    span: Span
    level: int
    title: str
    title_span: Span


@dataclass(frozen=True)
class ParseProblem:
    """A part of the input the front end could not parse as intended."""

    span: Span
    message: str


class ReferenceStyle(str, enum.Enum):
    """How an article's citations are written, which the reference rules follow."""

    #: Markers (``\\[3\\]``, ``[^3]``) cite entries of a separate list (converted Markdown).
    LIST = "list"
    #: Each reference is written where it is cited, and is its own marker (wikitext's ``<ref>``).
    INLINE = "inline"


@dataclass
class Document:
    """One parsed article.

    ``prose`` holds the spans of human-language text (headings, paragraphs, link labels);
    ``skipped`` the spans no prose rule may look into (code, math, URLs, link targets,
    comments, ``-{…}-`` conversion markup, citations). Both are sorted and non-overlapping.
    """

    text: str
    dialect: Dialect
    path: str | None = None
    #: Facts the front end knows about its dialect, so that rules need not ask which it is:
    #: how citations are written, and whether the wiki renders this text's templates and
    #: ``-{…}-`` conversion (wikitext) or they are leftovers a reader sees as they are
    #: (converted Markdown), which also means the wiki converts its script for the reader.
    reference_style: ReferenceStyle = ReferenceStyle.LIST
    renders_markup: bool = False
    links: tuple[Link, ...] = ()
    markers: tuple[ReferenceMarker, ...] = ()
    entries: tuple[ReferenceEntry, ...] = ()
    templates: tuple[Template, ...] = ()
    headings: tuple[Heading, ...] = ()
    conversion_markup: tuple[Span, ...] = ()
    #: Where the reference list stands: Markdown's trailing list or footnote definitions,
    #: wikitext's ``<references>`` tags (list templates are a rule option).
    reference_lists: tuple[Span, ...] = ()
    #: Text a reader may take for a citation, in a form the front end cannot resolve to one
    #: entry (Markdown: ``Text[3]``, ``\\[3–5\\]``, ``<sup>3</sup>``): one per entry key it may
    #: cite; key "" where it may cite whichever entry is cited at its place (a leftover
    #: ``<ref>``, a line of raw HTML).
    uncertain_markers: tuple[ReferenceMarker, ...] = ()
    #: Spans where markup is not markup: comments, ``<nowiki>``, ``<pre>``, code, math.
    opaque: tuple[Span, ...] = ()
    prose: tuple[Span, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    #: What the live wiki the text was read from says of itself (namespaces, language); None
    #: for a file, whose rules guess these from the text.
    site: SiteKnowledge | None = None

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of an offset; columns count code points."""
        return self.line_index.position(offset)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        bounds = self.line_index.line_bounds(line)
        return "" if bounds is None else self.text[bounds[0] : bounds[1]].rstrip("\r\n")

    def whole_line(self, span: Span) -> Span | None:
        """The span's line with its line break, if nothing but whitespace shares the line."""
        start = max(self.text.rfind("\n", 0, span.start), self.text.rfind("\r", 0, span.start)) + 1
        end = len(self.text)
        for match in _LINE_BREAK.finditer(self.text, span.end):
            end = match.end()
            break
        if self.text[start : span.start].strip() or self.text[span.end : end].strip():
            return None
        return Span(start, end)

    @cached_property
    def prose_text(self) -> str:
        """The text with everything outside ``prose`` blanked, offsets unchanged.

        Line breaks survive so that the masked text still has the document's lines; every
        other character outside prose becomes a space, which also keeps phrase-based
        converters from joining words across a link target or a URL.
        """
        return mask_outside(self.text, self.prose)

    @cached_property
    def markup_text(self) -> str:
        """The text with the ``opaque`` spans blanked (comments, code, math, ``<nowiki>``),
        offsets unchanged: what is left is where markup counts as markup."""
        return mask_outside(self.text, subtract_spans([Span(0, len(self.text))], self.opaque))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets to 1-based (line, column), treating ``\\r\\n``, ``\\r`` and ``\\n`` as breaks."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        self._length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    @property
    def line_count(self) -> int:
        return len(self._starts)

    @property
    def starts(self) -> list[int]:
        return self._starts

    def line_bounds(self, line: int) -> tuple[int, int] | None:
        """Start and end (past its line break) of a 1-based line; None for no such line."""
        if not 1 <= line <= len(self._starts):
            return None
        end = self._starts[line] if line < len(self._starts) else self._length
        return self._starts[line - 1], end


def subtract_spans(spans: Iterable[Span], holes: Iterable[Span]) -> tuple[Span, ...]:
    """``spans`` minus ``holes``; both may be unsorted and overlapping."""
    merged_holes = merge_spans(holes)
    hole_ends = [hole.end for hole in merged_holes]
    result: list[Span] = []
    for span in merge_spans(spans):
        start = span.start
        index = bisect.bisect_right(hole_ends, start)
        while index < len(merged_holes) and merged_holes[index].start < span.end:
            hole = merged_holes[index]
            if hole.start > start:
                result.append(Span(start, hole.start))
            start = max(start, hole.end)
            index += 1
        if start < span.end:
            result.append(Span(start, span.end))
    return tuple(result)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and merge the ones that overlap or touch."""
    merged: list[Span] = []
    # Sorted by a key of plain ints: the dataclass's own ordering calls a Python __lt__ per
    # comparison, which was a tenth of the Markdown front end's time (bench/speed.py).
    for span in sorted(spans, key=_START_END):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


_START_END = operator.attrgetter("start", "end")


def mask_outside(text: str, keep: Iterable[Span]) -> str:
    """Replace every character outside ``keep`` by a space, line breaks excepted."""
    pieces: list[str] = []
    cursor = 0
    for span in keep:
        pieces.append(_blank(text[cursor : span.start]))
        pieces.append(text[span.start : span.end])
        cursor = span.end
    pieces.append(_blank(text[cursor:]))
    return "".join(pieces)


_NOT_A_BREAK = re.compile(r"[^\r\n]")


def _blank(chunk: str) -> str:
    if "\n" not in chunk and "\r" not in chunk:  # most chunks: no regular expression needed
        return " " * len(chunk)
    return _NOT_A_BREAK.sub(" ", chunk)


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, line)`` for each line, without its line break."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]
