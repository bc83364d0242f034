"""One front end per dialect; each turns text into the shared :class:`Document`.

:data:`FRONT_ENDS` is the one table of what wikilint knows about a dialect: the file
extensions that name it, how to parse it, and whether a text may stall its parser. The
configuration's dialect names, detection and dispatch are all read from it, so a third
dialect is added here (a module and a row) and in the rules that opt in to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath

from wikilint.linter.dialects.markdown import parse_markdown
from wikilint.linter.dialects.wikitext import may_stall_parser, parse_wikitext
from wikilint.linter.document import Dialect, Document, LinkStyle
from wikilint.linter.titles import SiteKnowledge, parse_page_title


def _never_stalls(text: str) -> bool:
    return False


@dataclass(frozen=True)
class FrontEnd:
    dialect: Dialect
    extensions: frozenset[str]
    parse: Callable[[str, str | None], Document]
    #: Whether parsing this text may take minutes in C code no timer can stop.
    may_stall: Callable[[str], bool] = _never_stalls


FRONT_ENDS: dict[Dialect, FrontEnd] = {
    Dialect.MARKDOWN: FrontEnd(Dialect.MARKDOWN, frozenset({".md", ".markdown"}), parse_markdown),
    Dialect.WIKITEXT: FrontEnd(
        Dialect.WIKITEXT, frozenset({".wiki", ".wikitext", ".mediawiki"}), parse_wikitext, may_stall_parser
    ),
}
#: Extensions a directory walk picks up; ``.txt`` is sniffed.
KNOWN_EXTENSIONS = frozenset().union(*(front.extensions for front in FRONT_ENDS.values())) | {".txt"}

_SNIFF_LENGTH = 20_000
_MARKDOWN_SIGNS = re.compile(
    r'"wikilink"\)|\]\(\.\./Page/|^#{1,6} \S|\\\[\d+\\\]|\[\^\w+\]|^ {0,3}[-*] \S|\]\(https?://',
    re.MULTILINE,
)
_WIKITEXT_SIGNS = re.compile(
    r"\[\[[^\[\]\n]+\]\]|\{\{[^{}\n]*\|[^{}]*\}\}|^=+[^=\n]+=+\s*$|<ref[\s>/]|'''|^\{\||^\|-",
    re.MULTILINE,
)


def detect_dialect(text: str, path: str | None = None) -> Dialect:
    """Choose the dialect from the file extension, or from the content when that says nothing."""
    suffix = PurePath(path).suffix.lower() if path else ""
    for front in FRONT_ENDS.values():
        if suffix in front.extensions:
            return front.dialect
    return sniff_dialect(text)


def sniff_dialect(text: str) -> Dialect:
    """Count the marks of each dialect in the head of the text; Markdown wins ties."""
    head = text[:_SNIFF_LENGTH]
    markdown = len(_MARKDOWN_SIGNS.findall(head))
    wikitext = len(_WIKITEXT_SIGNS.findall(head))
    return Dialect.WIKITEXT if wikitext > markdown else Dialect.MARKDOWN


def parse(text: str, dialect: Dialect, path: str | None = None, site: SiteKnowledge | None = None) -> Document:
    """The document; ``site``, when the text came from a live wiki, names that wiki's
    namespaces and language, and the wikilinks' namespaces are read with them."""
    document = FRONT_ENDS[dialect].parse(text, path)
    return document if site is None else with_site(document, site)


def with_site(document: Document, site: SiteKnowledge) -> Document:
    """The document with the wiki's own knowledge, and ``document.site`` set: each wikilink's
    namespace as the site names it (``[[分類:X]]``, ``[[Image:Y]]``, any local alias), and a
    URL to a page of this very wiki (``[https://host/wiki/X y]``) taken for the absolute link
    to the wiki it is, on any wiki, not only on ``*.wikipedia.org``."""
    links = []
    for link in document.links:
        if link.style is LinkStyle.INTERNAL:
            page = parse_page_title(link.target, site)
            link = replace(link, page=page.title, namespace=page.namespace)
        elif link.style is LinkStyle.EXTERNAL and (title := site.page_of_url(link.target)) is not None:
            page = parse_page_title(title, site)
            link = replace(link, style=LinkStyle.ABSOLUTE, page=page.title, namespace=page.namespace,
                           wiki_language=site.language)
        links.append(link)
    return replace(document, links=tuple(links), site=site)


def may_stall(text: str, dialect: Dialect) -> bool:
    return FRONT_ENDS[dialect].may_stall(text)


__all__ = ["FRONT_ENDS", "KNOWN_EXTENSIONS", "FrontEnd", "detect_dialect", "may_stall", "parse",
           "sniff_dialect"]
