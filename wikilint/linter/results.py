"""What linting one document produces, including the engine's own findings (WL001, WL004-WL007).

Reporters, the summary, the baseline and the executors depend on this module, not on the
runner: a reporter needs no parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.engine_rules import (
    FileTooLarge,
    FixNotWritten,
    InternalError,
    PageUnavailable,
    Timeout,
    UnreadableFile,
)
from wikilint.linter.finding import Finding
from wikilint.linter.rule import Rule


@dataclass
class FileResult:
    path: str
    dialect: Dialect | None
    findings: list[Finding]
    error: str | None = None
    citations: CitationSummary | None = None
    #: A page of a dump or a line of a corpus, not a file of its own ("documents" in a summary).
    contained: bool = False
    #: A page of a live wiki: the revision linted.
    revision: int | None = None


def _engine_finding(path: str, rule: type[Rule], message: str) -> Finding:
    return Finding(path, 1, 1, 1, 1, rule.code, rule.name, rule.severity, message)


def too_large(path: str, size: int, limit: int, dialect: Dialect | None) -> FileResult:
    return oversized(path, too_large_message(size, limit), dialect)


def oversized(path: str, message: str, dialect: Dialect | None = None) -> FileResult:
    """A document not linted for its size (WL005); ``message`` says what was too large."""
    return FileResult(path, dialect, [_engine_finding(path, FileTooLarge, message)], error=message)


def too_large_message(size: int, limit: int, what: str = "file", at_least: bool = False) -> str:
    """Why a document is WL005; ``at_least`` when reading stopped at the limit, before the end."""
    if at_least:
        return f"{what} is over max-file-size ({human_size(limit)}); not linted"
    return f"{what} is {human_size(size)}, over max-file-size ({human_size(limit)}); not linted"


def internal_error_result(path: str, message: str) -> FileResult:
    return FileResult(path, None, [_engine_finding(path, InternalError, message)], error=message)


def unavailable(path: str, reason: str) -> FileResult:
    """WL008: a wiki page that could not be linted (missing, a redirect, hidden, not fetched)."""
    return FileResult(path, None, [_engine_finding(path, PageUnavailable, reason)], error=reason, contained=True)


def not_written(path: str, reason: str) -> Finding:
    """WL007: a fix left unwritten, and why."""
    return _engine_finding(path, FixNotWritten, reason)


def timed_out(path: str, seconds: float, dialect: Dialect | None) -> FileResult:
    message = f"linting took longer than {seconds:g} s; stopped"
    return FileResult(path, dialect, [_engine_finding(path, Timeout, message)], error=message)


def unreadable(path: str, reason: str) -> FileResult:
    finding = Finding(path, 1, 1, 1, 1, UnreadableFile.code, UnreadableFile.name, UnreadableFile.severity, reason)
    return FileResult(path, None, [finding], error=reason)


def human_size(size: int) -> str:
    """``532`` → ``532 bytes``, ``12_300`` → ``12.3 kB``, ``50_000_000`` → ``50.0 MB``: SI units, as
    --max-file-size reads them."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            return f"{size / scale:.1f} {unit}"
    raise AssertionError("unreachable")
