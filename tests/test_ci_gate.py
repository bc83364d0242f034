"""The CI gate: SARIF and GitHub output, suppressions, the baseline, and fixes."""

from __future__ import annotations

import difflib
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.finding import Finding, Severity
from wikilint.linter.report.github_report import GithubReporter
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

from .conftest import FIXTURES, SEED

SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED.read_bytes())
    return copy


# --- output formats ---------------------------------------------------------------------


def test_sarif_validates_against_the_2_1_0_schema(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\xfd")
    result = runner.invoke(main, ["-f", "sarif", str(SEED), str(tmp_path / "bad.md")])
    assert result.exit_code == 1
    log = json.loads(result.output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert {"REF001", "LNK002", "WL001"} <= {rule["id"] for rule in rules}
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(rule)
    assert len(run["results"]) == 61
    first = run["results"][0]
    location = first["locations"][0]["physicalLocation"]
    assert not location["artifactLocation"]["uri"].startswith("/")
    assert set(location["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}
    assert first["partialFingerprints"]["wikilintFingerprint/v1"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]


def test_github_commands_escape_message_and_properties() -> None:
    stream = io.StringIO()
    reporter = GithubReporter(stream)
    finding = Finding("dir,a:b/c.md", 3, 5, 3, 9, "REF001", "empty-reference", Severity.ERROR,
                      "100% broken, see: line\nnext\rend")
    result = FileResult("dir,a:b/c.md", None, [finding])
    reporter.add(result)
    summary = Summary()
    summary.add(result)
    reporter.finish(summary)
    first = stream.getvalue().splitlines()[0]
    assert first == (
        "::error file=dir%2Ca%3Ab/c.md,line=3,col=5,endLine=3,endColumn=9,title=wikilint (REF001)"
        "::100%25 broken, see: line%0Anext%0Dend"
    )


def test_github_format_is_the_default_under_actions(runner: CliRunner) -> None:
    result = runner.invoke(main, [str(SEED)], env={"GITHUB_ACTIONS": "true"})
    lines = result.output.splitlines()
    assert lines[0].startswith("::warning file=")
    assert any("title=wikilint (LNK001)" in line for line in lines)
    assert any(line.startswith("::error ") for line in lines)
    assert "GitHub shows at most 10 annotations" in lines[-1]


# --- suppressions and the baseline --------------------------------------------------------


def add_reference_18(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace("\\[17\\]。", "\\[17\\]\\[18\\]。", 1) + "\n18.\n"
    path.write_text(text, encoding="utf-8")


def test_baseline_absorbs_old_findings_and_reports_only_the_new_one(runner: CliRunner, seed_copy: Path) -> None:
    baseline = seed_copy.parent / "wikilint-baseline.json"
    created = runner.invoke(main, ["baseline", "create", "-o", str(baseline), str(seed_copy)])
    assert created.exit_code == 0, created.output
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert list(recorded["files"]) == ["seed.txt"]
    assert recorded["files"]["seed.txt"]["REF001"]["count"] == 17
    assert "line" not in json.dumps(recorded["files"])

    clean = runner.invoke(main, ["-f", "json", "--baseline", str(baseline), str(seed_copy)])
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.output)["summary"]["baseline_absorbed"] == 60

    add_reference_18(seed_copy)
    new = runner.invoke(main, ["-f", "json", "--baseline", str(baseline), str(seed_copy)])
    assert new.exit_code == 1
    findings = json.loads(new.output)["findings"]
    assert [(f["code"], f["message"]) for f in findings] == [("REF001", "reference entry 18 is empty")]

    suppression = "\n<!-- wikilint-disable-next-line REF001 -->\n18.\n"
    text = seed_copy.read_text(encoding="utf-8").replace("\n18.\n", suppression)
    seed_copy.write_text(text, encoding="utf-8")
    suppressed = runner.invoke(main, ["--baseline", str(baseline), str(seed_copy)])
    assert suppressed.exit_code == 0, suppressed.output

    seed_copy.write_text(text + "<!-- wikilint-disable-line TPL001 -- nothing here -->\n", encoding="utf-8")
    unused = runner.invoke(main, ["-f", "json", "--baseline", str(baseline), str(seed_copy)])
    assert unused.exit_code == 1
    assert [f["code"] for f in json.loads(unused.output)["findings"]] == ["WL002"]


def test_wikitext_baseline_reports_the_added_empty_ref(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.wiki"
    article.write_text("A.<ref></ref> B.<ref> </ref>\nC.\n<references />\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    runner.invoke(main, ["baseline", "create", "-o", str(baseline), str(article)])
    article.write_text("A.<ref></ref> B.<ref> </ref>\nC.<ref></ref>\n<references />\n", encoding="utf-8")
    result = runner.invoke(main, ["-f", "json", "--baseline", str(baseline), str(article)])
    assert result.exit_code == 1
    assert [(f["code"], f["line"], f["column"]) for f in json.loads(result.output)["findings"]] == [("REF001", 2, 3)]


def test_baseline_prune_drops_what_is_fixed(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.wiki"
    article.write_text("A.<ref></ref> {{-}}\n<references />\n", encoding="utf-8")
    baseline = tmp_path / "wikilint-baseline.json"
    runner.invoke(main, ["baseline", "create", "-o", str(baseline), str(article)])
    article.write_text("A.<ref>Source.</ref> {{-}}\n<references />\n", encoding="utf-8")
    pruned = runner.invoke(main, ["baseline", "prune", "--baseline", str(baseline), str(article)])
    assert pruned.exit_code == 0 and "Pruned 1" in pruned.output
    assert list(json.loads(baseline.read_text(encoding="utf-8"))["files"]["a.wiki"]) == ["TPL001"]


def test_baseline_messages_show_a_hostile_path_as_text(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.wiki"
    article.write_text("A.<ref></ref>\n<references />\n", encoding="utf-8")
    baseline = tmp_path / "b\x1b[31m\u202e.json"
    created = runner.invoke(main, ["baseline", "create", "-o", str(baseline), str(article)])
    pruned = runner.invoke(main, ["baseline", "prune", "--baseline", str(baseline), str(article)])
    assert created.exit_code == 0 and pruned.exit_code == 0 and baseline.is_file()
    for output in (created.output, pruned.output):
        assert "\x1b" not in output and "\u202e" not in output and "b.json" not in output


def test_pruning_named_paths_keeps_the_other_files_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.md", "b.md", "docs/c.md", "docs/d.md", "other/e.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("平壤 {{-}}\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["baseline", "create", "."]).exit_code == 0
    baseline = tmp_path / "wikilint-baseline.json"
    recorded = set(json.loads(baseline.read_text(encoding="utf-8"))["files"])
    assert recorded == {"a.md", "b.md", "docs/c.md", "docs/d.md", "other/e.md"}

    (tmp_path / "a.md").write_text("平壤\n", encoding="utf-8")
    pruned = runner.invoke(main, ["baseline", "prune", "a.md"])
    assert pruned.exit_code == 0 and "Pruned 1 findings" in pruned.output
    assert set(json.loads(baseline.read_text(encoding="utf-8"))["files"]) == recorded - {"a.md"}

    (tmp_path / "docs" / "d.md").unlink()  # a file gone from a named folder is pruned; others are not
    (tmp_path / "other" / "e.md").unlink()
    assert runner.invoke(main, ["baseline", "prune", "docs"]).exit_code == 0
    assert set(json.loads(baseline.read_text(encoding="utf-8"))["files"]) == {"b.md", "docs/c.md", "other/e.md"}
    assert runner.invoke(main, ["baseline", "prune"]).exit_code == 0  # no path: the whole folder
    assert set(json.loads(baseline.read_text(encoding="utf-8"))["files"]) == {"b.md", "docs/c.md"}


def test_suppression_forms(tmp_path: Path) -> None:
    from wikilint import lint_text

    text = (
        "<!-- wikilint-disable-file stray-template -->\n{{-}}\n"
        "<!-- wikilint-disable REF001 -->\nA<ref></ref>\n<!-- wikilint-enable REF001 -->\nB<ref></ref>\n"
        "C<ref></ref> <!-- wikilint-disable-line REF001 -->\n<references />\n"
        "<!-- wikilint-disable-line empty-refrence -->\n"
    )
    found = [(f.code, f.line) for f in lint_text(text, dialect="wikitext")]
    assert found == [("REF001", 6), ("WL003", 9)]


def test_bad_baseline_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "b.json"
    broken.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(main, ["--baseline", str(broken), str(SEED)])
    assert result.exit_code == 2 and "not a wikilint baseline" in result.output


# --- fixes ---------------------------------------------------------------------------------


def test_fix_removes_template_and_link_findings_and_touches_nothing_else(runner: CliRunner, seed_copy: Path) -> None:
    original = seed_copy.read_text(encoding="utf-8")
    before = json.loads(runner.invoke(main, ["-f", "json", str(seed_copy)]).output)["findings"]
    fixed_run = runner.invoke(main, ["-f", "json", "--fix", str(seed_copy)])
    assert fixed_run.exit_code == 1  # REF001 and the script findings remain
    remaining = {f["code"] for f in json.loads(fixed_run.stdout)["findings"]}
    assert not remaining & {"TPL001", "LNK001", "LNK002", "STR001", "REF009"}
    assert "SCR001" in remaining  # its fix is unsafe
    fixed = seed_copy.read_text(encoding="utf-8")

    # Every change lies inside (or right after) a span that a fixable finding flagged.
    lines = original.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    safe = [f for f in before if f["fix"] and f["fix"]["applicability"] == "safe"]
    flagged = [
        (offsets[f["line"] - 1] + f["column"] - 1, offsets[f["end_line"] - 1] + f["end_column"] - 1) for f in safe
    ] + [(edit["start"], edit["end"]) for f in safe for edit in f["fix"]["edits"]]
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    for operation, start, end, _, _ in matcher.get_opcodes():
        # difflib may align a deleted line with the line break before it instead of after: 1 of slack.
        if operation != "equal":
            inside = any(low - 1 <= start and end <= high + 1 for low, high in flagged)
            assert inside, (operation, original[start:end])

    again = runner.invoke(main, ["--fix", str(seed_copy)])
    assert "Fixed" not in again.stderr  # a clean second run says nothing about fixing
    assert seed_copy.read_text(encoding="utf-8") == fixed


def test_diff_shows_the_same_edits_and_writes_nothing(runner: CliRunner, seed_copy: Path, tmp_path: Path) -> None:
    original = seed_copy.read_text(encoding="utf-8")
    result = runner.invoke(main, ["--diff", str(seed_copy)])
    assert result.exit_code == 1
    assert seed_copy.read_text(encoding="utf-8") == original
    runner.invoke(main, ["--fix", str(seed_copy)])
    expected = "".join(difflib.unified_diff(
        original.splitlines(keepends=True), seed_copy.read_text(encoding="utf-8").splitlines(keepends=True),
        fromfile=f"a/{seed_copy}", tofile=f"b/{seed_copy}",
    ))
    assert result.stdout == expected
    assert "Would fix 30 findings in 1 file." in result.stderr


def test_unsafe_fixes_convert_the_script(runner: CliRunner, seed_copy: Path) -> None:
    runner.invoke(main, ["--fix", "--unsafe-fixes", str(seed_copy)])
    text = seed_copy.read_text(encoding="utf-8")
    assert "新當選的" in text and "## 參考文獻" in text
    assert "](https://zh.wikipedia.org/wiki/古巴国务委员会主席 " in text  # targets are never converted


def test_fix_keeps_bom_and_line_endings(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_bytes("\ufeff文字\\[1\\] 。\r\n\r\n{{-}}\r\n\r\n1.  來源。\r\n".encode())
    runner.invoke(main, ["--fix", str(article)])
    assert article.read_bytes() == "\ufeff文字\\[1\\]。\r\n\r\n\r\n1.  來源。\r\n".encode()


def test_fix_refuses_a_dump(runner: CliRunner, tmp_path: Path) -> None:
    from .dump_builder import write_dump

    dump = write_dump(tmp_path / "d.xml", [("平壤", "平壤 {{-}}\n")])
    result = runner.invoke(main, ["--fix", str(dump)])
    assert result.exit_code == 2 and "not on dumps or JSONL corpora" in result.output


def test_fixes_that_do_not_converge_leave_the_file_and_say_so(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    # Each pass removes the innermost empty parentheses and so empties the next ones out:
    # （（（，），），） becomes （（，），） and so on, one layer a pass.
    original = "甲" + "（" * 12 + "，）" * 12 + "乙\n"
    article.write_bytes(original.encode())
    result = runner.invoke(main, ["-f", "json", "--fix", str(article)])
    assert result.exit_code == 1
    assert article.read_bytes() == original.encode()
    findings = json.loads(result.stdout)["findings"]
    assert any(f["code"] == "WL004" and "after 10 passes" in f["message"] for f in findings)


def test_suppression_comments_shown_as_code_are_examples_not_directives() -> None:
    from wikilint import lint_text

    markdown = (
        "平壤 {{-}}\n\n`<!-- wikilint-disable-file TPL001 -->` 是例子。\n\n"
        "```\n<!-- wikilint-disable-next-line XYZ999 -->\n```\n"
    )
    assert [(f.code, f.line) for f in lint_text(markdown, dialect="markdown")] == [("TPL001", 1)]
    wikitext = "平壤 {{-}}\n<nowiki><!-- wikilint-disable-file TPL001 --></nowiki>\n"
    assert [(f.code, f.line) for f in lint_text(wikitext, dialect="wikitext")] == [("TPL001", 1)]
    assert lint_text("平壤 {{-}} <!-- wikilint-disable-line TPL001 -->\n", dialect="markdown") == []
