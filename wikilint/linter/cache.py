"""A content-hash cache of lint results, so an unchanged file is not parsed again.

The key covers everything the result depends on: the file's bytes, its path (per-file
ignores and messages name it), wikilint's version and the effective configuration (the
enabled rules with their options, the dialect). Entries are small JSON files written
atomically; a corrupt or unreadable entry is a miss, never an error. The folder holds its
own ``.gitignore`` (``*``), so ``git add -A`` never stages it, and a ``CACHEDIR.TAG`` for
backup tools; ``wikilint clean`` removes it (:func:`remove_caches`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wikilint.linter.atomic import write_atomically
from wikilint.linter.citations import CitationSummary
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding

#: The cache's folder, beside the configuration file (or in the working folder without one).
CACHE_FOLDER = ".wikilint_cache"
_MARKERS = {
    ".gitignore": b"# Made by wikilint: the cache is never committed.\n*\n",
    # https://bford.info/cachedir/: backup and archiving tools skip the folder.
    "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by wikilint.\n",
}
_MARKER_TEMPORARY = re.compile(r"\.(\.gitignore|CACHEDIR\.TAG)\..*\.tmp")
_ENTRY_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY_FILE = re.compile(r"[0-9a-f]{64}\.json|\.[0-9a-f]{64}\.json\..*\.tmp")


class CacheError(Exception):
    """A folder to clean is not a wikilint cache; it is left alone."""


class ResultCache:
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self._marked = False

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
            if not self._marked:
                self._mark()
            write_atomically(target, json.dumps(entry, ensure_ascii=False).encode("utf-8"), keep_mode=False)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _mark(self) -> None:
        for name, content in _MARKERS.items():
            if not (self.folder / name).exists():
                write_atomically(self.folder / name, content, keep_mode=False)
        self._marked = True


def remove_caches(folders: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Delete cache folders, each with whether it existed. Raises CacheError, deleting
    nothing, when any folder holds anything a cache does not (a mistyped ``--cache-dir``
    must not cost a user their files)."""
    found = [(folder, _is_cache(folder)) for folder in folders]
    for folder, exists in found:
        if exists:
            shutil.rmtree(folder)
    return found


def _is_cache(folder: Path) -> bool:
    """Whether the folder exists; CacheError when it is not a wikilint cache."""
    if not folder.exists() and not folder.is_symlink():
        return False
    if not folder.is_dir() or folder.is_symlink():
        raise CacheError(f"{folder} is not a wikilint cache folder; left alone")
    for entry in folder.iterdir():
        if (entry.name in _MARKERS or _MARKER_TEMPORARY.fullmatch(entry.name)) and entry.is_file():
            continue
        if (
            _ENTRY_FOLDER.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
            and all(_ENTRY_FILE.fullmatch(item.name) and item.is_file() for item in entry.iterdir())
        ):
            continue
        raise CacheError(f"{folder} holds {entry.name!r}, which wikilint's cache never does; left alone")
    return True


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
