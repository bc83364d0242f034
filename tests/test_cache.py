"""The result cache cannot lie or crash: planted, corrupt or misshapen entries are misses;
an entry holds only for the content it was made from; a symlinked cache folder is refused;
the folder's own .gitignore is kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.cache import content_digest
from wikilint.linter.config import Settings
from wikilint.linter.corpora import Input
from wikilint.linter.results import FileResult
from wikilint.linter.runner import Linter

DIRTY_MD = "平壤是朝鮮的首都\\[1\\]。\n\n1.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(DIRTY_MD, encoding="utf-8")
    return path


def _linter(tmp_path: Path) -> Linter:
    return Linter(Settings(root=tmp_path), cache_dir=tmp_path / ".wikilint_cache")


def _entry_path(linter: Linter, article: Path) -> Path:
    assert linter.cache is not None
    key = linter.cache.key(str(article), article.read_bytes())
    return linter.cache.folder / key[:2] / f"{key}.json"


def _plant(linter: Linter, article: Path, entry: Any) -> None:
    path = _entry_path(linter, article)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entry) if not isinstance(entry, str) else entry, encoding="utf-8")


def _codes(result: FileResult) -> list[str]:
    return [finding.code for finding in result.findings]


def _real_entry(tmp_path: Path, article: Path) -> dict[str, Any]:
    linter = _linter(tmp_path)
    linter.lint_input(Input(str(article)))
    entry: dict[str, Any] = json.loads(_entry_path(linter, article).read_text(encoding="utf-8"))
    return entry


def test_an_entry_is_used_for_the_content_it_was_made_from(tmp_path: Path, article: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _codes(_linter(tmp_path).lint_input(Input(str(article))))
    assert fresh and "REF001" in fresh
    linter = _linter(tmp_path)
    monkeypatch.setattr(linter, "lint_text", lambda *args: pytest.fail("a valid entry is a hit"))
    assert _codes(linter.lint_input(Input(str(article)))) == fresh
    entry = json.loads(_entry_path(linter, article).read_text(encoding="utf-8"))
    assert entry["content"] == content_digest(article.read_bytes())


def _bogus_dialect(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "dialect": "bogus"}


def _no_severity(entry: dict[str, Any]) -> dict[str, Any]:
    findings = [{key: value for key, value in item.items() if key != "severity"} for item in entry["findings"]]
    return {**entry, "findings": findings}


def _string_line(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "findings": [{**item, "line": "1"} for item in entry["findings"]]}


def _other_path(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "findings": [{**item, "path": "elsewhere.md"} for item in entry["findings"]]}


def _emptied(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "findings": []}  # the planted lie keeps the right key and content hash


def _other_content(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "content": content_digest(b"clean text"), "findings": []}


@pytest.mark.parametrize("spoil", [
    lambda entry: {"findings": []},  # the planted entry: a dirty file would pass
    _bogus_dialect, _no_severity, _string_line, _other_path, _other_content,
    lambda entry: {**entry, "key": "0" * 64, "findings": []},
    lambda entry: {**entry, "findings": {"a": 1}},
    lambda entry: {**entry, "citations": {"markers": "many"}},
    lambda entry: {**entry, "findings": [{**item, "fix": {"edits": 3}} for item in entry["findings"]]},
    lambda entry: [entry],
    lambda entry: "{not json",
    lambda entry: "\udcff",
], ids=["planted", "bogus-dialect", "no-severity", "string-line", "other-path", "other-content", "other-key",
        "findings-dict", "citations", "fix-shape", "list", "corrupt", "undecodable"])
def test_an_entry_that_is_not_the_files_own_is_a_miss(tmp_path: Path, article: Path, spoil: Any) -> None:
    entry = _real_entry(tmp_path, article)
    fresh = _codes(_linter(tmp_path).lint_input(Input(str(article))))
    linter = _linter(tmp_path)
    spoilt = spoil(entry)
    if spoilt == "\udcff":
        path = _entry_path(linter, article)
        path.write_bytes(b"\xff\xfe{")
    else:
        _plant(linter, article, spoilt)
    assert _codes(linter.lint_input(Input(str(article)))) == fresh


def test_a_forged_entry_for_this_exact_content_cannot_be_told_apart_but_says_nothing_of_other_files(
    tmp_path: Path, article: Path,
) -> None:
    # Whoever can write the cache and knows the content can forge its entry; the entry is
    # bound to that content, so the file's next edit lints afresh.
    linter = _linter(tmp_path)
    _plant(linter, article, _emptied(_real_entry(tmp_path, article)))
    assert _codes(linter.lint_input(Input(str(article)))) == []
    article.write_text(DIRTY_MD + "\n", encoding="utf-8")
    assert "REF001" in _codes(_linter(tmp_path).lint_input(Input(str(article))))


def test_a_symlinked_cache_folder_is_refused_with_a_warning(tmp_path: Path, article: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    repository = tmp_path / "repo"
    repository.mkdir()
    (repository / "a.md").write_text(DIRTY_MD, encoding="utf-8")
    (repository / ".wikilint_cache").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(repository)
    result = CliRunner().invoke(main, ["-f", "json", "--cache", "a.md"])
    assert result.exit_code == 1 and json.loads(result.stdout)["summary"]["findings"] > 0
    assert "is a symbolic link; not following it (no cache this run)" in result.stderr
    assert list(outside.iterdir()) == []
    linter = Linter(Settings(root=repository), cache_dir=repository / ".wikilint_cache")  # the API refuses too
    linter.lint_input(Input("a.md"))
    assert list(outside.iterdir()) == []


def test_a_symlinked_entry_folder_is_neither_read_nor_written(tmp_path: Path, article: Path) -> None:
    linter = _linter(tmp_path)
    entry_folder = _entry_path(linter, article).parent
    outside = tmp_path / "outside"
    outside.mkdir()
    entry_folder.parent.mkdir()
    entry_folder.symlink_to(outside, target_is_directory=True)
    assert "REF001" in _codes(linter.lint_input(Input(str(article))))
    assert list(outside.iterdir()) == []


def test_the_cache_folder_keeps_its_own_gitignore(tmp_path: Path, article: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["--cache", "a.md"]).exit_code == 1
    gitignore = tmp_path / ".wikilint_cache" / ".gitignore"
    assert gitignore.read_text(encoding="utf-8").splitlines()[-1] == "*"
    gitignore.write_text("*\n# kept by hand\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(DIRTY_MD, encoding="utf-8")
    assert CliRunner().invoke(main, ["--cache", "b.md"]).exit_code == 1
    assert gitignore.read_text(encoding="utf-8") == "*\n# kept by hand\n"
