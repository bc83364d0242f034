"""The card's main job: the seed article gives exactly these findings."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wikilint import lint_text
from wikilint.cli import main

from .conftest import SEED

REF001_LINES = [23, 25, 27, 29, 31, 32, 33, 35, 37, 38, 40, 42, 44, 45, 47, 49, 51]
LNK002_LABELS = [  # the 13 labels pandoc's Latin link-trail spilled Chinese text into
    (1, "古巴共和國與"), (1, "朝鮮人民民主主義共和國兩國的雙邊關係"),
    (5, "社會主義理想的"), (5, "冷戰時期"),
    (7, "勞爾·卡斯特羅表示他們的觀點"), (7, "菲德爾·卡斯特羅訪問北韓"),
    (9, "巴拿馬運河航行時被搜查"), (9, "巴拿馬軍隊靠近該艘船時"), (9, "蘇聯在"), (9, "防空導彈電池"),
    (9, "朝鮮民主主義人民共和國政府後來付了"),
    (11, "朝鮮勞動黨和"), (11, "古巴共產黨舉行會議"),
]
SCR001_RUNS = {  # line → the Simplified text each finding covers
    11: ["鲜", "当选", "国务委员会", "尔·迪亚斯-卡内尔", "访朝鲜"],
    17: ["参考文献"],
}


def _by_code(findings: list, code: str) -> list:
    return [finding for finding in findings if finding.code == code]


def test_seed_findings_per_rule(seed_text: str) -> None:
    findings = lint_text(seed_text, path="seeds/seed.txt")
    assert {finding.code for finding in findings} == {
        "REF001", "REF009", "TPL001", "LNK001", "LNK002", "SCR001", "SCR002", "STR001",
    }

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
        assert "most wikilinks here (19 of 32) are absolute URLs" in finding.message

    overruns = _by_code(findings, "LNK002")
    assert [(f.line, lines[f.line - 1][f.column - 1 : f.end_column - 1].split("](")[0][1:]) for f in overruns] == (
        LNK002_LABELS
    )

    [parentheses] = _by_code(findings, "STR001")
    assert (parentheses.line, lines[0][parentheses.column - 1 : parentheses.end_column - 1]) == (1, "（，）")

    regional = _by_code(findings, "SCR002")
    assert regional and all(
        lines[f.line - 1][f.column - 1 : f.end_column - 1] == "北韓" and "'朝鮮'" in f.message for f in regional
    )

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
    text = runner.invoke(main, ["-f", "concise", str(SEED.parent)])
    assert text.exit_code == 1
    lines = text.output.splitlines()
    assert lines[-1] == (
        "Found 60 findings (17 errors, 43 warnings) in 1 of 1 file checked. "
        "[*] 30 fixable with --fix (6 more with --unsafe-fixes)."
    )
    assert f"{SEED.parent}/{SEED.name}:19:1: TPL001 [*] template {{{{-}}}} left by the conversion" in lines

    as_json = runner.invoke(main, ["--format", "json", str(SEED.parent)])
    assert as_json.exit_code == 1
    report = json.loads(as_json.output)
    assert report["summary"]["by_code"] == {
        "LNK001": 13, "LNK002": 13, "REF001": 17, "REF009": 2, "SCR001": 6, "SCR002": 7, "STR001": 1, "TPL001": 1,
    }
    assert report["summary"]["by_severity"] == {"error": 17, "warning": 43}
    assert len(lines) - 1 == len(report["findings"])
