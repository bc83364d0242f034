"""Positions: 1-based lines, code-point columns, every line-break convention."""

from __future__ import annotations

import pytest

from wikilint import lint_text
from wikilint.linter.document import LineIndex, Span, subtract_spans


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_survive_any_line_break(newline: str) -> None:
    text = newline.join(["平壤\\[1\\]。", "", "1.", "{{-}}", ""])
    findings = lint_text(text, dialect="markdown")
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [
        ("REF001", 3, 1, 3),
        ("TPL001", 4, 1, 6),
    ]


def test_columns_count_code_points_not_bytes_or_utf16_units() -> None:
    index = LineIndex("𠀀漢字 x\nb")
    assert index.position(4) == (1, 5)
    assert index.position(6) == (2, 1)


def test_wikitext_offsets_inside_nested_nodes() -> None:
    text = "== 標題 ==\n'''粗體''' {{a|b=[[c|d]]}} <ref name=\"n\">x</ref> <ref></ref>\n"
    findings = lint_text(text, dialect="wikitext", config={"select": ["REF001"]})
    [finding] = findings
    column = text.splitlines()[1].index("<ref></ref>") + 1
    assert (finding.line, finding.column, finding.end_column) == (2, column, column + len("<ref></ref>"))
    assert text.splitlines()[1][finding.column - 1 : finding.end_column - 1] == "<ref></ref>"


def test_subtract_spans() -> None:
    assert subtract_spans([Span(0, 10)], [Span(2, 4), Span(3, 6), Span(8, 12)]) == (Span(0, 2), Span(6, 8))
