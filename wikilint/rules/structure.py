"""STR: structure rules — headings, sections, leftovers of dropped templates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.linter.document import Dialect, Document, Heading, Span, subtract_spans
from wikilint.linter.finding import Diagnostic, Fix
from wikilint.linter.rule import Rule

# Innermost parentheses on one line (a nested pair is read from the inside out). ASCII `(`
# after a word character, `.`, `]` or `\\` is a call (`main()`), a link or an escape.
_FULL_WIDTH_PARENTHESES = re.compile(r"（([^（）\n]*)）")
_ASCII_PARENTHESES = re.compile(r"(?<![\w.\]\\])\(([^()\n]*)\)")
# Full width: nothing but marks and spaces, or a mark and emphasis left empty (`（****，）`);
# `（*）` and `（**）` alone are note signs. ASCII: one mark at most, since `for (;;)` is C.
_FULL_WIDTH_EMPTY = re.compile(r"[ \t，、；：,;:]*|(?=.*[，、；：,;:])(?:[ \t，、；：,;:]|\*\*|'')*")
_ASCII_EMPTY = re.compile(r"[ \t]*[,;:]?[ \t]*")
# A separator with nothing before it (`（，縮寫為JVM）`), or after it (`（**SS**、）`, and
# `（學名：）` whose name was dropped after the colon).
_FULL_WIDTH_LEADING = re.compile(r"[ \t]*[，、；,;][ \t，、；,;]*")
_TRAILING_SLOT = " \t，、；,;：:"
_ASCII_LEADING = re.compile(r"[ \t]*,[ \t,]*")
_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "“": "”", "‘": "’", "《": "》", "〈": "〉"}


class EmptyParentheses(Rule):
    """## What it does
    Flags parentheses left empty, or holding only punctuation, where the converter dropped a
    template: `（，）`, `()`, `（）`, `（；）`; and an empty slot at either end of
    parentheses that hold something else: `（，縮寫為JVM）` where `{{lang-en|…}}` stood
    first, `（**SS**、）`, `（學名：）` whose Latin name was dropped after the colon.

    ASCII parentheses count only after a space or punctuation and with at most one mark
    inside (`main()` is a call, `for (;;)` is C), and only an empty first slot.

    The fix removes empty parentheses whole (nested ones too), and an empty first slot's
    separators and spaces, so `（、**SS**）` becomes `（**SS**）`. It is offered only where
    that is certain. An empty last slot gets none: what stands before it is often a label
    whose value was dropped (`（學名：）`, `（[讀音](…)，）`), and removing the separator
    would leave `（讀音）`, which reads as a complete aside. Nor is there a fix where
    removing the parentheses would leave empty quotation marks (`「（）」`, STR005).

    ## Why is this bad?
    The reader sees stray punctuation where the original language name or pronunciation
    was meant to be.

    ## Example
    ```markdown
    **古巴共和國－朝鮮民主主義人民共和國關係**（，），是指……
    **Java虛擬機**（，縮寫為JVM）……
    ```

    ## Use instead
    ```markdown
    **古巴共和國－朝鮮民主主義人民共和國關係**，是指……
    **Java虛擬機**（縮寫為JVM）……
    ```
    """

    code = "STR001"
    name = "empty-parentheses"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})
    fixable = True

    def check(self, document: Document) -> Iterator[Diagnostic]:
        # The raw text, not prose_text: a link or code inside the parentheses is content.
        in_prose = _ProseTest(document)
        text = document.text
        found: list[Diagnostic] = []
        for match in _FULL_WIDTH_PARENTHESES.finditer(text):
            found.extend(_check_parentheses(text, match, in_prose, _FULL_WIDTH_EMPTY, _FULL_WIDTH_LEADING, True))
        for match in _ASCII_PARENTHESES.finditer(text):
            found.extend(_check_parentheses(text, match, in_prose, _ASCII_EMPTY, _ASCII_LEADING, False))
        yield from sorted(found, key=lambda diagnostic: diagnostic.span)


class _ProseTest:
    """Whether a span lies in one prose span (not in a link target, a URL, code or a citation)."""

    def __init__(self, document: Document) -> None:
        self._prose = document.prose
        self._starts = [span.start for span in self._prose]

    def __call__(self, span: Span) -> bool:
        index = bisect.bisect_right(self._starts, span.start) - 1
        return index >= 0 and self._prose[index].contains(span)


def _check_parentheses(
    text: str,
    match: re.Match[str],
    in_prose: _ProseTest,
    empty: re.Pattern[str],
    leading: re.Pattern[str],
    full_width: bool,
) -> Iterator[Diagnostic]:
    span = Span(match.start(), match.end())
    inner = match[1]
    if empty.fullmatch(inner):
        if in_prose(span):
            removal = _removal_around(text, _nested(text, span, in_prose), full_width)
            fix = None if _leaves_empty_pair(text, removal) else Fix.delete(removal, "remove the empty parentheses")
            yield Diagnostic(span, f"empty parentheses {match[0]!r} where a template was dropped", fix)
        return
    head = leading.match(inner)
    if head:
        found = Span(span.start, span.start + 1 + head.end())
        if in_prose(found) and in_prose(Span(span.end - 1, span.end)):
            slot = text[found.start : found.end]
            message = f"parentheses open on an empty slot {slot!r} where a template was dropped"
            yield Diagnostic(found, message, Fix.delete(Span(found.start + 1, found.end), "remove the empty slot"))
    # rstrip, not a `…$` search: that is quadratic on a long run of marks before content.
    tail_start = len(inner.rstrip(_TRAILING_SLOT))
    has_tail = full_width and inner[tail_start:].strip(" \t") != ""
    if has_tail and (head is None or tail_start >= head.end()):
        found = Span(span.start + 1 + tail_start, span.end)
        if in_prose(found) and in_prose(Span(span.start, span.start + 1)):
            slot = text[found.start : found.end]
            message = f"parentheses close on an empty slot {slot!r} where a template was dropped"
            yield Diagnostic(found, message)


def _nested(text: str, span: Span, in_prose: _ProseTest) -> Span:
    """Empty parentheses with the parentheses that hold nothing else around them: `（（，））`
    goes in one fix, not one layer a pass."""
    start, end = span.start, span.end
    while start > 0 and end < len(text) and text[start - 1] + text[end] in ("（）", "()"):
        start, end = start - 1, end + 1
    return Span(start, end) if in_prose(Span(start, end)) else span


def _removal_around(text: str, span: Span, full_width: bool) -> Span:
    """The empty parentheses, and for ASCII ones the spaces before them when punctuation
    or a space follows (`Havana (), the` becomes `Havana, the`, not `Havana , the`)."""
    if full_width:
        return span
    start = span.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    after = text[span.end : span.end + 1]
    if start == span.start or not (after == "" or after.isspace() or _is_punctuation(after)):
        return span
    return Span(start, span.end)


def _is_punctuation(character: str) -> bool:
    return character in ",.;:!?，。；：！？、）)」』”’》〉"


def _leaves_empty_pair(text: str, removal: Span) -> bool:
    """Removing ``removal`` would put an opening mark right before its closing one."""
    before = text[removal.start - 1 : removal.start]
    return before in _PAIRS and text[removal.end : removal.end + 1] == _PAIRS[before]


_EMPTY_QUOTES = re.compile(r"「[ \t]*」|『[ \t]*』|“[ \t]*”|‘[ \t]*’|《[ \t]*》|〈[ \t]*〉|﹁[ \t]*﹂|﹃[ \t]*﹄")
# Words that name the marks themselves: 引號「」, 書名號《》, 使用「」作為引號, 標點符號.
# Not 號 alone: 1號月台 and 編號 stand near real quotes.
_MARK_NAME = re.compile(r"[引括][號号]|書名號|书名号|[標标][點点]|符[號号]|括弧|quot", re.IGNORECASE)
_MARK_NAME_REACH = 8


class EmptyQuotes(Rule):
    """## What it does
    Flags quotation marks or title marks with nothing between them where the converter
    dropped a template: `被稱為「」`, `『』`, `“”`, `《》`, `〈〉`. Marks in code, link
    targets and URLs are skipped, and so are marks named as marks (`引號「」`,
    `書名號《》`, `使用「」作為引號`). ASCII `""` and `''` are not flagged: they are
    attribute values and wikitext italics.

    There is no fix: the quoted word is part of the sentence (`又稱為「」。`), so removing
    the marks leaves the sentence just as broken and hides where the word was lost.

    ## Why is this bad?
    The reader sees a name or title announced and then nothing; the original text (a
    Japanese title, a term in another language) was a template the conversion lost.

    ## Example
    ```markdown
    暱稱有「」、「」。他的第一部作品《》於1997年出版。
    ```

    ## Use instead
    ```markdown
    暱稱有「菜摘」、「なっつ」。他的第一部作品《殺戮之地》於1997年出版。
    ```
    """

    code = "STR005"
    name = "empty-quotes"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        in_prose = _ProseTest(document)
        text = document.text
        for match in _EMPTY_QUOTES.finditer(text):
            span = Span(match.start(), match.end())
            if not in_prose(span) or _names_the_marks(text, span):
                continue
            yield Diagnostic(span, f"empty quotation marks {match[0]!r} where a template was dropped")


def _names_the_marks(text: str, span: Span) -> bool:
    line_start = text.rfind("\n", max(0, span.start - _MARK_NAME_REACH), span.start) + 1
    line_end = text.find("\n", span.end, span.end + _MARK_NAME_REACH)
    before = text[max(line_start, span.start - _MARK_NAME_REACH) : span.start]
    after = text[span.end : line_end if line_end >= 0 else span.end + _MARK_NAME_REACH]
    return bool(_MARK_NAME.search(before) or _MARK_NAME.search(after))


def _has_content(text: str) -> bool:
    """Anything but spaces and ``<!-- … -->`` comments (found with ``find``: a lazy regex
    goes quadratic on many unclosed ``<!--``, and an unclosed one is text)."""
    cursor = 0
    while True:
        start = text.find("<!--", cursor)
        if text[cursor : start if start >= 0 else len(text)].strip():
            return True
        if start < 0:
            return False
        end = text.find("-->", start + 4)
        if end < 0:
            return True
        cursor = end + 3


# Titles of the sections that hold the reference list or the notes (`{{reflist}}`,
# `{{notelist}}`, `<references />`): 參考資料, 参考文献, 注釋與參考, 腳註, 來源, 出典, 각주 ….
# The whole title must be such words: 名稱來源 (origin of the name) is prose, and
# 參見/参见 (see also) holds links, so an empty one of those is empty.
_REFERENCE_HEADING = re.compile(
    r"(?:參考|参考|參照|参照|資料|资料|文獻|文献|書目|书目|[注註][釋释解腳脚]|[腳脚][註注]|備[註注]|备注|"
    r"出典|出[處处]|[來来]源|引[用註注]|각주|참고|문헌|주석|출처|"
    r"references?|notes?|footnotes?|sources?|citations?|bibliography|einzelnachweise|anmerkungen|"
    r"and|[與与和及、・·/&\s])+",
    re.IGNORECASE,
)
_REFERENCES_TAG = re.compile(r"<references\b", re.IGNORECASE)


class EmptySection(Rule):
    """## What it does
    Flags a heading with no content before the next heading of the same or a higher level
    (CheckWiki #84). A section that holds only subsections is not empty. In converted
    Markdown a leftover `{{…}}` template is not content either (TPL001 flags it; the
    reader gets raw braces, not the section).

    A references or notes heading (參考資料, 参考文献, 注釋, 腳註, 來源, 出典, 각주,
    References, Notes …) is not empty when the article has a reference list anywhere:
    pandoc moves the list that `{{reflist}}` or `<references />` rendered under that
    heading to the end of the file, after the categories, and the REF rules read that
    trailing list as the article's reference list.

    ## Why is this bad?
    Readers find a heading with nothing under it; in converted articles it usually means
    the section's content was a template or list that the conversion lost.

    ## Example
    ```markdown
    ## 歷史

    ## 參見
    ```

    ## Use instead
    Write the section, or remove its heading.
    """

    code = "STR002"
    name = "empty-section"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        headings = document.headings
        has_reference_list = bool(document.reference_lists) or bool(
            _REFERENCES_TAG.search(document.markup_text)
        )
        residue = [t.span for t in document.templates] if not document.renders_markup else []
        for index, heading in enumerate(headings):
            following = headings[index + 1] if index + 1 < len(headings) else None
            if following is not None and following.level > heading.level:
                continue  # subsections are its content
            end = following.span.start if following is not None else len(document.text)
            if _section_has_content(document.text, Span(heading.span.end, end), residue):
                continue
            if has_reference_list and _REFERENCE_HEADING.fullmatch(_title(heading)):
                continue  # its list stands where the REF rules find it
            yield Diagnostic(heading.span, f"section {_title(heading)!r} is empty")


def _section_has_content(text: str, section: Span, residue: list[Span]) -> bool:
    """Anything visible in the section, leftover templates (``residue``, sorted) aside."""
    inside: list[Span] = []
    index = bisect.bisect_left(residue, Span(section.start, section.start))
    while index < len(residue) and residue[index].start < section.end:
        inside.append(residue[index])
        index += 1
    return any(
        _has_content(text[piece.start : piece.end]) for piece in subtract_spans([section], inside)
    )


class HeadingLevelSkip(Rule):
    """## What it does
    Flags a heading more than one level below the heading before it (CheckWiki #25), such
    as `####` straight after `##`. The first heading may be at level 2, the level of
    MediaWiki's `== … ==` (pandoc's `##`).

    ## Why is this bad?
    The outline jumps a level, which breaks the table of contents and screen readers'
    navigation.

    ## Example
    ```markdown
    ## 歷史
    #### 冷戰
    ```

    ## Use instead
    ```markdown
    ## 歷史
    ### 冷戰
    ```
    """

    code = "STR003"
    name = "heading-level-skip"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        previous_level = 1
        for heading in document.headings:
            if heading.level > previous_level + 1:
                yield Diagnostic(
                    heading.span,
                    f"heading {_title(heading)!r} is level {heading.level} after level {previous_level}",
                )
            previous_level = heading.level


class DuplicateHeading(Rule):
    """## What it does
    Flags a heading whose text repeats an earlier heading at the same level under the same
    parent section (CheckWiki #92). Text compares without surrounding spaces and `=`.

    ## Why is this bad?
    Both sections get the same anchor, so links to the second one land on the first.

    ## Example
    ```markdown
    ## 歷史
    ## 外交
    ## 歷史
    ```

    ## Use instead
    Merge the two sections, or give them distinct titles.
    """

    code = "STR004"
    name = "duplicate-heading"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        seen: dict[tuple[tuple[str, ...], int, str], Heading] = {}
        parents: list[Heading] = []
        for heading in document.headings:
            while parents and parents[-1].level >= heading.level:
                parents.pop()
            key = (tuple(_title(parent) for parent in parents), heading.level, _title(heading))
            first = seen.setdefault(key, heading)
            if first is not heading:
                line = document.position(first.span.start)[0]
                yield Diagnostic(heading.span, f"heading {_title(heading)!r} repeats the heading on line {line}")
            parents.append(heading)


def _title(heading: Heading) -> str:
    return " ".join(heading.title.strip(" =").split())


RULES = (EmptyParentheses, EmptySection, HeadingLevelSkip, DuplicateHeading, EmptyQuotes)
