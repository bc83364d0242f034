"""Findings as LSP diagnostics: ranges in the negotiated encoding, severity, code and its doc."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from wikilint.linter.finding import Finding, Severity
from wikilint.server.positions import LineMap

SOURCE = "wikilint"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def offsets(finding: Finding, lines: LineMap) -> tuple[int, int]:
    """The code-point offsets a finding covers in the text it was found in."""
    start = lines.line_column_offset(finding.line, finding.column)
    return start, max(start, lines.line_column_offset(finding.end_line, finding.end_column))


def to_range(lines: LineMap, start: int, end: int, encoding: str) -> types.Range:
    start_line, start_character = lines.position(start, encoding)
    end_line, end_character = lines.position(end, encoding)
    return types.Range(types.Position(start_line, start_character), types.Position(end_line, end_character))


def to_diagnostic(
    finding: Finding, index: int, lines: LineMap, encoding: str, href: Callable[[str], str | None]
) -> types.Diagnostic:
    """``index`` is the finding's place in the document's last result: code actions find it by it."""
    link = href(finding.code)
    return types.Diagnostic(
        range=to_range(lines, *offsets(finding, lines), encoding),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        data={"index": index, "rule": finding.rule, "fixable": finding.fixable},
    )
