"""Apply the fixes findings carry, pass after pass, until the document is stable.

Each pass applies every fix whose edits touch no edit already chosen, then re-lints; a fix
left out for overlapping comes back in the next pass, recomputed on the new text. Text
outside the edits is never touched. A document still changing after ``MAX_PASSES`` passes
is an error rather than a silent half-fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from wikilint.linter.document import Dialect
from wikilint.linter.finding import Applicability, Finding, PlacedEdit
from wikilint.linter.results import FileResult
from wikilint.linter.runner import Linter

MAX_PASSES = 10


class FixError(Exception):
    """Fixes did not converge; the file is left as it was."""


@dataclass
class FixOutcome:
    text: str
    fixed: int
    result: FileResult
    #: How many findings of each code the fixes removed.
    codes: Counter[str] = field(default_factory=Counter)


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply the non-overlapping fixes among ``findings``; return the text and how many."""
    new_text, applied = _apply(text, findings, unsafe)
    return new_text, len(applied)


def _apply(text: str, findings: Iterable[Finding], unsafe: bool) -> tuple[str, list[Finding]]:
    chosen: list[PlacedEdit] = []
    applied: list[Finding] = []
    candidates = [finding for finding in findings if finding.fix is not None and finding.fix.edits]
    candidates.sort(key=lambda finding: (finding.fix.edits[0].start, finding.code))  # type: ignore[union-attr]
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        if any(_conflict(edit, other) for edit in fix.edits for other in chosen):
            continue
        chosen.extend(fix.edits)
        applied.append(finding)
    for edit in sorted(chosen, key=lambda edit: (edit.start, edit.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text, applied


def _conflict(first: PlacedEdit, second: PlacedEdit) -> bool:
    # Two insertions at one point, or an insertion at the start of a replacement, have no
    # defined order, so they conflict as overlapping ranges do.
    return first.start == second.start or (first.start < second.end and second.start < first.end)


def fix_text(linter: Linter, text: str, path: str, dialect: Dialect | str = "auto", unsafe: bool = False) -> FixOutcome:
    codes: Counter[str] = Counter()
    for _ in range(MAX_PASSES):
        result = linter.lint_text(text, path, dialect)
        new_text, applied = _apply(text, result.findings, unsafe)
        if not applied or new_text == text:
            return FixOutcome(text, sum(codes.values()), result, codes)
        text = new_text
        codes.update(finding.code for finding in applied)
    raise FixError(f"{path}: fixes still change the text after {MAX_PASSES} passes; nothing was written")
