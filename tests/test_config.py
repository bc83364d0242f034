"""[tool.wikilint] and wikilint.toml: discovery, keys, rule options, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main

from .conftest import SEED

DIRTY_MD = "平壤是朝鮮的首都\\[1\\]。\n\n1.\n\n{{-}}\n"


def lint_json(folder: Path, *options: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["-f", "json", *options, str(folder)])
    return result.exit_code, json.loads(result.output) if result.exit_code != 2 else {"error": result.output}


def project(tmp_path: Path, config: str, name: str = "pyproject.toml") -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text(DIRTY_MD, encoding="utf-8")
    return articles


def test_pyproject_select_is_found_above_the_paths(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint]\nselect = ["TPL"]\n')
    status, report = lint_json(articles)
    assert status == 1
    assert report["summary"]["by_code"] == {"TPL001": 1}


def test_wikilint_toml_top_level_keys(tmp_path: Path) -> None:
    articles = project(tmp_path, 'ignore = ["empty-reference"]\n', name="wikilint.toml")
    _, report = lint_json(articles)
    assert report["summary"]["by_code"] == {"TPL001": 1}


def test_cli_select_overrides_the_file(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint]\nselect = ["TPL"]\n')
    _, report = lint_json(articles, "--select", "REF001")
    assert report["summary"]["by_code"] == {"REF001": 1}


def test_unknown_key_is_exit_2_naming_it(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint]\nselct = ["TPL"]\n')
    status, report = lint_json(articles)
    assert status == 2
    assert "unknown key 'selct'" in report["error"]


def test_unknown_rule_option_and_bad_value_are_exit_2(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint.rules.mixed-script]\nscrpt = "hant"\n')
    status, report = lint_json(articles)
    assert status == 2 and "no option 'scrpt'" in report["error"]

    (tmp_path / "pyproject.toml").write_text('[tool.wikilint.rules.mixed-script]\nscript = "latin"\n')
    status, report = lint_json(articles)
    assert status == 2 and "must be one of" in report["error"]

    (tmp_path / "pyproject.toml").write_text('[tool.wikilint.rules.no-such-rule]\nx = 1\n')
    status, report = lint_json(articles)
    assert status == 2 and "no rule has the name or code 'no-such-rule'" in report["error"]


def test_invalid_toml_is_exit_2(tmp_path: Path) -> None:
    articles = project(tmp_path, "[tool.wikilint\n")
    status, report = lint_json(articles)
    assert status == 2 and "invalid TOML" in report["error"]


def test_per_file_ignores_and_exclude(tmp_path: Path) -> None:
    articles = project(
        tmp_path,
        '[tool.wikilint]\nexclude = ["drafts"]\n[tool.wikilint.per-file-ignores]\n"articles/a.md" = ["REF"]\n',
    )
    drafts = articles / "drafts"
    drafts.mkdir()
    (drafts / "b.md").write_text(DIRTY_MD, encoding="utf-8")
    _, report = lint_json(articles)
    assert [Path(entry["path"]).name for entry in report["files"]] == ["a.md"]
    assert report["summary"]["by_code"] == {"TPL001": 1}


def test_rule_option_from_config_applies(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint.rules.stray-template]\nstray-templates = ["clear"]\n')
    (articles / "a.wiki").write_text("A {{clear}} B {{-}}\n", encoding="utf-8")
    _, report = lint_json(articles / "a.wiki")
    assert [(f["code"], f["column"]) for f in report["findings"]] == [("TPL001", 3)]


def test_explicit_config_file(tmp_path: Path) -> None:
    config = tmp_path / "custom.toml"
    config.write_text('select = ["LNK001"]\n', encoding="utf-8")
    status, report = lint_json(SEED, "--config", str(config))
    assert status == 1
    assert report["summary"]["by_code"] == {"LNK001": 13}


def test_bounds_from_config(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint]\nmax-file-size = "20B"\ntimeout = 5\n')
    _, report = lint_json(articles)
    assert report["summary"]["by_code"] == {"WL005": 1}
    (tmp_path / "pyproject.toml").write_text('[tool.wikilint]\nmax-file-size = "lots"\n')
    status, report = lint_json(articles)
    assert status == 2 and "max-file-size must be a positive size" in report["error"]
    (tmp_path / "pyproject.toml").write_text('[tool.wikilint]\ntimeout = -1\n')
    status, report = lint_json(articles)
    assert status == 2 and "timeout must be a number of seconds" in report["error"]


def test_pages_dir_is_relative_to_the_configuration_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    (root / "Page").mkdir(parents=True)
    (root / "Page" / "平壤.md").write_text("x", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.wikilint]\nselect = ["LNK006"]\n[tool.wikilint.rules.dangling-relative-link]\npages-dir = "Page"\n',
        encoding="utf-8",
    )
    article = root / "articles" / "a.md"
    article.parent.mkdir()
    article.write_text('[平壤](../Page/平壤.md "wikilink") [古巴](../Page/古巴.md "wikilink")\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(main, ["-f", "json", "--no-cache", str(article)])
    messages = [finding["message"] for finding in json.loads(result.stdout)["findings"]]
    assert len(messages) == 1 and "古巴" in messages[0]


def test_per_file_ignores_codes_are_checked_even_when_no_path_matches(tmp_path: Path) -> None:
    articles = project(tmp_path, '[tool.wikilint.per-file-ignores]\n"nowhere/*.md" = ["REF99"]\n')
    status, report = lint_json(articles)
    assert status == 2
    assert "pyproject.toml: per-file-ignores.'nowhere/*.md': 'REF99' matches no rule" in report["error"]


def test_options_of_an_unselected_rule_are_checked(tmp_path: Path) -> None:
    # LNK003 is off by default and TPL selects something else: its table is still read.
    articles = project(
        tmp_path, '[tool.wikilint]\nselect = ["TPL"]\n[tool.wikilint.rules.duplicate-link]\nscope = "page"\n'
    )
    status, report = lint_json(articles)
    assert status == 2
    assert "pyproject.toml: [tool.wikilint.rules.duplicate-link]" in report["error"]
    assert "'scope' must be one of" in report["error"]

    (tmp_path / "pyproject.toml").write_text(
        '[tool.wikilint]\nignore = ["SCR"]\n[tool.wikilint.rules.SCR001]\nscrpt = 1\n'
    )
    status, report = lint_json(articles)
    assert status == 2 and "[tool.wikilint.rules.SCR001]: rule 'mixed-script' has no option 'scrpt'" in report["error"]


def test_a_rule_table_may_be_named_by_code(tmp_path: Path) -> None:
    articles = project(
        tmp_path, '[tool.wikilint]\nselect = ["TPL001"]\n[tool.wikilint.rules.TPL001]\nstray-templates = ["clear"]\n'
    )
    (articles / "a.md").unlink()
    (articles / "b.wiki").write_text("Text.\n{{clear}}\n", encoding="utf-8")
    status, report = lint_json(articles)
    assert report["summary"]["by_code"] == {"TPL001": 1}  # {{clear}} is flagged only by the option

    (tmp_path / "pyproject.toml").write_text(
        '[tool.wikilint.rules.TPL001]\nstray-templates = ["clear"]\n'
        '[tool.wikilint.rules.stray-template]\nstray-templates = ["-"]\n'
    )
    status, report = lint_json(articles)
    assert status == 2 and "configure the same rule" in report["error"]


def test_a_config_file_not_named_pyproject_names_the_wrong_top_level_key(tmp_path: Path) -> None:
    articles = project(tmp_path, '[project]\nname = "x"\n', name="ci.toml")
    status, report = lint_json(articles, "--config", str(tmp_path / "ci.toml"))
    assert status == 2
    assert "ci.toml: top-level key 'project' is not a wikilint setting" in report["error"]

    (tmp_path / "ci.toml").write_text('[project]\nname = "x"\n[tool.wikilint]\nselect = ["TPL"]\n')
    status, report = lint_json(articles, "--config", str(tmp_path / "ci.toml"))
    assert report["summary"]["by_code"] == {"TPL001": 1}


def test_required_parameters_for_one_template_extends_the_defaults(tmp_path: Path) -> None:
    articles = project(
        tmp_path,
        '[tool.wikilint]\nselect = ["REF008"]\n'
        '[tool.wikilint.rules.incomplete-citation.required-parameters]\n"cite press release" = ["publisher"]\n',
    )
    (articles / "a.md").unlink()
    (articles / "a.wiki").write_text(
        "A.<ref>{{cite press release |title=T}}</ref> B.<ref>{{cite web |url=http://example.com}}</ref>\n"
        "== References ==\n{{reflist}}\n",
        encoding="utf-8",
    )
    _, report = lint_json(articles)
    messages = sorted(finding["message"] for finding in report["findings"])
    assert messages == [
        "{{cite press release}} lacks publisher",
        "{{cite web}} lacks title or script-title or trans-title",  # the default for cite web still holds
    ]

    (tmp_path / "pyproject.toml").write_text(
        '[tool.wikilint]\nselect = ["REF008"]\n'
        '[tool.wikilint.rules.REF008.required-parameters]\n"cite web" = []\n', encoding="utf-8"
    )
    _, report = lint_json(articles)
    assert report["findings"] == []  # [] drops cite web's requirements; cite press release has none by default
