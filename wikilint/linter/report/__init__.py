"""Reporters: one module per output format.

A reporter receives each document's result as it arrives (``add``) and the run's totals
at the end (``finish``). Streaming formats (text, jsonl, github, gitlab) write as they go, and
junit spools its test cases to a temporary file, so a corpus run never holds all findings;
the json and sarif reports are one object each and are written at the end; the html audit
keeps exact counts and a bounded listing (:mod:`.audit`) and renders it at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TextIO

from wikilint.linter.report.full_report import FullTextReporter
from wikilint.linter.report.github_report import GithubReporter
from wikilint.linter.report.gitlab_report import GitlabReporter
from wikilint.linter.report.html_report import HtmlReporter
from wikilint.linter.report.json_report import JsonReporter
from wikilint.linter.report.jsonl_report import JsonlReporter
from wikilint.linter.report.junit_report import JunitReporter
from wikilint.linter.report.sarif_report import SarifReporter
from wikilint.linter.report.text_report import StatisticsReporter, TextReporter
from wikilint.linter.results import FileResult
from wikilint.linter.rule import Rule
from wikilint.linter.summary import Summary


class Reporter(Protocol):
    def add(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


REPORTERS: dict[str, type[Reporter]] = {
    "text": FullTextReporter,
    "concise": TextReporter,
    "json": JsonReporter,
    "jsonl": JsonlReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "gitlab": GitlabReporter,
    "junit": JunitReporter,
    "html": HtmlReporter,
}


def make_reporter(
    name: str, stream: TextIO, *, statistics: bool = False, rules: Sequence[type[Rule]] = (), color: bool = False,
    quiet: int = 0, version: str | None = None,
) -> Reporter:
    """``quiet`` 1 leaves out the summary line of the human formats, 2 everything but the exit code;
    ``version`` the wikilint version a saved report was made with (the html audit shows it)."""
    if statistics and name in ("text", "concise"):
        return StatisticsReporter(stream, quiet)
    if name == "text":
        return FullTextReporter(stream, color, quiet)
    if name == "concise":
        return TextReporter(stream, quiet)
    if name == "sarif":
        return SarifReporter(stream, rules)
    if name == "html":
        return HtmlReporter(stream, rules, version) if version else HtmlReporter(stream, rules)
    return REPORTERS[name](stream)  # type: ignore[call-arg]


__all__ = ["REPORTERS", "Reporter", "make_reporter"]
