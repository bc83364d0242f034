"""Shortcuts taken for speed (bench/speed.py) give what the long way gives, over real articles:
the held-out fixtures and the development corpora.

- SCR002 counts a word's uses in a text's Han runs only (a quarter of an article's
  characters): the same occurrences as ``str.find`` over the whole text, for every word and
  counterpart SCR002 asks about and for every pair of neighbouring Han characters.
- SCR002 places the words a direction replaces by visiting only the runs that hold one: the
  same terms, in the same order, as a walk over every run in order.
- The Markdown front end's link, bare-URL and citation-like patterns start with a lookahead
  for their first character: the same matches as without it.
- SCR003 skips a blocking pattern whose literal part is not in the view: the same view as
  with every pattern run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikilint.linter.dialects import markdown, parse
from wikilint.linter.document import Dialect
from wikilint.rules import punctuation
from wikilint.rules.script import _uses
from wikilint.text.regional import (
    RegionalTerm,
    _changes,
    _directions,
    _holds,
    _replaced_words,
    han_runs,
    regional_terms,
)

from .conftest import CORPUS, FIXTURES


def _whole_text(word: str, text: str) -> list[int]:
    """The non-overlapping occurrences of ``word`` over the whole text, as before."""
    found = []
    start = text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + len(word))
    return found


def _articles() -> list[Path]:
    folders = [FIXTURES / "heldout" / "zhwiki-md", CORPUS / "zhwiki-md", CORPUS / "zhwiki-md-dev"]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.glob("*.md"))


def _all_articles() -> list[tuple[Path, Dialect]]:
    """Every article of the held-out fixtures and the development corpora, with its dialect."""
    folders = [*(FIXTURES / "heldout").iterdir(), *(CORPUS.iterdir() if CORPUS.is_dir() else [])]
    return sorted(
        (path, Dialect.MARKDOWN if path.suffix == ".md" else Dialect.WIKITEXT)
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix in (".md", ".wiki", ".wikitext")
    )


def test_the_views_of_scr003_are_those_with_every_blocking_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _all_articles()
    if len(articles) < 200:
        pytest.skip(f"the development corpora are not under {CORPUS}: set WIKILINT_DEV_CORPUS")
    documents = [parse(path.read_text(encoding="utf-8"), dialect, str(path)) for path, dialect in articles]
    shortcut = [punctuation._view(document) for document in documents]
    every = (punctuation._URL, punctuation._BROKEN_LINK_TARGET, punctuation._NAMESPACED_NAME)
    monkeypatch.setattr(punctuation, "_blocking_patterns", lambda view: iter(every))
    assert [punctuation._view(document) for document in documents] == shortcut
    assert sum("://" in view or ":" in view for view in shortcut) > 10  # the patterns do run somewhere


def test_occurrences_in_the_runs_are_those_of_the_whole_text() -> None:
    articles = _articles()
    if len(articles) < 100:
        pytest.skip(f"the development corpora are not under {CORPUS}: set WIKILINT_DEV_CORPUS")
    pairs = 0
    for path in articles:
        terms, simplified = regional_terms(path.read_text(encoding="utf-8"))
        runs = han_runs(simplified)
        words = {word for term in terms for word in (term.word, term.counterpart)}
        words.update(run[index : index + 2] for run in runs.runs for index in range(len(run) - 1))
        for word in words:
            assert runs.occurrences(word) == _whole_text(word, simplified), (path.name, word)
        for term in terms:
            for word, other in ((term.word, term.counterpart), (term.counterpart, term.word)):
                assert _uses(word, other, simplified, runs) == [
                    start
                    for start in _whole_text(word, simplified)
                    if word not in other
                    or not any(
                        inside <= start and start + len(word) <= inside + len(other)
                        for inside in _whole_text(other, simplified)
                    )
                ], (path.name, word, other)
                pairs += 1
    assert pairs > 100


def test_repeated_characters_runs_edges_and_words_that_are_not_all_han() -> None:
    text = "哈哈哈 哈哈。[北韓](x)北韓\n北韓人 A北韓 2018年"
    runs = han_runs(text)
    for word in ("哈哈", "哈", "北韓", "韓人", "年"):
        assert runs.occurrences(word) == _whole_text(word, text)
    assert runs.occurrences("18年") is None  # not all Han: searched in the whole text instead
    assert runs.occurrences("") is None


def _terms_walking_every_run(simplified: str) -> list[RegionalTerm]:
    """SCR002's terms as they were found before: every run visited in order, in each direction."""
    runs = han_runs(simplified)
    found = list(zip(runs.starts, runs.runs, strict=True))
    distinct = list(dict.fromkeys(runs.runs))
    terms = []
    for direction in _directions():
        targets = zip(distinct, _changes(direction)(distinct), strict=True)
        replaced = _replaced_words({run: target for run, target in targets if target is not None}, direction)
        for offset, run in found:
            for start, end, counterpart in replaced.get(run, ()):
                if _holds(run[start:end], counterpart, direction):
                    terms.append(
                        RegionalTerm(offset + start, offset + end, run[start:end], counterpart, direction.region)
                    )
    return terms


def test_regional_terms_are_those_of_a_walk_over_every_run() -> None:
    articles = _articles()
    if len(articles) < 100:
        pytest.skip(f"the development corpora are not under {CORPUS}: set WIKILINT_DEV_CORPUS")
    found = 0
    for path in articles:
        terms, simplified = regional_terms(path.read_text(encoding="utf-8"))
        assert terms == _terms_walking_every_run(simplified), path.name
        found += len(terms)
    assert found > 1000


def _without_lookahead(pattern: re.Pattern[str], wrapped: bool) -> re.Pattern[str]:
    """``pattern`` without the first-character lookahead it starts with (the long way), and
    without the group around the rest when the lookahead stands before alternatives."""
    lookahead = re.match(r"\(\?=(?:\\\[|\[[^\]]*\])\)", pattern.pattern)
    assert lookahead is not None, pattern.pattern
    rest = pattern.pattern[lookahead.end() :]
    if wrapped:
        assert rest.startswith("(?:") and rest.endswith(")")
        rest = rest[3:-1]
    return re.compile(rest, pattern.flags)


@pytest.mark.parametrize(("name", "wrapped"), [("_LINK", False), ("_BARE_URL", False), ("_CITATION_LIKE", True)])
def test_a_first_character_lookahead_finds_what_the_pattern_without_it_finds(name: str, wrapped: bool) -> None:
    articles = _all_articles()
    if len(articles) < 200:
        pytest.skip(f"the development corpora are not under {CORPUS}: set WIKILINT_DEV_CORPUS")
    pattern = getattr(markdown, name)
    plain = _without_lookahead(pattern, wrapped)
    assert plain.pattern != pattern.pattern
    matches = 0
    for path, _ in articles:
        text = path.read_text(encoding="utf-8")
        found = [(match.span(), match.groups()) for match in pattern.finditer(text)]
        assert found == [(match.span(), match.groups()) for match in plain.finditer(text)], path.name
        matches += len(found)
    assert matches > 100
