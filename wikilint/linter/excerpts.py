"""Source lines put back into the findings of a saved report, where the file has not changed.

A saved json or jsonl report holds no source text, so the findings it gives back have no
excerpt. A finding's fingerprint is a digest of what it flagged and of its line
(:func:`.runner.fingerprint`): the file is read again (a regular file only, bounded like any
input), and a finding gets its line back only when that digest, taken again, is the same.
A file that changed, moved or is a page of a dump keeps its findings without an excerpt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from wikilint.linter.config import DEFAULT_MAX_FILE_SIZE
from wikilint.linter.document import LineIndex
from wikilint.linter.finding import Finding, source_window
from wikilint.linter.reading import open_regular, read_at_most
from wikilint.linter.results import FileResult
from wikilint.linter.runner import fingerprint
from wikilint.linter.sources import SourceError, decode


def with_excerpts(results: Iterable[FileResult], limit: int = DEFAULT_MAX_FILE_SIZE) -> Iterator[FileResult]:
    for result in results:
        if any(finding.fingerprint and not finding.source_line for finding in result.findings):
            text = _read(result.path, limit)
            if text is not None:
                result.findings = _restored(result.findings, text)
        yield result


def _read(path: str, limit: int) -> str | None:
    try:
        with open_regular(path) as stream:
            data = read_at_most(stream, limit)
        return decode(data) if len(data) <= limit else None
    except (OSError, ValueError, SourceError):
        return None


def _restored(findings: list[Finding], text: str) -> list[Finding]:
    index = LineIndex(text)
    starts = index.starts
    restored = []
    for finding in findings:
        bounds = index.line_bounds(finding.line)
        line_text = None if bounds is None else text[bounds[0] : bounds[1]].rstrip("\r\n")
        start = _offset(starts, finding.line, finding.column)
        end = _offset(starts, finding.end_line, finding.end_column)
        digest = fingerprint(finding.code, finding.message, text[start:end], line_text or "")
        if line_text is not None and digest == finding.fingerprint:
            source_line, source_column = source_window(line_text, finding.column)
            finding = dataclasses.replace(finding, source_line=source_line, source_column=source_column)
        restored.append(finding)
    return restored


def _offset(starts: list[int], line: int, column: int) -> int:
    if not 1 <= line <= len(starts):
        return 0
    return starts[line - 1] + column - 1
