"""The Chinese conversions done in batches give exactly what one call per text gives.

Batching (texts joined by line breaks, one converter call) is only right while no table entry
of OpenCC or zhconv holds a line break; a dictionary update that broke that would change
findings silently, so these compare batch and one-by-one over real articles' Han runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikilint.text.chinese import Variant, convert, convert_each, wiki_convert
from wikilint.text.regional import _Direction, _directions

ARTICLES = sorted(Path(__file__).parent.joinpath("fixtures", "heldout", "zhwiki-md").glob("*.md"))[:12]
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _runs() -> list[str]:
    runs = {match[0] for path in ARTICLES for match in _HAN_RUN.finditer(path.read_text(encoding="utf-8"))}
    return sorted(runs)


def test_the_articles_are_there() -> None:
    assert len(ARTICLES) == 12 and len(_runs()) > 1000


@pytest.mark.parametrize("config", ["t2s", "s2t", "s2twp"])
def test_convert_each_is_convert_of_each(config: str) -> None:
    runs = _runs()
    # A text with a line break or a NUL is converted on its own, the rest in one call.
    texts = [*runs, "第一行\n第二行", "空\x00字", ""]
    assert convert_each(texts, config) == [convert(text, config) for text in texts]


@pytest.mark.parametrize("direction", _directions(), ids=lambda direction: f"{direction.family}-{direction.region}")
def test_a_directions_changes_in_one_batch_are_its_changes_one_by_one(direction: _Direction) -> None:
    runs = _runs()
    assert direction.changes_each(runs) == [direction.changes(run) for run in runs]


@pytest.mark.parametrize("variant", ["zh-hans", "zh-hant", "zh-tw", "zh-hk"])
def test_wiki_convert_of_a_whole_text_is_its_lines_converted_one_by_one(variant: Variant) -> None:
    from zhconv_rs import zhconv

    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        by_line = []
        for line in text.split("\n"):
            converted = zhconv(line, variant)
            if len(converted) != len(line):
                converted = _HAN_RUN.sub(
                    lambda run: (lambda new: new if len(new) == len(run[0]) else run[0])(zhconv(run[0], variant)), line
                )
            by_line.append(converted)
        assert wiki_convert(text, variant) == "\n".join(by_line)
