"""A content-hash cache of lint results, so an unchanged file is not parsed again.

The key covers everything the result depends on: the file's bytes, its path (per-file
ignores and messages name it), wikilint's version and the effective configuration (the
enabled rules with their options, the dialect). Entries are small JSON files written
atomically; a corrupt or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from wikilint.linter.atomic import write_atomically
from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding


class ResultCache:
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (self.fingerprint.encode(), path.encode("utf-8", "surrogateescape"), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                entry: dict[str, Any] = json.load(handle)
                return entry
        except (OSError, ValueError):
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, json.dumps(entry, ensure_ascii=False).encode("utf-8"), keep_mode=False)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


def encode_result(
    dialect: Dialect | None, findings: list[Finding], citations: CitationSummary | None
) -> dict[str, Any]:
    return {
        "dialect": dialect.value if dialect else None,
        "findings": [
            {**finding.to_dict(), "source_line": finding.source_line, "source_column": finding.source_column}
            for finding in findings
        ],
        "citations": citations.to_dict() if citations else None,
    }


def decode_findings(entry: dict[str, Any]) -> list[Finding]:
    return [Finding.from_dict(item) for item in entry["findings"]]


def decode_citations(entry: dict[str, Any]) -> CitationSummary | None:
    data = entry.get("citations")
    if not data:
        return None
    fields = {key: value for key, value in data.items() if key != "usable_entries"}
    return CitationSummary(**fields)
