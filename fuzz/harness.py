"""Shared by the atheris harnesses: lint one fuzzed text and check the invariants.

Run by hand, not in CI (atheris is not a test dependency):

    pip install atheris
    python fuzz/fuzz_markdown.py -atheris_runs=200000 fuzz/corpus-markdown
    python fuzz/fuzz_wikitext.py -max_total_time=600

Any exception, an internal-error finding (WL004) or a position outside the text is a crash
that libFuzzer reports with the input that caused it.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["wikilint"]):
    from wikilint import lint_text
    from wikilint.linter.config import Settings
    from wikilint.linter.fixer import FixError, fix_text
    from wikilint.linter.runner import Linter

LINTER = Linter(Settings(timeout=0))


def check(data: bytes, dialect: str) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    findings = LINTER.lint_text(text, "fuzz", dialect).findings
    internal = [finding.message for finding in findings if finding.code == "WL004"]
    if internal:
        raise AssertionError(internal[0])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in findings:
        if not 1 <= finding.line <= finding.end_line <= len(lines):
            raise AssertionError(f"{finding.code} at line {finding.line} of {len(lines)}")
    if findings and any(finding.fix for finding in findings):
        try:
            outcome = fix_text(LINTER, text, "fuzz", dialect, unsafe=True)
        except FixError:
            return  # reported to the user as WL004, the file left as it was: by design
        if fix_text(LINTER, outcome.text, "fuzz", dialect, unsafe=True).fixed:
            raise AssertionError("a second fix pass still changed the text")


def main(dialect: str) -> None:
    atheris.Setup(sys.argv, lambda data: check(data, dialect))
    atheris.Fuzz()


__all__ = ["lint_text", "main"]
