"""``path:line:column: CODE message`` lines, then one summary line."""

from __future__ import annotations

from wikilint.linter.runner import Report


def render(report: Report) -> str:
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {_one_line(finding.message)}"
        for finding in report.findings
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    summary = report.summary()
    files = summary["files_checked"]
    checked = f"{files} file{'' if files == 1 else 's'} checked"
    count = summary["findings"]
    if not count:
        return f"All checks passed ({checked})."
    by_severity = summary["by_severity"]
    assert isinstance(by_severity, dict)
    severities = ", ".join(f"{number} {name}{'' if number == 1 else 's'}" for name, number in by_severity.items())
    return (
        f"Found {count} finding{'' if count == 1 else 's'} ({severities}) "
        f"in {summary['files_with_findings']} of {checked}."
    )


def _one_line(message: str) -> str:
    # Article text in a message must not break the one-finding-per-line format.
    return message.replace("\r", "\\r").replace("\n", "\\n")
