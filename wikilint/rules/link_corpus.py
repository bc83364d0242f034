"""The folder of exported pages a converted Markdown article links into (``../Page/X.md``).

A converter that exports part of a wiki writes a link relative when the page was exported
and as a URL to the live wiki when it was not. Whether a link resolves therefore depends on
that folder, which the rules learn from one cached directory listing, never by reading files.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from wikilint.linter.document import Dialect, Document, Link, LinkStyle
from wikilint.linter.titles import normalise_title

#: Where the converter puts the pages, seen from an article (articles live beside them).
CONVENTIONAL_PREFIX = "../Page/"

_MARKDOWN_TARGET_SPECIALS = re.compile(r"([()\\<>])")


@dataclass(frozen=True)
class Corpus:
    """The exported pages: the folder, how the article writes a link into it, what it holds."""

    folder: str
    #: The folder as the message names it: the ``pages-dir`` option or the links' prefix.
    shown: str
    #: What precedes the file name in a relative link from this article (``../Page/``).
    prefix: str
    files: frozenset[str]

    def has_file(self, name: str) -> bool:
        return name in self.files

    def file_of_page(self, page: str) -> str | None:
        """The file holding ``page`` (a normalised title), compared as MediaWiki compares titles."""
        return _titles(self.folder).get(page)


def find_corpus(document: Document, pages_dir: str) -> Corpus | None:
    """The pages folder named by ``pages_dir``, else the one the article's relative links
    point into (or the converter's ``../Page/``) when it exists next to the article."""
    if document.dialect is not Dialect.MARKDOWN:
        return None
    written = _written_prefix(document.links)
    article_dir = _article_dir(document.path)
    if pages_dir:
        folder = os.path.abspath(pages_dir)
        if written and (article_dir is None or os.path.normpath(os.path.join(article_dir, written)) == folder):
            prefix = written
        elif article_dir is not None:
            prefix = os.path.relpath(folder, article_dir).replace(os.sep, "/") + "/"
        else:
            prefix = f"../{os.path.basename(folder)}/"
        files = folder_listing(folder)
        return Corpus(folder, pages_dir.rstrip("/") + "/", prefix, files) if files else None
    if article_dir is None:
        return None
    prefix = written or CONVENTIONAL_PREFIX
    folder = os.path.normpath(os.path.join(article_dir, prefix))
    files = folder_listing(folder)
    return Corpus(folder, prefix, prefix, files) if files else None


def page_file(target: str) -> str:
    """The file a relative link opens: ``../Page/X.md#Y`` and the converter's
    ``../Page/X#Y.md`` both open ``X.md``."""
    name = unquote(target.rsplit("/", 1)[-1])
    if "#" not in name:
        return name
    name = name.split("#", 1)[0]
    return name if name.endswith(".md") else f"{name}.md"


def markdown_target(name: str) -> str | None:
    """A file name written as a Markdown link target, or None if it cannot be written bare."""
    if any(char.isspace() for char in name):
        return None
    return _MARKDOWN_TARGET_SPECIALS.sub(r"\\\1", name)


def _written_prefix(links: tuple[Link, ...]) -> str | None:
    prefixes = Counter(
        link.target.rsplit("/", 1)[0] + "/"
        for link in links
        if link.style is LinkStyle.RELATIVE and link.is_article_link and "/" in link.target
    )
    return prefixes.most_common(1)[0][0] if prefixes else None


def _article_dir(path: str | None) -> str | None:
    """The folder of the article's file, if ``path`` names a file that is there."""
    if not path:
        return None
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    return folder if name in folder_listing(folder) else None


@lru_cache(maxsize=8)
def folder_listing(folder: str) -> frozenset[str]:
    # One listing per folder and process: a corpus has ~10^6 links into the same folder.
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


@lru_cache(maxsize=8)
def _titles(folder: str) -> Mapping[str, str]:
    files = sorted(folder_listing(folder))
    return {normalise_title(posixpath.splitext(name)[0]): name for name in files if name.endswith(".md")}
