"""STR: structure rules — headings, sections, leftovers of dropped templates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.linter.document import Dialect, Document, Heading, Span, subtract_spans
from wikilint.linter.finding import Diagnostic, Fix
from wikilint.linter.rule import Rule

# A full-width or ASCII parenthesis holding nothing but punctuation, or whose first slot is
# empty: `（，）`, `（）`, `()`, `（；）`, `（，縮寫為JVM）`. ASCII `()` after a word character is
# a function call (`main()`), not a dropped template.
_EMPTY_PARENTHESES = re.compile(
    r"（[ \t，、；：,;:]*）|（[ \t]*[，、；,;](?=[^）\n]*）)"
    r"|(?<![\w.\]\\])\([ \t，、；：,;:]*\)|(?<![\w.\]\\])\([ \t]*[,;](?=[^)\n]*\))"
)
_INVISIBLE = re.compile(r"<!--.*?-->|\s", re.DOTALL)


class EmptyParentheses(Rule):
    """## What it does
    Flags parentheses left empty, or holding only punctuation, where the converter dropped a
    template: `（，）`, `()`, `（）`, `（；）`, and the empty first slot of `（，縮寫為JVM）` where
    `{{lang-en|…}}` stood.

    ## Why is this bad?
    The reader sees stray punctuation where the original language name or pronunciation
    was meant to be.

    ## Example
    ```markdown
    **古巴共和國－朝鮮民主主義人民共和國關係**（，），是指……
    ```

    ## Use instead
    ```markdown
    **古巴共和國－朝鮮民主主義人民共和國關係**，是指……
    ```
    """

    code = "STR001"
    name = "empty-parentheses"
    fixable = True

    def check(self, document: Document) -> Iterator[Diagnostic]:
        # The raw text, not prose_text: a link or code inside the parentheses is content.
        prose = document.prose
        starts = [span.start for span in prose]
        for match in _EMPTY_PARENTHESES.finditer(document.text):
            span = Span(match.start(), match.end())
            index = bisect.bisect_right(starts, span.start) - 1
            if index < 0 or not prose[index].contains(span):
                continue  # in a link target, a URL, code or a citation
            found = match[0]
            if found.endswith(("）", ")")):
                message = f"empty parentheses {found!r} where a template was dropped"
                fix = Fix.delete(span, "remove the empty parentheses")
            else:
                message = f"parentheses open on an empty slot {found!r} where a template was dropped"
                fix = Fix.delete(Span(span.start + 1, span.end), "remove the empty slot")
            yield Diagnostic(span, message, fix)


def _has_content(text: str) -> bool:
    return bool(_INVISIBLE.sub("", text))


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

    def check(self, document: Document) -> Iterator[Diagnostic]:
        headings = document.headings
        has_reference_list = bool(document.reference_lists) or bool(
            _REFERENCES_TAG.search(document.markup_text)
        )
        residue = [t.span for t in document.templates] if document.dialect is Dialect.MARKDOWN else []
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


RULES = (EmptyParentheses, EmptySection, HeadingLevelSkip, DuplicateHeading)
