"""The default text output: each finding with its source line and a marker under the span."""

from __future__ import annotations

from click.testing import CliRunner
from wcwidth import wcswidth

from wikilint.cli import main
from wikilint.linter.finding import Finding, Severity
from wikilint.linter.report.full_report import WINDOW, excerpt


def _finding(line_text: str, column: int, end_column: int, line: int = 3) -> Finding:
    return Finding("a.md", line, column, line, end_column, "SCR001", "mixed-script", Severity.WARNING, "m",
                   source_line=line_text, source_column=1)


def _marker_under(rendered: str) -> tuple[str, str]:
    source, marker = rendered.split("\n")[1], rendered.split("\n")[2]
    return source, marker


def test_the_marker_is_measured_in_display_columns() -> None:
    line = "古巴與朝鲜政府官員會談。"
    rendered = excerpt(_finding(line, 4, 8)).plain
    source, marker = _marker_under(rendered)
    assert source == "3 | " + line
    assert marker.index("^") == wcswidth("3 | 古巴與")
    assert marker.count("^") == wcswidth("朝鲜政府")
    assert marker.endswith(" mixed-script")


def test_a_long_line_is_shown_as_a_window_around_the_finding() -> None:
    line = "前" * 300 + "朝鲜" + "後" * 300
    rendered = excerpt(_finding(line, 301, 303, line=11)).plain
    source, marker = _marker_under(rendered)
    assert source.startswith("11 | …") and source.endswith("…")
    assert wcswidth(source) <= WINDOW + len("11 | ") + 2
    assert marker.index("^") == wcswidth(source[: source.index("朝鲜")])
    assert marker.count("^") == wcswidth("朝鲜")


def test_tabs_and_control_characters_keep_the_columns_and_stay_inert() -> None:
    line = "a\tb\x1b[31mc朝"
    rendered = excerpt(_finding(line, 10, 11)).plain
    source, marker = _marker_under(rendered)
    assert "\x1b" not in rendered and "\\x1b" in source
    assert wcswidth(source[: source.index("朝")]) == marker.index("^")


def test_seed_default_output_shows_source_and_concise_does_not(tmp_path: object) -> None:
    runner = CliRunner()
    full = runner.invoke(main, ["seeds/000_9853571bf9f47226.txt"]).output
    assert "19 | {{-}}" in full and "   | ^^^^^ stray-template" in full
    concise = runner.invoke(main, ["-f", "concise", "seeds/000_9853571bf9f47226.txt"]).output
    assert " | " not in concise


def test_quiet_and_silent() -> None:
    runner = CliRunner()
    quiet = runner.invoke(main, ["-q", "-f", "concise", "seeds/"])
    assert quiet.exit_code == 1 and "Found" not in quiet.output and "REF001" in quiet.output
    silent = runner.invoke(main, ["--silent", "seeds/"])
    assert silent.exit_code == 1 and silent.output == ""
    assert runner.invoke(main, ["-qq", "seeds/"]).output == ""


def test_colour_only_when_asked_or_on_a_terminal(monkeypatch: object) -> None:
    runner = CliRunner()
    assert "\x1b[" not in runner.invoke(main, ["seeds/"]).output  # not a terminal
    assert "\x1b[" in runner.invoke(main, ["--color", "always", "seeds/"]).output
    assert "\x1b[" in runner.invoke(main, ["seeds/"], env={"FORCE_COLOR": "1"}).output
    assert "\x1b[" not in runner.invoke(main, ["seeds/"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output
