"""The pre-commit hook, for real: `pre-commit try-repo . wikilint` fails on the seed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT, SEED


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["wikilint", "wikilint-fix"]
    for hook in hooks:
        assert hook["types"] == ["text"] and hook["require_serial"] is True
        assert hook["files"] == r"\.(md|markdown|wiki|wikitext|mediawiki|txt)$"
    assert hooks[1]["entry"] == "wikilint check --fix"


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is in the test extra")
def test_try_repo_fails_with_the_seed_findings(tmp_path: object) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs the git checkout")
    result = subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "wikilint", "--files", str(SEED.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REF001 reference entry 17 is empty" in result.stdout
    assert "Found 60 findings" in result.stdout
