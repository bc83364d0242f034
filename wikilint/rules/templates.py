"""TPL: template rules."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import Dialect, Document, Span, Template
from wikilint.linter.finding import Diagnostic, Fix, Severity
from wikilint.linter.rule import Option, Rule


def template_key(name: str) -> str:
    """Template names compare like page titles: `_` is a space, the first letter is caseless."""
    name = " ".join(name.replace("_", " ").split())
    return name[:1].upper() + name[1:]


class StrayTemplate(Rule):
    """## What it does
    Flags a `{{…}}` template left in converted Markdown, where no template can work, and in
    wikitext the templates named in the `stray-templates` option (by default `{{-}}`).

    ## Why is this bad?
    The converter does not expand templates, so whatever it leaves is raw markup that shows
    as literal braces to a reader. In wikitext, `{{-}}` (a clear-floats break) is a layout
    hack that editors remove in favour of `{{clear}}` or no break at all.

    ## Example
    ```markdown
    ## 參考文獻

    {{-}}
    ```

    ## Use instead
    ```markdown
    ## 參考文獻
    ```

    The fix removes a template that has no parameters (`{{-}}`), with its line when it
    stands alone on it. A template with parameters gets no fix, since removing it removes
    the text it carries (`{{lang|en|Foo}}`), nor does a template that is all a pair of
    brackets or quotes holds.

    In Markdown the fix is offered only where the document shows it is a converted wiki
    article: a wikilink (`"wikilink"` title, a `../Page/` target or a wiki URL), a
    converter's escaped reference marker (`\\[3\\]`) or `-{…}-` conversion markup. A
    `.md` or `.txt` without any of these (a README or a Helm chart's `NOTES.txt`, where
    `{{ .Values.image.tag }}` is a Go or Jinja template that another tool expands) keeps its
    braces under `--fix`: the finding is still reported, for a person to judge.

    ## Options
    - `stray-templates` (wikitext only): names of templates to flag; default `["-"]`.
    """

    code = "TPL001"
    name = "stray-template"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "stray-templates": Option(["-"], "wikitext templates to flag, by name"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not document.renders_markup:
            converted = bool(document.templates) and shows_conversion(document)
            for template in document.templates:
                message = f"template {{{{{template.name}}}}} left by the conversion"
                yield Diagnostic(template.span, message, _removal(document, template) if converted else None)
            return
        stray = {template_key(name) for name in self.settings["stray-templates"]}
        for template in document.templates:
            if template_key(template.name) in stray:
                yield Diagnostic(template.span, f"stray template {{{{{template.name}}}}}", _removal(document, template))


def shows_conversion(document: Document) -> bool:
    """Whether a Markdown document shows it was converted from a wiki article, by signs that
    only the converter writes (a Markdown footnote or a trailing numbered list is not one)."""
    text = document.text
    return (
        any(link.is_wikilink or link.wiki_language for link in document.links)
        or any(text.startswith("\\[", marker.span.start) for marker in document.markers)
        or bool(document.conversion_markup)
    )


_BRACES = re.compile(r"\{\{|\}\}")
# Markdown: template braces, single braces, and the blank lines that end a paragraph.
_MARKDOWN_BRACES = re.compile(r"\{\{|\}\}|[{}]|(?:\r\n|\r|\n)[ \t]*(?=\r|\n)")
_CONVERSION_OPEN = re.compile(r"-\{")


_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "“": "”", "‘": "’", "《": "》", "〈": "〉"}


def _removal(document: Document, template: Template) -> Fix | None:
    """Remove the template, and its line too when it stands alone on it.

    Only a template without parameters: removing `{{lang|en|Foo}}` would remove `Foo`,
    which the reader needs. Not where the template is all a pair of brackets or quotes
    holds: `（{{-}}）` would become STR001's empty `（）`.
    """
    if template.params or "|" in document.text[template.span.start : template.span.end]:
        return None
    text = document.text
    before = text[template.span.start - 1 : template.span.start]
    if before in _PAIRS and text[template.span.end : template.span.end + 1] == _PAIRS[before]:
        return None
    line = document.whole_line(template.span) if _alone_on_line(text, template.span) else None
    return Fix.delete(line or template.span, "remove the template")


def _alone_on_line(text: str, span: Span) -> bool:
    """Only spaces between the span and the line's ends: looked at from the span outwards,
    so a line of 20,000 templates costs no more than its length."""
    start = span.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    end = span.end
    while end < len(text) and text[end] in " \t":
        end += 1
    return (start == 0 or text[start - 1] in "\r\n") and (end == len(text) or text[end] in "\r\n")


class UnbalancedTemplateBraces(Rule):
    """## What it does
    Flags `{{` that is never closed by `}}`, and `}}` that closes nothing (CheckWiki #43,
    #47). Code, math and comments are skipped; single braces, `{|` tables and `-{…}-`
    conversion markup are not template braces.

    In converted Markdown a template never spans a blank line, so a `{{` still open at the
    end of its paragraph is reported there, and the templates after it are read (and
    flagged by TPL001) as usual. A `}}` that closes two single braces opened in its
    paragraph (`\\text{Symbol}}` in a formula the converter broke across lines) is not a
    template brace.

    ## Why is this bad?
    An unclosed template swallows the text after it or shows raw braces to the reader.

    ## Example
    ```wikitext
    {{Infobox country |name=古巴
    ```

    ## Use instead
    ```wikitext
    {{Infobox country |name=古巴}}
    ```
    """

    code = "TPL002"
    name = "unbalanced-template-braces"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    severity = Severity.ERROR

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not document.renders_markup:
            yield from _markdown_braces(document)
            return
        open_braces: list[int] = []
        for match in _BRACES.finditer(document.markup_text):
            if match[0] == "{{":
                open_braces.append(match.start())
            elif open_braces:
                open_braces.pop()
            else:
                yield Diagnostic(Span(match.start(), match.end()), "}} closes no template")
        for start in open_braces:
            yield Diagnostic(Span(start, start + 2), "{{ is never closed by }}")


def _markdown_braces(document: Document) -> Iterator[Diagnostic]:
    """The template braces the front end could not pair into a template, paragraph by paragraph."""
    templates = [template.span for template in document.templates]
    single_open = 0  # single `{` not yet closed in this paragraph
    for match in _MARKDOWN_BRACES.finditer(document.markup_text):
        token = match[0]
        span = Span(match.start(), match.end())
        if token == "{":
            single_open += 1
        elif token == "}":
            single_open = max(0, single_open - 1)
        elif token not in ("{{", "}}"):
            single_open = 0
        elif _within(templates, span):
            continue
        elif token == "{{":
            yield Diagnostic(span, "{{ is never closed by }} in its paragraph")
        elif single_open >= 2:
            single_open -= 2
        else:
            yield Diagnostic(span, "}} closes no template")


def _within(spans: list[Span], span: Span) -> bool:
    index = bisect.bisect_right(spans, span.start, key=lambda template: template.start) - 1
    return index >= 0 and spans[index].contains(span)


class ConversionMarkupResidue(Rule):
    """## What it does
    In converted Markdown, flags `-{…}-` language-conversion markup that survived the
    conversion (it may span lines, and may be escaped as `\\-{`). In wikitext, where the
    markup is legitimate, flags a `-{` that is never closed by `}-`.

    ## Why is this bad?
    Outside MediaWiki nothing interprets `-{zh-hans:…;zh-hant:…}-`, so readers see the
    raw rules instead of one word; an unclosed `-{` in wikitext garbles the rest of the page.

    ## Example
    ```markdown
    作業系統（-{zh-hans:操作系统;zh-hant:作業系統}-）
    ```

    ## Use instead
    ```markdown
    作業系統
    ```
    """

    code = "TPL003"
    name = "conversion-markup-residue"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not document.renders_markup:
            for span in document.conversion_markup:
                yield Diagnostic(span, "-{…}- conversion markup left by the conversion")
            return
        text = document.markup_text
        for match in _CONVERSION_OPEN.finditer(text):
            if not any(span.start <= match.start() < span.end for span in document.conversion_markup):
                yield Diagnostic(Span(match.start(), match.end()), "-{ is never closed by }-")


RULES = (StrayTemplate, UnbalancedTemplateBraces, ConversionMarkupResidue)
