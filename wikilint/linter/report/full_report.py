"""The default text output: each finding with the line it is on and a marker under it (ruff's "full").

```
seeds/a.txt:11:480: SCR001 [*] Simplified text in a Traditional article: '朝鲜政府' …
   |
11 | …訪問，與朝鲜政府官員會談…
   |          ^^^^^^^^ mixed-script
   |
```

The marker is measured in display columns (a CJK character takes two, a combining mark
none: wcwidth), so it lands under the span in a terminal. A long line is shown as a window
around the finding. Article text, paths and titles are untrusted: control, direction-changing
and line-breaking characters are shown escaped (:mod:`.escape`) and nothing in them is read
as markup, so they can neither move the cursor nor recolour the screen.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TextIO

from rich.console import Console
from rich.text import Text
from wcwidth import wcwidth

from wikilint.linter.finding import Finding, Severity
from wikilint.linter.report.escape import escaped, needs_escape, visible, visible_path
from wikilint.linter.report.text_report import summary_line
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

#: Display columns of source shown around a finding on a long line.
WINDOW = 100
#: Of those, how many come before the finding.
LEAD = 30
_ELLIPSIS = "…"
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


class FullTextReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: int = 0) -> None:
        self.stream = stream
        # rich renders the colours; without them its console costs more than the findings
        # themselves on a big run, so plain text is written straight to the stream.
        self.console = Console(
            file=stream, force_terminal=True, color_system="standard", highlight=False, markup=False,
            emoji=False, soft_wrap=True, width=10_000,
        ) if color else None
        self.quiet = quiet

    def add(self, result: FileResult) -> None:
        if self.quiet >= 2:
            return
        for finding in result.findings:
            self._print(header(finding))
            if finding.source_line:
                self._print(excerpt(finding))
            self._print(Text())

    def finish(self, summary: Summary) -> None:
        if self.quiet == 0:
            self._print(Text(summary_line(summary), style="bold" if summary.findings else "green"))

    def _print(self, text: Text) -> None:
        if self.console is not None:
            self.console.print(text)
        else:
            self.stream.write(text.plain + "\n")


def header(finding: Finding) -> Text:
    text = Text()
    text.append(f"{visible_path(finding.path)}:{finding.line}:{finding.column}:", style="bold")
    text.append(" ")
    text.append(finding.code, style=_SEVERITY_STYLE.get(finding.severity, "bold"))
    if finding.fix is not None and finding.fix.applicability.value == "safe":  # ruff's mark: --fix fixes it
        text.append(" [*]", style="cyan")
    text.append(" " + visible(finding.message))
    return text


def excerpt(finding: Finding) -> Text:
    """The gutter, the finding's line (or a window of it) and the marker under the span."""
    cells = [_cell(char) for char in finding.source_line]
    start = max(0, finding.column - finding.source_column)
    end = len(cells) if finding.end_line > finding.line else max(start + 1, finding.end_column - finding.source_column)
    end = min(end, len(cells))
    first, last = _window(cells, start, end)
    shown = "".join(shape for shape, _ in cells[first:last])
    before = sum(width for _, width in cells[first:start])
    marked = max(1, sum(width for _, width in cells[start:end]))
    if first > 0:
        shown, before = _ELLIPSIS + shown, before + 1
    if last < len(cells):
        shown += _ELLIPSIS
    marked = min(marked, max(1, WINDOW - before + 1))
    gutter = " " * len(str(finding.line))
    style = _SEVERITY_STYLE.get(finding.severity, "bold").replace("bold ", "")
    text = Text()
    text.append(f"{gutter} |\n", style="blue")
    text.append(f"{finding.line} | ", style="blue")
    text.append(shown + "\n")
    text.append(f"{gutter} | ", style="blue")
    text.append(" " * before + "^" * marked, style=style)
    text.append(f" {finding.rule}\n", style=style)
    text.append(f"{gutter} |", style="blue")
    return text


def _window(cells: list[tuple[str, int]], start: int, end: int) -> tuple[int, int]:
    """Which cells to show: the whole line if it fits, else ``LEAD`` columns before the span and
    the rest of ``WINDOW`` from there."""
    if sum(width for _, width in cells) <= WINDOW:
        return 0, len(cells)
    first, lead = start, 0
    while first > 0 and lead + cells[first - 1][1] <= LEAD:
        first -= 1
        lead += cells[first][1]
    last, used = start, lead
    while last < len(cells) and used + cells[last][1] <= WINDOW:
        used += cells[last][1]
        last += 1
    return first, max(last, min(end, start + 1))


@lru_cache(maxsize=8192)
def _cell(char: str) -> tuple[str, int]:
    """How one character of the source is shown, and how many columns that takes."""
    if char == "\t":
        return " ", 1
    width = -1 if needs_escape(char) else wcwidth(char)
    if width < 0:
        shown = escaped(char)
        return shown, len(shown)
    return char, width
