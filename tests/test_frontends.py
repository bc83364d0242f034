"""The front ends on their own: the Document they build from the trickiest real inputs."""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import mwparserfromhell.parser as mwparser
import pytest

from wikilint.linter.dialects.markdown import parse_markdown
from wikilint.linter.dialects.wikitext import _Sources, parse_wikitext
from wikilint.linter.document import LinkStyle


def test_markdown_hard_wrapped_label_is_one_link_with_its_page() -> None:
    text = '是一種[Java\nbytecode的](../Page/Java_bytecode.md "wikilink")虛擬機。\n'
    [link] = parse_markdown(text).links
    assert link.page == "Java bytecode" and link.style is LinkStyle.RELATIVE
    assert link.label == "Java\nbytecode的"
    assert text[link.span.start : link.span.end].startswith("[Java\nbytecode")


def test_markdown_escaped_parentheses_in_a_title() -> None:
    text = (
        '[PHP](../Page/PHP_\\(程式語言\\).md "wikilink") 與 '
        '[復刻](https://zh.wikipedia.org/wiki/复刻_\\(软件工程\\) "wikilink")\n'
    )
    pages = [(link.page, link.style) for link in parse_markdown(text).links]
    assert pages == [("PHP (程式語言)", LinkStyle.RELATIVE), ("复刻 (软件工程)", LinkStyle.ABSOLUTE)]


def test_markdown_trailing_list_after_the_categories_in_every_empty_form() -> None:
    text = (
        "正文\\[1\\]\\[2\\]\\[3\\]\\[4\\]。\n\n## 參考資料\n\n"
        '[Category:古巴](https://zh.wikipedia.org/wiki/Category:古巴 "wikilink")\n\n'
        "1.\n2.  \n\n3.  .\n4.  某書，2020年。 \n"
    )
    document = parse_markdown(text)
    assert [marker.key for marker in document.markers] == ["1", "2", "3", "4"]
    assert [(entry.key, entry.is_empty) for entry in document.entries] == [
        ("1", True), ("2", True), ("3", True), ("4", False),
    ]
    assert document.reference_lists


def test_markdown_nested_templates_are_one_template() -> None:
    text = "前{{a|{{b|c}}|d}}後 {{-}}\n"
    templates = parse_markdown(text).templates
    assert [text[t.span.start : t.span.end] for t in templates] == ["{{a|{{b|c}}|d}}", "{{-}}"]


def test_wikitext_nested_nodes_keep_exact_offsets() -> None:
    text = "'''粗'''{{a|b=[[c|d]]}}<ref name=\"n\">x</ref><ref></ref>\n"
    document = parse_wikitext(text)
    assert [text[link.span.start : link.span.end] for link in document.links] == ["[[c|d]]"]
    assert [text[e.span.start : e.span.end] for e in document.entries] == ['<ref name="n">x</ref>', "<ref></ref>"]


def test_wikitext_falls_back_to_the_python_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    import mwparserfromhell

    real = mwparserfromhell.parse

    def c_gives_up(text: str, **kwargs: object) -> object:
        if mwparser.use_c:
            raise mwparser.ParserError("C tokenizer exited with BAD_ROUTE")
        return real(text, **kwargs)

    monkeypatch.setattr(mwparserfromhell, "parse", c_gives_up)
    document = parse_wikitext("平壤<ref></ref>\n<references/>\n")
    assert not document.problems
    assert [entry.text for entry in document.entries] == [""]


def test_wikitext_parser_error_is_a_problem_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise mwparser.ParserError("exited with BAD_ROUTE")

    import mwparserfromhell

    monkeypatch.setattr(mwparserfromhell, "parse", broken)
    monkeypatch.setattr(mwparser.Parser, "parse", broken)
    document = parse_wikitext("x")
    [problem] = document.problems
    assert problem.message.startswith("mwparserfromhell could not parse the page:")
    assert "BAD_ROUTE" in problem.message


WIKITEXT_FIXTURES = sorted(
    path for path in Path(__file__).parent.joinpath("fixtures").rglob("*") if path.suffix in (".wiki", ".wikitext")
)


@pytest.mark.parametrize("path", WIKITEXT_FIXTURES, ids=lambda path: path.name)
def test_wikitext_offsets_come_from_one_bottom_up_rendering_that_reproduces_the_page(path: Path) -> None:
    # The walk takes each node's text from _Sources, not from str(): if mwparserfromhell ever
    # renders a node differently, the page would fall back to the slow path unnoticed.
    text = path.read_text(encoding="utf-8")
    code = mwparserfromhell.parse(text, skip_style_tags=False)
    sources = _Sources()
    assert sources(code) == text
    assert all(sources(node) == str(node) for node in code.ifilter(recursive=True))
