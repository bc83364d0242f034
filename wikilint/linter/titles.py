"""Wiki page titles as they appear in link targets of both dialects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

# Canonical namespace for each local or English name seen in zh/ja/ko/en/de articles.
_NAMESPACE_ALIASES = {
    "category": "Category",
    "分类": "Category",
    "分類": "Category",
    "カテゴリ": "Category",
    "분류": "Category",
    "kategorie": "Category",
    "file": "File",
    "image": "File",
    "media": "File",
    "文件": "File",
    "檔案": "File",
    "档案": "File",
    "图像": "File",
    "圖像": "File",
    "ファイル": "File",
    "画像": "File",
    "파일": "File",
    "datei": "File",
    "bild": "File",
    "template": "Template",
    "模板": "Template",
    "vorlage": "Template",
    "wikipedia": "Wikipedia",
    "wp": "Wikipedia",
    "维基百科": "Wikipedia",
    "維基百科": "Wikipedia",
    "help": "Help",
    "帮助": "Help",
    "幫助": "Help",
    "portal": "Portal",
    "主题": "Portal",
    "主題": "Portal",
    "user": "User",
    "用户": "User",
    "用戶": "User",
    "talk": "Talk",
    "special": "Special",
    "module": "Module",
    "draft": "Draft",
    "mediawiki": "MediaWiki",
}

# Interwiki prefixes (language codes, sister projects) are written in lower case, while the
# first letter of an article title is always upper case or not Latin at all.
_INTERWIKI = re.compile(r"[a-z][a-z0-9-]*")

_WIKI_URL = re.compile(
    r"https?://(?P<lang>[a-z][a-z0-9-]*)\.(?:m\.)?wikipedia\.org/wiki/(?P<title>[^\s?#]*)(?P<rest>\S*)",
    re.IGNORECASE,
)

_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class PageTitle:
    title: str
    namespace: str | None


@dataclass(frozen=True)
class SiteKnowledge:
    """What a live wiki says of itself (``meta=siteinfo``), for the rules that would guess.

    ``namespaces`` maps each local name and alias, lower-cased with ``_`` as a space, to the
    canonical English name (``分类`` → ``Category``, ``image`` → ``File``); ``language`` is the
    content language (``zh``) and ``variants`` the variants it converts to (``zh-hans`` …).
    """

    host: str
    language: str
    variants: tuple[str, ...] = ()
    namespaces: tuple[tuple[str, str], ...] = ()
    #: Where the wiki's pages are: ``/wiki/$1``.
    article_path: str = "/wiki/$1"

    def page_of_url(self, url: str) -> str | None:
        """The title a URL of this very wiki names (``https://host/wiki/X`` → ``X``), or None."""
        prefix, _, suffix = self.article_path.partition("$1")
        for scheme in ("https://", "http://", "//"):
            start = f"{scheme}{self.host}{prefix}"
            if url.startswith(start) and url.endswith(suffix) and len(url) > len(start) + len(suffix):
                title = url[len(start) : len(url) - len(suffix)]
                return unquote(title.split("#", 1)[0]) if "?" not in title else None
        return None

    def canonical_namespace(self, prefix: str) -> str | None:
        wanted = " ".join(prefix.replace("_", " ").split()).lower()
        for name, canonical in self.namespaces:
            if name == wanted:
                return canonical
        return None


def unescape_markdown(text: str) -> str:
    """Drop pandoc's backslash escapes: ``PHP_\\(程式語言\\)`` → ``PHP_(程式語言)``."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


_SPACES = re.compile(r"\s+")


def normalise_title(raw: str) -> str:
    """The title as MediaWiki compares it: ``_`` is a space, runs of spaces collapse."""
    title = raw.replace("_", " ").strip()
    title = _SPACES.sub(" ", title)
    if title[:1].isascii() and title[:1].islower():
        title = title[0].upper() + title[1:]
    return title


def split_namespace(title: str, site: SiteKnowledge | None = None) -> PageTitle:
    """The namespace of a title: the live wiki's names when known (``site``), else the
    names seen in zh/ja/ko/en/de articles."""
    prefix, colon, rest = title.partition(":")
    if not colon or not rest:
        return PageTitle(title, None)
    canonical = site.canonical_namespace(prefix) if site is not None else None
    canonical = canonical or _NAMESPACE_ALIASES.get(prefix.strip().lower())
    if canonical is not None:
        return PageTitle(normalise_title(rest), canonical)
    if _INTERWIKI.fullmatch(prefix):
        return PageTitle(rest, prefix)
    return PageTitle(title, None)


@lru_cache(maxsize=16384)
def parse_page_title(raw: str, site: SiteKnowledge | None = None) -> PageTitle:
    """Title and namespace of a link target; the leading ``:`` of ``[[:Category:X]]`` is dropped."""
    raw = raw.split("#", 1)[0].lstrip(":")
    page = split_namespace(raw.strip(), site)
    if page.namespace is None or page.namespace[0].isupper():
        return PageTitle(normalise_title(page.title), page.namespace)
    return page


@dataclass(frozen=True)
class WikiUrl:
    language: str
    page: PageTitle


# Cached: a corpus links the same pages over and over (years, countries, categories), and
# reading a URL is a third of the Markdown front end's link handling (bench/speed.py).
@lru_cache(maxsize=16384)
def parse_wiki_url(url: str) -> WikiUrl | None:
    """Recognise ``https://<lang>.wikipedia.org/wiki/<title>``; ``None`` for any other URL."""
    match = _WIKI_URL.fullmatch(url)
    if match is None or not match["title"]:
        return None
    title = unquote(unescape_markdown(match["title"]))
    return WikiUrl(match["lang"].lower(), parse_page_title(title))


# MediaWiki's old anchor encoding: ``.E6.98.BE`` for 显, ``.2B`` for +.
_DOT_ENCODED = re.compile(r"(?:\.[0-9A-F]{2})+")
# Characters the old encoding leaves as they are: a decoded one means the dots were text.
_ANCHOR_PLAIN = re.compile(r"[A-Za-z0-9_.:\-]")


def section_of(target: str) -> str:
    """The section a link target names, compared as MediaWiki compares anchors (``_`` is a
    space, encodings undone): ``X#A_b`` → ``A b``; ``""`` for a link to the whole page.

    The converter writes a section link into the corpus as ``../Page/X#Y.md``.
    """
    _, hash_, fragment = target.partition("#")
    if not hash_:
        return ""
    if "://" not in target and fragment.endswith(".md"):
        fragment = fragment[:-3]
    fragment = _DOT_ENCODED.sub(_decode_dots, unquote(fragment))
    return " ".join(fragment.replace("_", " ").split())


def _decode_dots(match: re.Match[str]) -> str:
    try:
        decoded = bytes.fromhex(match[0].replace(".", "")).decode("utf-8")
    except UnicodeDecodeError:
        return match[0]
    return match[0] if _ANCHOR_PLAIN.search(decoded) or not decoded.isprintable() else decoded
