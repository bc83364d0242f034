"""Synthetic results for runs too big to lint in a test: N findings over documents of a given
size, spread over real rule codes, each with a source line and a citation census; written as a
real report by the real reporters. Used by tests/test_html_report.py and bench/html_scale.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding, Severity
from wikilint.linter.report import make_reporter
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

#: (code, name, severity) of the rules the findings cycle through, the first ones most often.
RULES = (
    ("SCR001", "mixed-script", Severity.WARNING), ("LNK002", "link-label-overrun", Severity.WARNING),
    ("LNK001", "mixed-link-style", Severity.WARNING), ("REF001", "empty-reference", Severity.ERROR),
    ("TPL002", "unbalanced-template-braces", Severity.ERROR), ("STR001", "empty-parentheses", Severity.WARNING),
    ("REF009", "reference-punctuation", Severity.WARNING), ("LNK004", "interwiki-as-external", Severity.WARNING),
    ("SCR003", "mixed-width-punctuation", Severity.WARNING), ("TPL003", "conversion-markup-residue", Severity.WARNING),
    ("LNK005", "broken-link-syntax", Severity.ERROR), ("STR005", "empty-quotes", Severity.WARNING),
)
_LINE = "漢字與简体字混排的一行，見[古巴共和國與](../Page/古巴共和國.md \"wikilink\")，還有\\[3\\]一個註腳標記。" * 3


def synthetic_results(findings: int, per_document: int = 25) -> Iterator[FileResult]:
    """``findings`` findings, ``per_document`` a document (the last one fewer), then as many
    documents again without findings; rule ``i`` of RULES takes about twice the share of ``i+1``."""
    cycle = [rule for index, rule in enumerate(RULES) for _ in range(2 ** (len(RULES) - index))]
    made = document = 0
    while made < findings:
        path = f"Page/條目_{document:06d}.md"
        count = min(per_document, findings - made)
        found = []
        for index in range(count):
            code, name, severity = cycle[(made + index) * 7919 % len(cycle)]
            line = index + 1
            found.append(Finding(path, line, 12, line, 20, code, name, severity,
                                 f"{name}: 简体 '发现问题' in a Traditional article (finding {made + index})",
                                 fingerprint=f"{made + index:020x}", source_line=_LINE, source_column=1))
        yield FileResult(path, Dialect.MARKDOWN, found, citations=_census(document))
        made += count
        document += 1
    for extra in range(document):
        yield FileResult(f"Page/乾淨_{extra:06d}.md", Dialect.MARKDOWN, [], citations=_census(extra + 3))


def _census(seed: int) -> CitationSummary:
    entries = seed % 13
    empty = min(entries, seed % 5)
    return CitationSummary(markers=seed % 17, entries=entries, empty_entries=empty, named_refs=0,
                           has_reference_list=entries > 0, cite_templates={"cite web": seed % 3} if seed % 3 else {})


def write_report(path: Path, output_format: str, findings: int, per_document: int = 25) -> Summary:
    """The synthetic run as a saved report (json or jsonl), written by the real reporter."""
    summary = Summary()
    with path.open("w", encoding="utf-8") as stream:
        reporter = make_reporter(output_format, stream)
        for result in synthetic_results(findings, per_document):
            summary.add(result)
            reporter.add(result)
        reporter.finish(summary)
    return summary
