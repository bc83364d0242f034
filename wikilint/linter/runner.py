"""Lint one document, or many: parse once, run every enabled rule, collect findings.

A failure inside a front end or a rule is isolated to that document (and that rule) and
becomes a WL004 finding; an input that cannot be read becomes WL001. Every input yields a
:class:`FileResult`, so nothing is lost from the report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from wikilint._version import __version__
from wikilint.linter.budget import BudgetExceeded, time_budget
from wikilint.linter.cache import ResultCache
from wikilint.linter.citations import summarize_citations
from wikilint.linter.config import Settings, ignored_codes, resolve_rules
from wikilint.linter.corpora import Input
from wikilint.linter.dialects import detect_dialect, may_stall, parse
from wikilint.linter.document import Dialect, Document, Span
from wikilint.linter.engine_rules import InternalError, UnknownSuppressionCode, UnusedSuppression
from wikilint.linter.finding import Diagnostic, Finding, FixedEdits, PlacedEdit, source_window
from wikilint.linter.registry import Registry, load_registry
from wikilint.linter.results import FileResult, oversized, timed_out, too_large, unavailable, unreadable
from wikilint.linter.rule import Rule
from wikilint.linter.sources import InputTooLarge, Source, SourceError, decode, read_bytes
from wikilint.linter.suppressions import apply_suppressions, parse_directives
from wikilint.linter.titles import SiteKnowledge

#: The findings about suppression comments, which run only when selected.
_SUPPRESSION_CODES = (UnusedSuppression.code, UnknownSuppressionCode.code)


class Linter:
    """The enabled rules of one configuration, ready to lint any number of documents."""

    def __init__(
        self, settings: Settings | None = None, registry: Registry | None = None, cache_dir: Path | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.registry = registry or load_registry()
        self.rules: list[Rule] = resolve_rules(self.registry, self.settings)
        self.cache = ResultCache(cache_dir, self.fingerprint()) if cache_dir is not None else None
        #: Set by an in-process executor: lints a document the parser may stall on in a
        #: process that can be stopped (the in-process timer cannot interrupt C code).
        self.isolate: Callable[[str, str, Dialect], FileResult] | None = None

    def fingerprint(self) -> str:
        """What a cached result depends on besides the file: the code, rules, options, dialect."""
        rules = [(rule.code, sorted(rule.settings.items(), key=str)) for rule in self.rules]
        modules = sorted({type(rule).__module__ for rule in self.rules})
        return repr(
            (__version__, code_digest(tuple(modules)), self.settings.dialect, rules,
             sorted(self.settings.per_file_ignores.items()))
        )

    def lint_text(
        self, text: str, path: str = "<text>", dialect: Dialect | str = "auto", site: SiteKnowledge | None = None
    ) -> FileResult:
        chosen = self._dialect(text, path, dialect)
        if len(text) > self.settings.max_file_size:
            return too_large(path, len(text.encode("utf-8", "surrogatepass")), self.settings.max_file_size, chosen)
        if self.isolate is not None and may_stall(text, chosen):
            return self.isolate(text, path, chosen)
        try:
            with time_budget(self.settings.timeout):
                return self._lint_text(text, path, chosen, site)
        except BudgetExceeded:
            return timed_out(path, self.settings.timeout, chosen)

    def _lint_text(self, text: str, path: str, chosen: Dialect, site: SiteKnowledge | None = None) -> FileResult:
        try:
            document = parse(text, chosen, path, site)
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
        if "wikilint-" in text:
            directives = parse_directives(document, self.registry)
            findings = apply_suppressions(findings, directives, lambda code, diagnostic: self._finding(
                document, self._engine_rule(code), diagnostic))
            enabled = {rule.code for rule in self.rules}
            findings = [
                finding for finding in findings if finding.code in enabled or finding.code not in _SUPPRESSION_CODES
            ]
        findings.sort()
        return FileResult(path, chosen, findings, citations=summarize_citations(document))

    def _engine_rule(self, code: str) -> type[Rule]:
        rule = self.registry.get(code)
        assert rule is not None, f"{code} is a built-in rule"
        return rule

    def lint_input(self, item: Input) -> FileResult:
        """Lint one document of a run: a file (read here, in the worker) or text in hand."""
        if item.error is not None:
            return unreadable(item.path, item.error)
        if item.unavailable is not None:
            return unavailable(item.path, item.unavailable)
        dialect = self.settings.dialect if self.settings.dialect != "auto" else (item.dialect or "auto")
        if item.oversized is not None:
            return oversized(item.path, item.oversized, None if dialect == "auto" else Dialect(dialect))
        if item.text is not None:
            result = self.lint_text(item.text, item.path, dialect, item.site)
            if not item.fixable:  # a page of a dump cannot be fixed in place: claim no fix
                result.findings = [replace(finding, fix=None) for finding in result.findings]
                result.contained = True
            result.revision = item.revision
            return result
        try:  # a file over max-file-size, or not a regular file, is never read whole
            data = read_bytes(Source(item.path, limit=self.settings.max_file_size))
            text = decode(data)
        except InputTooLarge as error:
            return oversized(item.path, str(error))
        except SourceError as error:
            return unreadable(item.path, str(error))
        if self.cache is None:
            return self.lint_text(text, item.path, dialect)
        key = self.cache.key(item.path, data)
        cached = self.cache.load(key, item.path, data)
        if cached is not None:
            return cached
        result = self.lint_text(text, item.path, dialect)
        self.cache.store(key, data, result)
        return result

    def _dialect(self, text: str, path: str, dialect: Dialect | str) -> Dialect:
        if isinstance(dialect, Dialect):
            return dialect
        if dialect == "auto":
            return detect_dialect(text, None if path.startswith("<") else path)
        return Dialect(dialect)

    def _finding(self, document: Document, rule: type[Rule], diagnostic: Diagnostic) -> Finding:
        line, column = document.position(diagnostic.span.start)
        end_line, end_column = document.position(diagnostic.span.end)
        fix = None
        if diagnostic.fix is not None:
            edits = []
            for edit in sorted(diagnostic.fix.edits):
                start_line, start_column = document.position(edit.start)
                stop_line, stop_column = document.position(edit.end)
                edits.append(PlacedEdit(edit.start, edit.end, start_line, start_column, stop_line, stop_column,
                                        edit.content))
            fix = FixedEdits(diagnostic.fix.applicability, diagnostic.fix.message, tuple(edits))
        line_text = document.line_text(line)
        source_line, source_column = source_window(line_text, column)
        return Finding(
            document.path or "<text>", line, column, end_line, end_column,
            rule.code, rule.name, rule.severity, diagnostic.message, fix,
            fingerprint(rule.code, diagnostic.message, document.slice(diagnostic.span), line_text),
            source_line, source_column,
        )

    def _internal_error(self, document: Document, what: str, error: Exception) -> Finding:
        frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
        message = f"{what} failed: {type(error).__name__}: {error}{where}"
        return self._finding(document, InternalError, Diagnostic(Span(0, 0), message))


@functools.lru_cache(maxsize=4)
def code_digest(rule_modules: tuple[str, ...]) -> str:
    """A hash of wikilint's own source and of the modules the rules come from.

    The version alone is not enough: an editable install or a plugin changes its code
    without changing any version, and a stale cache would then report old findings.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    files = sorted(package.rglob("*.py"))
    for name in rule_modules:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            files.append(Path(str(module.__file__)))
    for path in files:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


_DIGITS = re.compile(r"\d+")


def fingerprint(code: str, message: str, flagged: str, line_text: str) -> str:
    """A digest of what was flagged and where it stands, without line or column numbers.

    Numbers in the message are dropped ("entry 3", "(19 to 13)") so that renumbering or a
    count elsewhere does not make an old finding look new.
    """
    parts = (code, _DIGITS.sub("#", message), flagged[:200], " ".join(line_text[:800].split())[:400])
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]
