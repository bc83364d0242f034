"""The invariants every lint must keep, for wikilint's tests, its fuzz harnesses and plugin authors.

``check_invariants`` lints a text and raises AssertionError when a promise is broken: no
front end or rule failed (WL004) or ran out of time (WL006), every position lies inside the
text, linting twice gives the same findings, and fixing touches nothing outside its edits and
converges (a second pass changes nothing). A fix that does not converge is allowed to fail
loudly (FixError: the user sees WL004 and the file is left alone), never silently.

``check_reports_are_safe`` writes one finding with a hostile path and message in every
output format and raises AssertionError if any report is not valid UTF-8, holds a character
that could drive a terminal or split a line, has a line a CI runner reads as a command, or
does not parse.
"""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding, Severity
from wikilint.linter.fixer import FixError, apply_fixes, fix_text
from wikilint.linter.report import REPORTERS, make_reporter
from wikilint.linter.results import FileResult
from wikilint.linter.runner import Linter
from wikilint.linter.summary import Summary

#: What no report may hold: a control other than the line feed and tab, a C1 control, a bidi
#: mark, override or isolate, a line or paragraph separator, a lone surrogate.
UNSAFE_IN_REPORTS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_OWN_COMMAND = re.compile(r"::(error|warning|notice) file=")


def check_invariants(linter: Linter, text: str, dialect: str, path: str = "a", fixes: bool = True) -> list[Finding]:
    """Lint ``text`` and check every invariant; return the findings."""
    findings = linter.lint_text(text, path, dialect).findings
    failed = [finding.message for finding in findings if finding.code in ("WL004", "WL006")]
    if failed:
        raise AssertionError(failed[0])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in findings:
        if not 1 <= finding.line <= finding.end_line <= len(lines):
            raise AssertionError(f"{finding.code} at line {finding.line} of {len(lines)}")
        if not 1 <= finding.column <= len(lines[finding.line - 1]) + 1:
            raise AssertionError(f"{finding.code} at column {finding.column} of line {finding.line}")
        if not 1 <= finding.end_column <= len(lines[finding.end_line - 1]) + 1:
            raise AssertionError(f"{finding.code} ends at column {finding.end_column} of line {finding.end_line}")
    if findings != linter.lint_text(text, path, dialect).findings:
        raise AssertionError("linting the same text twice gave different findings")
    if fixes and any(finding.fix for finding in findings):
        _check_fixes(linter, text, dialect, path, findings)
    return findings


def _check_fixes(linter: Linter, text: str, dialect: str, path: str, findings: list[Finding]) -> None:
    fixed, applied = apply_fixes(text, findings, unsafe=True)
    if applied == len([finding for finding in findings if finding.fix]):
        # Every fix applied at once: the text between the edits must be as it was.
        edits = sorted((edit for f in findings if f.fix for edit in f.fix.edits), key=lambda e: (e.start, e.end))
        cursor = shift = 0
        for edit in edits:
            if fixed[cursor + shift : edit.start + shift] != text[cursor : edit.start]:
                raise AssertionError(f"a fix changed text outside its edit, before offset {edit.start}")
            shift += len(edit.content) - (edit.end - edit.start)
            cursor = edit.end
        if fixed[cursor + shift :] != text[cursor:]:
            raise AssertionError("a fix changed text after its last edit")
    try:
        outcome = fix_text(linter, text, path, dialect, unsafe=True)
    except FixError:
        return
    if fix_text(linter, outcome.text, path, dialect, unsafe=True).fixed:
        raise AssertionError("a second fix pass still changed the text")
    failed = [finding.message for finding in outcome.result.findings if finding.code in ("WL004", "WL006")]
    if failed:
        raise AssertionError(f"after fixing: {failed[0]}")


def check_reports_are_safe(path: str, message: str) -> None:
    """Write a finding at ``path`` whose message (and source line) is ``message`` in every format."""
    finding = Finding(path, 1, 1, 1, 2, "TPL001", "stray-template", Severity.WARNING, message,
                      fingerprint="f", source_line=message or "x")
    result = FileResult(path, Dialect.MARKDOWN, [finding])
    summary = Summary()
    summary.add(result)
    for name, statistics in [*((name, False) for name in REPORTERS), ("text", True)]:
        stream = io.StringIO()
        reporter = make_reporter(name, stream, statistics=statistics)
        reporter.add(result)
        reporter.finish(summary)
        output = stream.getvalue()
        output.encode("utf-8")  # no lone surrogate: the report is valid UTF-8
        unsafe = UNSAFE_IN_REPORTS.search(output)
        if unsafe:
            raise AssertionError(f"-f {name} writes {unsafe[0]!r} raw")
        for line in output.split("\n"):
            if line.lstrip().startswith("::") and not (name == "github" and _OWN_COMMAND.match(line)):
                raise AssertionError(f"-f {name} writes a line read as a CI command: {line!r}")
        _check_shape(name, statistics, output)


def _check_shape(name: str, statistics: bool, output: str) -> None:
    lines = output.splitlines()
    if name == "concise" or (name == "github" and not statistics):
        if len(lines) != 2:
            raise AssertionError(f"-f {name}: one finding and the summary are {len(lines)} lines")
    elif name == "jsonl":
        if len(lines) != 3:
            raise AssertionError(f"-f jsonl: one file, one finding and the summary are {len(lines)} lines")
        for line in lines:
            json.loads(line)
    elif name in ("json", "sarif", "gitlab"):
        json.loads(output)
    elif name == "junit":
        ElementTree.fromstring(output)
