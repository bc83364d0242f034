"""The concise output (``-f concise``): ``path:line:column: CODE message`` lines as results
arrive, then one summary line; and the ``--statistics`` table.

Paths and messages are untrusted: they are written through :mod:`.escape`, so neither can
break the one-finding-per-line format or send a control sequence to the terminal."""

from __future__ import annotations

from typing import TextIO

from wikilint.linter.report.escape import visible, visible_path
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary


class TextReporter:
    def __init__(self, stream: TextIO, quiet: int = 0) -> None:
        self.stream = stream
        self.quiet = quiet

    def add(self, result: FileResult) -> None:
        if self.quiet >= 2:
            return
        for finding in result.findings:
            marker = " [*]" if finding.fix is not None and finding.fix.applicability.value == "safe" else ""
            self.stream.write(
                f"{visible_path(finding.path)}:{finding.line}:{finding.column}: {finding.code}{marker} "
                f"{visible(finding.message)}\n"
            )

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            self.stream.write(summary_line(summary) + "\n")


class StatisticsReporter:
    """``--statistics``: findings and documents per rule, then the documents with the most."""

    def __init__(self, stream: TextIO, quiet: int = 0) -> None:
        self.stream = stream
        self.quiet = quiet

    def add(self, result: FileResult) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        if self.quiet >= 2:
            return
        counts = summary.by_code
        width = max((len(str(count)) for count in counts.values()), default=1)
        for code, count in sorted(counts.items()):
            documents = summary.files_by_code[code]
            fixable = "[*]" if code in summary.fixable_codes else "[ ]"
            self.stream.write(
                f"{count:>{width}}\t{code}\t{fixable}\t{summary.names[code]}\t"
                f"in {documents} {summary.noun}{'' if documents == 1 else 's'}\n"
            )
        if summary.worst_files and len(summary.worst_files) > 1:
            self.stream.write("Most findings:\n")
            for path, count in summary.worst_files:
                self.stream.write(f"{count:>{width}}\t{visible_path(path)}\n")
        if not self.quiet:
            self.stream.write(summary_line(summary) + "\n")


def summary_line(summary: Summary) -> str:
    files = summary.files_checked
    checked = f"{files} {summary.noun}{'' if files == 1 else 's'} checked"
    if summary.skipped:
        checked += " (" + ", ".join(f"{count} {what} skipped" for what, count in sorted(summary.skipped.items())) + ")"
    count = summary.findings
    if not count:
        absorbed = f"; {summary.baseline_absorbed} absorbed by the baseline" if summary.baseline_absorbed else ""
        return f"All checks passed ({checked}{absorbed})."
    severities = ", ".join(
        f"{number} {name}{'' if number == 1 else 's'}" for name, number in sorted(summary.by_severity.items())
    )
    line = (
        f"Found {count} finding{'' if count == 1 else 's'} ({severities}) "
        f"in {summary.files_with_findings} of {checked}."
    )
    if summary.fixable:
        line += f" [*] {summary.fixable} fixable with --fix"
        line += f" ({summary.unsafe_fixable} more with --unsafe-fixes)." if summary.unsafe_fixable else "."
    elif summary.unsafe_fixable:
        line += f" {summary.unsafe_fixable} fixable with --fix --unsafe-fixes."
    if summary.baseline_absorbed:
        line += f" {summary.baseline_absorbed} more absorbed by the baseline."
    return line

