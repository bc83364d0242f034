"""Real articles (tests/fixtures/corpus, attribution in its README): no crash, known findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint import lint_paths, lint_text

from .conftest import FIXTURES

CORPUS = FIXTURES / "corpus"
ARTICLES = sorted(path for path in CORPUS.iterdir() if path.name != "README.md")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_article_lints_without_internal_errors_and_positions_are_inside(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    findings = lint_text(text, path=str(path))
    assert not [finding for finding in findings if finding.code.startswith("WL")]
    lines = text.splitlines()
    for finding in findings:
        assert 1 <= finding.line <= finding.end_line <= len(lines) + 1
        if finding.line == finding.end_line:
            assert finding.column < finding.end_column <= len(lines[finding.line - 1]) + 1


def test_lineageos_empty_entries_skip_the_one_with_text() -> None:
    findings = lint_text((CORPUS / "LineageOS.md").read_text(encoding="utf-8"), path="LineageOS.md")
    entries = [finding.message for finding in findings if finding.code == "REF001"]
    assert len(entries) == 19
    assert "reference entry 12 is empty" not in entries  # entry 12 has an indented citation


def test_footnote_form_with_filled_definitions_has_no_empty_reference() -> None:
    path = CORPUS / "mediawiki-to-gfm_test2_2022-08-07_4c9d251.md"
    findings = lint_text(path.read_text(encoding="utf-8"), path=str(path))
    assert not [finding for finding in findings if finding.code == "REF001"]


def test_japanese_article_has_no_script_findings() -> None:
    findings = lint_text((CORPUS / "ja_MyNETS.md").read_text(encoding="utf-8"), path="ja_MyNETS.md")
    assert not [finding for finding in findings if finding.code == "SCR001"]


def test_english_wikitext_is_clean_of_card_rules() -> None:
    report = lint_paths([CORPUS / "en_wtf_Alsea-(company).wiki", CORPUS / "en_wtf_Damphu-drum.wiki"])
    assert report.summary()["files_checked"] == 2
    assert report.findings == []


def test_wikitext_source_and_its_conversion_agree_on_script() -> None:
    """赣江 is a Simplified article in both forms; both flag the quoted Traditional text
    (on wikitext only when asked: the wiki converts the script when it renders)."""
    source = (CORPUS / "mediawiki-to-gfm_2.wiki").read_text(encoding="utf-8")
    assert not [finding for finding in lint_text(source, path="2.wiki") if finding.code == "SCR001"]
    wiki = lint_text(source, path="2.wiki", config={"rules": {"mixed-script": {"wikitext": True}}})
    markdown_path = CORPUS / "mediawiki-to-gfm_test2_2022-08-07_4c9d251.md"
    markdown = lint_text(markdown_path.read_text(encoding="utf-8"), path=str(markdown_path))
    for findings in (wiki, markdown):
        messages = [finding.message for finding in findings if finding.code == "SCR001"]
        assert messages and all(message.startswith("Traditional") for message in messages)
