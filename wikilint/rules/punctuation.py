"""SCR003: full-width and ASCII punctuation mixed in Chinese prose."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

from wikilint.linter.document import Dialect, Document, LinkStyle, Span, merge_spans, subtract_spans
from wikilint.linter.finding import Diagnostic
from wikilint.linter.rule import Rule
from wikilint.text.chinese import is_han, looks_chinese


class Kind(enum.Enum):
    """A kind of mark: each kind is one writing choice an article makes on its own."""

    PARENTHESES = ("()", "（）")
    COMMA = (",", "，")
    COLON = (":", "：")
    SEMICOLON = (";", "；")
    QUESTION = ("?", "？")
    EXCLAMATION = ("!", "！")

    @property
    def ascii(self) -> str:
        return self.value[0]

    @property
    def full(self) -> str:
        return self.value[1]


_KIND_OF = {char: kind for kind in Kind for char in kind.ascii + kind.full}
_MARKS = re.compile("[" + re.escape("".join(_KIND_OF)) + "]")
_OPENING = "(（"
_LONGEST_ASIDE = 500
_LONGEST_MARKUP = 2000  # a link target or a citation between a mark and its word
# Latin text that holds parentheses of its own is code or a nested gloss: ((milk juice) (honey)).
_PARENTHESES = re.compile(r"[()]")

# How the view of the text marks what is not prose: a link target or a citation marker is
# looked through (the label beside it is what a reader reads next to the mark); code, math
# and URLs are not Chinese text, so a mark beside them is not between Chinese words.
_THROUGH = "\x01"
_BLOCK = "\x00"
_SKIPPED_BESIDE_MARK = frozenset(" \t\u3000\u00a0*'_" + _THROUGH)
_SKIPPED_AT_LINE_START = frozenset(" \t\u3000\u00a0" + _THROUGH)
# A character after a mark that is not its neighbour itself (skipped, or a line break to cross).
_NOT_BESIDE = _SKIPPED_BESIDE_MARK | {"\n"}
# Full-width punctuation that stands where Chinese text goes on.
_CJK_PUNCTUATION = frozenset("，。、；：？！（）「」『』《》〈〉“”‘’…—")
_SENTENCE_PUNCTUATION = re.compile("[，。；？！、]")

# Marks that are part of something else than the prose around them.
# Bounded repeats keep every pattern linear on a long line without spaces.
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{0,15}://|www\.)[^\s<>\"'（）「」『』，。、]*", re.IGNORECASE)
_FILE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|svg|tiff?|pdf|webp|webm|ogg|ogv|oga|mp3|mp4|wav|djvu|xcf)\b", re.IGNORECASE
)
_NOT_IN_FILE_NAME = frozenset(" \t\r\n|[]<>（）「」『』，。、" + _THROUGH + _BLOCK)
_LONGEST_FILE_NAME = 240
# A Markdown link pandoc left unparsed because its target holds a space: `[a](http://x y)`.
_BROKEN_LINK_TARGET = re.compile(r"\]\(\s*(?:[A-Za-z][A-Za-z0-9+.-]{0,15}://|www\.|\.\./|/)[^)\n]{0,2000}\)")
# A namespaced page name (a gallery's `File:x.jpg|caption`, `維基百科:格式手冊`): its colon is
# the name's; the name runs to a caption bar, a space or a Chinese punctuation mark.
_NAMESPACES = (
    "File|Image|Media|Category|Template|Wikipedia|Help|Portal|User|"
    "文件|檔案|档案|图像|圖像|分類|分类|模板|維基百科|维基百科|幫助|帮助|主題|主题|用戶|用户"
)
# The lookahead on the names' first letters changes no match, but lets the engine skip most
# positions with one class test instead of trying every case-insensitive name there:
# 2.5× faster over zhwiki-md plus zhwiki-md-dev (bench/speed.py).
_NAMESPACED_NAME = re.compile(
    f"(?=[{''.join(sorted({name[0] for name in _NAMESPACES.split('|')}))}])(?:{_NAMESPACES})"
    r"\s*:[^|\]\s，。；、]{0,240}",
    re.IGNORECASE,
)
# Titles and quotations: 《書名》 and 〈篇名〉 always name a work; a short quotation without
# sentence punctuation of its own (「某某 (Remix)」) is a name or title too.
_TITLE_MARKS = re.compile(r"《[^《》\n]*》|〈[^〈〉\n]*〉")
_LONGEST_QUOTED_NAME = 32  # quote marks included; a longer quotation is a passage
_QUOTATIONS = re.compile(r"「[^「」\n]*」|『[^『』\n]*』|“[^“”\n]*”|‘[^‘’\n]*’")
# The article's own bold name and other bold names: `**北(某)線**`, `'''北(某)線'''`.
_BOLD = re.compile(r"\*\*[^*\n]+\*\*|'''[^'\n]+'''")
# Mathematics: variables, numbers and operators (`(−1) · x`, `(x<sub>1</sub>,y)`, `f(n)`).
_MATH_MARKUP = re.compile(r"<(sub|sup)>.*?</\1>|</?(?:i|var|math)>|[*\\]", re.IGNORECASE)
_MATH_OPERATORS = frozenset("+−-–=×·*/^<>≤≥±÷∑√∞|≈≠∈∝′")
_MATH_ATOM = re.compile(r"[A-Za-zα-ωΑ-Ω]|[0-9]+(?:\.[0-9]+)?")
_MATH_TEXT = re.compile(r"[A-Za-z0-9α-ωΑ-Ω.,\s+−\-–=×·/^<>≤≥±÷∑√∞|≈≠∈∝′()]+")


class MixedWidthPunctuation(Rule):
    """## What it does
    Flags an ASCII punctuation mark in Chinese prose where the article writes the full-width
    form: `,` `:` `;` `?` `!` between Chinese characters, and `()` around or beside Chinese
    text, in an article that otherwise writes `，：；？！（）` there. Each kind of mark
    (parentheses, comma, colon, semicolon, question mark, exclamation mark) is counted and
    judged on its own, and the message names that kind's own counts: an article may write
    full-width commas and ASCII parentheses throughout. A kind is flagged only where the
    ASCII form has at most half the uses of the full-width one; a tie is no majority. A pair
    of parentheses of two widths (`（注)`) is always flagged on its ASCII side.

    A full-width mark is never flagged, even in an article that mostly writes ASCII: it is
    what zhwiki's manual of style asks for in Chinese text, and such an article's majority
    is not a style to enforce. Marks that belong to something else neither vote nor are
    flagged: numbers (`1,000`, `10:30`), URLs, file names, link targets and the link syntax
    of a URL with a space, namespaced names (`文件:` in a gallery), code and math and the
    marks beside them, mathematical expressions (`(−1) · x`, `*L*(*i*)`,
    `(x<sub>1</sub>, y)`), Latin text with parentheses of its own (code), empty `（）`,
    titles in `《》` `〈〉` and quotations without sentence punctuation (`「某某 (Remix)」`),
    bold names and names whose parentheses are part of them (the article's title, a linked
    page's title), titles of external links, and pandoc-escaped title parentheses (`\\(`).
    Parentheses around Latin-only text set off by spaces (`態度 (Attitude) 與`) are the style
    zhwiki's manual allows. Japanese and Korean articles are left alone.

    ## Why is this bad?
    Mixed widths look like typos and break the even spacing of CJK text.

    ## Example
    ```markdown
    古巴(Cuba)與朝鮮（Korea）建交，兩國（兩個國家）關係密切，交流頻繁。
    ```

    ## Use instead
    ```markdown
    古巴（Cuba）與朝鮮（Korea）建交，兩國（兩個國家）關係密切，交流頻繁。
    ```
    """

    code = "SCR003"
    name = "mixed-width-punctuation"
    dialects = frozenset({Dialect.MARKDOWN, Dialect.WIKITEXT})

    def check(self, document: Document) -> Iterator[Diagnostic]:
        if not looks_chinese(document.prose_text):
            return
        view = _view(document)
        names = _name_regions(document, view)
        uses = [use for use in _uses(document.text, view, names) if use.in_chinese]
        for kind in Kind:
            of_kind = [use for use in uses if use.kind is kind]
            counts = {wide: sum(1 for use in of_kind if use.wide is wide) for wide in (False, True)}
            for use in of_kind:
                yield from self._judge(use, counts)

    def _judge(self, use: _Use, counts: dict[bool, int]) -> Iterator[Diagnostic]:
        mixed_pair = use.wide is None
        # Full-width marks are what Chinese text is written with, so only an ASCII mark is
        # ever the odd one out: beside its full-width partner, or against a clear majority.
        if not mixed_pair and not (_majority(counts) is True and use.between_han):
            return
        for index, wide in use.marks:
            if not wide:
                yield Diagnostic(Span(index, index + 1), _message(use, index, counts))


@dataclass(frozen=True)
class _Use:
    """One use of a kind of mark: a single mark, or a pair of parentheses."""

    kind: Kind
    #: ``(offset, full-width?)`` of each mark of the use.
    marks: tuple[tuple[int, bool], ...]
    #: Counts for the article's choice: beside Chinese text and none of the exceptions.
    in_chinese: bool
    #: May be flagged: Chinese text on both sides.
    between_han: bool
    text: str = ""

    @cached_property  # asked for each use several times while counting
    def wide(self) -> bool | None:
        widths = {wide for _, wide in self.marks}
        return widths.pop() if len(widths) == 1 else None


def _majority(counts: dict[bool, int]) -> bool | None:
    """The width the article writes, if the other has at most half its uses."""
    if counts[True] >= 2 * counts[False] and counts[True] > counts[False]:
        return True
    if counts[False] >= 2 * counts[True] and counts[False] > counts[True]:
        return False
    return None


def _message(use: _Use, index: int, counts: dict[bool, int]) -> str:
    kind = use.kind
    tally = (
        f"this article writes full-width {kind.full!r} {_times(counts[True])} "
        f"and ASCII {kind.ascii!r} {_times(counts[False])}"
    )
    char = use.text[index - use.marks[0][0]]
    if use.wide is None:
        partner = next(use.text[i - use.marks[0][0]] for i, wide in use.marks if wide)
        return f"ASCII {char!r} paired with full-width {partner!r}; {tally}"
    return f"ASCII {char!r} in Chinese text; {tally}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _view(document: Document) -> str:
    """The text with prose kept, code and math blocked, and other markup see-through.

    Painted span by span with string slices (line breaks kept): a list of characters
    filled one by one was most of this rule's time on long articles (bench/speed.py).
    """
    text = document.text
    view = _paint(text, subtract_spans([Span(0, len(text))], document.prose), _THROUGH)
    view = _paint(view, document.opaque, _BLOCK)
    blocked: list[Span] = []
    for pattern in _blocking_patterns(view):
        blocked.extend(Span(match.start(), match.end()) for match in pattern.finditer(view))
    for match in _FILE_EXTENSION.finditer(view):
        start = match.start()
        while start > max(0, match.start() - _LONGEST_FILE_NAME) and view[start - 1] not in _NOT_IN_FILE_NAME:
            start -= 1
        blocked.append(Span(start, match.end()))
    return _paint(view, blocked, _BLOCK)


def _blocking_patterns(view: str) -> Iterator[re.Pattern[str]]:
    """The patterns of ``_view``'s blocked names that may match in ``view``: each one's
    literal part is looked for first, in C, and most articles' prose holds neither a URL nor
    an ASCII colon (the two scans were a fifth of this rule's time over bench/speed.py's
    Chinese corpus). Never a match dropped: every match of ``_URL`` holds ``://`` or ends its
    ``www.`` with ``w.`` or ``W.`` (no other character matches ``w`` ignoring case), and every
    match of ``_NAMESPACED_NAME`` holds its ``:``."""
    if "://" in view or "w." in view or "W." in view:
        yield _URL
    yield _BROKEN_LINK_TARGET
    if ":" in view:
        yield _NAMESPACED_NAME


_NOT_A_BREAK = re.compile(r"[^\r\n]")


def _paint(text: str, spans: Iterable[Span], filler: str) -> str:
    """``text`` with every character of ``spans`` but line breaks replaced by ``filler``."""
    pieces: list[str] = []
    cursor = 0
    for span in merge_spans(spans):
        chunk = text[span.start : span.end]
        painted = filler * len(chunk) if "\n" not in chunk and "\r" not in chunk else _NOT_A_BREAK.sub(filler, chunk)
        pieces.extend((text[cursor : span.start], painted))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _name_regions(document: Document, view: str) -> list[Span]:
    """Where a mark is part of a name or title rather than of the sentence."""
    regions = [Span(m.start(), m.end()) for m in _TITLE_MARKS.finditer(view)]
    regions.extend(
        Span(m.start(), m.end())
        for m in _QUOTATIONS.finditer(view)
        if len(m[0]) <= _LONGEST_QUOTED_NAME and not _SENTENCE_PUNCTUATION.search(m[0][1:-1])
    )
    regions.extend(Span(m.start(), m.end()) for m in _BOLD.finditer(document.text))
    names: set[str] = set()
    for link in document.links:
        if link.style is LinkStyle.EXTERNAL:
            regions.append(link.label_span)  # the title of a web page, written as its site writes it
        elif link.page and "(" in link.page:
            regions.append(link.label_span)
            names.add(link.page.replace("_", " "))
    if document.path:
        title = PurePath(document.path).stem.replace("_", " ")
        if "(" in title:
            names.add(title)
    regions.extend(_occurrences(document.text, names))
    return regions


def _occurrences(text: str, names: Iterable[str]) -> Iterator[Span]:
    for name in names:
        pattern = re.escape(name).replace(r"\ ", r"[ _]")
        yield from (Span(m.start(), m.end()) for m in re.finditer(pattern, text))


def _uses(text: str, view: str, names: list[Span]) -> Iterator[_Use]:
    merged = merge_spans(names)
    ends = [region.end for region in merged]

    def named(index: int) -> bool:
        at = bisect.bisect_right(ends, index)
        return at < len(merged) and merged[at].start <= index

    opened: list[int] = []
    line_start = 0
    for match in _MARKS.finditer(view):
        index, char = match.start(), match[0]
        if view.rfind("\n", line_start, index) >= 0:
            opened.clear()  # a pair of parentheses does not span lines
            line_start = index
        if index and view[index - 1] == "\\":
            continue  # pandoc escapes the parentheses of a title: [Decade \(對數尺度\)](…)
        kind = _KIND_OF[char]
        if kind is Kind.PARENTHESES:
            if char in _OPENING:
                opened.append(index)
            elif opened:
                start = opened.pop()
                # A parenthesis longer than a paragraph's aside is not one a reader pairs.
                if index - start <= _LONGEST_ASIDE and not (named(start) or named(index)):
                    yield _pair(text, view, start, index)
            continue
        if named(index):
            continue
        # Most marks stand right beside a word: the neighbour is then the next character,
        # found without the walk (a tenth of this rule's time over bench/speed.py's corpus).
        left = view[index - 1] if index and view[index - 1] not in _SKIPPED_BESIDE_MARK else None
        right = view[index + 1] if index + 1 < len(view) and view[index + 1] not in _NOT_BESIDE else None
        left = _neighbour(view, index, -1) if left is None else left
        right = _neighbour(view, index + 1, 1) if right is None else right
        yield _Use(
            kind,
            ((index, char == kind.full),),
            in_chinese=is_han(left) or is_han(right),
            between_han=is_han(left) and is_han(right),
            text=char,
        )


def _pair(text: str, view: str, start: int, end: int) -> _Use:
    marks = ((start, view[start] == "（"), (end, view[end] == "）"))
    inner = view[start + 1 : end]
    before, after = _neighbour(view, start, -1), _neighbour(view, end + 1, 1)
    chinese_before = is_han(before) or before in _CJK_PUNCTUATION
    chinese_after = is_han(after) or after in _CJK_PUNCTUATION
    has_han = any(is_han(char) for char in inner)
    prose = (
        chinese_before
        and (has_han or chinese_after)
        and any(char.isalnum() for char in inner)  # an empty （） is a dropped template's residue
        and _BLOCK not in inner
        and (has_han or not (_set_off(view, start, end) or _PARENTHESES.search(inner)))
        and not _is_math(text, start, end)
    )
    return _Use(Kind.PARENTHESES, marks, in_chinese=prose, between_han=prose, text=view[start : end + 1])


def _set_off(view: str, start: int, end: int) -> bool:
    """Parentheses set off by spaces (`態度 (Attitude) 與`), as zhwiki's manual allows for Latin text."""
    after = _neighbour(view, end + 1, 1)
    spaced_after = view[end + 1 : end + 2] in ("", "\n", " ", "\t") or after in _CJK_PUNCTUATION or after == ""
    return view[start - 1 : start].isspace() and (spaced_after or view[end + 1 : end + 2] == _THROUGH)


def _is_math(text: str, start: int, end: int) -> bool:
    """Parentheses of a formula or a variable, not of a sentence (read in the source text,
    whose `<sub>` and emphasis are not prose)."""
    outside = (text[start - 3 : start] + text[end + 1 : end + 4]).replace(" ", "")
    if any(char in _MATH_OPERATORS and char not in "-*<>" for char in outside):
        return True  # (−1) · x, = (a + b)
    inner = _MATH_MARKUP.sub("", text[start + 1 : end])
    if any(is_han(char) for char in inner) or not _MATH_TEXT.fullmatch(inner.strip() or "x"):
        return False
    words = re.findall(r"[A-Za-zα-ωΑ-Ω]+", inner)
    if any(len(word) > 1 for word in words):
        return False  # Latin words: a gloss such as (Cuba), not variables
    atoms = _MATH_ATOM.findall(inner)
    has_operator = any(char in _MATH_OPERATORS or char == "," for char in inner.strip())
    return bool(words) and (has_operator or len(atoms) == 1)


def _neighbour(view: str, index: int, step: int) -> str:
    """The first character from ``index`` (going by ``step``) past spaces, emphasis and markup.

    Going forward, one line break is crossed, as a reader reads a hard-wrapped paragraph,
    but not into line-start markup (a list item's `*`, a heading's `#`): there prose stops.
    Going back it is not: a mark that starts a line is markup (wikitext's `:` indent).
    """
    position = index + (step if step < 0 else 0)
    limit = position + step * _LONGEST_MARKUP
    skipped = _SKIPPED_BESIDE_MARK
    while 0 <= position < len(view) and position != limit:
        char = view[position]
        if char == "\n" and step > 0 and skipped is _SKIPPED_BESIDE_MARK:
            skipped = _SKIPPED_AT_LINE_START
        elif char not in skipped:
            return char
        position += step
    return ""


RULES = (MixedWidthPunctuation,)
