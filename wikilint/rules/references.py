"""REF: citation rules."""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.linter.document import Dialect, Document, ReferenceEntry
from wikilint.linter.finding import Diagnostic, Severity
from wikilint.linter.rule import Rule

# What an entry may hold and still be empty: pandoc leaves `6.  .` for a dropped citation.
_EMPTY_CONTENT = " \t\r\n.。\u3000\u00a0"


def is_empty_entry(entry: ReferenceEntry) -> bool:
    return not entry.text.strip(_EMPTY_CONTENT)


class EmptyReference(Rule):
    """## What it does
    Flags a reference with no text: in converted Markdown an entry of the reference list
    that is only its number (`1.`, `1.  `, `6.  .`) or an empty footnote `[^1]:`; in
    wikitext `<ref></ref>`, `<ref> </ref>` and an unnamed `<ref/>`.

    ## Why is this bad?
    A reader who follows the marker finds nothing: the claim it was meant to support is
    uncited. In converted articles the entry was usually a `{{cite …}}` template that the
    converter dropped, so the whole list must be regenerated from the source. MediaWiki's
    Cite extension rejects the wikitext forms (`cite_error_ref_no_input`).

    ## Example
    ```markdown
    平壤是朝鮮的首都\\[1\\]。

    1.
    ```

    ```wikitext
    平壤是朝鮮的首都<ref></ref>。
    ```

    ## Use instead
    ```markdown
    平壤是朝鮮的首都\\[1\\]。

    1.  《朝鮮地理》，1998年，第12頁。
    ```
    """

    code = "REF001"
    name = "empty-reference"
    severity = Severity.ERROR

    def check(self, document: Document) -> Iterator[Diagnostic]:
        for entry in document.entries:
            if not is_empty_entry(entry):
                continue
            if document.dialect is Dialect.WIKITEXT:
                message = "`<ref/>` has no name and no content" if entry.self_closing else "reference is empty"
            elif document.slice(entry.span).startswith("[^"):
                message = f"footnote [^{entry.key}] is empty"
            else:
                message = f"reference entry {entry.key} is empty"
            yield Diagnostic(entry.span, message)


RULES = (EmptyReference,)
