"""STR: structure rules — headings, sections, leftovers of dropped templates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.linter.document import Document, Heading, Span
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


class EmptySection(Rule):
    """## What it does
    Flags a heading with no content before the next heading of the same or a higher level
    (CheckWiki #84). A section that holds only subsections is not empty.

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
        for index, heading in enumerate(headings):
            following = headings[index + 1] if index + 1 < len(headings) else None
            if following is not None and following.level > heading.level:
                continue  # subsections are its content
            end = following.span.start if following is not None else len(document.text)
            if not _has_content(document.text[heading.span.end : end]):
                yield Diagnostic(heading.span, f"section {_title(heading)!r} is empty")


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
