"""A saved ``json`` or ``jsonl`` report read back into the results and totals reporters take,
so that ``wikilint report`` renders a long run again without linting it again.

The two shapes (:mod:`.json_report`, :mod:`.jsonl_report`) are told apart by the first
non-blank character: a JSON report is one object over many lines, a JSONL report one object
per line whose ``type`` is ``file``, ``finding`` or ``summary``. A JSONL report streams: its
documents are yielded as they are read. Anything that is not such a report, is cut short or
whose totals disagree with its findings raises :class:`SavedReportError` saying where.
Saved reports hold no source lines; :mod:`wikilint.linter.excerpts` puts them back where
the files are still as they were.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

SUPPORTED_VERSION = 1
_CENSUS_FIELDS = ("markers", "entries", "empty_entries", "named_refs", "has_reference_list", "cite_templates")
_FINDING_TYPES: dict[str, type] = {
    "path": str, "line": int, "column": int, "end_line": int, "end_column": int, "code": str, "rule": str,
    "message": str, "fingerprint": str,
}


class SavedReportError(Exception):
    """The file is not a whole wikilint json or jsonl report."""


@dataclass
class SavedReport:
    """What a saved report holds: its wikilint version, then its documents (read once, in order)
    and, once they are all read, its totals (:meth:`check` compares them with what was read)."""

    path: Path
    tool_version: str = ""
    saved_summary: dict[str, Any] = field(default_factory=dict)
    _results: Iterator[FileResult] | None = None

    def results(self) -> Iterator[FileResult]:
        assert self._results is not None, "results() reads the report once"
        results, self._results = self._results, None
        yield from results

    def finish(self, summary: Summary) -> None:
        """Check the totals against ``summary`` (built from :meth:`results`) and copy over what the
        documents cannot tell: the documents skipped and the findings a baseline absorbed."""
        saved = self.saved_summary
        for key in ("files_checked", "files_with_findings", "findings"):
            if saved.get(key) != getattr(summary, key):
                raise SavedReportError(
                    f"{self.path}: the summary says {key} = {saved.get(key)!r}, "
                    f"the report holds {getattr(summary, key)} (is it cut short?)"
                )
        if saved.get("by_code", {}) != dict(summary.by_code):
            raise SavedReportError(f"{self.path}: the summary's by_code disagrees with the findings it holds")
        try:
            summary.skipped.update({str(key): int(value) for key, value in saved.get("skipped", {}).items()})
            summary.baseline_absorbed = int(saved.get("baseline_absorbed", 0))
        except (AttributeError, TypeError, ValueError) as error:
            raise SavedReportError(f"{self.path}: a malformed summary: {error}") from error


def open_saved_report(path: Path) -> SavedReport:
    """Open a saved report; a JSON one is read whole here, a JSONL one as its results are taken."""
    try:
        stream = path.open(encoding="utf-8")
    except OSError as error:
        raise SavedReportError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        first = _first_character(stream)
        stream.seek(0)
    except (OSError, UnicodeDecodeError) as error:
        stream.close()
        raise SavedReportError(f"cannot read {path}: {error}") from error
    if first == "":
        stream.close()
        raise SavedReportError(f"{path} is empty: not a wikilint json or jsonl report")
    report = SavedReport(path)
    with stream:
        try:
            if first == "{" and _is_jsonl(stream):
                stream.seek(0)
                return _jsonl(report, path)
            stream.seek(0)
            data = json.load(stream)
        except (OSError, UnicodeDecodeError) as error:
            raise SavedReportError(f"cannot read {path}: {error}") from error
        except (json.JSONDecodeError, RecursionError) as error:
            raise SavedReportError(f"{path} is not a whole JSON report: {error}") from error
    return _json(report, data)


def _first_character(stream: IO[str]) -> str:
    while chunk := stream.read(4096):
        stripped = chunk.lstrip()
        if stripped:
            return stripped[0]
    return ""


def _is_jsonl(stream: IO[str]) -> bool:
    """Whether the first line is a whole object with a ``type``: the first line of a JSONL report."""
    line = stream.readline(1 << 20)
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(record, dict) and "type" in record


def _json(report: SavedReport, data: Any) -> SavedReport:
    where = str(report.path)
    if not isinstance(data, dict) or not {"version", "summary", "files", "findings"} <= data.keys():
        raise SavedReportError(f"{where} is not a wikilint json report (no version, summary, files and findings)")
    _check_version(where, data)
    report.tool_version = _tool_version(data)
    report.saved_summary = _summary(where, data["summary"])
    files, findings = data["files"], data["findings"]
    if not isinstance(files, list) or not isinstance(findings, list):
        raise SavedReportError(f"{where}: files and findings must be lists")
    by_path: dict[str, list[Finding]] = {}
    for number, record in enumerate(findings, 1):
        finding = _finding(f"{where}: finding {number}", record)
        by_path.setdefault(finding.path, []).append(finding)
    results = []
    for number, entry in enumerate(files, 1):
        result = _file(f"{where}: file {number}", entry)
        count = _count(f"{where}: file {number}", entry)
        taken = by_path.get(result.path, [])
        result.findings, by_path[result.path] = taken[:count], taken[count:]
        if len(result.findings) != count:
            listed = len(result.findings)
            raise SavedReportError(f"{where}: file {number} has {count} findings, the report lists {listed}")
        results.append(result)
    if left := sum(len(rest) for rest in by_path.values()):
        raise SavedReportError(f"{where}: {left} findings belong to no file of the report")
    report._results = iter(results)
    return report


def _jsonl(report: SavedReport, path: Path) -> SavedReport:
    """Read up to the summary line (the last) for the version; the documents stream afterwards."""
    where = str(path)
    summary_line = _last_line(path)
    try:
        record = json.loads(summary_line)
    except (json.JSONDecodeError, RecursionError):
        record = None
    if not isinstance(record, dict) or record.get("type") != "summary":
        raise SavedReportError(f"{where}: the last line is not the summary: the report is cut short")
    _check_version(where, record)
    report.tool_version = _tool_version(record)
    report.saved_summary = _summary(where, record.get("summary"))
    report._results = _jsonl_results(path)
    return report


def _last_line(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            size = stream.seek(0, 2)
            back = min(size, 1 << 20)
            stream.seek(size - back)
            tail = stream.read().rstrip(b"\n")
    except OSError as error:
        raise SavedReportError(f"cannot read {path}: {error.strerror or error}") from error
    return tail.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")


def _jsonl_results(path: Path) -> Iterator[FileResult]:
    where = str(path)
    current: FileResult | None = None
    expected = 0
    summary_seen = False
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            at = f"{where}:{number}"
            if not line.strip():
                continue
            if summary_seen:
                raise SavedReportError(f"{at}: a line after the summary")
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                raise SavedReportError(f"{at}: not a JSON object: {error}") from error
            kind = record.get("type") if isinstance(record, dict) else None
            if kind == "finding":
                if current is None or len(current.findings) >= expected:
                    raise SavedReportError(f"{at}: a finding no file line announced")
                current.findings.append(_finding(at, {k: v for k, v in record.items() if k != "type"}))
                continue
            if current is not None:
                if len(current.findings) != expected:
                    got = len(current.findings)
                    raise SavedReportError(f"{at}: the file before has {got} of its {expected} findings")
                yield current
                current = None
            if kind == "file":
                current, expected = _file(at, record), _count(at, record)
            elif kind == "summary":
                summary_seen = True
            else:
                raise SavedReportError(f"{at}: a line of type {kind!r}; expected file, finding or summary")
    if not summary_seen:  # the file changed since it was opened
        raise SavedReportError(f"{where}: no summary line: the report is cut short")


def _check_version(where: str, data: dict[str, Any]) -> None:
    if data.get("version") != SUPPORTED_VERSION:
        raise SavedReportError(f"{where}: report version {data.get('version')!r}; this wikilint reads version 1")


def _tool_version(data: dict[str, Any]) -> str:
    tool = data.get("tool")
    version = tool.get("version") if isinstance(tool, dict) else None
    return version if isinstance(version, str) else ""


def _summary(where: str, summary: Any) -> dict[str, Any]:
    if not isinstance(summary, dict):
        raise SavedReportError(f"{where}: the summary is not an object")
    return summary


def _count(at: str, entry: dict[str, Any]) -> int:
    count = entry.get("findings")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise SavedReportError(f"{at}: findings must be a count, not {count!r}")
    return count


def _file(at: str, entry: Any) -> FileResult:
    try:
        if not isinstance(entry["path"], str):
            raise TypeError("path is not a string")
        dialect = Dialect(entry["dialect"]) if entry.get("dialect") is not None else None
        census = entry.get("citations")
        citations = CitationSummary(**{key: census[key] for key in _CENSUS_FIELDS}) if census is not None else None
        if citations is not None and not _census_is_whole(citations, census):
            raise TypeError("the citation census holds something other than its counts")
        error = entry.get("error")
        if error is not None and not isinstance(error, str):
            raise TypeError("error is not a string")
        revision = entry.get("revision")  # a page of a live wiki
        if revision is not None and (type(revision) is not int or revision < 0):
            raise TypeError("revision is not a revision id")
        return FileResult(entry["path"], dialect, [], error=error, citations=citations, revision=revision)
    except (KeyError, TypeError, ValueError, AttributeError) as problem:
        raise SavedReportError(f"{at}: a malformed file entry: {_reason(problem)}") from problem


def _census_is_whole(citations: CitationSummary, saved: dict[str, Any]) -> bool:
    counts = [getattr(citations, key) for key in _CENSUS_FIELDS[:4]]
    templates = citations.cite_templates
    return (
        all(_is_count(count) for count in counts)
        and citations.empty_entries <= citations.entries
        and saved.get("usable_entries", citations.usable_entries) == citations.usable_entries
        and isinstance(citations.has_reference_list, bool)
        and isinstance(templates, dict)
        and all(isinstance(kind, str) and _is_count(count) for kind, count in templates.items())
    )


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _finding(at: str, record: Any) -> Finding:
    try:
        finding = Finding.from_dict(record)
        for name, kind in _FINDING_TYPES.items():
            if not isinstance(getattr(finding, name), kind) or isinstance(getattr(finding, name), bool):
                raise TypeError(f"{name} is not a {kind.__name__}")
            if kind is int and getattr(finding, name) < 1:
                raise ValueError(f"{name} is {getattr(finding, name)}, not a position")
        return finding
    except (KeyError, TypeError, ValueError, AttributeError) as problem:
        raise SavedReportError(f"{at}: a malformed finding: {_reason(problem)}") from problem


def _reason(problem: Exception) -> str:
    return f"no {problem}" if isinstance(problem, KeyError) else str(problem)
