"""Front end for Wikipedia articles converted to Markdown by pandoc.

This is a purpose-built scanner, not a CommonMark parser. The converted articles use a small,
regular subset of Markdown (ATX headings, paragraphs, ``  - `` lists, fenced code, links with
a ``"wikilink"`` title, ``\\[n\\]`` markers, a trailing numbered list of references), and
corpus runs need speed: on the shared corpus markdown-it-py parses at ~2.3 MB/s, this scanner
at ~5 MB/s (``bench/markdown_frontend.py`` measures both in one run), so the blocks are found
line by line and the inline elements with linear regular expressions over the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import mwparserfromhell

from wikilint.linter.document import (
    Dialect,
    Document,
    Heading,
    Link,
    LinkStyle,
    ReferenceEntry,
    ReferenceMarker,
    ReferenceStyle,
    Span,
    Template,
    iter_lines,
    mask_outside,
    merge_spans,
    subtract_spans,
)
from wikilint.linter.titles import parse_page_title, parse_wiki_url, unescape_markdown

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_ORDERED_ITEM = re.compile(r" {0,3}(\d{1,9})[.)](?:[ \t]+(.*)|[ \t]*)")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)")
_INDENTED = re.compile(r"(?: {2,}|\t)\S")
# Neither part may contain an opening bracket or parenthesis, so that a failed match stops
# at the next one instead of rescanning the line (linear on a line of 100,000 `[`).
_PAREN_LINK = re.compile(r'\[[^\[\]\n]*\]\((?:[^\s()\\]|\\.)*(?:\s+"[^"\n]*")?\)')
# A line of conversion leftovers only (`{{-}}`, `<references />`, `</div>`): not content,
# so a reference list before it is still the last block of the article.
_RESIDUE_LINE = re.compile(r"[ \t]*(?:(?:\{\{[^{}\n]*\}\}|<[^<>\n]*>)[ \t]*)+")
_CATEGORY_PREFIX = re.compile(r"(?:Category|分类|分類|カテゴリ|분류|Kategorie):")

# Each of _LINK, _BARE_URL and _CITATION_LIKE starts with a lookahead for the characters its
# matches can start with (with the pattern's own flags): no match is lost, and the engine
# leaves every other position at once instead of trying the branches there (together 4 % of
# a lint over bench/speed.py's Chinese corpus).
_LINK = re.compile(
    r"(?=\[)(?<!\\)\[(?P<label>(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\((?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.)*)"
    r'(?:\s+"(?P<title>(?:[^"\\]|\\.)*)")?\s*\)',
    re.DOTALL,
)
# Inline code: a run of backticks up to the next run of the same length in the paragraph
# (CommonMark's code span). Found from the runs, not by one regex: a lazy pattern rescans the
# rest of the paragraph from every unclosed run, quadratic on text of many distinct runs.
_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t]*\n)")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]*>", re.IGNORECASE)
_BARE_URL = re.compile(r"(?=[hHfF])(?:https?|ftp)://[^\s<>\"'（）「」『』，。、\[\]]+", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_NUMBERED_MARKER = re.compile(r"\\\[(\d{1,4})\\\]")
_FOOTNOTE_MARKER = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# pandoc escapes brackets in Markdown text but not in the raw HTML it leaves for a table or
# list it cannot convert, so a citation there stays ``[3]`` (``<td>銷量[3]</td>``).
_BARE_MARKER = re.compile(r"(?<!\\)\[([1-9]\d{0,3})\](?![(:])")
# Forms a reader may take for a citation that do not name one entry of the list.
_CITATION_LIKE = re.compile(
    r"(?=[\\［【〔&<#cC])(?:"
    r"\\\[(?P<escaped>[^\[\]\\\n]{0,20}?\d[^\[\]\\\n]{0,20}?)\\\]"
    r"|[［【〔](?P<wide>\d{1,4})[］】〕]"
    r"|&#91;(?P<entity>\d{1,4})&#93;"
    r"|<sup>\s*(?P<sup>\d{1,4})\s*</sup>"
    r"|(?P<any><ref\b|cite_(?:note|ref)-|\#fn(?:ref)?\d))",
    re.IGNORECASE,
)
# Raw HTML that pandoc kept as it was (a table, a complex list): as in CommonMark, a block
# that starts with such a tag and runs to the next blank line. Its citations may take forms
# the scanner does not know.
_HTML_BLOCK = re.compile(
    r"^ {0,3}</?(?:table|tr|td|th|ul|ol|li|div|dl|dt|dd|p|blockquote|center)\b.*?(?=\n[ \t]*\n|\Z)",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
# What in a line of raw HTML is no citation text: tags, entities, the markers already known.
_HTML_NOT_CITATION = re.compile(r"<[^<>\n]*>|&#?\w+;|\\\[\d{1,4}\\\]|\[\d{1,4}\]")
_DIGIT = re.compile(r"\d")
_NUMBER_RANGE = re.compile(r"(\d{1,4})\s*[-–—~～至]\s*(\d{1,4})|\d{1,4}")
_MAX_RANGE = 50
_CONVERSION_MARKUP = re.compile(r"\\?-\{.{0,2000}?\}-", re.DOTALL)
_MATH = re.compile(r"\\\((?:[^\\\n]|\\[^)])*?\\\)|\\\[(?=[^\]\n]*\\[A-Za-z])(?:[^\\\n]|\\[^\]])*?\\\]")
# Template braces, and the blank lines that end a paragraph. A template left in converted
# Markdown never spans a blank line: pandoc wraps a paragraph's lines (and splits a template
# at the `|` of a table cell onto the next line) but ends every block with a blank line. So an
# unclosed `{{` is given up at the end of its paragraph, not of its line, and the templates
# after it are read as a reader reads them.
_TEMPLATE_BRACES = re.compile(r"\{\{|\}\}|(?:\r\n|\r|\n)[ \t]*(?=\r|\n)")
# A section link: `../Page/X.md#Y`, or the converter's own `../Page/X#Y.md`.
_RELATIVE_PAGE = re.compile(r"(?:\.\./)*(?P<folder>Page|Category)/(?P<title>.+?)\.md(?:#.*)?")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_REFERENCE_HEADING = re.compile(
    r"參考|参考|參見|注釋|注释|註釋|注解|註解|脚注|腳註|腳注|出典|來源|来源|文獻|文献|"
    r"references?|notes|footnotes|sources|citations|einzelnachweise|anmerkungen|각주|참고",
    re.IGNORECASE,
)
_MAX_TEMPLATE_LENGTH = 20_000


@dataclass
class _Item:
    number: int
    span: Span
    content: Span


def _inline_code(text: str) -> list[Span]:
    """The code spans of ``text``, in one pass over its backtick runs.

    A run opens a span that the next run of the same length closes, if one comes before the
    paragraph ends (a blank line); the runs in between are part of the span. A run no run
    closes is plain text, and the next run is tried.
    """
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    runs = [(m.start(), m.end(), bisect.bisect(breaks, m.start())) for m in _BACKTICKS.finditer(text)]
    closer: list[int | None] = [None] * len(runs)
    later: dict[tuple[int, int], int] = {}  # (paragraph, length) → the nearest run after
    for index in range(len(runs) - 1, -1, -1):
        start, end, paragraph = runs[index]
        closer[index] = later.get((paragraph, end - start))
        later[(paragraph, end - start)] = index
    spans: list[Span] = []
    index = 0
    while index < len(runs):
        match = closer[index]
        if match is None:
            index += 1
        else:
            spans.append(Span(runs[index][0], runs[match][1]))
            index = match + 1
    return spans


def parse_markdown(text: str, path: str | None = None) -> Document:
    blocks = _scan_blocks(text)
    scan_text = mask_outside(text, _complement(text, blocks.code))
    inline_code = _inline_code(scan_text)
    if inline_code:
        scan_text = mask_outside(scan_text, _complement(text, inline_code))

    opaque: list[Span] = [*blocks.code, *inline_code]
    opaque.extend(_html_comments(scan_text))
    opaque.extend(Span(m.start(), m.end()) for m in _MATH.finditer(scan_text))
    skipped: list[Span] = list(opaque)
    for pattern in (_AUTOLINK, _HTML_TAG):
        skipped.extend(Span(m.start(), m.end()) for m in pattern.finditer(scan_text))
    conversion = [Span(m.start(), m.end()) for m in _CONVERSION_MARKUP.finditer(scan_text)]
    skipped.extend(conversion)

    links = list(_links(scan_text, text))
    for link in links:
        skipped.append(Span(link.label_span.end, link.span.end))
        if link.namespace in ("Category", "File"):
            skipped.append(link.span)
    skipped.extend(Span(m.start(), m.end()) for m in _BARE_URL.finditer(scan_text))

    markers = [
        ReferenceMarker(Span(m.start(), m.end()), m[1])
        for pattern in (_NUMBERED_MARKER, _FOOTNOTE_MARKER)
        for m in pattern.finditer(scan_text)
    ]
    bare, uncertain = _bracket_citations(scan_text, not_text=skipped, opaque=opaque)
    markers.extend(bare)
    markers.sort(key=lambda marker: (marker.span.start, marker.span.end))
    skipped.extend(marker.span for marker in markers)

    # Braces in comments and math are not templates; most articles have no `{{` at all.
    templates = list(_templates(mask_outside(scan_text, _complement(text, opaque)))) if "{{" in scan_text else []
    skipped.extend(template.span for template in templates)

    entries, reference_lists = _reference_entries(text, blocks, has_markers=bool(markers))
    skipped.extend(entry.span for entry in entries)

    return Document(
        text=text,
        dialect=Dialect.MARKDOWN,
        path=path,
        reference_style=ReferenceStyle.LIST,
        renders_markup=False,
        links=tuple(links),
        markers=tuple(markers),
        entries=tuple(entries),
        templates=tuple(templates),
        headings=tuple(blocks.headings),
        conversion_markup=tuple(conversion),
        reference_lists=tuple(reference_lists),
        uncertain_markers=tuple(uncertain),
        opaque=tuple(merge_spans(opaque)),
        prose=subtract_spans([Span(0, len(text))], skipped),
    )


@dataclass
class _Blocks:
    code: list[Span]
    headings: list[Heading]
    #: Top-level ordered lists, each a list of items (blank lines may separate the items).
    ordered_lists: list[list[_Item]]
    footnotes: list[ReferenceEntry]
    #: Offset where the last line holding only category links ends (0 if none).
    categories_end: int
    #: For each ordered list, the title of the heading it stands under ("" if none).
    list_headings: list[str]
    #: For each ordered list, whether only blank or category lines follow it.
    list_is_trailing: list[bool]


def _scan_blocks(text: str) -> _Blocks:
    blocks = _Blocks([], [], [], [], 0, [], [])
    lines = list(iter_lines(text))
    fence: str | None = None
    fence_start = 0
    current_list: list[_Item] | None = None
    footnote: tuple[str, int, int] | None = None  # key, start offset, content start
    footnote_end = 0
    heading_title = ""
    last_content_end = 0

    def close_footnote() -> None:
        nonlocal footnote
        if footnote is not None:
            key, start, content_start = footnote
            content_start = min(content_start, footnote_end)
            blocks.footnotes.append(
                ReferenceEntry(
                    Span(start, max(footnote_end, content_start)),
                    key,
                    text[content_start:footnote_end].strip(),
                    Span(content_start, footnote_end),
                )
            )
            footnote = None

    for offset, line in lines:
        end = offset + len(line)
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                blocks.code.append(Span(fence_start, end))
                fence = None
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence, fence_start = fence_match[1], offset
            current_list = None
            close_footnote()
            continue
        if not line.strip():
            continue
        if footnote is not None and _INDENTED.match(line):
            footnote_end = offset + len(line.rstrip())
            continue
        close_footnote()
        if _RESIDUE_LINE.fullmatch(line):
            continue  # a comment or leftover tag between list items does not end the list

        item = _ORDERED_ITEM.fullmatch(line)
        if item:
            content_start = item.start(2) if item[2] is not None else item.end(1) + 1
            content_start = offset + min(content_start, len(line))
            span = Span(offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()))
            new_item = _Item(int(item[1]), span, Span(min(content_start, span.end), span.end))
            if current_list is None:
                current_list = []
                blocks.ordered_lists.append(current_list)
                blocks.list_headings.append(heading_title)
            current_list.append(new_item)
            last_content_end = span.end  # an item's trailing spaces are not content after it
            continue
        if current_list is not None and _INDENTED.match(line):
            last = current_list[-1]
            line_end = offset + len(line.rstrip())
            current_list[-1] = _Item(last.number, Span(last.span.start, line_end), Span(last.content.start, line_end))
            continue
        current_list = None

        footnote_match = _FOOTNOTE_DEFINITION.fullmatch(line)
        if footnote_match:
            footnote = (footnote_match[1], offset, offset + footnote_match.start(2))
            footnote_end = offset + len(line.rstrip())
            continue
        heading = _ATX_HEADING.fullmatch(line)
        if heading:
            title = heading[2] or ""
            title_start = offset + (heading.start(2) if heading[2] is not None else heading.end(1))
            blocks.headings.append(
                Heading(Span(offset, end), len(heading[1]), title, Span(title_start, title_start + len(title)))
            )
            heading_title = title
        if _is_category_line(line):
            blocks.categories_end = end
            continue
        last_content_end = end
    if fence is not None:  # an unclosed fence runs to the end, as in CommonMark
        blocks.code.append(Span(fence_start, len(text)))
    close_footnote()

    for items in blocks.ordered_lists:
        blocks.list_is_trailing.append(items[-1].span.end >= last_content_end)
    return blocks


def _reference_entries(
    text: str, blocks: _Blocks, *, has_markers: bool
) -> tuple[list[ReferenceEntry], list[Span]]:
    """The entries of the reference list, and any ``[^n]:`` footnote definitions.

    pandoc turned the article's ``<references />`` into a numbered list at the very end of the
    file, after the category lines. A numbered list counts as that list when it is the last
    block, starts at 1, and the article either cites ``\\[n\\]`` markers, has its categories
    before it, or puts it under a references heading; any other numbered list is content.
    """
    entries = list(blocks.footnotes)
    lists = [Span(entries[0].span.start, entries[-1].span.end)] if entries else []
    for items, heading, trailing in zip(
        blocks.ordered_lists, blocks.list_headings, blocks.list_is_trailing, strict=True
    ):
        if not trailing or items[0].number != 1:
            continue
        after_categories = blocks.categories_end and items[0].span.start >= blocks.categories_end
        if has_markers or after_categories or _REFERENCE_HEADING.search(heading):
            for item in items:
                body = text[item.content.start : item.content.end]
                entries.append(ReferenceEntry(item.span, str(item.number), body.strip(), item.content))
            lists.append(Span(items[0].span.start, items[-1].span.end))
    return entries, lists


def _bracket_citations(
    scan_text: str, *, not_text: list[Span], opaque: list[Span]
) -> tuple[list[ReferenceMarker], list[ReferenceMarker]]:
    """Unescaped ``[n]`` markers, and the text that may cite entries without naming one.

    ``Text[3]`` after a Latin word or number may be an index (``a[3]``) as well as a citation,
    so it only makes the entry uncertain; so does a number in raw HTML for the entry cited at
    its place, whichever that is (key ""). ``not_text`` holds URLs, link targets, tags and
    code; ``opaque`` only code, comments and math, since ``<sup>`` and ``cite_note`` anchors
    are tags themselves.
    """
    markers: list[ReferenceMarker] = []
    uncertain: list[ReferenceMarker] = []
    bare = list(_BARE_MARKER.finditer(scan_text))
    citation_like = list(_CITATION_LIKE.finditer(scan_text))
    html_blocks = list(_HTML_BLOCK.finditer(scan_text))
    if not bare and not citation_like and not html_blocks:
        return markers, uncertain  # the usual case: no spans to merge
    not_text, opaque = merge_spans(not_text), merge_spans(opaque)
    for block in html_blocks:
        uncertain.extend(_numbers_in_html(block[0], block.start()))
    for match in bare:
        if _inside(not_text, match.start()):
            continue
        before = scan_text[match.start() - 1] if match.start() else ""
        span = Span(match.start(), match.end())
        if before == "[":
            continue  # `[[1]](url)`: the label of a numbered external link
        if before.isascii() and (before.isalnum() or before == "_"):
            uncertain.append(ReferenceMarker(span, match[1]))
        else:
            markers.append(ReferenceMarker(span, match[1]))
    for match in citation_like:
        if _inside(opaque, match.start()):
            continue
        span = Span(match.start(), match.end())
        if match["any"]:
            uncertain.append(ReferenceMarker(span, ""))
        elif match["escaped"] is not None:
            if not match["escaped"].strip().isdigit():
                uncertain.extend(ReferenceMarker(span, key) for key in _numbers(match["escaped"]))
        elif match["sup"] is None or not _after_latin_or_number(scan_text, match.start()):
            uncertain.append(ReferenceMarker(span, str(int(match["wide"] or match["entity"] or match["sup"]))))
    return markers, uncertain


def _after_latin_or_number(text: str, index: int) -> bool:
    """``10<sup>5</sup>``, ``m<sup>2</sup>``: a superscript after these is an exponent."""
    return index > 0 and text[index - 1].isascii() and text[index - 1].isalnum()


def _numbers_in_html(block: str, offset: int) -> Iterator[ReferenceMarker]:
    """Per line of a raw HTML block, the first digit outside tags and known markers.

    A citation a reader sees shows its number, so a line without such a digit hides none;
    a line with one may, for whichever entry is cited at its place (key "").
    """
    line_start = 0
    for line in block.split("\n"):
        digit = _DIGIT.search(_HTML_NOT_CITATION.sub(lambda m: " " * len(m[0]), line))
        if digit:
            start = offset + line_start + digit.start()
            yield ReferenceMarker(Span(start, start + 1), "")
        line_start += len(line) + 1


def _numbers(text: str) -> Iterator[str]:
    """The entry numbers a bracket such as ``注 2``, ``3, 4`` or ``3–5`` may cite."""
    for match in _NUMBER_RANGE.finditer(text):
        if match[1] is None:
            yield str(int(match[0]))
            continue
        first, last = int(match[1]), int(match[2])
        if last < first or last - first > _MAX_RANGE:
            yield from (str(first), str(last))
        else:
            yield from (str(number) for number in range(first, last + 1))


def _inside(spans: list[Span], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted and merged)."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span.start) - 1
    return index >= 0 and offset < spans[index].end


def _links(scan_text: str, text: str) -> Iterator[Link]:
    for match in _LINK.finditer(scan_text):
        is_image = match.start() > 0 and scan_text[match.start() - 1] == "!"
        start = match.start() - 1 if is_image else match.start()
        target = match["target"]
        if target.startswith("<"):
            target = target[1:-1]
        target = unescape_markdown(target)
        yield _classify_link(
            Span(start, match.end()),
            text[match.start("label") : match.end("label")],
            Span(match.start("label"), match.end("label")),
            target,
            match["title"],
            Span(match.start("target"), match.end("target")),
        )


def _classify_link(
    span: Span, label: str, label_span: Span, target: str, title: str | None, target_span: Span
) -> Link:
    wiki_url = parse_wiki_url(target)
    if wiki_url is not None:
        return Link(
            span, label, label_span, target, LinkStyle.ABSOLUTE,
            wiki_url.page.title, wiki_url.page.namespace, wiki_url.language, title == "wikilink",
            target_span=target_span,
        )  # fmt: skip
    relative = _RELATIVE_PAGE.fullmatch(target)
    if relative is not None:
        page = parse_page_title(relative["title"])
        namespace = "Category" if relative["folder"] == "Category" else page.namespace
        return Link(
            span, label, label_span, target, LinkStyle.RELATIVE, page.title, namespace, is_wikilink=True,
            target_span=target_span,
        )  # fmt: skip
    if title == "wikilink" and not _URL_SCHEME.match(target):
        page = parse_page_title(target)
        return Link(
            span, label, label_span, target, LinkStyle.RELATIVE, page.title, page.namespace, is_wikilink=True,
            target_span=target_span,
        )  # fmt: skip
    return Link(span, label, label_span, target, LinkStyle.EXTERNAL, target_span=target_span)


def _templates(scan_text: str) -> Iterator[Template]:
    """Outermost ``{{…}}`` with balanced braces, read paragraph by paragraph.

    A ``{{`` still open at the end of its paragraph (or ``_MAX_TEMPLATE_LENGTH`` after it)
    is no template, but the complete templates inside it are: in ``[{{Lang](…) {{-}}`` the
    reader sees a stray ``{{Lang`` and a ``{{-}}``. One pass, a stack of open braces.
    """
    # Each open `{{`: its offset and the complete templates found inside it so far.
    stack: list[tuple[int, list[Template]]] = []
    found: list[Template] = []

    def give_up() -> None:
        for _, inner in stack:
            found.extend(inner)
        stack.clear()

    for match in _TEMPLATE_BRACES.finditer(scan_text):
        token = match[0]
        if token == "{{":
            stack.append((match.start(), []))
        elif token == "}}":
            if stack:
                start, _ = stack.pop()
                body = scan_text[start + 2 : match.start()]
                if len(body) <= _MAX_TEMPLATE_LENGTH:
                    name = body.split("|", 1)[0].strip()
                    template = Template(Span(start, match.end()), name, template_params(scan_text[start : match.end()]))
                    (stack[-1][1] if stack else found).append(template)
        else:
            give_up()
        if stack and match.start() - stack[0][0] > _MAX_TEMPLATE_LENGTH:
            give_up()
        if not stack and found:
            yield from found
            found.clear()
    give_up()
    yield from found


def _html_comments(text: str) -> Iterator[Span]:
    """``<!-- … -->`` spans. A scan with ``find``, not a lazy regex: a text full of
    unclosed ``<!--`` would make ``<!--.*?-->`` quadratic."""
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return  # an unclosed comment hides nothing: it is no comment
        yield Span(start, end + 3)
        start = text.find("<!--", end + 3)


def _is_category_line(line: str) -> bool:
    """A line of nothing but category links, the way pandoc leaves them after the body."""
    if not _CATEGORY_PREFIX.search(line):
        return False
    links = _PAREN_LINK.findall(line)
    return (
        bool(links)
        and all(_CATEGORY_PREFIX.search(link) for link in links)
        and not _PAREN_LINK.sub("", line).strip()
    )


def template_params(source: str) -> tuple[tuple[str, str], ...]:
    """Parameters of a leftover template, read the way MediaWiki reads them."""
    templates = mwparserfromhell.parse(source).filter_templates(recursive=False)
    if not templates:
        return ()
    return tuple((str(param.name).strip(), str(param.value).strip()) for param in templates[0].params)


def _complement(text: str, spans: list[Span]) -> tuple[Span, ...]:
    return subtract_spans([Span(0, len(text))], spans)
