from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9853571bf9f47226.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
