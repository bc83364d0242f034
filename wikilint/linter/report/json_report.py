"""The versioned JSON report (schema in README.md, "JSON report")."""

from __future__ import annotations

import json
from typing import Any

from wikilint import __version__
from wikilint.linter.runner import Report

SCHEMA_VERSION = 1


def as_data(report: Report) -> dict[str, Any]:
    files = []
    for result in report.files:
        entry: dict[str, Any] = {
            "path": result.path,
            "dialect": result.dialect.value if result.dialect else None,
            "findings": len(result.findings),
        }
        if result.error is not None:
            entry["error"] = result.error
        if result.citations is not None:
            entry["citations"] = result.citations.to_dict()
        files.append(entry)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "wikilint", "version": __version__},
        "summary": report.summary(),
        "files": files,
        "findings": [finding.to_dict() for finding in report.findings],
    }


def render(report: Report) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2) + "\n"
