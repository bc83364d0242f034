"""GitHub Actions workflow commands: one annotation per finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=wikilint (CODE)::message``,
escaped as the runner requires: ``%``, CR and LF in the message; also ``:`` and ``,`` in
properties. Paths and messages are untrusted, so the other characters that could end a line or
reach the terminal (ESC, C1 controls, bidi overrides, U+2028…) are made :func:`.escape.visible`
first. GitHub shows at most 10 annotations of each level per step, so the summary says when
there are more.
"""

from __future__ import annotations

from typing import TextIO

from wikilint.linter.report.escape import visible
from wikilint.linter.report.text_report import summary_line
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATION_CAP = 10


def escape_data(text: str) -> str:
    return visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def add(self, result: FileResult) -> None:
        for finding in result.findings:
            properties = ",".join(
                f"{key}={escape_property(str(value))}"
                for key, value in (
                    ("file", finding.path),
                    ("line", finding.line),
                    ("col", finding.column),
                    ("endLine", finding.end_line),
                    ("endColumn", finding.end_column),
                    ("title", f"wikilint ({finding.code})"),
                )
            )
            command = _COMMANDS[finding.severity.value]
            self.stream.write(f"::{command} {properties}::{escape_data(finding.message)}\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary_line(summary) + "\n")
        over = {level: count for level, count in summary.by_severity.items() if count > ANNOTATION_CAP}
        if over:
            counts = ", ".join(f"{count} {level}s" for level, count in sorted(over.items()))
            self.stream.write(
                f"GitHub shows at most {ANNOTATION_CAP} annotations of each level per step; this run has "
                f"{counts}: see the full list in this log or upload --format sarif to code scanning.\n"
            )
