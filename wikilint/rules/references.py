"""REF: citation rules."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import ClassVar

from wikilint.linter.document import (
    Dialect,
    Document,
    ReferenceEntry,
    ReferenceMarker,
    ReferenceStyle,
    Span,
)
from wikilint.linter.finding import Diagnostic, Edit, Fix, Severity
from wikilint.linter.rule import Option, Rule
from wikilint.rules.templates import template_key as _template_key


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
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    severity = Severity.ERROR

    def check(self, document: Document) -> Iterator[Diagnostic]:
        for entry in document.entries:
            if not entry.is_empty:
                continue
            if document.reference_style is ReferenceStyle.INLINE:
                message = "`<ref/>` has no name and no content" if entry.self_closing else "reference is empty"
            elif document.slice(entry.span).startswith("[^"):
                message = f"footnote [^{entry.key}] is empty"
            else:
                message = f"reference entry {entry.key} is empty"
            yield Diagnostic(entry.span, message)


# --- the citation audit: markers against entries, lists, duplicates, cite templates -------

_SENTENCE_PUNCTUATION = frozenset("。，、；：！？,.;:!?")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t\u3000]+(?=\\?(?:[。，、；：！？,.;:?]|!(?!!)))")
_URL_ONLY = re.compile(
    r"<?(?:https?|ftp)://[^\s<>\[\]]+>?"
    r"|\[(?:https?|ftp)://[^\s\[\]]+\]"
    r"|\[(?P<label>(?:https?|ftp)://[^\s\[\]]+)\]\((?P=label)\)",
    re.IGNORECASE,
)
_REF_TAG = re.compile(r"<ref\b[^<>]*?(?P<self>/?)\s*>|</ref\s*>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def _normalised(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _reuses(document: Document) -> list[ReferenceMarker]:
    """Wikitext markers that only cite, ``<ref name="x" />``, as opposed to defining refs."""
    defined_at = {entry.span for entry in document.entries}
    return [marker for marker in document.markers if marker.span not in defined_at]


def _has_reference_list(document: Document) -> bool:
    return bool(document.reference_lists)


class MissingReferenceEntry(Rule):
    """## What it does
    Flags a citation that points at nothing. Markdown: a marker `\\[n\\]` with no entry `n`
    in the reference list, or `[^x]` with no `[^x]:` definition. Wikitext: `<ref name="x" />`
    where no ref named `x` (in the same group) has content.

    ## Why is this bad?
    The reader's footnote leads nowhere; MediaWiki shows `cite_error_references_no_text`.
    In a converted article it means the list was cut short by the conversion.

    ## Example
    ```markdown
    平壤是首都\\[1\\]\\[2\\]。

    1.  《朝鮮地理》。
    ```

    ## Use instead
    ```markdown
    平壤是首都\\[1\\]\\[2\\]。

    1.  《朝鮮地理》。
    2.  《平壤志》。
    ```
    """

    code = "REF002"
    name = "missing-reference-entry"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    severity = Severity.ERROR

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not _has_reference_list(document) and document.reference_style is ReferenceStyle.LIST:
            return  # REF004 reports the missing list once, not every marker
        if document.reference_style is ReferenceStyle.LIST:
            keys = {entry.key for entry in document.entries}
            for marker in document.markers:
                if marker.key not in keys:
                    message = f"marker [{marker.key}] has no entry {marker.key} in the reference list"
                    yield Diagnostic(marker.span, message)
            return
        defined = {
            (entry.group, entry.name) for entry in document.entries if entry.name and not entry.is_empty
        }
        for marker in _reuses(document):
            if (marker.group, marker.key) not in defined:
                yield Diagnostic(marker.span, f'<ref name="{marker.key}" /> cites a reference that is never defined')


class UnusedReferenceEntry(Rule):
    """## What it does
    Flags a reference nobody cites. Markdown: an entry `n` of the reference list (or a
    `[^x]:` definition) with no marker `\\[n\\]` (`[^x]`) in the text. Wikitext: a ref
    defined inside `<references>…</references>` whose name the text never uses
    (`<ref name="x" />`, or `{{r|x}}`).

    Every form a reader takes for a marker cites: `\\[n\\]`, and the unescaped `[n]` that
    pandoc leaves in raw HTML (`<td>銷量[2]</td>`, `<sup>[2]</sup>`). Where the text has a
    form that may cite without naming one entry for sure (`Text[3]`, `\\[3–5\\]`,
    `\\[注 3\\]`, `［3］`, `<sup>3</sup>`), those entries are not reported. Raw HTML (a table
    or list pandoc kept as HTML), a leftover `<ref>` tag or a cite anchor may hold a marker
    in a form not understood: since pandoc numbers entries in the order they are first
    cited, the entry whose marker would stand there (between the markers of the cited
    entries numbered just below and above it) is not reported either.

    ## Why is this bad?
    The source supports no claim the reader can find; MediaWiki shows
    `cite_error_references_missing_key` for list-defined refs that are not used. In a
    converted article it means the markers were lost.

    ## Example
    ```wikitext
    Text.<ref name="a" />
    <references>
    <ref name="a">Source A.</ref>
    <ref name="b">Source B.</ref>
    </references>
    ```

    ## Use instead
    Cite `b` where it supports the text, or remove it.
    """

    code = "REF003"
    name = "unused-reference-entry"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if document.reference_style is ReferenceStyle.LIST:
            used = {marker.key for marker in document.markers}
            maybe_used = {marker.key for marker in document.uncertain_markers if marker.key}
            unknown_forms = sorted(marker.span.start for marker in document.uncertain_markers if not marker.key)
            first_use = _first_uses(document) if unknown_forms else {}
            for entry in document.entries:
                if entry.key is None or entry.key in used or entry.key in maybe_used:
                    continue
                if unknown_forms and _may_be_cited_at(entry.key, first_use, unknown_forms, len(document.text)):
                    continue
                yield Diagnostic(entry.span, f"reference entry {entry.key} is never cited in the text")
            return
        used_names = {(marker.group, marker.key) for marker in document.markers}
        used_names |= {
            ("", value)
            for template in document.templates
            if _template_key(template.name) == "R"
            for key, value in template.params
            if key.isdigit()
        }
        for entry in document.entries:
            if not entry.in_list:
                continue
            if entry.name is None:
                yield Diagnostic(entry.span, "a ref inside <references> has no name, so nothing can cite it")
            elif (entry.group, entry.name) not in used_names:
                yield Diagnostic(entry.span, f"list-defined ref {entry.name!r} is never used in the text")


def _first_uses(document: Document) -> dict[int, int]:
    """Where each numbered entry is first cited."""
    first_use: dict[int, int] = {}
    for marker in document.markers:
        if marker.key.isdigit():
            first_use.setdefault(int(marker.key), marker.span.start)
    return first_use


def _may_be_cited_at(key: str, first_use: dict[int, int], unknown_forms: list[int], end: int) -> bool:
    """Whether one of ``unknown_forms`` (offsets of text that may cite some entry) stands where
    entry ``key``'s marker would be.

    pandoc numbers notes in the order they are first cited, so the first marker of entry ``n``
    lies between the first markers of the nearest cited entries below and above ``n``. A
    footnote key has no such place, nor has a number whose neighbours are out of order.
    """
    if not key.isdigit():
        return True
    number = int(key)
    below = [k for k in first_use if k < number]
    above = [k for k in first_use if k > number]
    low = first_use[max(below)] if below else 0
    high = first_use[min(above)] if above else end
    if low > high:
        return True
    index = bisect.bisect_left(unknown_forms, low)
    return index < len(unknown_forms) and unknown_forms[index] <= high


class MissingReferenceList(Rule):
    """## What it does
    Flags citations with no reference list to show them. Markdown: markers but no numbered
    reference list or footnote definitions at all. Wikitext: refs but no `<references />`
    and no list template (`list-templates`), and refs placed after the last list
    (CheckWiki #111).

    ## Why is this bad?
    In converted Markdown every citation of the article leads nowhere. In wikitext the
    citations are not lost, but not where the editor meant them: current MediaWiki appends
    an automatic list at the very bottom of the page, below the navigation boxes and with
    no heading (a named group's refs get `cite_error_group_refs_without_references`).

    ## Example
    ```wikitext
    Text.<ref>Source.</ref>
    ```

    ## Use instead
    ```wikitext
    Text.<ref>Source.</ref>

    == References ==
    {{reflist}}
    ```

    ## Options
    - `list-templates` (wikitext): templates that render the reference list; default
      `reflist`, `references`, `refs`, `notelist`, `reflist-talk`, `參考資料`, `参考资料`.
    """

    code = "REF004"
    name = "missing-reference-list"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    severity = Severity.ERROR
    options: ClassVar[Mapping[str, Option]] = {
        "list-templates": Option(
            ["reflist", "references", "refs", "notelist", "reflist-talk", "參考資料", "参考资料"],
            "templates that render the reference list",
        ),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not document.markers:
            return
        first = document.markers[0]
        count = len(document.markers)
        if document.reference_style is ReferenceStyle.LIST:
            if not document.entries:
                markers = "1 marker cites" if count == 1 else f"{count} markers cite"
                yield Diagnostic(first.span, f"{markers} references but the article has no reference list")
            return
        names = {_template_key(name) for name in self.settings["list-templates"]}
        lists = [*document.reference_lists, *(t.span for t in document.templates if _template_key(t.name) in names)]
        if not lists:
            refs = "1 ref" if count == 1 else f"{count} refs"
            yield Diagnostic(first.span, f"{refs} but no <references /> or reference list template")
            return
        last_list_end = max(span.end for span in lists)
        for marker in document.markers:
            if marker.span.start >= last_list_end:
                yield Diagnostic(marker.span, "ref after the last reference list is not shown")


class ConflictingNamedReference(Rule):
    """## What it does
    Flags a ref name defined twice with different content (`<ref name="a">X</ref>` …
    `<ref name="a">Y</ref>`).

    ## Why is this bad?
    MediaWiki keeps one of the two and shows `cite_error_references_duplicate_key`; the
    other source silently disappears from the list.

    ## Example
    ```wikitext
    A.<ref name="a">Source A.</ref> B.<ref name="a">Source B.</ref>
    ```

    ## Use instead
    ```wikitext
    A.<ref name="a">Source A.</ref> B.<ref name="b">Source B.</ref>
    ```
    """

    code = "REF005"
    name = "conflicting-named-reference"
    severity = Severity.ERROR
    dialects = frozenset({Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        first_content: dict[tuple[str, str], str] = {}
        for entry in document.entries:
            if entry.name is None or entry.is_empty:
                continue
            key = (entry.group, entry.name)
            content = _normalised(entry.text)
            if key not in first_content:
                first_content[key] = content
            elif first_content[key] != content:
                yield Diagnostic(entry.span, f"ref {entry.name!r} is defined again with different content")


class DuplicateReference(Rule):
    """## What it does
    Flags a reference whose text repeats an earlier one: two entries of the reference list
    with identical text (Markdown), or the same ref content cited as separate refs instead
    of one named ref (wikitext).

    In converted Markdown, an entry that is only the tail of a citation whose template the
    converter dropped (`2.   p. 29.`: the text starts after a wider gap than pandoc's, or
    with a punctuation mark) is not compared: two such tails may come from different sources.

    ## Why is this bad?
    The list shows one source twice, and the duplicate copies drift apart when one is
    corrected.

    ## Example
    ```wikitext
    A.<ref>Smith 2001, p. 4.</ref> B.<ref>Smith 2001, p. 4.</ref>
    ```

    ## Use instead
    ```wikitext
    A.<ref name="smith">Smith 2001, p. 4.</ref> B.<ref name="smith" />
    ```
    """

    code = "REF006"
    name = "duplicate-reference"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        first: dict[str, ReferenceEntry] = {}
        listed = document.reference_style is ReferenceStyle.LIST
        for entry in document.entries:
            if entry.is_empty or (listed and _tail_of_dropped_citation(document, entry)):
                continue
            content = _normalised(entry.text)
            earlier = first.setdefault(content, entry)
            if earlier is entry or (entry.name is not None and entry.name == earlier.name):
                continue
            line = document.position(earlier.span.start)[0]
            if document.reference_style is ReferenceStyle.LIST:
                message = f"reference entry {entry.key} repeats entry {earlier.key}"
            else:
                message = f"same content as the ref on line {line}; name it once and reuse it"
            yield Diagnostic(entry.span, message)


_ITEM_NUMBER = re.compile(r"(\d+[.)])([ \t]*)")
_LEADING_PUNCTUATION = frozenset("，,、。.;；:：)）")


def _tail_of_dropped_citation(document: Document, entry: ReferenceEntry) -> bool:
    """pandoc starts an item's text at column 4 (`1.  A`, `10. A`) or one space after a
    longer number; a wider gap, or a text that starts with punctuation, is where a dropped
    template stood."""
    item = _ITEM_NUMBER.match(document.text, entry.span.start)
    if item is None or not entry.text:
        return False
    return len(item[0]) > max(4, len(item[1]) + 1) or entry.text[0] in _LEADING_PUNCTUATION


class BareUrlReference(Rule):
    """## What it does
    Flags a reference that is only a URL: `1.  <http://example.com/a>` in Markdown,
    `<ref>http://example.com/a</ref>` or `<ref>[http://example.com/a]</ref>` in wikitext
    (CheckWiki #67-like, WPCleaner's bare-URL check).

    ## Why is this bad?
    When the link dies, nothing is left to find the source again: no title, author,
    publisher or date.

    ## Example
    ```wikitext
    Text.<ref>http://example.com/report.pdf</ref>
    ```

    ## Use instead
    ```wikitext
    Text.<ref>{{cite web |url=http://example.com/report.pdf |title=Annual report |date=2020}}</ref>
    ```
    """

    code = "REF007"
    name = "bare-url-reference"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        for entry in document.entries:
            if entry.text and _URL_ONLY.fullmatch(entry.text.strip()):
                yield Diagnostic(entry.span, "reference is only a URL; give at least a title and a date")


_TITLE = "title|script-title|trans-title"
_DEFAULT_REQUIRED = {
    "cite web": ["url", _TITLE],
    "cite news": [_TITLE],
    "cite book": [_TITLE],
    "cite journal": [_TITLE, "journal|work"],
    "cite magazine": [_TITLE, "magazine|work"],
    "citation": [_TITLE],
}


class IncompleteCitation(Rule):
    """## What it does
    Flags a `{{cite …}}` template that lacks a parameter its kind needs (cite web: `url` and
    a title; cite book: a title; cite journal: a title and `journal`; …, the
    `required-parameters` option; a title is `title`, `script-title` or `trans-title`), or that has an
    `archive-url` without an `archive-date`. Names compare without case (`{{Cite web}}`);
    a requirement `a|b` is met by either parameter. In converted Markdown, a `{{cite …}}`
    that survived the conversion is checked the same way.

    ## Why is this bad?
    The citation renders with a red "missing title" error, or an archive link with no
    date, and the source cannot be verified.

    ## Example
    ```wikitext
    <ref>{{cite web |url=http://example.com/a}}</ref>
    ```

    ## Use instead
    ```wikitext
    <ref>{{cite web |url=http://example.com/a |title=A page |access-date=2024-01-01}}</ref>
    ```

    ## Options
    - `required-parameters`: a table from template name to the parameters it must set. It
      extends the defaults: a template you name gets your list, the others keep theirs; `[]`
      drops a template's requirements. `wikilint rule REF008` prints the defaults.
    """

    code = "REF008"
    name = "incomplete-citation"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    options: ClassVar[Mapping[str, Option]] = {
        "required-parameters": Option(_DEFAULT_REQUIRED, "parameters each cite template must set"),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        required = {_template_key(name).lower(): needs for name, needs in self.settings["required-parameters"].items()}
        for template in document.templates:
            kind = _template_key(template.name).lower()
            if kind not in required:
                continue
            missing = [need for need in required[kind] if not template.param(*need.split("|"))]
            if missing:
                needs = ", ".join(need.replace("|", " or ") for need in missing)
                yield Diagnostic(template.span, f"{{{{{template.name}}}}} lacks {needs}")
            if template.param("archive-url", "archiveurl") and not template.param("archive-date", "archivedate"):
                yield Diagnostic(template.span, f"{{{{{template.name}}}}} has archive-url but no archive-date")


#: How many times the other placement the article's own placement must be used to count as
#: its style. Judged on real articles: 7 to 4 and 3 to 2 read as a style broken, 9 to 8 as two habits.
_CLEAR_MAJORITY = 1.5


class ReferencePunctuation(Rule):
    """## What it does
    Flags whitespace between a reference marker and the punctuation it belongs to
    (`平壤\\[8\\] 。`, `text<ref>…</ref> .`), and markers placed on the other side of the
    punctuation from the rest of the article (`文字\\[1\\]。` here, `文字。\\[2\\]` there; the
    article's placement must be at least 1.5 times as common as the other to count as its style),
    and a marker with punctuation on both sides (`完成.\\[4\\]。`, `終止。\\[6\\]。`), where one
    of the two marks is stray. Closing quotes and brackets are not punctuation for this rule;
    in `Inc.\\[1\\]，` the point belongs to the word and the marker stands before the comma.

    The space is removed and a misplaced mark moved to the other side of the markers by
    `--fix`. A stray mark has no fix: which of the two goes is for the editor to decide, and
    moving one would only double them (`完成\\[4\\].。`).

    ## Why is this bad?
    A space before `。` or `.` is a typo readers see; markers on both sides of the
    punctuation look careless and confuse which clause a source supports; a doubled mark
    is a typo.

    ## Example
    ```markdown
    雙方討論加強聯繫的事宜\\[13\\] 。
    ```

    ## Use instead
    ```markdown
    雙方討論加強聯繫的事宜\\[13\\]。
    ```

    ## Options
    - `placement`: `"consistent"` (default: the article's majority), `"before"` or `"after"`
      the punctuation.
    """

    code = "REF009"
    name = "reference-punctuation"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "placement": Option(
            "consistent", "where markers go relative to punctuation", ("consistent", "before", "after")
        ),
    }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        text = document.text
        placements: list[tuple[Span, str]] = []
        for group in _marker_groups(document.markers):
            space = _SPACE_BEFORE_PUNCTUATION.match(text, group.end)
            if space:
                message = "space between the reference marker and the punctuation"
                gap = Span(space.start(), space.end())
                yield Diagnostic(gap, message, Fix.delete(gap, "remove the space"))
            after = _punctuation_at(text, space.end() if space else group.end)
            before = text[group.start - 1] if group.start > 0 and text[group.start - 1] in _SENTENCE_PUNCTUATION else ""
            if before and after:
                # Neither side is the marker's place: one of the two marks is stray, and which
                # one is a matter of the text, not of placement, so there is no fix.
                if _abbreviation_point(text, group.start - 1):
                    placements.append((group, "before"))  # `Inc.\[1\]，`: the point is the word's
                else:
                    yield Diagnostic(
                        group,
                        f"punctuation on both sides of the reference marker ('{before}' before it, "
                        f"'{after}' after it); one of them is stray",
                    )
            elif before:
                placements.append((group, "after"))
            elif after:
                placements.append((group, "before"))
        yield from self._placement(text, placements)

    def _placement(self, text: str, placements: list[tuple[Span, str]]) -> Iterator[Diagnostic]:
        counts = Counter(placement for _, placement in placements)
        preferred = self.settings["placement"]
        if preferred == "consistent":
            # A house style is a clear majority; 9 to 8 is two habits, not one rule broken.
            major, minor = sorted((counts["before"], counts["after"]), reverse=True)
            if major == minor or major < _CLEAR_MAJORITY * minor:
                return
            preferred = "before" if counts["before"] > counts["after"] else "after"
        for span, placement in placements:
            if placement != preferred:
                yield Diagnostic(
                    span,
                    f"marker placed {placement} the punctuation; this article places markers {preferred} it "
                    f"({counts[preferred]} to {counts[placement]})",
                    self._move(text, span, placement),
                )

    @staticmethod
    def _move(text: str, group: Span, placement: str) -> Fix | None:
        """Move the punctuation mark to the other side of the marker group."""
        if placement == "after":  # `。\[1\]` → `\[1\]。`
            escaped = group.start >= 2 and text[group.start - 2] == "\\"
            mark = Span(group.start - (2 if escaped else 1), group.start)  # `\!\[1\]`: the escape goes along
            if mark.start > 0 and text[mark.start - 1] in _SENTENCE_PUNCTUATION:
                return None  # `。，\[1\]`: moving one mark would leave punctuation on both sides
            return Fix((Edit(mark.start, mark.end, ""), Edit(group.end, group.end, text[mark.start : mark.end])),
                       message="put the marker before the punctuation")
        start = group.end + (1 if text.startswith("\\", group.end) else 0)
        if start >= len(text) or text[group.end].isspace():
            return None  # the space before the mark is fixed first; the next pass moves it
        mark = Span(group.end, start + 1)  # `\[1\]。` → `。\[1\]`, keeping an escape with its mark
        if _punctuation_at(text, mark.end):
            return None  # `\[1\]。，`: as above
        return Fix((Edit(mark.start, mark.end, ""), Edit(group.start, group.start, text[mark.start : mark.end])),
                   message="put the marker after the punctuation")


def _punctuation_at(text: str, index: int) -> str:
    """The sentence punctuation mark at ``index`` ("" if none), also in pandoc's escaped form (``\\!``)."""
    if text.startswith("\\", index):
        index += 1
    if text.startswith("!!", index):
        return ""  # a wikitext table's header-cell separator, not an exclamation
    return text[index] if index < len(text) and text[index] in _SENTENCE_PUNCTUATION else ""


def _abbreviation_point(text: str, index: int) -> bool:
    """An ASCII ``.`` that ends a Latin word or number (``Inc.``, ``U.S.``), not a sentence."""
    return text[index] == "." and index > 0 and text[index - 1].isascii() and text[index - 1].isalnum()


def _marker_groups(markers: tuple[ReferenceMarker, ...]) -> list[Span]:
    """Adjacent markers (``\\[15\\]\\[16\\]\\[17\\]``) stand together before the punctuation."""
    groups: list[Span] = []
    for marker in markers:
        if groups and marker.span.start == groups[-1].end:
            groups[-1] = Span(groups[-1].start, marker.span.end)
        else:
            groups.append(marker.span)
    return groups


class UnclosedReference(Rule):
    """## What it does
    Flags a `<ref>` without `</ref>`, a stray `</ref>`, and a ref opened inside another ref
    (CheckWiki #94, WPCleaner #531). Comments, `<nowiki>`, `<pre>` and code are skipped.

    ## Why is this bad?
    An unclosed ref swallows the rest of the article into a footnote; a nested ref is
    not allowed by the Cite extension (`cite_error_included_ref`).

    ## Example
    ```wikitext
    Text.<ref>Source. More article text…
    ```

    ## Use instead
    ```wikitext
    Text.<ref>Source.</ref> More article text…
    ```
    """

    code = "REF010"
    name = "unclosed-reference"
    severity = Severity.ERROR
    dialects = frozenset({Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        text = document.markup_text
        open_refs: list[Span] = []
        for match in _REF_TAG.finditer(text):
            span = Span(match.start(), match.end())
            if match[0].startswith("</"):
                if open_refs:
                    open_refs.pop()
                else:
                    yield Diagnostic(span, "</ref> closes no open <ref>")
            elif not match["self"]:
                if open_refs:
                    yield Diagnostic(span, "<ref> opened inside another <ref>")
                open_refs.append(span)
            elif open_refs:
                yield Diagnostic(span, "<ref /> inside another <ref>")
        for span in open_refs:
            yield Diagnostic(span, "<ref> is never closed with </ref>")


RULES = (
    EmptyReference,
    MissingReferenceEntry,
    UnusedReferenceEntry,
    MissingReferenceList,
    ConflictingNamedReference,
    DuplicateReference,
    BareUrlReference,
    IncompleteCitation,
    ReferencePunctuation,
    UnclosedReference,
)
