"""Apply the fixes findings carry, pass after pass, until the document is stable.

Each pass applies every fix whose edits touch no edit already chosen, then re-lints; a fix
left out for overlapping comes back in the next pass, recomputed on the new text. Text
outside the edits is never touched. A document still changing after ``MAX_PASSES`` passes
is an error rather than a silent half-fix.

Fixing a document is bounded like checking it: the whole fix (every pass) runs under one
time budget, a text the parser may stall on is parsed in a supervised worker as ``check``
does, and a document over the budget or over ``max-file-size`` is reported (WL006, WL005)
and left unchanged. A pass costs O(n log n) in its fixes: conflicts are found by bisecting
the chosen edits, kept sorted and disjoint, and the new text is built with one join.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise

from wikilint.linter.budget import BudgetExceeded, time_budget
from wikilint.linter.corpora import Input
from wikilint.linter.document import Dialect
from wikilint.linter.engine_rules import FileTooLarge, Timeout
from wikilint.linter.executors import SupervisedPool
from wikilint.linter.finding import Applicability, Finding, PlacedEdit
from wikilint.linter.results import FileResult, timed_out, too_large
from wikilint.linter.runner import Linter
from wikilint.linter.titles import SiteKnowledge

MAX_PASSES = 10

#: The findings that mean the document was not linted whole: no fix may be built on them.
_NOT_LINTED = frozenset({Timeout.code, FileTooLarge.code})


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
    chosen = _ChosenEdits()
    applied: list[Finding] = []
    candidates = [finding for finding in findings if finding.fix is not None and finding.fix.edits]
    candidates.sort(key=lambda finding: (finding.fix.edits[0].start, finding.code))  # type: ignore[union-attr]
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        if _overlapping(fix.edits) or any(chosen.conflicts(edit) for edit in fix.edits):
            continue
        for edit in fix.edits:
            chosen.add(edit)
        applied.append(finding)
    return chosen.apply(text), applied


class _ChosenEdits:
    """The edits chosen so far, pairwise free of conflict and so sorted by start and by end
    alike: an edit can only conflict with its neighbours in that order, found by bisection.
    Candidates come sorted by offset, so most edits are appended at the end."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[PlacedEdit] = []

    def _index(self, edit: PlacedEdit) -> int:
        if not self.starts or self.starts[-1] < edit.start:
            return len(self.starts)
        return bisect.bisect_left(self.starts, edit.start)

    def conflicts(self, edit: PlacedEdit) -> bool:
        index = self._index(edit)
        return (index > 0 and _conflict(self.edits[index - 1], edit)) or (
            index < len(self.edits) and _conflict(self.edits[index], edit)
        )

    def add(self, edit: PlacedEdit) -> None:
        index = self._index(edit)
        self.starts.insert(index, edit.start)
        self.edits.insert(index, edit)

    def apply(self, text: str) -> str:
        pieces: list[str] = []
        position = 0
        for edit in self.edits:
            pieces.append(text[position : edit.start])
            pieces.append(edit.content)
            position = edit.end
        pieces.append(text[position:])
        return "".join(pieces)


def _overlapping(edits: tuple[PlacedEdit, ...]) -> bool:
    """Whether a fix's own edits conflict: such a fix has no defined result and is never applied."""
    return any(_conflict(first, second) for first, second in pairwise(sorted(edits, key=lambda edit: edit.start)))


def _conflict(first: PlacedEdit, second: PlacedEdit) -> bool:
    # Two insertions at one point, or an insertion at the start of a replacement, have no
    # defined order, so they conflict as overlapping ranges do.
    return first.start == second.start or (first.start < second.end and second.start < first.end)


def fix_text(
    linter: Linter, text: str, path: str, dialect: Dialect | str = "auto", unsafe: bool = False,
    site: SiteKnowledge | None = None,
) -> FixOutcome:
    """Fix ``text`` until stable; over the time budget or the size limit it comes back unchanged
    with the WL006 or WL005 finding that says why. ``site``: what the live wiki the text
    came from says of itself."""
    settings = linter.settings
    if len(text) * 4 > settings.max_file_size:  # else it cannot be over the limit: skip encoding
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > settings.max_file_size:
            return FixOutcome(text, 0, too_large(path, size, settings.max_file_size, None))
    try:
        with time_budget(settings.timeout), _supervised(linter):
            return _fix_passes(linter, text, path, dialect, unsafe, site)
    except BudgetExceeded:
        return FixOutcome(text, 0, timed_out(path, settings.timeout, None))


def _fix_passes(
    linter: Linter, text: str, path: str, dialect: Dialect | str, unsafe: bool, site: SiteKnowledge | None = None
) -> FixOutcome:
    original = text
    codes: Counter[str] = Counter()
    for _ in range(MAX_PASSES):
        result = linter.lint_text(text, path, dialect, site)
        if any(finding.code in _NOT_LINTED for finding in result.findings):
            return FixOutcome(original, 0, result)  # a pass ran out of time: keep nothing
        new_text, applied = _apply(text, result.findings, unsafe)
        if not applied or new_text == text:
            return FixOutcome(text, sum(codes.values()), result, codes)
        text = new_text
        codes.update(finding.code for finding in applied)
    raise FixError(f"{path}: fixes still change the text after {MAX_PASSES} passes; nothing was written")


@contextmanager
def _supervised(linter: Linter) -> Iterator[None]:
    """Lint a text the parser may stall on in a worker that can be stopped, as ``check`` does
    (the in-process timer cannot interrupt C code)."""
    if linter.isolate is not None or linter.settings.timeout <= 0:
        yield
        return
    settings = linter.settings
    linter.isolate = lambda text, path, dialect: next(
        SupervisedPool(1, settings).run([Input(path, text=text, dialect=dialect.value)])
    )
    try:
        yield
    finally:
        linter.isolate = None
