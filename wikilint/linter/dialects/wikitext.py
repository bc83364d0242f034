"""Front end for raw MediaWiki wikitext, through mwparserfromhell.

mwparserfromhell's nodes carry no positions, but ``str(parse(t)) == t``: a node's offset is
its parent's offset plus the length of the siblings before it, and a child ``Wikicode``'s
offset inside its node is found by searching the node's text from the end of the previous
child (``__children__`` yields them in source order).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell import parser as mwparser
from mwparserfromhell.definitions import PARSER_BLACKLIST
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    HTMLEntity,
    Node,
    Tag,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes import (
    Heading as HeadingNode,
)
from mwparserfromhell.nodes import (
    Template as TemplateNode,
)
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.wikicode import Wikicode

from wikilint.linter.document import (
    Dialect,
    Document,
    Heading,
    Link,
    LinkStyle,
    ParseProblem,
    ReferenceEntry,
    ReferenceMarker,
    ReferenceStyle,
    Span,
    Template,
    subtract_spans,
)
from wikilint.linter.titles import parse_page_title, parse_wiki_url

# Tags whose content is not prose: mwparserfromhell's own list of tags whose content it
# leaves unparsed (gallery, math, nowiki, pre, source …), plus code-like inline tags.
_OPAQUE_TAGS = frozenset(PARSER_BLACKLIST) | {"code", "tt", "kbd", "samp", "mapframe", "maplink"}
_CONVERSION_MARKUP = re.compile(r"-\{.{0,2000}?\}-", re.DOTALL)


@dataclass
class _Collected:
    links: list[Link] = field(default_factory=list)
    markers: list[ReferenceMarker] = field(default_factory=list)
    entries: list[ReferenceEntry] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    reference_lists: list[Span] = field(default_factory=list)
    opaque: list[Span] = field(default_factory=list)
    prose: list[Span] = field(default_factory=list)
    source: Callable[[Node | Wikicode], str] = str


class _Sources:
    """The source text of each node and Wikicode of one tree, rendered bottom-up once.

    ``str(node)`` re-renders the node's whole subtree, and the walk needs the text of every
    node at every nesting level, so a leaf was rendered once per level above it. Here each
    node's text is put together from its children's texts, each computed once, the way
    mwparserfromhell's own ``__str__`` puts it together (templates, parameters, links,
    headings, tags and their attributes); the nodes without nodes inside (comments,
    entities, arguments) are rendered by ``str``. The parse
    checks the root's text against the page, and uses plain ``str`` if they ever differ.
    Measured by bench/speed.py (wikitext -j 1 CPU against the bare parse).
    """

    def __init__(self) -> None:
        self._known: dict[int, str] = {}  # by id: the tree keeps every node alive

    def __call__(self, item: Node | Wikicode | Parameter | Attribute) -> str:
        if isinstance(item, Text):
            return item.value
        known = self._known.get(id(item))
        if known is None:
            known = self._known[id(item)] = self._render(item)
        return known

    def _render(self, item: Node | Wikicode | Parameter | Attribute) -> str:
        if isinstance(item, Wikicode):
            return "".join([self(node) for node in item.nodes])
        if isinstance(item, TemplateNode):
            if item.params:
                return "{{" + self(item.name) + "|" + "|".join([self(param) for param in item.params]) + "}}"
            return "{{" + self(item.name) + "}}"
        if isinstance(item, Parameter):
            return self(item.name) + "=" + self(item.value) if item.showkey else self(item.value)
        if isinstance(item, Wikilink):
            if item.text is not None:
                return "[[" + self(item.title) + "|" + self(item.text) + "]]"
            return "[[" + self(item.title) + "]]"
        if isinstance(item, HeadingNode):
            return "=" * item.level + self(item.title) + "=" * item.level
        if isinstance(item, Tag):
            return self._tag(item)
        if isinstance(item, Attribute):
            text = item.pad_first + self(item.name) + item.pad_before_eq
            if item.value is None:
                return text
            quotes = item.quotes or ""
            return text + "=" + item.pad_after_eq + quotes + self(item.value) + quotes
        if isinstance(item, ExternalLink):
            if not item.brackets:
                return self(item.url)
            if item.title is None:
                return "[" + self(item.url) + "]"
            return "[" + self(item.url) + ("" if item.suppress_space is True else " ") + self(item.title) + "]"
        return str(item)  # comments, entities, arguments: no nodes inside

    def _tag(self, tag: Tag) -> str:
        attributes = "".join([self(attribute) for attribute in tag.attributes])
        if tag.wiki_markup:  # bold and italic quotes, list and table markup
            start = tag.wiki_markup + attributes + (tag.padding or "") + (tag.wiki_style_separator or "")
            if tag.self_closing:
                return start
            return start + self(tag.contents) + (tag.closing_wiki_markup or "")
        start = ("</" if tag.invalid else "<") + self(tag.tag) + attributes
        if tag.self_closing:
            return start + tag.padding + (">" if tag.implicit else "/>")
        return start + tag.padding + ">" + self(tag.contents) + "</" + self(tag.closing_tag) + ">"


@dataclass(frozen=True)
class _Context:
    """What the enclosing nodes say about a piece of wikicode."""

    prose: bool = True
    in_references: bool = False
    in_template: bool = False

    def without_prose(self) -> _Context:
        return _Context(False, self.in_references, self.in_template)


_Stack = list[tuple[Wikicode, int, _Context]]


_TAG_OPENER = re.compile(r"<[A-Za-z!/]")


def may_stall_parser(text: str) -> bool:
    """Whether mwparserfromhell's C tokenizer may take minutes on this text.

    Its backtracking grows with tags that never close: thousands of ``<span `` without
    ``>``, of ``<!--`` without ``-->``, of ``<ref>`` without ``</ref>`` (issue #183 upstream).
    Real articles stay far below these counts; a text above them is parsed where it can be
    stopped (a supervised worker process).
    """
    if text.count("<") < 500:
        return False
    unclosed_openers = len(_TAG_OPENER.findall(text)) - text.count(">")
    unclosed_refs = text.count("<ref") - text.count("</ref") - text.count("/>")
    unclosed_comments = text.count("<!--") - text.count("-->")
    return max(unclosed_openers, unclosed_refs, unclosed_comments) > 300


def parse_wikitext(text: str, path: str | None = None) -> Document:
    problems: list[ParseProblem] = []
    try:
        code = _parse(text)
    except mwparser.ParserError as error:
        problems.append(ParseProblem(Span(0, len(text)), f"mwparserfromhell could not parse the page: {error}"))
        return Document(
            text=text, dialect=Dialect.WIKITEXT, path=path, reference_style=ReferenceStyle.INLINE, renders_markup=True,
            problems=tuple(problems),
        )

    sources = _Sources()
    collected = _Collected(source=sources if sources(code) == text else str)
    _walk(code, collected)
    conversion = [Span(m.start(), m.end()) for m in _CONVERSION_MARKUP.finditer(text)]
    return Document(
        text=text,
        dialect=Dialect.WIKITEXT,
        path=path,
        reference_style=ReferenceStyle.INLINE,
        renders_markup=True,
        links=tuple(sorted(collected.links, key=lambda link: link.span)),
        markers=tuple(sorted(collected.markers, key=lambda marker: marker.span)),
        entries=tuple(sorted(collected.entries, key=lambda entry: entry.span)),
        templates=tuple(sorted(collected.templates, key=lambda template: template.span)),
        headings=tuple(sorted(collected.headings, key=lambda heading: heading.span)),
        conversion_markup=tuple(conversion),
        reference_lists=tuple(sorted(collected.reference_lists)),
        opaque=tuple(sorted(collected.opaque)),
        prose=subtract_spans(collected.prose, conversion),
        problems=tuple(problems),
    )


def _parse(text: str) -> Wikicode:
    """Parse with the C tokenizer, falling back to the pure-Python one where C gives up.

    The C tokenizer raises ``ParserError`` on some real pages ("exited with BAD_ROUTE");
    the Python tokenizer implements the same grammar and often gets through them.
    """
    try:
        code: Wikicode = mwparserfromhell.parse(text, skip_style_tags=False)
        return code
    except mwparser.ParserError:
        saved = mwparser.use_c
        mwparser.use_c = False
        try:
            code = mwparser.Parser().parse(text, skip_style_tags=False)  # type: ignore[no-untyped-call]
            return code
        finally:
            mwparser.use_c = saved


def _walk(root: Wikicode, out: _Collected) -> None:
    # An explicit stack rather than recursion: articles nest templates and tags deeply.
    stack: _Stack = [(root, 0, _Context())]
    while stack:
        code, base, context = stack.pop()
        offset = base
        for node in code.nodes:
            source = out.source(node)
            _visit(node, source, offset, context, out, stack)
            offset += len(source)


def _visit(node: Node, source: str, offset: int, context: _Context, out: _Collected, stack: _Stack) -> None:
    span = Span(offset, offset + len(source))
    if isinstance(node, Text):
        if context.prose:
            out.prose.append(span)
        return
    if isinstance(node, Comment):
        out.opaque.append(span)
        return
    if isinstance(node, (Argument, HTMLEntity)):
        return
    children = _child_offsets(node, source, offset, out.source)
    if isinstance(node, Wikilink):
        _visit_wikilink(node, span, children, context, out, stack)
    elif isinstance(node, ExternalLink):
        _visit_external_link(node, span, children, context, out, stack)
    elif isinstance(node, TemplateNode):
        params = tuple((out.source(param.name).strip(), out.source(param.value).strip()) for param in node.params)
        out.templates.append(Template(span, out.source(node.name).strip(), params))
        inner = _Context(False, context.in_references, in_template=True)
        stack.extend((child, child_offset, inner) for child, child_offset in children)
    elif isinstance(node, HeadingNode):
        title_offset = children[0][1]
        title = out.source(node.title)
        out.headings.append(Heading(span, node.level, title, Span(title_offset, title_offset + len(title))))
        stack.append((node.title, title_offset, context))
    elif isinstance(node, Tag):
        _visit_tag(node, span, children, context, out, stack)


def _child_offsets(
    node: Node, source: str, offset: int, source_of: Callable[[Node | Wikicode], str]
) -> list[tuple[Wikicode, int]]:
    children = []
    cursor = 0
    for child in node.__children__():
        child_source = source_of(child)
        found = source.find(child_source, cursor)
        position = cursor if found < 0 else found
        children.append((child, offset + position))
        cursor = position + len(child_source)
    return children


def _walk_label(
    child: tuple[Wikicode, int], context: _Context, out: _Collected, stack: _Stack
) -> tuple[str, Span]:
    """A link's label: queued for walking (it may hold markup) and returned with its span."""
    code, offset = child
    label = out.source(code)
    stack.append((code, offset, context))
    return label, Span(offset, offset + len(label))


def _visit_wikilink(
    node: Wikilink, span: Span, children: list[tuple[Wikicode, int]], context: _Context, out: _Collected, stack: _Stack
) -> None:
    title = out.source(node.title)
    page = parse_page_title(title)
    if node.text is not None:
        label_context = context if page.namespace != "Category" else context.without_prose()
        label, label_span = _walk_label(children[1], label_context, out, stack)
    else:
        label, label_span = title, Span(children[0][1], children[0][1] + len(title))
    out.links.append(
        Link(
            span, label, label_span, title, LinkStyle.INTERNAL, page.title, page.namespace,
            is_wikilink=True, in_template=context.in_template,
        )
    )


def _visit_external_link(
    node: ExternalLink,
    span: Span,
    children: list[tuple[Wikicode, int]],
    context: _Context,
    out: _Collected,
    stack: _Stack,
) -> None:
    url = str(node.url).strip()
    if node.title is not None:
        label, label_span = _walk_label(children[1], context, out, stack)
    else:
        label, label_span = "", Span(span.end, span.end)
    wiki_url = parse_wiki_url(url)
    if wiki_url is None:
        out.links.append(Link(span, label, label_span, url, LinkStyle.EXTERNAL, in_template=context.in_template))
    else:
        out.links.append(
            Link(
                span, label, label_span, url, LinkStyle.ABSOLUTE,
                wiki_url.page.title, wiki_url.page.namespace, wiki_url.language, in_template=context.in_template,
            )
        )


def _visit_tag(
    node: Tag, span: Span, children: list[tuple[Wikicode, int]], context: _Context, out: _Collected, stack: _Stack
) -> None:
    tag = str(node.tag).strip().lower()
    if tag in _OPAQUE_TAGS:
        out.opaque.append(span)
        return
    contents = next(((code, pos) for code, pos in children if code is node.contents), None)
    if tag == "ref":
        _visit_ref(node, span, contents, context, out)
    elif tag == "references":
        out.reference_lists.append(span)
    if contents is None:
        return
    if tag == "references":
        inner = _Context(False, in_references=True, in_template=context.in_template)
    elif tag == "ref":
        inner = context.without_prose()  # citations keep the script of their sources
    else:
        inner = context
    stack.append((contents[0], contents[1], inner))


def _attribute(node: Tag, name: str) -> str | None:
    if not node.has(name):
        return None
    return str(node.get(name).value).strip() or None


def _visit_ref(
    node: Tag, span: Span, contents: tuple[Wikicode, int] | None, context: _Context, out: _Collected
) -> None:
    name = _attribute(node, "name")
    group = _attribute(node, "group") or ""
    if node.self_closing or contents is None:
        if name is not None:
            out.markers.append(ReferenceMarker(span, name, group))
        else:
            out.entries.append(
                ReferenceEntry(span, None, "", Span(span.end, span.end), None, self_closing=True, group=group)
            )
        return
    code, position = contents
    body = out.source(code)
    if not context.in_references:
        out.markers.append(ReferenceMarker(span, name or f"#{span.start}", group, name or None))
    out.entries.append(
        ReferenceEntry(
            span, name, body.strip(), Span(position, position + len(body)), name,
            group=group, in_list=context.in_references,
        )
    )
