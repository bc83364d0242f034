"""Lint one document, or many: parse once, run every enabled rule, collect findings.

A failure inside a front end or a rule is isolated to that document (and that rule) and
becomes a WL004 finding; an input that cannot be read becomes WL001. Every input yields a
:class:`FileResult`, so nothing is lost from the report.
"""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wikilint.linter.citations import CitationSummary, summarize_citations
from wikilint.linter.config import Settings, ignored_codes, resolve_rules
from wikilint.linter.dialects import detect_dialect, parse
from wikilint.linter.document import Dialect, Document, Span
from wikilint.linter.finding import Diagnostic, Finding
from wikilint.linter.registry import Registry, load_registry
from wikilint.linter.rule import Rule
from wikilint.linter.sources import Source, SourceError, read_source
from wikilint.rules.linter import InternalError, UnreadableFile


@dataclass
class FileResult:
    path: str
    dialect: Dialect | None
    findings: list[Finding]
    error: str | None = None
    citations: CitationSummary | None = None


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    def summary(self) -> dict[str, object]:
        findings = self.findings
        return {
            "files_checked": len(self.files),
            "files_with_findings": sum(1 for result in self.files if result.findings),
            "findings": len(findings),
            "by_code": dict(sorted(Counter(finding.code for finding in findings).items())),
            "by_severity": dict(sorted(Counter(finding.severity.value for finding in findings).items())),
        }


class Linter:
    """The enabled rules of one configuration, ready to lint any number of documents."""

    def __init__(self, settings: Settings | None = None, registry: Registry | None = None) -> None:
        self.settings = settings or Settings()
        self.registry = registry or load_registry()
        self.rules: list[Rule] = resolve_rules(self.registry, self.settings)

    def lint_text(self, text: str, path: str = "<text>", dialect: Dialect | str = "auto") -> FileResult:
        chosen = self._dialect(text, path, dialect)
        try:
            document = parse(text, chosen, path)
        except Exception as error:  # any front-end failure is a finding, never a traceback
            document = Document(text=text, dialect=chosen, path=path)
            return FileResult(path, chosen, [self._internal_error(document, f"the {chosen} front end", error)])
        findings = [
            self._finding(document, InternalError, Diagnostic(problem.span, problem.message))
            for problem in document.problems
        ]
        ignored = ignored_codes(self.settings, self.registry, path)
        for rule in self.rules:
            if chosen not in rule.dialects or rule.code in ignored:
                continue
            try:
                findings.extend(self._finding(document, type(rule), diagnostic) for diagnostic in rule.check(document))
            except Exception as error:
                findings.append(self._internal_error(document, f"rule {rule.code} ({rule.name})", error))
        findings.sort()
        return FileResult(path, chosen, findings, citations=summarize_citations(document))

    def lint_source(self, source: Source) -> FileResult:
        try:
            text = read_source(source)
        except SourceError as error:
            finding = Finding(source.path, 1, 1, 1, 1, UnreadableFile.code, UnreadableFile.name,
                              UnreadableFile.severity, str(error))
            return FileResult(source.path, None, [finding], error=str(error))
        return self.lint_text(text, source.path, self.settings.dialect)

    def lint_sources(self, sources: Iterable[Source]) -> Report:
        return Report([self.lint_source(source) for source in sources])

    def _dialect(self, text: str, path: str, dialect: Dialect | str) -> Dialect:
        if isinstance(dialect, Dialect):
            return dialect
        if dialect == "auto":
            return detect_dialect(text, None if path.startswith("<") else path)
        return Dialect(dialect)

    def _finding(self, document: Document, rule: type[Rule], diagnostic: Diagnostic) -> Finding:
        line, column = document.position(diagnostic.span.start)
        end_line, end_column = document.position(diagnostic.span.end)
        return Finding(
            document.path or "<text>", line, column, end_line, end_column,
            rule.code, rule.name, rule.severity, diagnostic.message,
        )

    def _internal_error(self, document: Document, what: str, error: Exception) -> Finding:
        frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
        message = f"{what} failed: {type(error).__name__}: {error}{where}"
        return self._finding(document, InternalError, Diagnostic(Span(0, 0), message))


def lint_sources(sources: Sequence[Source], settings: Settings | None = None) -> Report:
    return Linter(settings).lint_sources(sources)
