"""wikilint: a linter and citation auditor for wiki articles (wikitext and converted Markdown)."""

from __future__ import annotations

from wikilint._version import __version__
from wikilint.api import lint_paths, lint_text
from wikilint.linter.document import Dialect, Document, Span
from wikilint.linter.finding import Diagnostic, Finding, Severity
from wikilint.linter.results import FileResult
from wikilint.linter.rule import Option, Rule
from wikilint.linter.summary import Report

__all__ = [
    "Diagnostic",
    "Dialect",
    "Document",
    "FileResult",
    "Finding",
    "Option",
    "Report",
    "Rule",
    "Severity",
    "Span",
    "__version__",
    "lint_paths",
    "lint_text",
]
