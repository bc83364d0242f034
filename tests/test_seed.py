"""The card's main job: the seed article gives exactly these findings."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wikilint import lint_text
from wikilint.cli import main

from .conftest import SEED

REF001_LINES = [23, 25, 27, 29, 31, 32, 33, 35, 37, 38, 40, 42, 44, 45, 47, 49, 51]
SCR001_RUNS = {  # line → the Simplified text each finding covers
    11: ["鲜", "当选", "国务委员会", "尔·迪亚斯-卡内尔", "访朝鲜"],
    17: ["参考文献"],
}


def _by_code(findings: list, code: str) -> list:
    return [finding for finding in findings if finding.code == code]


def test_seed_findings_per_rule(seed_text: str) -> None:
    findings = lint_text(seed_text, path="seeds/seed.txt")
    assert {finding.code for finding in findings} == {"REF001", "REF009", "TPL001", "LNK001", "SCR001"}

    assert [finding.line for finding in _by_code(findings, "REF001")] == REF001_LINES
    assert all(finding.column == 1 for finding in _by_code(findings, "REF001"))

    # The citation audit: 17 markers and 17 entries match (no REF002-REF004); the two
    # markers followed by a space before 。 are REF009.
    spaces = _by_code(findings, "REF009")
    assert [finding.line for finding in spaces] == [7, 11]
    for finding, marker in zip(spaces, ["\\[8\\]", "\\[13\\]"], strict=True):
        line = seed_text.splitlines()[finding.line - 1]
        assert line[finding.column - 1 : finding.end_column - 1] == " "
        assert line[: finding.column - 1].endswith(marker) and line[finding.end_column - 1] == "。"

    [template] = _by_code(findings, "TPL001")
    assert (template.line, template.column, template.end_column) == (19, 1, 6)

    links = _by_code(findings, "LNK001")
    assert len(links) == 13
    lines = seed_text.splitlines()
    for finding in links:
        flagged = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
        assert "](../Page/" in flagged and flagged.endswith('"wikilink")')
        assert "(19 to 13)" in finding.message

    runs: dict[int, list[str]] = {}
    for finding in _by_code(findings, "SCR001"):
        assert finding.line == finding.end_line
        runs.setdefault(finding.line, []).append(lines[finding.line - 1][finding.column - 1 : finding.end_column - 1])
    assert runs == SCR001_RUNS


def test_seed_scr001_messages_carry_the_traditional_form(seed_text: str) -> None:
    messages = [finding.message for finding in lint_text(seed_text, path="a.txt") if finding.code == "SCR001"]
    assert "'當選'" in messages[1]
    assert "'參考文獻'" in messages[-1]


def test_seed_cli_text_and_json_agree() -> None:
    runner = CliRunner()
    text = runner.invoke(main, [str(SEED.parent)])
    assert text.exit_code == 1
    lines = text.output.splitlines()
    assert lines[-1] == "Found 39 findings (17 errors, 22 warnings) in 1 of 1 file checked."
    assert f"{SEED.parent}/{SEED.name}:19:1: TPL001 template {{{{-}}}} left by the conversion" in lines

    as_json = runner.invoke(main, ["--format", "json", str(SEED.parent)])
    assert as_json.exit_code == 1
    report = json.loads(as_json.output)
    assert report["summary"]["by_code"] == {"LNK001": 13, "REF001": 17, "REF009": 2, "SCR001": 6, "TPL001": 1}
    assert report["summary"]["by_severity"] == {"error": 17, "warning": 22}
    assert len(lines) - 1 == len(report["findings"])
