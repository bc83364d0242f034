"""The invariants every lint must keep, for wikilint's tests, its fuzz harnesses and plugin authors.

``check_invariants`` lints a text and raises AssertionError when a promise is broken: no
front end or rule failed (WL004) or ran out of time (WL006), every position lies inside the
text, linting twice gives the same findings, and fixing touches nothing outside its edits and
converges (a second pass changes nothing). A fix that does not converge is allowed to fail
loudly (FixError: the user sees WL004 and the file is left alone), never silently.
"""

from __future__ import annotations

from wikilint.linter.finding import Finding
from wikilint.linter.fixer import FixError, apply_fixes, fix_text
from wikilint.linter.runner import Linter


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
