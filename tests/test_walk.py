"""What a run lints: .gitignore'd files are skipped in a folder walk, ``--force-exclude``
applies ``exclude`` to named files, and the cache never gets committed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.config import Settings
from wikilint.linter.sources import collect_sources

DIRTY_MD = "平壤是朝鮮的首都\\[1\\]。\n\n1.\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def walked(root: Path, **settings: bool) -> list[str]:
    sources = collect_sources([str(root)], Settings(root=root, **settings))
    return sorted(Path(source.path).relative_to(root).as_posix() for source in sources)


GITIGNORED_TREE = {
    ".gitignore": "build/\n*.wiki\n!keep.wiki\n/top.md\nlogs\ndeep/**/old.md\n",
    "a.md": DIRTY_MD,
    "top.md": DIRTY_MD,
    "x.wiki": DIRTY_MD,
    "keep.wiki": DIRTY_MD,
    "build/b.md": DIRTY_MD,
    "logs/c.md": DIRTY_MD,  # a pattern without a slash matches a folder too
    "deep/a/b/old.md": DIRTY_MD,
    "deep/new.md": DIRTY_MD,
    "sub/top.md": DIRTY_MD,  # `/top.md` is anchored to the folder of its .gitignore
    "sub/.gitignore": "!x.wiki\nlocal.md\n",
    "sub/x.wiki": DIRTY_MD,  # re-included by the deeper file
    "sub/local.md": DIRTY_MD,
    "local.md": DIRTY_MD,  # sub/.gitignore does not reach up
}


def test_a_walk_skips_what_gitignore_files_ignore_as_git_does(tmp_path: Path) -> None:
    write(tmp_path, GITIGNORED_TREE)
    assert walked(tmp_path) == ["a.md", "deep/new.md", "keep.wiki", "local.md", "sub/top.md", "sub/x.wiki"]


def test_no_respect_gitignore_walks_everything(tmp_path: Path) -> None:
    write(tmp_path, GITIGNORED_TREE)
    assert len(walked(tmp_path, respect_gitignore=False)) == 12


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_walk_agrees_with_git(tmp_path: Path) -> None:
    write(tmp_path, GITIGNORED_TREE)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert walked(tmp_path) == sorted(name for name in listed if not name.endswith(".gitignore"))


def test_gitignore_files_above_the_walked_folder_count_up_to_the_repository_top(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "articles/old/\n", "articles/a.md": DIRTY_MD, "articles/old/b.md": DIRTY_MD})
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "info").mkdir()
    (tmp_path / ".git" / "info" / "exclude").write_text("secret.md\n", encoding="utf-8")
    (tmp_path / "articles" / "secret.md").write_text(DIRTY_MD, encoding="utf-8")
    assert walked(tmp_path / "articles") == ["a.md"]


def test_outside_a_repository_gitignore_files_above_do_not_count(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "articles/old/\n", "articles/a.md": DIRTY_MD, "articles/old/b.md": DIRTY_MD})
    assert walked(tmp_path / "articles") == ["a.md", "old/b.md"]


def lint_json(cwd: Path, *arguments: str) -> tuple[int, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(main, ["-f", "json", *arguments])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [entry["path"] for entry in json.loads(result.stdout)["files"]]


def test_force_exclude_applies_exclude_to_named_files(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.wikilint]\nexclude = ["drafts/*"]\n',
        "drafts/a.md": DIRTY_MD,
        "articles/b.md": DIRTY_MD,
    })
    assert lint_json(tmp_path, "drafts/a.md", "articles/b.md") == (1, ["drafts/a.md", "articles/b.md"])
    assert lint_json(tmp_path, "--force-exclude", "drafts/a.md", "articles/b.md") == (1, ["articles/b.md"])
    assert lint_json(tmp_path, "--force-exclude", "drafts/a.md") == (0, [])


def test_the_cache_folder_ignores_itself_and_clean_removes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.wikilint]\n", "a.md": DIRTY_MD})
    assert lint_json(tmp_path, "--cache", "a.md")[0] == 1
    cache = tmp_path / ".wikilint_cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
        staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=tmp_path, capture_output=True,
                                text=True, check=True).stdout.split()
        assert staged == ["a.md", "pyproject.toml"]

    other = tmp_path / "elsewhere"
    assert lint_json(tmp_path, "--cache", "--cache-dir", str(other), "a.md")[0] == 1
    assert list(other.glob("??/*.json"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["clean", "--cache-dir", str(other)])
    again = CliRunner().invoke(main, ["clean"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Removed the cache {cache}.", f"Removed the cache {other}."]
    assert not cache.exists() and not other.exists() and (tmp_path / "a.md").exists()
    assert again.exit_code == 0 and again.output == f"No cache at {cache}.\n"


def test_clean_refuses_a_folder_that_is_not_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"notes/a.md": DIRTY_MD, "notes/ab/c.json": "{}", ".wikilint_cache/.gitignore": "*\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["clean", "--cache-dir", str(tmp_path / "notes")])
    assert result.exit_code == 2
    assert result.output.startswith("wikilint: error: ") and "left alone" in result.output
    assert len(result.output.splitlines()) == 1
    assert (tmp_path / "notes" / "a.md").exists() and (tmp_path / "notes" / "ab" / "c.json").exists()
    assert (tmp_path / ".wikilint_cache").exists()  # nothing is removed when one folder is refused
