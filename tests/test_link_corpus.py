"""LNK001 finds the exported corpus next to an article by itself (tests/fixtures/link-corpus)."""

from __future__ import annotations

from pathlib import Path

from wikilint import lint_text
from wikilint.api import to_settings
from wikilint.linter.fixer import fix_text
from wikilint.linter.runner import Linter

from .conftest import FIXTURES

ARTICLE = FIXTURES / "link-corpus" / "Page" / "朝古關係.md"


def _messages(text: str, path: Path | str) -> list[str]:
    findings = lint_text(text, path=str(path), config={"select": ["LNK001"]})
    return [finding.message for finding in findings]


def test_the_folder_the_relative_links_point_into_is_the_corpus() -> None:
    messages = _messages(ARTICLE.read_text(encoding="utf-8"), ARTICLE)
    assert messages == [
        "link to '平壤' is an absolute URL, but the corpus has the page: ../Page/平壤.md",
        "relative link to '哈瓦那' is dangling: ../Page/哈瓦那.md is not in the corpus",
    ]


def test_without_the_corpus_relative_links_in_a_live_wiki_article_lead_nowhere(tmp_path: Path) -> None:
    article = tmp_path / "朝古關係.md"
    text = ARTICLE.read_text(encoding="utf-8") + '[大阪](https://zh.wikipedia.org/wiki/大阪 "wikilink")\n'
    article.write_text(text, encoding="utf-8")
    assert _messages(text, article) == [
        f"relative link to '{page}' leads nowhere here: no exported corpus is beside this article, "
        "and most wikilinks here (3 of 5) are absolute URLs to the live wiki; this is one of 2 relative links"
        for page in ("古巴", "哈瓦那")
    ]


def test_a_path_that_is_not_a_file_there_finds_no_corpus() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    assert _messages(text, ARTICLE.parent / "missing.md") == []


def test_the_fix_writes_links_the_way_the_article_does() -> None:
    settings = to_settings({"select": ["LNK001"], "rules": {"mixed-link-style": {"pages-dir": str(ARTICLE.parent)}}})
    text = ARTICLE.read_text(encoding="utf-8")
    fixed = fix_text(Linter(settings), text, str(ARTICLE), "markdown", unsafe=True).text
    assert fixed == text.replace("https://zh.wikipedia.org/wiki/平壤", "../Page/平壤.md").replace(
        "../Page/哈瓦那.md", "https://zh.wikipedia.org/wiki/哈瓦那"
    )
