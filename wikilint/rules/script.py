"""SCR: script and writing-system rules."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import Document, Span
from wikilint.linter.finding import Diagnostic, Fix
from wikilint.linter.rule import Option, Rule
from wikilint.rules.chinese import Script, analyse, convert, looks_chinese, regional_terms, runs


class MixedScript(Rule):
    """## What it does
    Flags Chinese text written in the article's minority script: Simplified runs in a
    Traditional article, or the reverse. The article's script is the one most of its
    script-specific characters belong to, unless the `script` option fixes it. One finding
    per contiguous run, with the run converted to the article's script in the message.

    Characters are judged in context with OpenCC's phrase-aware converters, not by a
    character list: 后, 台, 干 and 里 are valid Traditional in 皇后, 台灣, 若干 and 公里.
    Link targets, category names, URLs, code, citations and `-{…}-` conversion markup are
    not prose and are never flagged; Japanese and Korean articles are left alone.

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

    ## Options
    - `script`: `"auto"` (default: the majority script), `"hant"` or `"hans"`.
    """

    code = "SCR001"
    name = "mixed-script"
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "script": Option("auto", "the script the article must use", ("auto", "hant", "hans")),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        text = document.prose_text
        if not looks_chinese(text):
            return
        marks = analyse(text)
        dominant = self._article_script(marks.count(Script.HANT), marks.count(Script.HANS))
        if dominant is None:
            return
        minority = Script.HANS if dominant is Script.HANT else Script.HANT
        converted = marks.converted(dominant)
        for run in runs(marks, minority):
            span = Span(run.start, run.end)
            replacement = converted[run.start : run.end]
            yield Diagnostic(
                span,
                f"{minority.label} {text[run.start:run.end]!r} in a {dominant.label} article "
                f"(as {dominant.label}: {replacement!r})",
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
    use (北韓, 軟體) where the same article also writes the mainland word for it (朝鮮,
    軟件), or the reverse. The less used side of each pair is flagged, naming the other.
    Words and their counterparts come from MediaWiki's zh-cn/zh-tw conversion tables
    (via zhconv-rs), in either script; Japanese and Korean articles are left alone.

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
    """

    code = "SCR002"
    name = "regional-variant-mix"

    def check(self, document: Document) -> Iterator[Diagnostic]:
        text = document.prose_text
        if not looks_chinese(text):
            return
        terms, simplified = regional_terms(text)
        # Each pair of words (in Simplified) is one choice the article should make once.
        regions: dict[str, str] = {}
        pairs: set[tuple[str, str]] = set()
        for term in terms:
            word, counterpart = convert(term.term, "t2s"), convert(term.counterpart, "t2s")
            regions[word] = term.region
            regions.setdefault(counterpart, _other_region(term.region))
            pairs.add((min(word, counterpart), max(word, counterpart)))
        flagged: set[int] = set()
        for pair in sorted(pairs):
            uses = {word: [m.start() for m in re.finditer(re.escape(word), simplified)] for word in pair}
            first, second = pair
            if not uses[first] or not uses[second]:
                continue
            minority, majority = (first, second) if len(uses[first]) <= len(uses[second]) else (second, first)
            if len(uses[first]) == len(uses[second]):
                minority, majority = (first, second) if uses[first][0] > uses[second][0] else (second, first)
            shown = text[uses[majority][0] : uses[majority][0] + len(majority)]
            for start in uses[minority]:
                if start in flagged:
                    continue
                flagged.add(start)
                original = text[start : start + len(minority)]
                yield Diagnostic(
                    Span(start, start + len(minority)),
                    f"{original!r} is {regions[minority]} usage; this article also writes {shown!r} "
                    f"({regions[majority]}, {len(uses[majority])} times)",
                )


def _other_region(region: str) -> str:
    return "mainland" if region != "mainland" else "Taiwan/Hong Kong"


RULES = (MixedScript, RegionalVariantMix)
