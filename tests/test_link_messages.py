"""Link messages quote text as it is written and count in words that agree with the number."""

from __future__ import annotations

from wikilint import lint_text


def _messages(text: str, code: str) -> list[str]:
    return [finding.message for finding in lint_text(text, dialect="markdown", config={"select": [code]})]


def test_stray_brackets_are_shown_as_written() -> None:
    assert _messages("圖片說明\\]\\]\n", "LNK005") == ["stray '\\]\\]': a link is not closed or opened"]


def test_a_single_minority_link_is_the_only_one() -> None:
    text = (
        '[平壤](../Page/平壤.md "wikilink")、[古巴](https://zh.wikipedia.org/wiki/古巴 "wikilink")、'
        '[哈瓦那](https://zh.wikipedia.org/wiki/哈瓦那 "wikilink")\n'
    )
    assert _messages(text, "LNK001") == [
        "relative link to '平壤' leads nowhere here: no exported corpus is beside this article, "
        "and most wikilinks here (2 of 3) are absolute URLs to the live wiki; this is the only relative link"
    ]


def test_an_overrun_quotes_the_label_unescaped() -> None:
    text = '[PHP (程式語言)的](../Page/PHP_\\(程式語言\\).md "wikilink")\n'
    assert _messages(text, "LNK002") == [
        "link label 'PHP (程式語言)的' runs past the title 'PHP (程式語言)': '的' belongs after the link"
    ]
