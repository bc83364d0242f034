"""Run totals, built one result at a time so that a streamed run never holds all findings,
and the :class:`Report` of a run held in memory (the API's return value)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wikilint.linter.finding import Finding
from wikilint.linter.results import FileResult

WORST_FILES = 10


class Summary:
    def __init__(self) -> None:
        self.files_checked = 0
        self.files_with_findings = 0
        self.findings = 0
        self.by_code: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        #: How many documents have at least one finding of each code.
        self.files_by_code: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        #: Documents not linted on purpose (dump redirects, other namespaces).
        self.skipped: Counter[str] = Counter()
        self._worst: list[tuple[int, str]] = []  # a min-heap of the largest (count, path)
        #: Findings with a safe fix, with an unsafe one, and the codes that have given a fix.
        self.fixable = 0
        self.unsafe_fixable = 0
        self.fixable_codes: set[str] = set()
        #: Documents that are pages of a dump or lines of a corpus rather than files.
        self.contained = 0
        #: Findings a --baseline absorbed.
        self.baseline_absorbed = 0

    def add(self, result: FileResult) -> None:
        self.files_checked += 1
        self.contained += result.contained
        if not result.findings:
            return
        self.files_with_findings += 1
        self.findings += len(result.findings)
        codes = set()
        for finding in result.findings:
            self.by_code[finding.code] += 1
            self.by_severity[finding.severity.value] += 1
            self.names[finding.code] = finding.rule
            codes.add(finding.code)
            if finding.fix is not None:
                self.fixable_codes.add(finding.code)
                if finding.fix.applicability.value == "safe":
                    self.fixable += 1
                else:
                    self.unsafe_fixable += 1
        self.files_by_code.update(codes)
        entry = (len(result.findings), result.path)
        if len(self._worst) < WORST_FILES:
            heapq.heappush(self._worst, entry)
        elif entry > self._worst[0]:
            heapq.heapreplace(self._worst, entry)

    @property
    def noun(self) -> str:
        """What was checked: "file" when every input is a file, else "document"."""
        return "document" if self.contained else "file"

    @property
    def worst_files(self) -> list[tuple[str, int]]:
        return [(path, count) for count, path in sorted(self._worst, key=lambda e: (-e[0], e[1]))]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "files_checked": self.files_checked,
            "files_with_findings": self.files_with_findings,
            "findings": self.findings,
            "by_code": dict(sorted(self.by_code.items())),
            "by_severity": dict(sorted(self.by_severity.items())),
            "files_by_code": dict(sorted(self.files_by_code.items())),
            "worst_files": [{"path": path, "findings": count} for path, count in self.worst_files],
        }
        if self.skipped:
            data["skipped"] = dict(sorted(self.skipped.items()))
        if self.baseline_absorbed:
            data["baseline_absorbed"] = self.baseline_absorbed
        return data


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    def totals(self) -> Summary:
        summary = Summary()
        for result in self.files:
            summary.add(result)
        summary.skipped.update(self.skipped)
        return summary

    def summary(self) -> dict[str, object]:
        return self.totals().to_dict()
