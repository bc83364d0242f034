"""The pre-commit hooks, for real: `pre-commit try-repo . wikilint` fails on the seed, and
the README's snippet, pasted into a new repository, refuses a bad commit and accepts the fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SEED

PROJECT_FILES = ["README.md", "docs/README.zh.md", "LICENSE.txt", "CHANGELOG.md", "CONTRIBUTING.md", "HISTORY.txt",
                 "requirements-dev.txt", ".github/PULL_REQUEST_TEMPLATE.md"]
ARTICLES = ["seeds/000_9853571bf9f47226.txt", "articles/平壤.md", "History.md", "news/2020.wiki", "a/changes.txt"]


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["wikilint", "wikilint-fix"]
    for hook in hooks:
        assert hook["types"] == ["text"] and hook["require_serial"] is True
        assert hook["files"] == r"\.(md|markdown|wiki|wikitext|mediawiki|txt)$"
        assert hook["entry"].startswith("wikilint check --force-exclude")
        taken = [path for path in PROJECT_FILES + ARTICLES
                 if re.search(hook["files"], path) and not re.search(hook["exclude"], path)]
        assert taken == ARTICLES, "the hooks take articles, never a repository's project files"
    assert hooks[1]["entry"] == "wikilint check --force-exclude --fix"


needs_pre_commit = pytest.mark.skipif(find_spec("pre_commit") is None, reason="pre-commit is in the test extra")
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@needs_pre_commit
def test_try_repo_fails_with_the_seed_findings(tmp_path: object) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs the git checkout")
    result = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "wikilint", "--files", str(SEED.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REF001 reference entry 17 is empty" in result.stdout
    assert "Found 60 findings" in result.stdout


def readme_snippet() -> str:
    """The .pre-commit-config.yaml the README tells a user to paste, exactly as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## pre-commit\n") :]
    match = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", section, re.DOTALL)
    assert match, "README's pre-commit section shows a .pre-commit-config.yaml"
    return match[1]


def git(cwd: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def test_readme_rev_is_a_commit_of_this_repository() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    (rev,) = re.findall(r"^\s*rev: (\S+)", readme_snippet(), re.MULTILINE)
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "with no release tags, the README pins a full commit id"
    subprocess.run(["git", "merge-base", "--is-ancestor", rev, "HEAD"], cwd=ROOT, check=True)


EMPTY_ENTRY = "平壤是朝鮮的首都\\[1\\]。\n\n1.\n"
FILLED_ENTRY = "平壤是朝鮮的首都\\[1\\]。\n\n1.  《朝鮮概況》，平壤出版社，2020年。\n"


@needs_pre_commit
def test_the_readme_snippet_works_as_pasted(tmp_path: Path) -> None:
    """A new repository with the README's config (rev: this checkout's HEAD, repo: its path):
    README, LICENSE, CHANGELOG and the excluded drafts are never linted; an empty reference
    entry is refused; the filled one is accepted."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    config = readme_snippet()
    config = re.sub(r"(?m)^(\s*- repo: )\S+", lambda match: match[1] + str(ROOT), config, count=1)
    config = re.sub(r"(?m)^(\s*rev: )\S+", lambda match: match[1] + git(ROOT, "rev-parse", "HEAD"), config, count=1)
    repository = tmp_path / "articles-repo"
    repository.mkdir()
    files = {
        ".pre-commit-config.yaml": config,
        "wikilint.toml": 'exclude = ["drafts/*"]\n',
        "README.md": "# Articles\n\nHow to add one\\[1\\].\n\n1.\n",  # an empty numbered list item
        "LICENSE.txt": EMPTY_ENTRY,
        "CHANGELOG.md": EMPTY_ENTRY,
        "drafts/平壤.md": EMPTY_ENTRY,
        "articles/首爾.md": FILLED_ENTRY,
    }
    for name, text in files.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text, encoding="utf-8")
    # Without the hook's exclusions each of these would fail: the control for what follows.
    direct = subprocess.run([sys.executable, "-m", "wikilint", "-f", "concise", "README.md", "LICENSE.txt",
                             "CHANGELOG.md", "drafts/平壤.md"], cwd=repository, capture_output=True, text=True)
    assert direct.returncode == 1 and direct.stdout.count("REF001") == 4, direct.stdout + direct.stderr

    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
                   "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "add", "-A"], cwd=repository, env=environment, check=True)
        return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repository, env=environment,
                              capture_output=True, text=True, timeout=900)

    subprocess.run(["git", "init", "-q"], cwd=repository, env=environment, check=True)
    subprocess.run([*PRE_COMMIT, "install"], cwd=repository, env=environment, check=True, capture_output=True)

    first = commit("project files, drafts and a sound article")
    assert first.returncode == 0, first.stdout + first.stderr

    (repository / "articles" / "平壤.md").write_text(EMPTY_ENTRY, encoding="utf-8")
    refused = commit("an article with an empty reference entry")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "REF001 reference entry 1 is empty" in refused.stdout + refused.stderr
    assert "articles/平壤.md" in refused.stdout + refused.stderr
    assert git(repository, "log", "--format=%s") == "project files, drafts and a sound article"

    (repository / "articles" / "平壤.md").write_text(FILLED_ENTRY, encoding="utf-8")
    accepted = commit("the reference filled in")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repository, "log", "-1", "--format=%s") == "the reference filled in"
