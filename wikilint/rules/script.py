"""SCR: script and writing-system rules."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import PurePath
from typing import ClassVar

from wikilint.linter.document import Dialect, Document, LinkStyle, Span, mask_outside, subtract_spans
from wikilint.linter.finding import Diagnostic, Fix
from wikilint.linter.rule import Option, Rule
from wikilint.linter.titles import normalise_title, unescape_markdown
from wikilint.text.chinese import Script, analyse, chinese_prose, convert_each, mentions, runs
from wikilint.text.regional import HanRuns, han_runs, regional_terms


def _script_prose(document: Document) -> str:
    """The prose the script rules judge: without the labels of links to outside sources,
    which quote the source's own title in the script and words it was written in."""
    quoted = tuple(link.label_span for link in document.links if link.style is LinkStyle.EXTERNAL)
    if not quoted:
        return document.prose_text
    return _without(document.prose_text, quoted)


@lru_cache(maxsize=4)  # SCR001 and SCR002 each ask for the same document's prose
def _without(prose: str, quoted: tuple[Span, ...]) -> str:
    return mask_outside(prose, subtract_spans([Span(0, len(prose))], quoted))


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` turned to spaces, offsets unchanged."""
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            start = cursor
        if start >= end:
            continue
        pieces.extend((text[cursor:start], " " * (end - start)))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


class MixedScript(Rule):
    """## What it does
    Flags Chinese text written in the article's minority script: Simplified runs in a
    Traditional article, or the reverse. The article's script is the one most of its
    script-specific characters belong to, unless the `script` option fixes it. One finding
    per contiguous run, with the run converted to the article's script in the message.

    Characters are judged in context, and two converters must agree: OpenCC's phrase-aware
    converters and MediaWiki's own zh-hans/zh-hant/zh-tw/zh-hk tables. A character or word
    the wiki accepts in the article's script is never a finding: 后, 台, 干 and 里 are
    valid Traditional in 皇后, 台灣, 若干 and 公里, and so are 公布, 了解, 坐標, 厘米 and the
    village unit 里 (…山里). Link targets, category names, URLs, code, citations and `-{…}-`
    conversion markup are not prose and are never flagged, nor are the labels of links to
    outside sources (they quote the source's title). A character quoted as the thing
    discussed, a single Han character alone in quotation marks (淘汰的用字有“浔”、“唡”, 「裡」, “㖊、浔”),
    is a mention, not a use, and is never flagged; a quoted word is prose. Japanese and
    Korean text is left alone sentence by sentence: a sentence with kana or hangul, or a
    bracketed title or gloss with them (「ハピネス」), is skipped and the Chinese prose around it
    is checked; a sentence or list entry that holds such a title and none of the characters
    Japanese never writes (这, 說, 們 …) is Japanese as a whole (the author and publisher of
    `津本陽『八月の砲声』 講談社`); an article mostly in such sentences is skipped whole.

    The rule does not run on wikitext unless the `wikitext` option is set: MediaWiki
    converts the script when it renders a page (each reader sees their own variant), so
    mixed scripts in the source are not what a reader sees; zhwiki articles are routinely
    written in several scripts at once. Converted Markdown is read as it is written.

    ## Why is this bad?
    A reader sees an article that switches script mid-sentence, which looks like a typo and
    defeats search in the article's script. In converted corpora it shows where a
    conversion step was skipped.

    ## Example
    ```markdown
    2018年，新当选的古巴領導人到訪平壤。
    ```

    ## Use instead
    ```markdown
    2018年，新當選的古巴領導人到訪平壤。
    ```

    The fix (unsafe) writes the form both converters agree on; where they disagree on a
    character (爲/為), the finding has no fix.

    ## Options
    - `script`: `"auto"` (default: the majority script), `"hant"` or `"hans"`.
    - `wikitext`: `false` (default); `true` also checks wikitext, for a wiki that does not
      convert scripts when it renders.
    """

    code = "SCR001"
    name = "mixed-script"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "script": Option("auto", "the script the article must use", ("auto", "hant", "hans")),
        "wikitext": Option(False, "also check wikitext (for a wiki that does not convert scripts)"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if document.renders_markup and not self.settings["wikitext"]:
            return
        text = chinese_prose(_script_prose(document))
        if text is None:
            return
        text = _blank(text, mentions(text))
        marks = analyse(text)
        dominant = self._article_script(marks.count(Script.HANT), marks.count(Script.HANS))
        if dominant is None:
            return
        minority = Script.HANS if dominant is Script.HANT else Script.HANT
        for run in runs(marks, minority):
            span = Span(run.start, run.end)
            original = text[run.start : run.end]
            replacement = marks.converted(dominant, run.start, run.end)
            if replacement is None:
                yield Diagnostic(span, f"{minority.label} {original!r} in a {dominant.label} article")
                continue
            yield Diagnostic(
                span,
                f"{minority.label} {original!r} in a {dominant.label} article (as {dominant.label}: {replacement!r})",
                # Unsafe: a quotation or a name may be in the other script on purpose.
                Fix.replace(span, replacement, f"convert to {dominant.label}", unsafe=True),
            )

    def _article_script(self, traditional: int, simplified: int) -> Script | None:
        configured = self.settings["script"]
        if configured != "auto":
            return Script(configured)
        if traditional == simplified:
            return None
        return Script.HANT if traditional > simplified else Script.HANS


class RegionalVariantMix(Rule):
    """## What it does
    Flags vocabulary of two regions in one article: a word that only Taiwan and Hong Kong
    use (北韓, 軟體, 程式設計) where the same article also writes the mainland word for it
    (朝鮮, 軟件, 程序設計), or the reverse. The less used side of each pair is flagged,
    naming the other; an article that keeps to one region's words is never flagged.

    Words and their counterparts come from MediaWiki's zh-cn/zh-tw/zh-hk conversion tables
    (via zhconv-rs) and OpenCC's Taiwan phrase table (s2twp/tw2sp), in either script. A
    word standard in the region it is said not to be is never a finding: MediaWiki's tables
    decide for a pair they know (坐標 is Traditional as well as mainland usage), and 部分,
    成分 (with their variants 部份, 成份), 身份 and 分量 are standard in every region.
    The article's region is the one whose words it writes most; only a word that region does
    not write, and the less used of its pair, is flagged (so 链接 in a mainland article that
    strays twice into 连结 is no finding). A pair whose two words differ only in script or by
    a variant character (有着/有著, 台/臺) is spelling, left to SCR001, not vocabulary. A name
    is not vocabulary either: the page's own title in bold in the lead (**計程車站** in 計程車站.md; the
    title comes from the file name, else the lead's first bold term) and a link label that is
    exactly the linked page's title ([的士司機](../Page/的士司機.md)) are never flagged
    (they still count towards the article's region: the editor chose to link that page).
    Japanese and Korean text is left alone, as by SCR001.

    The rule does not run on wikitext unless the `wikitext` option is set: MediaWiki
    converts regional vocabulary when it renders a page for a regional variant (and NoteTA
    templates add their own pairs), so the words in the source are not what a reader sees.

    ## Why is this bad?
    zhwiki articles follow one regional usage; switching between 北韓 and 朝鮮 for the same
    country reads as two different places and defeats search.

    ## Example
    ```markdown
    朝鮮與古巴建交。……菲德爾·卡斯特羅訪問北韓。
    ```

    ## Use instead
    ```markdown
    朝鮮與古巴建交。……菲德爾·卡斯特羅訪問朝鮮。
    ```

    ## Options
    - `wikitext`: `false` (default); `true` also checks wikitext, for a wiki that does not
      convert vocabulary when it renders.
    """

    code = "SCR002"
    name = "regional-variant-mix"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    options: ClassVar[Mapping[str, Option]] = {
        "wikitext": Option(False, "also check wikitext (for a wiki that does not convert vocabulary)"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if document.renders_markup and not self.settings["wikitext"]:
            return
        text = chinese_prose(_script_prose(document))
        if text is None:
            return
        terms, simplified = regional_terms(text)
        # Only a word a conversion replaces is flagged, never its counterpart alone: that the
        # zh-cn table replaces 部份 by 部分 does not make 部分 foreign to Taiwan.
        claims: dict[tuple[str, str], str] = {}  # (word, counterpart) → the region writing the counterpart
        for term in terms:
            claims.setdefault((term.word, term.counterpart), term.region)
        runs = han_runs(simplified)
        uses = {
            (word, other): _uses(word, other, simplified, runs) for pair in claims for word, other in (pair, pair[::-1])
        }
        region = _article_region(claims, uses)
        if region is None:
            return
        flagged: set[int] = set()
        names: list[tuple[int, int]] | None = None  # computed once something may be flagged
        for (word, counterpart), claimed in sorted(claims.items()):
            mine, theirs = uses[(word, counterpart)], uses[(counterpart, word)]
            # The article's own region must not write the word, and the word must be the less
            # used of the pair: 链接 in a mainland article that also writes 连结 is no finding.
            if claimed != region or not mine or not theirs or len(mine) > len(theirs):
                continue
            if len(mine) == len(theirs) and mine[0] < theirs[0]:
                continue
            shown = text[theirs[0] : theirs[0] + len(counterpart)]
            count = len(theirs)
            for start in mine:
                if start in flagged or _glossed(start, len(word), theirs, len(counterpart), text):
                    continue
                if names is None:
                    names = _names(document)
                if any(name_start <= start and start + len(word) <= name_end for name_start, name_end in names):
                    continue  # a page's name, not the article's choice of word
                flagged.add(start)
                original = text[start : start + len(word)]
                yield Diagnostic(
                    Span(start, start + len(word)),
                    f"{original!r} is not {region} usage, which this article follows; {region} writes "
                    f"{shown!r}, as this article does {count} {'time' if count == 1 else 'times'}",
                )


# Bold in Markdown (pandoc escapes a literal *: **A\*搜尋演算法**) or in wikitext.
_BOLD = re.compile(r"\*\*(?P<md>(?:[^*\\\n]|\\.)+?)\*\*|'''(?P<wiki>[^'\n]+?)'''")


def _page_title(document: Document) -> str | None:
    """The page's title from its path (``…/A*搜尋演算法.md``, ``dump.xml#Title``)."""
    if not document.path or document.path == "-" or document.path.startswith("<"):
        return None  # standard input or text given without a name (``<text>``)
    if "#" in document.path:
        return normalise_title(document.path.rsplit("#", 1)[1])
    return normalise_title(PurePath(document.path).stem)


def _as_names(texts: list[str]) -> list[str]:
    """Titles as compared with one another: normalised, in Simplified script (a title written
    in either script, or converted by SCR001's fix, is the same name). One OpenCC call for
    all of a document's titles (:func:`convert_each`)."""
    return convert_each([normalise_title(text) for text in texts], "t2s")


def _names(document: Document) -> list[tuple[int, int]]:
    """Where the article writes a page's name rather than words: its own title in bold (the
    first bold term when the title is unknown), and link labels that are exactly the title
    of the page they link to (in either script)."""
    title = _page_title(document)
    spans: list[tuple[int, int]] = []
    compared: list[tuple[tuple[int, int], str, str]] = []  # (span, the name written, the title)
    for match in _BOLD.finditer(document.text):
        group = "md" if match["md"] is not None else "wiki"
        if title is None:
            spans.append(match.span(group))
            break
        compared.append((match.span(group), unescape_markdown(match[group]), title))
    for link in document.links:
        if link.is_article_link and link.page is not None:
            compared.append(((link.label_span.start, link.label_span.end), unescape_markdown(link.label), link.page))
    names = _as_names([text for _, written, page in compared for text in (written, page)])
    for index, (span, _, _) in enumerate(compared):
        written, page = names[2 * index], names[2 * index + 1]
        if written and written == page:
            spans.append(span)
    return spans


def _article_region(claims: Mapping[tuple[str, str], str], uses: Mapping[tuple[str, str], list[int]]) -> str | None:
    """The region whose words the article writes most: each use of a region's word counts
    for it, each use of a word it does not write against it; None without a clear lead."""
    score: dict[str, int] = {}
    for (word, counterpart), region in claims.items():
        score[region] = score.get(region, 0) + len(uses[(counterpart, word)]) - len(uses[(word, counterpart)])
    ranked = sorted(score.values(), reverse=True)
    if not ranked or ranked[0] <= 0 or (len(ranked) > 1 and ranked[1] == ranked[0]):
        return None
    return max(score, key=lambda region: score[region])


# What may stand between a word and its counterpart given as an alternative: 表达式/運算式,
# 軟件（軟體）, 網絡或網路 (link targets are blanked to spaces in the prose text).
_GLOSS = re.compile(r"[\s/／、,，(（)）\[\]「」『』“”\"'*或又亦称稱作]*")


def _glossed(start: int, length: int, others: list[int], other_length: int, text: str) -> bool:
    """Whether the word at ``start`` is given together with its counterpart, on purpose."""
    for other in others:
        between = text[start + length : other] if other > start else text[other + other_length : start]
        if _GLOSS.fullmatch(between):
            return True
    return False


def _uses(word: str, other: str, text: str, runs: HanRuns) -> list[int]:
    """Where ``word`` stands in ``text`` (whose Han runs are ``runs``), except inside
    ``other`` (算法 in 演算法).

    ``str.find`` rather than a regular expression per word: the same non-overlapping
    leftmost matches, found in C without compiling a pattern for each of thousands of words;
    over the text's Han runs only when the word is all Han (:meth:`HanRuns.occurrences`).
    """
    found = _occurrences(word, text, runs)
    if not found or word not in other:
        return found
    inside = _occurrences(other, text, runs)
    # An occurrence of ``other`` covering [start, start + len(word)) starts at or before
    # ``start`` and at or after its end minus len(other).
    return [
        start
        for start in found
        if bisect.bisect_right(inside, start) == bisect.bisect_left(inside, start + len(word) - len(other))
    ]


def _occurrences(word: str, text: str, runs: HanRuns) -> list[int]:
    """The starts of the non-overlapping occurrences of ``word`` in ``text``, left to right."""
    in_runs = runs.occurrences(word)
    if in_runs is not None:
        return in_runs
    found = []
    start = text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + len(word))
    return found


RULES = (MixedScript, RegionalVariantMix)
