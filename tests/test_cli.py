"""The command line, through click's CliRunner: formats, options, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main

from .conftest import SEED

CLEAN_MD = "平壤是朝鮮的首都\\[1\\]。\n\n1.  《朝鮮地理》。\n"
DIRTY_MD = "平壤是朝鮮的首都\\[1\\]。\n\n1.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_clean_file_exits_zero(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", CLEAN_MD)
    result = runner.invoke(main, [str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "All checks passed (1 file checked).\n"


def test_check_subcommand_is_the_default(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", DIRTY_MD)
    plain = runner.invoke(main, [str(path)])
    explicit = runner.invoke(main, ["check", str(path)])
    assert plain.exit_code == explicit.exit_code == 1
    assert plain.output == explicit.output
    assert f"{path}:3:1: REF001 reference entry 1 is empty" in plain.output


def test_exit_zero(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", DIRTY_MD)
    result = runner.invoke(main, ["--exit-zero", str(path)])
    assert result.exit_code == 0
    assert "REF001" in result.output


def test_directory_recursion_picks_known_extensions(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a.md", DIRTY_MD)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.wiki", "Text<ref></ref>\n<references/>\n")
    write(tmp_path / "sub", "c.txt", DIRTY_MD)
    write(tmp_path / "sub", "ignored.py", "print('{{-}}')\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "d.md", DIRTY_MD)
    result = runner.invoke(main, ["-f", "json", str(tmp_path)])
    report = json.loads(result.output)
    paths = [Path(entry["path"]).relative_to(tmp_path).as_posix() for entry in report["files"]]
    assert paths == ["a.md", "sub/b.wiki", "sub/c.txt"]
    assert [entry["dialect"] for entry in report["files"]] == ["markdown", "wikitext", "markdown"]
    assert result.exit_code == 1


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-"], input=DIRTY_MD)
    assert result.exit_code == 1
    assert "-:3:1: REF001" in result.output


def test_select_and_ignore_accept_codes_prefixes_and_names(runner: CliRunner) -> None:
    def codes(*options: str) -> set[str]:
        result = runner.invoke(main, ["-f", "json", *options, str(SEED)])
        return set(json.loads(result.output)["summary"]["by_code"])

    assert codes("--select", "REF001") == {"REF001"}
    assert codes("--select", "REF,stray-template") == {"REF001", "REF009", "TPL001"}
    assert codes("--ignore", "LNK,SCR,STR", "--ignore", "REF009") == {"REF001", "TPL001"}
    assert codes("--select", "ref001") == {"REF001"}
    assert "LNK003" in {rule["code"] for rule in json.loads(runner.invoke(main, ["rules", "-f", "json"]).output)}
    assert codes("--select", "ALL", "--ignore", "LNK001,LNK002") >= {"REF001", "TPL001", "SCR001"}


def test_unknown_selector_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--select", "XYZ999", str(SEED)])
    assert result.exit_code == 2
    assert "'XYZ999' matches no rule" in result.output


def test_dialect_override(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Text<ref></ref>\n<references />\n")
    as_wikitext = runner.invoke(main, ["--dialect", "wikitext", "-f", "json", str(path)])
    assert json.loads(as_wikitext.output)["files"][0]["dialect"] == "wikitext"
    assert json.loads(as_wikitext.output)["summary"]["by_code"] == {"REF001": 1}


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(main, ["-f", "json", "-o", str(out), str(SEED)])
    assert result.exit_code == 1
    assert result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] == 60


def test_missing_path_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_bad_flag_is_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--no-such-flag", str(SEED)])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xb3\xaf\xcf\xca\n", "cannot decode as UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "binary file"),
    ],
)
def test_unreadable_file_is_a_finding_and_others_still_run(
    runner: CliRunner, tmp_path: Path, content: bytes, reason: str
) -> None:
    write(tmp_path, "bad.md", content)
    write(tmp_path, "good.md", DIRTY_MD)
    result = runner.invoke(main, ["-f", "json", str(tmp_path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"]["files_checked"] == 2
    bad = next(entry for entry in report["files"] if entry["path"].endswith("bad.md"))
    assert reason in bad["error"]
    assert bad["dialect"] is None
    codes = sorted(finding["code"] for finding in report["findings"])
    assert codes == ["REF001", "WL001"]


def test_utf8_bom_and_utf16_are_read(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "bom.md", "\ufeff".encode() + DIRTY_MD.encode())
    write(tmp_path, "utf16.md", DIRTY_MD.encode("utf-16"))
    result = runner.invoke(main, ["-f", "json", str(tmp_path)])
    report = json.loads(result.output)
    assert [(f["line"], f["column"], f["code"]) for f in report["findings"]] == [(3, 1, "REF001")] * 2


def test_unreadable_directory_is_reported(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    write(locked, "a.md", DIRTY_MD)
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        # chmod 0 does not stop root (CI runs as root), so the refusal is simulated.
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(main, ["-f", "json", str(tmp_path)])
    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["files"] == [
        {"path": str(locked), "dialect": None, "findings": 1, "error": "cannot list directory: Permission denied"}
    ]


def test_broken_symlink_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    result = runner.invoke(main, ["-f", "json", str(tmp_path / "loop.md")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["findings"][0]["code"] == "WL001"
    assert "cannot read" in report["files"][0]["error"]


def test_statistics(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--statistics", str(SEED)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "13\tLNK001\t[*]\tmixed-link-style\tin 1 file",
        "13\tLNK002\t[*]\tlink-label-overrun\tin 1 file",
        "17\tREF001\t[ ]\tempty-reference\tin 1 file",
        " 2\tREF009\t[*]\treference-punctuation\tin 1 file",
        " 6\tSCR001\t[*]\tmixed-script\tin 1 file",
        " 7\tSCR002\t[ ]\tregional-variant-mix\tin 1 file",
        " 1\tSTR001\t[*]\tempty-parentheses\tin 1 file",
        " 1\tTPL001\t[*]\tstray-template\tin 1 file",
        "Found 60 findings (17 errors, 43 warnings) in 1 of 1 file checked. "
        "[*] 30 fixable with --fix (6 more with --unsafe-fixes).",
    ]
    write(tmp_path, "a.md", DIRTY_MD)
    write(tmp_path, "b.md", DIRTY_MD + "\n{{-}}\n")
    write(tmp_path, "c.md", CLEAN_MD)
    lines = runner.invoke(main, ["--statistics", str(tmp_path)]).output.splitlines()
    assert lines[:2] == ["2\tREF001\t[ ]\tempty-reference\tin 2 files", "1\tTPL001\t[*]\tstray-template\tin 1 file"]
    assert lines[2:5] == ["Most findings:", f"2\t{tmp_path / 'b.md'}", f"1\t{tmp_path / 'a.md'}"]
    report = json.loads(runner.invoke(main, ["-f", "json", str(tmp_path)]).output)
    assert report["summary"]["files_by_code"] == {"REF001": 2, "TPL001": 1}
    assert report["summary"]["worst_files"][0] == {"path": str(tmp_path / "b.md"), "findings": 2}


def test_rules_listing_and_rule_doc(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["rules", "--format", "json"])
    assert listing.exit_code == 0
    codes = [row["code"] for row in json.loads(listing.output)]
    assert {"REF001", "LNK001", "SCR001", "TPL001", "WL001", "WL004"} <= set(codes)

    doc = runner.invoke(main, ["rule", "empty-reference"])
    assert doc.exit_code == 0
    assert doc.output.startswith("# empty-reference (REF001)")
    assert "## Why is this bad?" in doc.output

    missing = runner.invoke(main, ["rule", "NOPE001"])
    assert missing.exit_code == 2


def test_rules_table_lists_every_rule_with_its_columns(runner: CliRunner) -> None:
    from wikilint.linter.registry import load_registry

    output = runner.invoke(main, ["rules"]).output.splitlines()
    assert output[0].split()[:6] == ["code", "name", "severity", "on", "fix", "dialects"]
    listed = {line.split()[0]: line.split() for line in output[1:]}
    assert set(listed) == {rule.code for rule in load_registry()}
    assert listed["LNK003"][1:4] == ["duplicate-link", "warning", "off"]
    assert listed["REF005"][5] == "wikitext"


def test_rule_doc_for_lnk002(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rule", "LNK002"])
    assert result.exit_code == 0
    assert result.output.startswith("# link-label-overrun (LNK002)")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in result.output


def test_help_shows_the_default_commands_usage_and_the_others() -> None:
    for flag in ("--help", "-h"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0
        assert "[PATHS]..." in result.output and "--select" in result.output and "--fix" in result.output
        assert "wikilint rules" in result.output and "wikilint baseline create" in result.output
    assert "0.1.0" in CliRunner().invoke(main, ["--version"]).output


def test_fix_availability_as_ruff_says_it(tmp_path: Path) -> None:
    """[*] marks only what --fix fixes; the summary counts the unsafe ones apart; --show-fixes lists them."""
    runner = CliRunner()
    concise = runner.invoke(main, ["-f", "concise", "--no-cache", str(SEED)]).output.splitlines()
    script = [line for line in concise if " SCR001" in line]
    assert script and all("[*]" not in line for line in script)  # SCR001's conversion is unsafe
    assert concise[-1].endswith("[*] 30 fixable with --fix (6 more with --unsafe-fixes).")
    article = tmp_path / "a.md"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    fixed = runner.invoke(main, ["--fix", "--show-fixes", "--no-cache", str(article)])
    assert "Fixed 30 findings in 1 file." in fixed.stderr and "1 × TPL001" in fixed.stderr
    again = runner.invoke(main, ["--fix", "--no-cache", str(article)])
    assert "Fixed" not in again.stderr  # nothing to say on a run that fixed nothing


def test_pages_of_a_dump_never_claim_a_fix(tmp_path: Path) -> None:
    from .dump_builder import write_dump

    dump = write_dump(tmp_path / "d.xml", [("平壤", "平壤 {{-}}\n")])
    report = json.loads(CliRunner().invoke(main, ["-f", "json", "--no-cache", str(dump)]).stdout)
    assert [f["code"] for f in report["findings"]] == ["TPL001"]
    assert report["findings"][0]["fix"] is None


def test_a_dump_counts_documents_and_sizes_read_as_people_write_them(tmp_path: Path) -> None:
    from wikilint.linter.results import human_size

    from .dump_builder import write_dump

    dump = write_dump(tmp_path / "d.xml", [("平壤", "平壤 {{-}}\n"), ("古巴", "古巴。\n")])
    summary = CliRunner().invoke(main, ["-f", "concise", "--no-cache", str(dump)]).output.splitlines()[-1]
    assert summary == "Found 1 finding (1 warning) in 1 of 2 documents checked."
    assert [human_size(n) for n in (1, 532, 12_300, 50_000_000)] == ["1 byte", "532 bytes", "12.3 kB", "50.0 MB"]


def test_fail_on_sets_the_gate_severity(tmp_path: Path) -> None:
    warning_only = tmp_path / "w.md"
    warning_only.write_text("平壤 {{-}}\n", encoding="utf-8")  # TPL001 is a warning
    runner = CliRunner()
    assert runner.invoke(main, ["--no-cache", str(warning_only)]).exit_code == 1
    gated = runner.invoke(main, ["--no-cache", "--fail-on", "error", str(warning_only)])
    assert gated.exit_code == 0 and "TPL001" in gated.output
    assert runner.invoke(main, ["--no-cache", "--fail-on", "error", str(SEED)]).exit_code == 1  # REF001 errors


def test_stdin_filename_brings_config_dialect_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wikilint]\nper-file-ignores = { "drafts/*" = ["TPL001"] }\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    kept = runner.invoke(main, ["-f", "json", "--stdin-filename", "articles/a.wiki", "-"], input="平壤 {{-}}\n")
    report = json.loads(kept.stdout)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("articles/a.wiki", "TPL001")]
    assert report["files"][0]["dialect"] == "wikitext"
    ignored = runner.invoke(main, ["-f", "json", "--stdin-filename", "drafts/a.wiki", "-"], input="平壤 {{-}}\n")
    assert json.loads(ignored.stdout)["findings"] == []


def test_fix_of_stdin_writes_the_fixed_text_to_stdout_and_the_report_to_stderr() -> None:
    result = CliRunner().invoke(
        main, ["--fix", "--stdin-filename", "a.md", "-"], input="**平壤**（，）是首都\\[1\\]。\n\n{{-}}\n\n1.  x\n"
    )
    assert result.exit_code == 0
    assert result.stdout == "**平壤**是首都\\[1\\]。\n\n\n1.  x\n"
    assert "All checks passed" in result.stderr
    with_file = CliRunner().invoke(main, ["--fix", "-", str(SEED)], input="x\n")
    assert with_file.exit_code == 2 and "takes no other path" in with_file.stderr


def test_an_empty_select_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", DIRTY_MD)
    result = runner.invoke(main, ["--select", "", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("wikilint: error: --select names no rule: give codes, prefixes, names or ALL")
    assert "All checks passed" not in result.output


STATISTICS_TEXT_ONLY = "--statistics shapes the text and concise formats only"


@pytest.mark.parametrize(
    ("options", "warning"),
    [
        (["--unsafe-fixes"], "--unsafe-fixes does nothing without --fix or --diff"),
        (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler does nothing without --executor dask"),
        (["--show-fixes"], "--show-fixes does nothing without --fix"),
        (["--statistics", "-f", "json"], f"{STATISTICS_TEXT_ONLY}; -f json lists every finding"),
        (["--statistics", "-f", "sarif"], f"{STATISTICS_TEXT_ONLY}; -f sarif lists every finding"),
    ],
)
def test_a_flag_that_does_nothing_here_warns_and_the_run_goes_on(
    runner: CliRunner, tmp_path: Path, options: list[str], warning: str
) -> None:
    path = write(tmp_path, "a.md", DIRTY_MD)
    result = runner.invoke(main, [*options, str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"wikilint: warning: {warning}"
    assert "REF001" in result.stdout


def test_flags_that_act_do_not_warn(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", DIRTY_MD)
    acting = (["--unsafe-fixes", "--diff"], ["--statistics"], ["--statistics", "-f", "concise"],
              ["--fix", "--show-fixes"])
    for options in acting:
        result = runner.invoke(main, [*options, str(path)])
        assert "warning" not in result.stderr, (options, result.stderr)


def test_a_folder_with_nothing_to_lint_warns_and_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty", "notes.py", "print()\n")
    result = runner.invoke(main, [str(tmp_path / "empty")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == f"wikilint: warning: no files to lint under {tmp_path / 'empty'}"


def test_rule_doc_prints_every_options_default_as_toml(runner: CliRunner) -> None:
    from wikilint.api import load_registry
    from wikilint.linter.config import tomllib

    for rule in load_registry():
        if not rule.options:
            continue
        output = runner.invoke(main, ["rule", rule.code]).output
        assert "## Defaults\n```toml\n" in output, rule.code
        toml = output.split("## Defaults\n```toml\n", 1)[1].split("```", 1)[0]
        parsed = tomllib.loads(toml)["tool"]["wikilint"]["rules"][rule.name]
        defaults = {key: list(v) if isinstance(v, tuple) else v for key, v in rule.resolve_options({}).items()}
        assert parsed == json.loads(json.dumps(defaults)), rule.code
    assert '"cite web" = ["url", "title|script-title|trans-title"]' in runner.invoke(main, ["rule", "REF008"]).output
