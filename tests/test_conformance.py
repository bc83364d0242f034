"""The two front ends agree: the same article read as wikitext and as converted Markdown
gives the same document model, and the same findings where the rule means the same thing.

Real pairs: ../shared/corpus/wikitext/mediawiki-to-gfm_N.wiki is the source that
chinapedia's converter turned into every ../shared/corpus/zhwiki-md/mediawiki-to-gfm_testN_*.md.
The converter drops templates and most of the reference content, so what must agree is what
it keeps: the headings (level and title), and for the short article every marker and entry.
A hand-written pair, the same article written by hand in both dialects, must agree on
everything the model counts and on REF001 and TPL001.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from wikilint import lint_text
from wikilint.linter.dialects import parse
from wikilint.linter.document import Dialect, Document

from .conftest import CORPUS

PAIRS = [(CORPUS / "wikitext" / f"mediawiki-to-gfm_{n}.wiki", f"mediawiki-to-gfm_test{n}_*.md") for n in (1, 2)]


def _headings(document: Document) -> list[tuple[int, str]]:
    return [(heading.level, heading.title.strip()) for heading in document.headings]


def _pairs() -> list[tuple[Path, Path]]:
    return [(wiki, md) for wiki, pattern in PAIRS for md in sorted((CORPUS / "zhwiki-md").glob(pattern))]


@pytest.mark.parametrize(("wiki", "markdown"), _pairs(), ids=lambda path: path.name)
def test_converted_articles_keep_the_headings_of_their_source(wiki: Path, markdown: Path) -> None:
    source = parse(wiki.read_text(encoding="utf-8"), Dialect.WIKITEXT, str(wiki))
    converted = parse(markdown.read_text(encoding="utf-8"), Dialect.MARKDOWN, str(markdown))
    assert len(_headings(converted)) == len(_headings(source))
    assert [level for level, _ in _headings(converted)] == [level for level, _ in _headings(source)]
    if wiki.name.endswith("_2.wiki"):
        assert (len(converted.markers), len(converted.entries)) == (len(source.markers), len(source.entries))


def test_there_are_pairs() -> None:
    if not (CORPUS / "wikitext").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    assert len(_pairs()) >= 10


WIKITEXT = """'''平壤'''是[[朝鮮]]的首都。<ref>《朝鮮地理》，1999年。</ref>人口約三百萬。<ref></ref>

== 歷史 ==
平壤歷史悠久，[[高句麗]]曾在此建都。<ref></ref>
{{-}}

== 參考資料 ==
<references />
"""

MARKDOWN = """**平壤**是[朝鮮](../Page/朝鮮.md "wikilink")的首都。\\[1\\]人口約三百萬。\\[2\\]

## 歷史

平壤歷史悠久，[高句麗](../Page/高句麗.md "wikilink")曾在此建都。\\[3\\]
{{-}}

## 參考資料

1.  《朝鮮地理》，1999年。
2.
3.
"""


def test_a_hand_written_pair_gives_the_same_model_and_findings() -> None:
    source = parse(WIKITEXT, Dialect.WIKITEXT)
    converted = parse(MARKDOWN, Dialect.MARKDOWN)
    assert len(converted.links) == len(source.links) == 2
    assert len(converted.markers) == len(source.markers) == 3
    assert len(converted.entries) == len(source.entries) == 3
    assert _headings(converted) == _headings(source)
    assert [entry.is_empty for entry in converted.entries] == [entry.is_empty for entry in source.entries]

    def codes(text: str, dialect: str) -> Counter[str]:
        return Counter(f.code for f in lint_text(text, dialect=dialect, config={"select": ["REF001", "TPL001"]}))

    assert codes(WIKITEXT, "wikitext") == codes(MARKDOWN, "markdown") == Counter({"REF001": 2, "TPL001": 1})
