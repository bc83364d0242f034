"""A fixed file never gains a finding: over real articles, ``--fix --unsafe-fixes`` only removes.

Every article of the development corpora and the fixture corpus is fixed with all rules
selected; no code may have more findings after the fix than before (positions move, so
counts per code are compared), and the fixed text must be stable.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from wikilint.api import to_settings
from wikilint.linter.fixer import fix_text
from wikilint.linter.runner import Linter

from .conftest import CORPUS, FIXTURES

FOLDERS = [
    CORPUS / "zhwiki-md-dev", CORPUS / "zhwiki-wikitext-dev", FIXTURES / "corpus",
    FIXTURES / "heldout" / "zhwiki-md", FIXTURES / "heldout" / "zhwiki-wikitext",
]
SUFFIXES = (".md", ".wiki", ".wikitext")
ARTICLES = sorted(
    path for folder in FOLDERS if folder.is_dir() for path in folder.iterdir() if path.suffix in SUFFIXES
)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(to_settings({"select": ["ALL"]}))


def test_there_are_articles_to_fix() -> None:
    if not (CORPUS / "zhwiki-md-dev").is_dir():
        pytest.skip(f"the development corpus is not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    assert len(ARTICLES) > 100


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fixing_never_adds_a_finding(path: Path, linter: Linter) -> None:
    text = path.read_text(encoding="utf-8")
    before = Counter(finding.code for finding in linter.lint_text(text, str(path)).findings)
    outcome = fix_text(linter, text, str(path), unsafe=True)
    after = Counter(finding.code for finding in outcome.result.findings)
    gained = {code: (before[code], count) for code, count in after.items() if count > before[code]}
    assert not gained, f"findings gained by fixing (before, after): {gained}"
    assert fix_text(linter, outcome.text, str(path), unsafe=True).fixed == 0
