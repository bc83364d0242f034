"""SCR003's messages and what only a path can tell it (the article's own title)."""

from __future__ import annotations

from wikilint import lint_text

ONLY = {"select": ["SCR003"]}


def test_message_names_the_kind_and_its_own_counts() -> None:
    text = "甲：乙。丙：丁。戊:己，庚（辛）（壬）。\n"
    [finding] = lint_text(text, dialect="markdown", config=ONLY)
    assert finding.message == (
        "ASCII ':' in Chinese text; this article writes full-width '：' 2 times and ASCII ':' once"
    )


def test_message_of_a_pair_of_two_widths() -> None:
    [finding] = lint_text("甲（乙)丙。\n", dialect="markdown", config=ONLY)
    assert finding.message.startswith("ASCII ')' paired with full-width '（'; ")
    assert finding.message.endswith("full-width '（）' 0 times and ASCII '()' 0 times")


def test_the_article_title_is_a_name() -> None:
    text = "(北)某某線是鐵路（日本），(北)某某線（一）（二）。\n"
    assert lint_text(text, path="Page/(北)某某線.md", dialect="markdown", config=ONLY) == []
    assert [f.column for f in lint_text(text, path="Page/某某.md", dialect="markdown", config=ONLY)] == [15, 17]
