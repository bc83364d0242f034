"""GitLab Code Quality (``-f gitlab``): the JSON array GitLab reads as a ``codequality`` report.

One object per finding with the fields GitLab requires (``description``, ``check_name``,
``fingerprint``, ``severity``, ``location.path`` and ``location.positions.begin.line``), plus
Code Climate's ``type`` and ``categories`` so that other Code Climate readers accept it too.
The array is written element by element as results arrive: a corpus run holds no findings.

GitLab keeps one issue per fingerprint and tells new issues from fixed ones by comparing
fingerprints between the merge request and its target, so a fingerprint here is the
finding's own (no line numbers: it survives edits elsewhere), made unique by the path and
by how many identical findings came before it in the same document.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from wikilint.linter.finding import Finding
from wikilint.linter.report.escape import json_line
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

#: GitLab's scale is info, minor, major, critical, blocker; critical and blocker are left to
#: tools whose findings can break a build or a service. An error (an empty reference, an
#: unreadable file) is major: it ranks above the warnings in the merge request widget.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
#: Code Climate's categories: an error leaves the article wrong, a warning makes it untidy.
CATEGORIES = {"error": "Bug Risk", "warning": "Style", "info": "Style"}


class GitlabReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.written = 0

    def add(self, result: FileResult) -> None:
        path, article = repository_path(result.path, result.contained)
        seen: Counter[str] = Counter()
        for finding in result.findings:
            own = finding.fingerprint or f"{finding.code}\0{finding.message}"
            seen[own] += 1
            issue = code_quality_issue(finding, path, article, unique_fingerprint(result.path, own, seen[own]))
            self.stream.write(("[\n" if not self.written else ",\n") + json_line(issue))
            self.written += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self.written else "[]\n")


def code_quality_issue(finding: Finding, path: str, article: str, fingerprint: str) -> dict[str, Any]:
    where = f"{article}: " if article else ""
    return {
        "type": "issue",
        "description": f"{where}{finding.code} {finding.message}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity.value],
        "categories": [CATEGORIES[finding.severity.value]],
        "location": {
            "path": path,
            "positions": {
                "begin": {"line": finding.line, "column": finding.column},
                "end": {"line": finding.end_line, "column": max(finding.end_column, finding.column)},
            },
        },
    }


def unique_fingerprint(path: str, own: str, occurrence: int) -> str:
    """The finding's fingerprint, made unique in the report by its path and occurrence."""
    data = "\0".join((path, own, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def repository_path(path: str, contained: bool) -> tuple[str, str]:
    """The file's path relative to the current folder (the repository root in CI), with
    ``/`` separators, and the page or line of a dump or corpus it names, if any.

    GitLab links ``location.path`` to the file in the merge request, so it must be the
    container file, not ``dump.xml#Title``: the page's name goes into the description.
    """
    container, article = path.rsplit("#", 1) if contained and "#" in path else (path, "")
    absolute = Path(os.path.abspath(container))
    try:
        relative = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    return relative, article

