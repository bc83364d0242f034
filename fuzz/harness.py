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
    from wikilint.linter.runner import Linter
    from wikilint.testing import check_invariants

LINTER = Linter(Settings(timeout=0))


def check(data: bytes, dialect: str) -> None:
    """The same invariants as tests/test_robustness.py: wikilint.testing.check_invariants."""
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    check_invariants(LINTER, text, dialect, "fuzz")


def main(dialect: str) -> None:
    atheris.Setup(sys.argv, lambda data: check(data, dialect))
    atheris.Fuzz()


__all__ = ["lint_text", "main"]
