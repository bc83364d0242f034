"""Recall on injected defects: every family finds ≥ 98 % of what was put into real articles."""

from __future__ import annotations

import pytest

from .conftest import CORPUS, FIXTURES
from .recall_injection import articles, measure

FOLDERS = [CORPUS / "zhwiki-md-dev", FIXTURES / "corpus", FIXTURES / "heldout" / "zhwiki-md"]


def test_injected_defects_are_found() -> None:
    paths = articles(folder for folder in FOLDERS if folder.is_dir())
    if len(paths) < 50:
        pytest.skip(f"the development corpus is not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    injected, hits, misses = measure(paths)
    assert set(injected) == {"reference", "template", "script", "link", "japanese-topic"}
    assert min(injected.values()) >= 30, injected
    recall = {family: hits[family] / injected[family] for family in injected}
    assert all(value >= 0.98 for value in recall.values()), (recall, misses)
