"""Fixing is bounded like checking: linear in the number of fixes, under one time budget for
the whole fix, within max-file-size; a document over either is reported and left unchanged.

The speed itself is measured by ``bench/fix_scale.py``; here the algorithm is held by
counting the conflict checks, and the budget by passes that outlast it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from wikilint.api import to_settings
from wikilint.linter import fixer
from wikilint.linter.finding import Applicability, Finding, FixedEdits, PlacedEdit, Severity
from wikilint.linter.results import FileResult
from wikilint.linter.runner import Linter


def _finding(*edits: tuple[int, int, str], code: str = "TPL001") -> Finding:
    placed = tuple(PlacedEdit(start, end, 1, start + 1, 1, end + 1, content) for start, end, content in edits)
    fix = FixedEdits(Applicability.SAFE, "fix", placed)
    return Finding("a.md", 1, 1, 1, 1, code, "stray-template", Severity.WARNING, "m", fix)


def _reference(text: str, findings: list[Finding]) -> tuple[str, int]:
    """The quadratic rule the fixer must keep: take a fix unless an edit conflicts with one taken."""
    chosen: list[PlacedEdit] = []
    applied = 0
    for finding in sorted(findings, key=lambda f: (f.fix.edits[0].start, f.code)):  # type: ignore[union-attr]
        assert finding.fix is not None
        if any(fixer._conflict(edit, other) for edit in finding.fix.edits for other in chosen):
            continue
        chosen.extend(finding.fix.edits)
        applied += 1
    for edit in sorted(chosen, key=lambda edit: edit.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text, applied


@pytest.mark.parametrize("seed", range(200))
def test_the_chosen_fixes_are_those_of_the_pairwise_rule(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("abc\n") for _ in range(60))
    findings = []
    for _ in range(rng.randint(1, 12)):
        edits: list[tuple[int, int, str]] = []
        start = rng.randint(0, 50)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):  # some fixes edit far-apart places
            end = min(60, start + rng.choice((0, 0, 1, 2, 5)))
            edits.append((start, end, rng.choice(("", "X", "YY"))))
            start = end + rng.randint(1, 20)
            if start > 60:
                break
        findings.append(_finding(*edits))
    assert fixer.apply_fixes(text, findings) == _reference(text, findings)


def test_a_fix_whose_own_edits_overlap_is_not_applied() -> None:
    assert fixer.apply_fixes("abcdef", [_finding((1, 4, "X"), (2, 3, "Y")), _finding((5, 6, ""))]) == ("abcde", 1)


def test_conflict_checks_grow_linearly_with_the_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = fixer._conflict

    def counting(first: PlacedEdit, second: PlacedEdit) -> bool:
        nonlocal calls
        calls += 1
        return real(first, second)

    monkeypatch.setattr(fixer, "_conflict", counting)
    count = 4000
    text = "正文{{-}}。\n" * count
    findings = [_finding((index * 9 + 2, index * 9 + 7, "")) for index in range(count)]
    findings += [_finding((index * 9 + 3, index * 9 + 4, "")) for index in range(0, count, 2)]  # overlaps
    fixed, applied = fixer.apply_fixes(text, findings)
    assert (fixed, applied) == ("正文。\n" * count, count)
    assert calls <= 2 * len(findings)  # the pairwise rule made about count² / 2 checks


def test_fixing_thousands_of_stray_templates_fixes_all_in_two_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    linter = Linter(to_settings({"select": ["TPL001"], "timeout": 0}))
    passes = 0
    real = linter.lint_text

    def counted(*args: object) -> FileResult:
        nonlocal passes
        passes += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(linter, "lint_text", counted)
    line = '正文{{-}}見[古巴](../Page/古巴.md "wikilink")。\n'
    outcome = fixer.fix_text(linter, "## 歷史\n\n" + line * 5000, "a.md")
    assert outcome.fixed == 5000 and "{{" not in outcome.text and passes == 2


def test_the_budget_covers_every_pass_of_a_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each pass alone is within the 1 s budget; the two a fix needs are not.
    linter = Linter(to_settings({"select": ["TPL001"], "timeout": 1}))
    real = linter.lint_text

    def slow(*args: object) -> FileResult:
        result = real(*args)  # type: ignore[arg-type]
        time.sleep(0.7)
        return result

    monkeypatch.setattr(linter, "lint_text", slow)
    text = '## 歷史\n\n正文{{-}}見[古巴](../Page/古巴.md "wikilink")。\n'
    outcome = fixer.fix_text(linter, text, "a.md")
    assert outcome.text == text and outcome.fixed == 0
    assert [finding.code for finding in outcome.result.findings] == ["WL006"]


def test_a_nested_budget_leaves_the_outer_one_running() -> None:
    from wikilint.linter.budget import BudgetExceeded, time_budget

    with pytest.raises(BudgetExceeded), time_budget(0.5):
        with time_budget(10):
            pass
        time.sleep(5)  # only the outer budget can end this


class _RecordingPool(fixer.SupervisedPool):
    texts: ClassVar[list[str]] = []

    def run(self, inputs: object) -> Iterator[FileResult]:
        items = list(inputs)  # type: ignore[call-overload]
        _RecordingPool.texts.extend(item.text for item in items)
        return super().run(items)


def test_a_text_that_stalls_the_parser_is_fixed_under_the_same_watchdog_as_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # mwparserfromhell's tokenizer (C code, which no in-process timer interrupts) takes tens
    # of seconds on this: it is parsed in a supervised worker, and the fix gives up at the budget.
    monkeypatch.setattr(fixer, "SupervisedPool", _RecordingPool)
    linter = Linter(to_settings({"select": ["TPL001"], "timeout": 1}))
    text = "{{-}}\n" + "<span " * 6000 + "\n"
    outcome = fixer.fix_text(linter, text, "a.wiki")
    assert _RecordingPool.texts == [text]
    assert outcome.text == text and outcome.fixed == 0
    assert [finding.code for finding in outcome.result.findings] == ["WL006"]
    assert linter.isolate is None  # the fix leaves the linter as it found it


def test_a_document_over_max_file_size_in_bytes_is_not_fixed() -> None:
    # 66 characters but 134 bytes of UTF-8: over a 100-byte limit.
    linter = Linter(to_settings({"select": ["TPL001"], "max-file-size": 100}))
    text = '[古巴](../Page/古巴.md "wikilink"){{-}}\n' + "正" * 30
    assert len(text) <= 100 < len(text.encode())
    outcome = fixer.fix_text(linter, text, "a.md")
    assert outcome.text == text and outcome.fixed == 0
    assert [finding.code for finding in outcome.result.findings] == ["WL005"]
