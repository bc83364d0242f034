"""Inline suppressions in HTML comments, valid in wikitext and in Markdown alike.

    <!-- wikilint-disable REF001 LNK001 -->   …   <!-- wikilint-enable REF001 LNK001 -->
    <!-- wikilint-disable-next-line CODE -->
    <!-- wikilint-disable-line CODE -->
    <!-- wikilint-disable-file CODE -- the reason -->

Codes may be codes, prefixes or names; no code means every rule. A suppression that
suppresses nothing is reported (WL002), and so is a code that names no rule (WL003).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wikilint.linter.document import Document, Span
from wikilint.linter.engine_rules import UnknownSuppressionCode, UnusedSuppression
from wikilint.linter.finding import Diagnostic, Finding
from wikilint.linter.registry import Registry

_DIRECTIVE = re.compile(
    r"<!--\s*wikilint-(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?P<codes>(?:(?!--).)*?)(?:--\s*(?P<reason>(?:(?!-->).)*?))?\s*-->",
    re.DOTALL,
)
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass
class Suppression:
    span: Span
    kind: str
    codes: frozenset[str] | None  # None: every rule
    #: Lines (1-based, inclusive) the suppression covers.
    first_line: int
    last_line: int
    used: bool = False


@dataclass
class Directives:
    suppressions: list[Suppression] = field(default_factory=list)
    unknown: list[tuple[Span, str]] = field(default_factory=list)
    #: Codes whose findings no comment can hide: a suppression cannot hide that a file was not checked.
    unsuppressible: frozenset[str] = frozenset()


def parse_directives(document: Document, registry: Registry) -> Directives:
    directives = Directives(unsuppressible=frozenset(rule.code for rule in registry if not rule.suppressible))
    open_ranges: dict[str | None, Suppression] = {}
    last_line = document.line_index.line_count
    # A comment shown inside code or nowiki is an example, not a directive: an opaque span
    # that starts before the comment holds it (a comment is itself an opaque span).
    holders = [span for span in document.opaque if span.end - span.start > 4]
    for match in _DIRECTIVE.finditer(document.text):
        span = Span(match.start(), match.end())
        if any(holder.start < span.start and span.end <= holder.end for holder in holders):
            continue
        codes = _codes(match["codes"], span, registry, directives)
        line, _ = document.position(span.start)
        end_line, _ = document.position(span.end)
        kind = match["kind"]
        if kind == "disable-file":
            directives.suppressions.append(Suppression(span, kind, codes, 1, last_line))
        elif kind == "disable-line":
            directives.suppressions.append(Suppression(span, kind, codes, line, end_line))
        elif kind == "disable-next-line":
            directives.suppressions.append(Suppression(span, kind, codes, end_line + 1, end_line + 1))
        elif kind == "disable":
            suppression = Suppression(span, kind, codes, end_line, last_line)
            directives.suppressions.append(suppression)
            for code in codes or {None}:
                open_ranges[code] = suppression
        else:  # enable closes the ranges it names (all of them when it names none)
            for code in list(open_ranges) if codes is None else [*codes, None]:
                if code in open_ranges:
                    open_ranges.pop(code).last_line = line
    return directives


def _codes(text: str, span: Span, registry: Registry, directives: Directives) -> frozenset[str] | None:
    words = [word for word in _SEPARATORS.split(text.strip()) if word]
    if not words:
        return None
    codes: set[str] = set()
    for word in words:
        matched = registry.select(word)
        if matched:
            codes.update(rule.code for rule in matched)
        else:
            directives.unknown.append((span, word))
    return frozenset(codes)


def apply_suppressions(
    findings: list[Finding],
    directives: Directives,
    make: Callable[[str, Diagnostic], Finding],
) -> list[Finding]:
    """Drop suppressed findings; add WL002 for unused suppressions and WL003 for unknown codes."""
    kept = []
    for finding in findings:
        suppression = None if finding.code in directives.unsuppressible else _covering(finding, directives.suppressions)
        if suppression is None:
            kept.append(finding)
        else:
            suppression.used = True
    for suppression in directives.suppressions:
        if not suppression.used and suppression.codes != frozenset():  # all-unknown codes are WL003's
            what = "every rule" if suppression.codes is None else ", ".join(sorted(suppression.codes))
            message = f"wikilint-{suppression.kind} ({what}) suppresses nothing"
            kept.append(make(UnusedSuppression.code, Diagnostic(suppression.span, message)))
    for span, word in directives.unknown:
        message = f"{word!r} in a wikilint comment names no rule"
        kept.append(make(UnknownSuppressionCode.code, Diagnostic(span, message)))
    return sorted(kept)


def _covering(finding: Finding, suppressions: list[Suppression]) -> Suppression | None:
    for suppression in suppressions:
        if suppression.first_line <= finding.line <= suppression.last_line and (
            suppression.codes is None or finding.code in suppression.codes
        ):
            return suppression
    return None
