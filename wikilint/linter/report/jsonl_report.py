"""JSON Lines: one object per line as results arrive, for runs too large to hold.

Each document gives a ``{"type": "file", …}`` line (the same fields as the json report's
``files`` entries), followed by one ``{"type": "finding", …}`` line per finding; the last
line is ``{"type": "summary", "version": 1, "tool": …, "summary": …}``. A line break in a
value (U+2028 and U+0085 too, which some readers split lines at) is written as a JSON escape
(:func:`.escape.json_line`), so one record is always one line.
"""

from __future__ import annotations

from typing import Any, TextIO

from wikilint.linter.report.escape import json_line
from wikilint.linter.report.json_report import SCHEMA_VERSION, file_entry, tool
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary


class JsonlReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def add(self, result: FileResult) -> None:
        self._line({"type": "file", **file_entry(result)})
        for finding in result.findings:
            self._line({"type": "finding", **finding.to_dict()})

    def finish(self, summary: Summary) -> None:
        self._line({"type": "summary", "version": SCHEMA_VERSION, "tool": tool(), "summary": summary.to_dict()})

    def _line(self, data: dict[str, Any]) -> None:
        self.stream.write(json_line(data) + "\n")
