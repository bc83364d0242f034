"""The HTML audit (``-f html``): one self-contained file with the run's numbers, charts, the
citation census and a bounded, filterable listing of findings.

The page is complete without JavaScript; the one inline script only filters and sorts what
is there. Templates are Jinja2 with autoescaping on, and every value printed goes first
through :func:`.escape.visible` (the environment's ``finalize``), so a path, title, message
or source line can neither become markup nor carry a control or bidi character. A
Content-Security-Policy ``<meta>`` allows nothing but the page's own style and script, pinned
by their SHA-256: no remote load, no injected script or handler could run. The output is
deterministic (no clock in it), so rendering a saved report (``wikilint report``) gives the
same file as the run that made it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from markupsafe import Markup

if TYPE_CHECKING:
    from jinja2 import Environment

from wikilint._version import __version__
from wikilint.linter.engine_rules import ENGINE_RULES
from wikilint.linter.finding import Finding
from wikilint.linter.report.audit import (
    CITATION_FAMILY,
    EMPTY_BUCKETS,
    FINDINGS_PER_DOCUMENT,
    FINDINGS_PER_RULE,
    HEALTH_FAMILIES,
    TOP,
    USABLE_BUCKETS,
    Audit,
)
from wikilint.linter.report.charts import BarChart, Row, bar_chart
from wikilint.linter.report.escape import visible
from wikilint.linter.results import FileResult
from wikilint.linter.rule import Rule
from wikilint.linter.summary import Summary

_SEVERITIES = ("error", "warning", "info")
#: Characters of source shown before a finding, of the finding itself, and after it.
_BEFORE, _FLAGGED, _AFTER = 60, 200, 80


@dataclass(frozen=True)
class Excerpt:
    before: str
    flagged: str
    after: str
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class RuleRow:
    code: str
    name: str
    severity: str
    findings: int
    documents: int
    listed: int
    fixable: bool
    summary: str
    documentation: list[str]
    worst: list[tuple[str, int]]


class HtmlReporter:
    def __init__(self, stream: TextIO, rules: Sequence[type[Rule]] = (), version: str = __version__) -> None:
        self.stream = stream
        known: list[type[Rule]] = [*ENGINE_RULES, *rules]
        self.rules = {rule.code: rule for rule in known}
        self.version = version
        self.audit = Audit()

    def add(self, result: FileResult) -> None:
        self.audit.add(result)

    def finish(self, summary: Summary) -> None:
        for chunk in environment().get_template("report.html.j2").generate(**self.context(summary)):
            self.stream.write(chunk)

    def context(self, summary: Summary) -> dict[str, Any]:
        audit = self.audit
        rules = [self._rule_row(code, summary) for code in sorted(summary.by_code)]
        css, script = _static("report.css"), _static("report.js")
        census = audit.census
        return {
            "version": self.version,
            "summary": summary,
            "severities": [(level, summary.by_severity.get(level, 0)) for level in _SEVERITIES],
            "audit": audit,
            "bounds": {
                "FINDINGS_PER_RULE": FINDINGS_PER_RULE, "FINDINGS_PER_DOCUMENT": FINDINGS_PER_DOCUMENT, "TOP": TOP,
            },
            "rules": rules,
            "rules_chart": bar_chart("Findings per rule", [
                Row(f"{row.code} {row.name}", row.findings, f"in {_documents(row.documents)}", f"#rule-{row.code}")
                for row in sorted(rules, key=lambda row: (-row.findings, row.code))
            ]),
            "census": census,
            "usable_chart": _histogram("Usable references per document", census.usable, USABLE_BUCKETS),
            "empty_chart": _histogram("Empty reference entries per document", census.empty, EMPTY_BUCKETS),
            "health": [self._family(prefix, title, rules, summary) for prefix, title in HEALTH_FAMILIES],
            "citation_rules": self._family(*CITATION_FAMILY, rules, summary),
            "documents": list(audit.documents.values()),
            "excerpt": excerpt,
            "dialects": sorted(audit.dialects.items()),
            "css": Markup(css),
            "script": Markup(script),
            "csp": "; ".join([
                "default-src 'none'", f"style-src '{_sha256(css)}'", f"script-src '{_sha256(script)}'",
                "base-uri 'none'", "form-action 'none'",
            ]),
        }

    def _rule_row(self, code: str, summary: Summary) -> RuleRow:
        rule = self.rules.get(code)
        documentation = rule.documentation().splitlines() if rule else []
        return RuleRow(
            code, summary.names.get(code, rule.name if rule else ""),
            self.audit.severity_by_code.get(code, ""), summary.by_code[code], summary.files_by_code[code],
            self.audit.listed_by_code[code], code in summary.fixable_codes, rule.summary() if rule else "",
            documentation, self.audit.worst(code),
        )

    @staticmethod
    def _family(prefix: str, title: str, rules: list[RuleRow], summary: Summary) -> tuple[str, list[RuleRow], BarChart]:
        """The rules of one family (by code prefix) with findings, and the documents each affects."""
        family = [row for row in rules if row.code.startswith(prefix)]
        chart = bar_chart(f"{title}: documents affected per rule", [
            Row(f"{row.code} {row.name}", row.documents, _share(row.documents, summary.files_checked),
                f"#rule-{row.code}")
            for row in family
        ])
        return title, family, chart


def excerpt(finding: Finding) -> Excerpt | None:
    """The finding's part of its source line and a little around it, as the text output shows it."""
    line = finding.source_line
    if not line:
        return None
    start = min(max(0, finding.column - finding.source_column), len(line))
    end = len(line) if finding.end_line > finding.line else finding.end_column - finding.source_column
    end = min(max(end, start), len(line), start + _FLAGGED)
    first, last = max(0, start - _BEFORE), min(len(line), end + _AFTER)
    plain = line.replace("\t", " ")
    return Excerpt(plain[first:start], plain[start:end], plain[end:last], first > 0, last < len(line))


def _histogram(title: str, counts: dict[str, int], buckets: Sequence[tuple[str, int, int | None]]) -> BarChart:
    total = sum(counts.values())
    return bar_chart(title, [
        Row(label, counts.get(label, 0), _share(counts.get(label, 0), total)) for label, _, _ in buckets
    ])


def _documents(count: int) -> str:
    return f"{count:,} document{'' if count == 1 else 's'}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _shown(value: Any) -> Any:
    """Every value a template prints: untrusted text shown as :func:`.escape.visible` does,
    before autoescaping; markup made by the templates themselves passes as it is."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return value


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    # Imported here: every run loads the reporters, and Jinja2 is ~17 ms of start-up that
    # only an HTML report needs.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("wikilint.linter.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda number: f"{number:,}"
    env.filters["share"] = lambda part, whole: _share(part, whole)
    return env


@functools.lru_cache(maxsize=4)
def _static(name: str) -> str:
    """A file of the templates folder inlined as it is (the page's own CSS and JavaScript)."""
    env = environment()
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]
