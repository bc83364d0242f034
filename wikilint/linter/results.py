"""What linting one document produces, including the engine's own findings (WL001, WL004-WL006).

Reporters, the summary, the baseline and the executors depend on this module, not on the
runner: a reporter needs no parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.engine_rules import FileTooLarge, InternalError, Timeout, UnreadableFile
from wikilint.linter.finding import Finding
from wikilint.linter.rule import Rule


@dataclass
class FileResult:
    path: str
    dialect: Dialect | None
    findings: list[Finding]
    error: str | None = None
    citations: CitationSummary | None = None


def _engine_finding(path: str, rule: type[Rule], message: str) -> Finding:
    return Finding(path, 1, 1, 1, 1, rule.code, rule.name, rule.severity, message)


def too_large(path: str, size: int, limit: int, dialect: Dialect | None) -> FileResult:
    message = f"file is {size / 1e6:.1f} MB, over max-file-size ({limit / 1e6:.1f} MB); not linted"
    return FileResult(path, dialect, [_engine_finding(path, FileTooLarge, message)], error=message)


def internal_error_result(path: str, message: str) -> FileResult:
    return FileResult(path, None, [_engine_finding(path, InternalError, message)], error=message)


def timed_out(path: str, seconds: float, dialect: Dialect | None) -> FileResult:
    message = f"linting took longer than {seconds:g} s; stopped"
    return FileResult(path, dialect, [_engine_finding(path, Timeout, message)], error=message)


def unreadable(path: str, reason: str) -> FileResult:
    finding = Finding(path, 1, 1, 1, 1, UnreadableFile.code, UnreadableFile.name, UnreadableFile.severity, reason)
    return FileResult(path, None, [finding], error=reason)
