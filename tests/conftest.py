from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9853571bf9f47226.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The development corpora of real articles live in the shared folder beside the repository
#: (CI lays a copy there); WIKILINT_DEV_CORPUS points elsewhere.
CORPUS = Path(os.environ.get("WIKILINT_DEV_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_cache_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests lint fresh: the result cache is off unless a test turns it on with --cache."""
    monkeypatch.setenv("WIKILINT_CACHE", "0")
