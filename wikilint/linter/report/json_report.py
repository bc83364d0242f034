"""The versioned JSON report (schema: ``wikilint/schema/report-v1.json``)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from wikilint._version import __version__
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

SCHEMA_VERSION = 1


def file_entry(result: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": result.path,
        "dialect": result.dialect.value if result.dialect else None,
        "findings": len(result.findings),
    }
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
        json.dump(data, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
