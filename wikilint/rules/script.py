"""SCR: script and writing-system rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import Document, Span
from wikilint.linter.finding import Diagnostic
from wikilint.linter.rule import Option, Rule
from wikilint.rules.chinese import Script, analyse, looks_chinese, runs


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
            yield Diagnostic(
                Span(run.start, run.end),
                f"{minority.label} {text[run.start:run.end]!r} in a {dominant.label} article "
                f"(as {dominant.label}: {converted[run.start:run.end]!r})",
            )

    def _article_script(self, traditional: int, simplified: int) -> Script | None:
        configured = self.settings["script"]
        if configured != "auto":
            return Script(configured)
        if traditional == simplified:
            return None
        return Script.HANT if traditional > simplified else Script.HANS


RULES = (MixedScript,)
