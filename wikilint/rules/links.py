"""LNK: link rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import Dialect, Document, Link, LinkStyle
from wikilint.linter.finding import Diagnostic
from wikilint.linter.rule import Option, Rule

_STYLE_WORDS = {
    LinkStyle.RELATIVE: "a relative link (../Page/…)",
    LinkStyle.ABSOLUTE: "an absolute URL",
    LinkStyle.INTERNAL: "a [[wikilink]]",
}


class MixedLinkStyle(Rule):
    """## What it does
    Flags links to the wiki's own articles written in the article's minority style. In
    converted Markdown an article link is either relative, `[X](../Page/X.md "wikilink")`
    (the page was exported), or absolute, `[X](https://zh.wikipedia.org/wiki/X "wikilink")`;
    every link of the less used style is flagged (with `link-style = "consistent"`, ties go
    to the style used first), or every link not in the configured style. Only wikilinks
    vote (a `"wikilink"` title or a `../Page/` target): a plain URL to a wiki page in a
    citation is not one. Category, file and interwiki links neither vote nor get flagged.
    In wikitext, an article written as an external link,
    `[https://zh.wikipedia.org/wiki/X label]`, beside `[[…]]` links is flagged.

    ## Why is this bad?
    A corpus whose links mix both styles cannot be browsed offline nor rewritten
    mechanically: half the links leave the corpus for the live site. In wikitext, an
    external link to an internal page breaks on rename, is not counted in "What links
    here", and is shown with the external-link icon.

    ## Example
    ```markdown
    [平壤](../Page/平壤.md "wikilink")與[哈瓦那](https://zh.wikipedia.org/wiki/哈瓦那 "wikilink")、
    [古巴](https://zh.wikipedia.org/wiki/古巴 "wikilink")
    ```

    ## Use instead
    ```markdown
    [平壤](https://zh.wikipedia.org/wiki/平壤 "wikilink")與[哈瓦那](https://zh.wikipedia.org/wiki/哈瓦那 "wikilink")、
    [古巴](https://zh.wikipedia.org/wiki/古巴 "wikilink")
    ```

    ## Options
    - `link-style`: `"consistent"` (default: the article's majority style), `"relative"` or
      `"absolute"` (Markdown). Wikitext always prefers `[[…]]`.
    """

    code = "LNK001"
    name = "mixed-link-style"
    options: ClassVar[Mapping[str, Option]] = {
        "link-style": Option(
            "consistent", "the style article links must use", ("consistent", "relative", "absolute")
        ),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        links = [link for link in document.links if link.is_article_link and link.style in _STYLE_WORDS]
        if document.dialect is Dialect.MARKDOWN:
            # A plain URL to a wiki page in a citation or a header note is not a wikilink.
            links = [link for link in links if link.is_wikilink]
        if not links:
            return
        counts = Counter(link.style for link in links)
        preferred = self._preferred_style(document, links, counts)
        if preferred is None:
            return
        configured = self.settings["link-style"] != "consistent"
        for link in links:
            if link.style is preferred:
                continue
            if document.dialect is Dialect.WIKITEXT:
                reason = "link pages of this wiki as [[Title|label]]"
            elif configured:
                reason = f"the configured style is {_STYLE_WORDS[preferred]}"
            else:
                reason = f"this article uses {_STYLE_WORDS[preferred]} ({counts[preferred]} to {counts[link.style]})"
            yield Diagnostic(link.span, f"link to {link.page!r} is {_STYLE_WORDS[link.style]}; {reason}")

    def _preferred_style(self, document: Document, links: list[Link], counts: Counter[LinkStyle]) -> LinkStyle | None:
        if document.dialect is Dialect.WIKITEXT:
            internal = counts[LinkStyle.INTERNAL] > 0 or self.settings["link-style"] == "relative"
            return LinkStyle.INTERNAL if internal else None
        configured = self.settings["link-style"]
        if configured != "consistent":
            return LinkStyle(configured)
        ranked = sorted(counts, key=lambda style: (-counts[style], _first_use(links, style)))
        return ranked[0] if len(ranked) > 1 else None


def _first_use(links: list[Link], style: LinkStyle) -> int:
    return next(link.span.start for link in links if link.style is style)


RULES = (MixedLinkStyle,)
