"""What the HTML audit shows, gathered one result at a time in bounded memory.

Counts are exact whatever the size of the run; listings are bounded so that the report of a
corpus stays small enough to open: at most ``FINDINGS_PER_RULE`` findings of each rule are
listed (the first ones in run order), at most ``FINDINGS_PER_DOCUMENT`` of them per document,
and each "worst" table holds ``TOP`` documents. What a listing leaves out is counted ("and M
more"). The citation census (``FileResult.citations``) gives the citation-health numbers;
rule families by code prefix (``SCR``, ``LNK``) the script and link health.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from wikilint.linter.finding import Finding
from wikilint.linter.results import FileResult

FINDINGS_PER_RULE = 100
FINDINGS_PER_DOCUMENT = 20
TOP = 10

#: Histogram buckets as (label, lowest, highest); None: no upper bound.
USABLE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3–5", 3, 5), ("6–10", 6, 10), ("11–20", 11, 20),
    ("21–50", 21, 50), ("51+", 51, None),
)
EMPTY_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0), ("1", 1, 1), ("2–5", 2, 5), ("6–10", 6, 10), ("11–50", 11, 50), ("51+", 51, None),
)
#: The rule families the script and link health section shows, by code prefix; the citation
#: health section shows CITATION_FAMILY's the same way (markers without entries are REF002, …).
HEALTH_FAMILIES = (("SCR", "Script"), ("LNK", "Links"))
CITATION_FAMILY = ("REF", "Citation findings")


def bucket(value: int, buckets: Iterable[tuple[str, int, int | None]]) -> str:
    for label, low, high in buckets:
        if value >= low and (high is None or value <= high):
            return label
    raise ValueError(f"no bucket for {value}")


class Worst:
    """The ``size`` largest ``(count, path)`` seen, as :class:`~wikilint.linter.summary.Summary`
    keeps its worst files; zero counts are left out."""

    def __init__(self, size: int = TOP) -> None:
        self.size = size
        self._heap: list[tuple[int, str]] = []  # a min-heap

    def add(self, count: int, path: str) -> None:
        if count <= 0:
            return
        if len(self._heap) < self.size:
            heapq.heappush(self._heap, (count, path))
        elif (count, path) > self._heap[0]:
            heapq.heapreplace(self._heap, (count, path))

    def items(self) -> list[tuple[str, int]]:
        return [(path, count) for count, path in sorted(self._heap, key=lambda e: (-e[0], e[1]))]


@dataclass
class ListedDocument:
    path: str
    dialect: str
    total: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.findings)


@dataclass
class Census:
    """Citation health over the documents that have a census."""

    documents: int = 0
    markers: int = 0
    entries: int = 0
    empty_entries: int = 0
    usable_entries: int = 0
    no_usable: int = 0
    with_empty: int = 0
    #: Documents with citation markers but no reference entry at all.
    markers_without_entries: int = 0
    with_reference_list: int = 0
    usable: Counter[str] = field(default_factory=Counter)
    empty: Counter[str] = field(default_factory=Counter)
    cite_templates: Counter[str] = field(default_factory=Counter)
    most_empty: Worst = field(default_factory=Worst)
    uncited_markers: Worst = field(default_factory=Worst)

    def add(self, result: FileResult) -> None:
        citations = result.citations
        if citations is None:
            return
        self.documents += 1
        self.markers += citations.markers
        self.entries += citations.entries
        self.empty_entries += citations.empty_entries
        self.usable_entries += citations.usable_entries
        self.no_usable += citations.usable_entries == 0
        self.with_empty += citations.empty_entries > 0
        self.with_reference_list += citations.has_reference_list
        self.usable[bucket(citations.usable_entries, USABLE_BUCKETS)] += 1
        self.empty[bucket(citations.empty_entries, EMPTY_BUCKETS)] += 1
        self.cite_templates.update(citations.cite_templates)
        self.most_empty.add(citations.empty_entries, result.path)
        if citations.markers and not citations.entries:
            self.markers_without_entries += 1
        if citations.usable_entries == 0:
            self.uncited_markers.add(citations.markers, result.path)


class Audit:
    def __init__(self) -> None:
        self.documents: dict[str, ListedDocument] = {}
        self.listed_by_code: Counter[str] = Counter()
        self.severity_by_code: dict[str, str] = {}
        self.dialects: Counter[str] = Counter()
        self.errors = 0
        self.census = Census()
        self.worst_by_code: dict[str, Worst] = {}
        self.listed = 0

    def add(self, result: FileResult) -> None:
        self.dialects[result.dialect.value if result.dialect else "none"] += 1
        self.errors += result.error is not None
        self.census.add(result)
        per_code: Counter[str] = Counter()
        for finding in result.findings:
            per_code[finding.code] += 1
            self.severity_by_code.setdefault(finding.code, finding.severity.value)
        for code, count in per_code.items():
            self.worst_by_code.setdefault(code, Worst()).add(count, result.path)
        chosen = self._choose(result.findings)
        if chosen:
            key = result.path
            while key in self.documents:  # the same path twice (a dump page and a file): list both
                key += "\0"
            dialect = result.dialect.value if result.dialect else ""
            self.documents[key] = ListedDocument(result.path, dialect, len(result.findings), chosen)

    def _choose(self, findings: list[Finding]) -> list[Finding]:
        """The findings of one document to list: within the per-rule and per-document bounds, the
        first finding of each rule first (so that a rule's only finding is not crowded out by
        another rule's many), then the others in order; listed in document order."""
        chosen: dict[int, Finding] = {}
        for first_only in (True, False):
            seen: set[str] = set()
            for index, finding in enumerate(findings):
                if len(chosen) >= FINDINGS_PER_DOCUMENT:
                    break
                if index in chosen or (first_only and finding.code in seen):
                    seen.add(finding.code)
                    continue
                seen.add(finding.code)
                if self.listed_by_code[finding.code] < FINDINGS_PER_RULE:
                    chosen[index] = finding
                    self.listed_by_code[finding.code] += 1
        self.listed += len(chosen)
        return [chosen[index] for index in sorted(chosen)]

    def worst(self, code: str) -> list[tuple[str, int]]:
        worst = self.worst_by_code.get(code)
        return worst.items() if worst else []
