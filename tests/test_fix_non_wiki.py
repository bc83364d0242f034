"""`wikilint check --fix` (the wikilint-fix hook's command) never rewrites a file that is not a
wiki article: Go and Jinja templates in a Helm chart or a README keep their braces, while a
converted article beside them is fixed (TPL001's docstring says how an article is told)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main

NOTES = """\
1. Get the application URL by running these commands:
{{- if .Values.ingress.enabled }}
  http{{ if $.Values.ingress.tls }}s{{ end }}://{{ .Values.ingress.host }}
{{- end }}
  export POD_NAME=$(kubectl get pods -l "app={{ .Chart.Name }}" -o jsonpath="{.items[0].metadata.name}")
{{-}}
"""
README = """\
# Deploying

Set the tag with `--set image.tag=…`; the chart uses {{ .Values.image.tag }}.

{{ config.title }} and {{user}} come from the Jinja context.

{{-}}
"""
ARTICLE = '## 歷史\n\n[古巴](../Page/古巴.md "wikilink")是島國。\n\n{{-}}\n'


@pytest.mark.parametrize("name", ["templates/NOTES.txt", "README.md", "docs/guide.markdown"])
def test_fix_leaves_files_that_are_not_wiki_articles_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           name: str) -> None:
    text = NOTES if name.endswith(".txt") else README
    files = {name: text, "articles/古巴.md": ARTICLE}
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--force-exclude", "--fix", "--no-cache", *files])
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert (tmp_path / "articles/古巴.md").read_text(encoding="utf-8") == ARTICLE.replace("{{-}}\n", "")
