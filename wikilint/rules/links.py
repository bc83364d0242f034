"""LNK: link rules."""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import ClassVar

from wikilint.linter.document import Dialect, Document, Link, LinkStyle, Span
from wikilint.linter.finding import Diagnostic, Edit, Fix, Severity
from wikilint.linter.rule import Option, Rule
from wikilint.linter.titles import normalise_title, section_of, unescape_markdown
from wikilint.rules.link_corpus import Corpus, find_corpus, folder_listing, markdown_target, page_file
from wikilint.text.chinese import convert, count_han, is_han

_STYLE_WORDS = {
    LinkStyle.RELATIVE: "a relative link (../Page/…)",
    LinkStyle.ABSOLUTE: "an absolute URL",
    LinkStyle.INTERNAL: "a [[wikilink]]",
}
#: What each Markdown style says about the page: (one link, many links).
_STYLE_MEANING = {
    LinkStyle.RELATIVE: ("relative link into the exported corpus", "relative links into the exported corpus"),
    LinkStyle.ABSOLUTE: ("absolute URL to the live wiki", "absolute URLs to the live wiki"),
}


class MixedLinkStyle(Rule):
    """## What it does
    Flags links to the wiki's own articles whose style does not fit the article. A
    converter that exports part of a wiki writes a link relative,
    `[X](../Page/X.md "wikilink")`, when page X was exported with the corpus, and absolute,
    `[X](https://zh.wikipedia.org/wiki/X "wikilink")`, when it was not.

    When the corpus is known (the `pages-dir` option, or else the folder the article's
    relative links point into, `../Page/` by default, when it exists next to the article's
    file), each link is checked against it: a relative link whose page is missing
    (dangling) and an absolute link to a page the corpus holds are flagged; every other
    link is consistent, whatever the mix. Without the corpus, a relative link is flagged
    when the article mostly links the live wiki: it points into an export that is not
    there, so it leads nowhere (an absolute link always resolves, and an article that is
    mostly relative links belongs to a corpus this checkout lacks: see LNK006). The
    message gives both counts; a tie flags nothing.

    Only wikilinks count (a `"wikilink"` title or a `../Page/` target): a plain URL to a
    wiki page in a citation, an HTML `<a href>` link, and category, file and interwiki
    links neither vote nor get flagged. A link to a section (`X#Y`) counts as a link to X.
    In wikitext, an article written as an external link,
    `[https://zh.wikipedia.org/wiki/X label]`, beside `[[…]]` links is flagged.

    The fix never writes a link that does not resolve: it makes a link absolute (the live
    wiki has every page) or relative only when the page's file is in the known corpus.

    ## Why is this bad?
    A relative link to a page that was not exported is a dead end in the corpus; an
    absolute link to a page that was exported leaves the corpus for the live site, so the
    corpus cannot be browsed offline nor rewritten mechanically. In wikitext, an external
    link to an internal page breaks on rename, is not counted in "What links here", and is
    shown with the external-link icon.

    ## Example
    ```markdown
    [平壤](../Page/平壤.md "wikilink")與[哈瓦那](https://zh.wikipedia.org/wiki/哈瓦那 "wikilink")、
    [古巴](https://zh.wikipedia.org/wiki/古巴 "wikilink")
    ```

    ## Use instead
    With no `平壤.md` in the corpus:
    ```markdown
    [平壤](https://zh.wikipedia.org/wiki/平壤 "wikilink")與[哈瓦那](https://zh.wikipedia.org/wiki/哈瓦那 "wikilink")、
    [古巴](https://zh.wikipedia.org/wiki/古巴 "wikilink")
    ```

    ## Options
    - `link-style`: `"consistent"` (default: as described above), `"relative"` or
      `"absolute"` (Markdown: every link of the other style is flagged). Wikitext always
      prefers `[[…]]`.
    - `pages-dir`: the folder of the exported pages; empty (default) looks for the folder
      the relative links point into, next to the article.
    """

    code = "LNK001"
    name = "mixed-link-style"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "link-style": Option(
            "consistent", "the style article links must use", ("consistent", "relative", "absolute")
        ),
        "pages-dir": Option("", "folder of the exported pages; empty looks next to the article", path=True),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        links = [link for link in document.links if link.is_article_link and link.page and link.style in _STYLE_WORDS]
        if document.dialect is Dialect.WIKITEXT:
            yield from self._check_wikitext(document, links)
            return
        # A plain URL to a wiki page in a citation or a header note is not a wikilink.
        links = [link for link in links if link.is_wikilink]
        if not links:
            return
        corpus = find_corpus(document, self.settings["pages-dir"])
        configured = self.settings["link-style"]
        if configured != "consistent":
            preferred = LinkStyle(configured)
            for link in links:
                if link.style is not preferred:
                    message = (
                        f"link to '{link.page}' is {_STYLE_WORDS[link.style]}; "
                        f"the configured style is {_STYLE_WORDS[preferred]}"
                    )
                    yield Diagnostic(link.span, message, _restyle(document, link, corpus))
        elif corpus is not None:
            yield from _check_against_corpus(document, links, corpus)
        else:
            yield from _check_mix(document, links)

    def _check_wikitext(self, document: Document, links: list[Link]) -> Iterator[Diagnostic]:
        # A URL to another language's wiki is LNK004's (interwiki-as-external), not this rule's.
        language = own_wiki_language(document)
        links = [link for link in links if link.style is not LinkStyle.ABSOLUTE or link.wiki_language == language]
        internal = any(link.style is LinkStyle.INTERNAL for link in links) or self.settings["link-style"] == "relative"
        if not internal:
            return
        for link in links:
            if link.style is LinkStyle.ABSOLUTE:
                message = f"link to '{link.page}' is an absolute URL; link pages of this wiki as [[Title|label]]"
                yield Diagnostic(link.span, message, _wikilink(link))


def _check_against_corpus(document: Document, links: list[Link], corpus: Corpus) -> Iterator[Diagnostic]:
    for link in links:
        if link.style is LinkStyle.RELATIVE:
            wanted = page_file(link.target)
            if not corpus.has_file(wanted):
                message = f"relative link to '{link.page}' is dangling: {corpus.shown}{wanted} is not in the corpus"
                yield Diagnostic(link.span, message, _restyle(document, link, corpus))
        elif link.page is not None and (name := corpus.file_of_page(link.page)) is not None:
            message = f"link to '{link.page}' is an absolute URL, but the corpus has the page: {corpus.shown}{name}"
            yield Diagnostic(link.span, message, _restyle(document, link, corpus))


def _check_mix(document: Document, links: list[Link]) -> Iterator[Diagnostic]:
    """Without the corpus, only a relative link in an article that mostly links the live
    wiki is certain to be wrong here: it points into an export that is not beside the
    article, so it leads nowhere. An absolute link always resolves, and a relative majority
    says the article belongs to a corpus this checkout lacks (LNK006's business)."""
    counts = Counter(link.style for link in links)
    relative, absolute = counts[LinkStyle.RELATIVE], counts[LinkStyle.ABSOLUTE]
    if not relative or relative >= absolute:
        return
    minority = "the only relative link" if relative == 1 else f"one of {relative} relative links"
    for link in links:
        if link.style is LinkStyle.RELATIVE:
            message = (
                f"relative link to '{link.page}' leads nowhere here: no exported corpus is beside this article, "
                f"and most wikilinks here ({absolute} of {len(links)}) are absolute URLs to the live wiki; "
                f"this is {minority}"
            )
            yield Diagnostic(link.span, message, _restyle(document, link, None))


_RELATIVE_TITLE = re.compile(r"(?:\.\./)*Page/(?P<title>.+?)\.md(?P<section>#.*)?")
_ABSOLUTE_TITLE = re.compile(r"https?://[^/]+/wiki/(?P<title>[^#]+)(?P<section>#.*)?")


def _wikilink(link: Link) -> Fix | None:
    if link.page is None:
        return None
    label = link.label.strip()
    wikilink = f"[[{link.page}]]" if not label or label == link.page else f"[[{link.page}|{label}]]"
    return Fix.replace(link.span, wikilink, "write it as a wikilink")


def _restyle(document: Document, link: Link, corpus: Corpus | None) -> Fix | None:
    """Rewrite a Markdown link in the other style, only where the new link resolves: any
    page as an absolute URL (title kept exactly as written, escapes included), a page as a
    relative link only when the corpus holds its file."""
    if link.target_span is None:
        return None
    raw_target = document.slice(link.target_span)
    if link.style is LinkStyle.RELATIVE:
        relative = _RELATIVE_TITLE.fullmatch(raw_target)
        language = own_wiki_language(document)
        if relative is None or language is None:
            return None
        target = f"https://{language}.wikipedia.org/wiki/{relative['title']}{relative['section'] or ''}"
        return Fix.replace(link.target_span, target, f"write it as {_STYLE_WORDS[LinkStyle.ABSOLUTE]}")
    absolute = _ABSOLUTE_TITLE.fullmatch(raw_target)
    if absolute is None or corpus is None or link.page is None:
        return None
    name = corpus.file_of_page(link.page)
    written = markdown_target(name) if name is not None else None
    if written is None:
        return None
    target = f"{corpus.prefix}{written}{absolute['section'] or ''}"
    return Fix.replace(link.target_span, target, f"write it as {_STYLE_WORDS[LinkStyle.RELATIVE]}")


def own_wiki_language(document: Document, configured: str = "auto") -> str | None:
    """The language of the wiki the article belongs to.

    Markdown: the language most of its absolute wikilinks point at (zh for a zhwiki export).
    Wikitext has no such links, so the script of its prose decides: Han → zh, kana → ja,
    hangul → ko, anything else → en; the ``wiki-language`` option overrides the guess. A page
    read from a live wiki needs no guess: the wiki names its content language.
    """
    if configured != "auto":
        return configured
    if document.site is not None and document.site.language:
        return document.site.language
    if document.dialect is Dialect.MARKDOWN:
        languages = Counter(
            link.wiki_language for link in document.links if link.is_wikilink and link.wiki_language
        )
        return languages.most_common(1)[0][0] if languages else None
    return _language_of_script(document.prose_text)


_WHITESPACE = re.compile(r"\s")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def _language_of_script(text: str) -> str:
    sample = text[:20_000]
    han = count_han(sample)
    if len(_HANGUL.findall(sample)) > han:
        return "ko"
    if len(_KANA.findall(sample)) > 0.05 * max(han, 1):
        return "ja"
    visible = len(sample) - len(_WHITESPACE.findall(sample))
    return "zh" if han > 0.2 * max(visible, 1) else "en"


def _comparable(text: str) -> str:
    """Titles and labels compare without script, variant forms of a character (峯/峰,
    着/著, 裏/裡), case, `_` or spacing."""
    return "".join(_variant(char) for char in normalise_title(text)).casefold()


# Each table folds a Traditional, Taiwan or Hong Kong form into the Simplified one; in turn
# they also fold the variants that only one standard keeps (著 → 着 is Taiwan's, 峯 → 峰 OpenCC's).
_VARIANT_TABLES = ("t2s", "tw2s", "hk2s")


@lru_cache(maxsize=65_536)
def _variant(char: str) -> str:
    if not is_han(char):
        return char
    for table in _VARIANT_TABLES:
        char = convert(char, table)
    return char


class LinkLabelOverrun(Rule):
    """## What it does
    Flags a link whose label is the target's title followed by more CJK text, which pandoc
    pulled into the link because it applied a Latin link-trail to Chinese:
    `[古巴共和國與](https://zh.wikipedia.org/wiki/古巴共和國 "wikilink")`. Titles compare
    with `_` as a space, escaped parentheses undone, and without regard to script or to
    variant forms of a character (峯/峰, 着/著), so a label that is the title in another
    form is not an overrun, and one that runs past it is. The message quotes the label as
    written; the fix moves the spilled text after the link.

    ## Why is this bad?
    The link underlines words that are not the linked article ("古巴共和國與"), and a
    reader or a tool extracting anchor text gets the wrong phrase.

    ## Example
    ```markdown
    [古巴共和國與](https://zh.wikipedia.org/wiki/古巴共和國 "wikilink")朝鮮
    ```

    ## Use instead
    ```markdown
    [古巴共和國](https://zh.wikipedia.org/wiki/古巴共和國 "wikilink")與朝鮮
    ```
    """

    code = "LNK002"
    name = "link-label-overrun"
    fixable = True
    dialects = frozenset({Dialect.MARKDOWN})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        for link in document.links:
            if not link.is_wikilink or link.page is None:
                continue
            label = unescape_markdown(link.label).replace("\n", " ").replace("*", "").strip()
            title = link.page
            if len(label) <= len(title) or _comparable(label[: len(title)]) != _comparable(title):
                continue
            spill = label[len(title) :]
            if is_han(spill[0]):
                yield Diagnostic(
                    link.span,
                    f"link label '{label}' runs past the title '{title}': '{spill}' belongs after the link",
                    _move_spill(document, link, spill),
                )


def _move_spill(document: Document, link: Link, spill: str) -> Fix | None:
    """``[古巴共和國與](…)`` → ``[古巴共和國](…)與``, when the label's source ends with the spill."""
    source = document.slice(link.label_span)
    if not source.endswith(spill):
        return None  # hard-wrapped or marked up: leave it to an editor
    cut = Span(link.label_span.end - len(spill), link.label_span.end)
    return Fix(
        (Edit(cut.start, cut.end, ""), Edit(link.span.end, link.span.end, spill)),
        message="move the text after the link",
    )


def _zones(document: Document, scope: str) -> list[int]:
    """Where each zone a page may be linked once in starts: the body after the lead, or
    every section."""
    starts = [heading.span.start for heading in document.headings]
    return starts if scope == "section" else starts[:1]


class DuplicateLink(Rule):
    """## What it does
    Flags a link to an article that is already linked (WP:DUPLINK): the second and later
    links to the same page in the lead, and again in the body after it (the first link
    after the lead is allowed, as the guideline says), or, with `scope = "section"`, within
    one section. A link to a section of a page (`X#Y`) is a link to that section: links to
    different sections of one page are not duplicates. Links inside templates (infoboxes,
    navboxes), reference entries, and category, file or interwiki links are not counted.
    Off by default; select it.

    ## Why is this bad?
    Repeated links add visual noise and dilute the links that matter; the guideline is to
    link a term at its first occurrence, and once more after the lead.

    ## Example
    ```markdown
    [平壤](../Page/平壤.md "wikilink")是首都。……[平壤](../Page/平壤.md "wikilink")的人口……
    ```

    ## Use instead
    ```markdown
    [平壤](../Page/平壤.md "wikilink")是首都。……平壤的人口……
    ```

    ## Options
    - `scope`: `"article"` (default: the lead, then the body) or `"section"`.
    """

    code = "LNK003"
    name = "duplicate-link"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    # Off by default: the guideline allows repeats "if helpful", and a long article has
    # hundreds of them (2,714 in the shared corpus); select it for an editing pass.
    default_enabled = False
    options: ClassVar[Mapping[str, Option]] = {
        "scope": Option("article", "where a page may be linked once", ("article", "section")),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        entries = [entry.span for entry in document.entries]
        zones = _zones(document, self.settings["scope"])
        first_link: dict[tuple[int, str, str], Link] = {}
        for link in document.links:
            if not link.is_wikilink or not link.is_article_link or link.in_template or not link.page:
                continue
            if any(span.contains(link.span) for span in entries):
                continue
            section = section_of(link.target)
            key = (bisect.bisect_right(zones, link.span.start), _comparable(link.page), section)
            first = first_link.setdefault(key, link)
            if first is not link:
                line = document.position(first.span.start)[0]
                target = f"{link.page}#{section}" if section else link.page
                yield Diagnostic(link.span, f"'{target}' is already linked on line {line}")


_WIKIMEDIA_PROJECT = re.compile(
    r"https?://(?:(?P<lang>[a-z][a-z0-9-]*)\.)?(?:m\.)?"
    r"(?P<project>wiktionary|wikisource|wikiquote|wikibooks|wikinews|wikiversity|wikivoyage|wikidata|wikimedia)"
    r"\.org/wiki/(?P<title>\S+)",
    re.IGNORECASE,
)


class InterwikiAsExternal(Rule):
    """## What it does
    Flags a link to another language's Wikipedia or to a sister project written as an
    external URL (CheckWiki #91). In converted Markdown the converter writes interwiki links
    as the wiki's own URLs with a prefix, `https://zh.wikipedia.org/wiki/en:Foo`, which lead
    nowhere; in wikitext `[https://en.wikipedia.org/wiki/Foo Foo]` should be `[[:en:Foo|Foo]]`.

    ## Why is this bad?
    External-style links to sister wikis bypass interwiki handling: they are not
    tracked, they break when a page moves, and the converted form points at a page that
    does not exist.

    ## Example
    ```wikitext
    See [https://en.wikipedia.org/wiki/Pyongyang Pyongyang].
    ```

    ## Use instead
    ```wikitext
    See [[:en:Pyongyang|Pyongyang]].
    ```

    ## Options
    - `wiki-language`: the article's wiki (`"zh"`, `"en"` …); `"auto"` (default) guesses it.
    """

    code = "LNK004"
    name = "interwiki-as-external"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    options: ClassVar[Mapping[str, Option]] = {
        "wiki-language": Option("auto", "language code of the article's own wiki"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        own = own_wiki_language(document, self.settings["wiki-language"])
        for link in document.links:
            if link.style is LinkStyle.ABSOLUTE and link.namespace and link.namespace.islower():
                yield Diagnostic(link.span, f"interwiki link '{link.namespace}:{link.page}' written as a URL")
            elif link.style is LinkStyle.ABSOLUTE and own and link.wiki_language not in (own, None):
                prefix = f":{link.wiki_language}:{link.page}"
                yield Diagnostic(link.span, f"link to another Wikipedia written as a URL; use [[{prefix}]]")
            elif link.style is LinkStyle.EXTERNAL:
                project = _WIKIMEDIA_PROJECT.match(link.target)
                if project:
                    yield Diagnostic(link.span, f"link to {project['project']} written as a URL; use an interwiki link")


_MARKDOWN_STRAY_BRACKETS = re.compile(r"\\\]\\\]|\\\[\\\[")
_RAW_WIKILINK_BRACKETS = re.compile(r"\[\[|\]\]")


class BrokenLinkSyntax(Rule):
    """## What it does
    Flags links whose syntax is broken: an empty label or target (`[](…)`, `[x]()`,
    `[[]]`), a double pipe (`[[A||B]]`), `[[` or `]]` without its partner, and the escaped
    `\\]\\]` that the converter leaves when an image caption held a link (CheckWiki #10,
    #32, #46, #74).

    ## Why is this bad?
    The reader sees raw brackets, or a link with nothing to click.

    ## Example
    ```wikitext
    [[平壤||首都]] and [[哈瓦那
    ```

    ## Use instead
    ```wikitext
    [[平壤|首都]] and [[哈瓦那]]
    ```
    """

    code = "LNK005"
    name = "broken-link-syntax"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    severity = Severity.ERROR

    def check(self, document: Document) -> Iterator[Diagnostic]:
        text = document.text
        for link in document.links:
            if document.dialect is Dialect.WIKITEXT and link.style is not LinkStyle.INTERNAL:
                continue  # a bare URL has no label by design
            source = document.slice(link.span)
            if document.dialect is Dialect.WIKITEXT and link.style is LinkStyle.INTERNAL:
                if not link.target.strip():
                    yield Diagnostic(link.span, "link has an empty target")
                elif source.startswith("[[") and "||" in source:
                    yield Diagnostic(link.span, "double pipe in a link")
                continue
            if not link.label.strip() and not source.startswith("!"):
                yield Diagnostic(link.span, "link has an empty label")
            elif not link.target.strip():
                yield Diagnostic(link.span, "link has an empty target")
        pattern = _MARKDOWN_STRAY_BRACKETS if document.dialect is Dialect.MARKDOWN else _RAW_WIKILINK_BRACKETS
        prose = document.prose_text
        for match in pattern.finditer(prose if document.dialect is Dialect.WIKITEXT else text):
            if any(span.contains(Span(match.start(), match.end())) for span in document.opaque):
                continue
            yield Diagnostic(Span(match.start(), match.end()), f"stray '{match[0]}': a link is not closed or opened")


class DanglingRelativeLink(Rule):
    """## What it does
    Flags a relative link `../Page/X.md` whose file is not in the pages folder. It checks
    nothing until the `pages-dir` option names that folder (a corpus lint sets it).

    ## Why is this bad?
    The link was written relative because the page was expected in the export; if the
    file is missing, the reader gets a 404 inside the corpus.

    ## Example
    ```markdown
    [平壤](../Page/平壤.md "wikilink")   (with no Page/平壤.md in the corpus)
    ```

    ## Use instead
    Link the live article, or add the page to the export.

    ## Options
    - `pages-dir`: the folder holding the exported pages (`Page/`); empty (default) turns
      the rule off.
    """

    code = "LNK006"
    name = "dangling-relative-link"
    dialects = frozenset({Dialect.MARKDOWN})
    options: ClassVar[Mapping[str, Option]] = {
        "pages-dir": Option("", "folder of the exported pages; empty turns the rule off", path=True),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        folder = self.settings["pages-dir"]
        if not folder or document.dialect is not Dialect.MARKDOWN:
            return
        present = folder_listing(os.path.abspath(folder))
        for link in document.links:
            if link.style is not LinkStyle.RELATIVE:
                continue
            name = page_file(link.target)
            if name.endswith(".md") and name not in present:
                yield Diagnostic(link.span, f"{link.target} is dangling: {name} is not in {folder}")


RULES = (
    MixedLinkStyle,
    LinkLabelOverrun,
    DuplicateLink,
    InterwikiAsExternal,
    BrokenLinkSyntax,
    DanglingRelativeLink,
)
