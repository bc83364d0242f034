"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

One run; ``tool.driver.rules`` lists every enabled rule with its documentation; results
point at repository-relative URIs with code-point columns (``columnKind``), and carry the
finding's fingerprint in ``partialFingerprints`` so that code scanning tracks a finding
across commits. ``tool.driver`` has no ``informationUri``: wikilint has no public home page
yet (it is not on PyPI), and SARIF makes the field optional rather than a dead link.
Text is written as in the json report (:func:`.escape.write_json`); a URI percent-encodes
the bytes of the file's name, so a name that is not UTF-8 still names the file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from wikilint._version import __version__
from wikilint.linter.report.escape import encodable, write_json
from wikilint.linter.results import FileResult
from wikilint.linter.rule import Rule
from wikilint.linter.summary import Summary

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifReporter:
    def __init__(self, stream: TextIO, rules: Sequence[type[Rule]] = ()) -> None:
        self.stream = stream
        self.rules = sorted(rules, key=lambda rule: rule.code)
        self.index = {rule.code: position for position, rule in enumerate(self.rules)}
        self.results: list[dict[str, Any]] = []

    def add(self, result: FileResult) -> None:
        uri = artifact_uri(result.path)
        for finding in result.findings:
            entry: dict[str, Any] = {
                "ruleId": finding.code,
                "level": _LEVELS[finding.severity.value],
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": finding.end_line,
                                "endColumn": max(finding.end_column, finding.column),
                            },
                        }
                    }
                ],
                "partialFingerprints": {"wikilintFingerprint/v1": finding.fingerprint or finding.code},
            }
            if finding.code in self.index:
                entry["ruleIndex"] = self.index[finding.code]
            self.results.append(entry)

    def finish(self, summary: Summary) -> None:
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "wikilint",
                            "version": __version__,
                            "rules": [rule_descriptor(rule) for rule in self.rules],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                    "results": self.results,
                }
            ],
        }
        write_json(self.stream, log, indent=2)
        self.stream.write("\n")


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    documentation = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": _section(documentation, "What it does") or rule.summary()},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"tags": [rule.code.rstrip("0123456789")]},
    }


def _section(documentation: str, title: str) -> str:
    _, found, rest = documentation.partition(f"## {title}")
    return rest.split("\n## ", 1)[0].strip() if found else ""


def artifact_uri(path: str) -> str:
    """A relative URI for a path: repository-relative when it lies under the current folder."""
    container, _, article = path.partition("#")
    absolute = os.path.abspath(container)
    try:
        relative = Path(absolute).relative_to(Path.cwd()).as_posix()
    except ValueError:
        relative = Path(absolute).as_posix()
    try:
        name = relative.encode("utf-8", "surrogateescape")  # a file name's own bytes
    except UnicodeEncodeError:  # a surrogate no file name holds
        name = encodable(relative).encode("utf-8")
    uri = quote(name, safe="/")
    return uri + (f"%23{quote(encodable(article), safe='')}" if article else "")
