"""One front end per dialect; each turns text into the shared :class:`Document`."""

from __future__ import annotations

import re
from pathlib import PurePath

from wikilint.linter.dialects.markdown import parse_markdown
from wikilint.linter.dialects.wikitext import parse_wikitext
from wikilint.linter.document import Dialect, Document

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
WIKITEXT_EXTENSIONS = frozenset({".wiki", ".wikitext", ".mediawiki"})
#: Extensions a directory walk picks up; ``.txt`` is sniffed.
KNOWN_EXTENSIONS = MARKDOWN_EXTENSIONS | WIKITEXT_EXTENSIONS | {".txt"}

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
    if suffix in MARKDOWN_EXTENSIONS:
        return Dialect.MARKDOWN
    if suffix in WIKITEXT_EXTENSIONS:
        return Dialect.WIKITEXT
    return sniff_dialect(text)


def sniff_dialect(text: str) -> Dialect:
    """Count the marks of each dialect in the head of the text; Markdown wins ties."""
    head = text[:_SNIFF_LENGTH]
    markdown = len(_MARKDOWN_SIGNS.findall(head))
    wikitext = len(_WIKITEXT_SIGNS.findall(head))
    return Dialect.WIKITEXT if wikitext > markdown else Dialect.MARKDOWN


def parse(text: str, dialect: Dialect, path: str | None = None) -> Document:
    if dialect is Dialect.WIKITEXT:
        return parse_wikitext(text, path)
    return parse_markdown(text, path)


__all__ = ["KNOWN_EXTENSIONS", "detect_dialect", "parse", "sniff_dialect"]
