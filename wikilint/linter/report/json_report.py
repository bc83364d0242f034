"""The versioned JSON report (schema: ``wikilint/schema/report-v1.json``).

Values are exact; characters that could hijack a terminal showing the file are written as
JSON escapes, and undecodable bytes of a file name as ``\\xNN`` (:mod:`.escape`)."""

from __future__ import annotations

from typing import Any, TextIO

from wikilint._version import __version__
from wikilint.linter.report.escape import write_json
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

SCHEMA_VERSION = 1


def file_entry(result: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": result.path,
        "dialect": result.dialect.value if result.dialect else None,
        "findings": len(result.findings),
    }
    if result.revision is not None:
        entry["revision"] = result.revision
    if result.error is not None:
        entry["error"] = result.error
    if result.citations is not None:
        entry["citations"] = result.citations.to_dict()
    return entry


def tool() -> dict[str, str]:
    return {"name": "wikilint", "version": __version__}


class JsonReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.files: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def add(self, result: FileResult) -> None:
        self.files.append(file_entry(result))
        self.findings.extend(finding.to_dict() for finding in result.findings)

    def finish(self, summary: Summary) -> None:
        data = {
            "version": SCHEMA_VERSION,
            "tool": tool(),
            "summary": summary.to_dict(),
            "files": self.files,
            "findings": self.findings,
        }
        write_json(self.stream, data, indent=2)
        self.stream.write("\n")
