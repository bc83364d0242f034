"""A content-hash cache of lint results, so an unchanged file is not parsed again.

The key covers everything the result depends on: the file's bytes, its path (per-file
ignores and messages name it), wikilint's version and the effective configuration (the
enabled rules with their options, the dialect). Entries are small JSON files written
atomically. The folder holds its own ``.gitignore`` (``*``), so ``git add -A`` never stages
it, and a ``CACHEDIR.TAG`` for backup tools; ``wikilint clean`` removes it (:func:`remove_caches`).

The cache is untrusted input like the files it describes (a repository or a stranger can
plant entries), so it cannot lie or crash: an entry names its key and the SHA-256 of the
content it describes, and is used only when both match and every field has the shape and
type a result has; anything else (corrupt JSON, a wrong shape, a bogus dialect or severity,
a finding about another path) is a miss, never an error. A symlinked cache folder, or
entry folder, is never followed: the folder could point outside the repository.
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
from wikilint.linter.finding import Finding, FixedEdits
from wikilint.linter.results import FileResult

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


def unusable_folder(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a cache (it is a symlink, or not a folder), or None."""
    if folder.is_symlink():
        return f"the cache folder {folder} is a symbolic link; not following it (no cache this run)"
    if folder.exists() and not folder.is_dir():
        return f"the cache folder {folder} is not a folder (no cache this run)"
    return None


class ResultCache:
    """Cached results under ``folder``; disabled (every lookup a miss, nothing written) when
    the folder is unusable (:func:`unusable_folder`)."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.disabled = unusable_folder(folder) is not None
        self._marked = False

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (self.fingerprint.encode(), path.encode("utf-8", "surrogatepass"), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def load(self, key: str, path: str, data: bytes) -> FileResult | None:
        """The result cached for this file's path and content, or None (a miss)."""
        if self.disabled or self._path(key).parent.is_symlink():
            return None
        try:
            with open(self._path(key), encoding="utf-8", errors="surrogatepass") as handle:
                entry = json.load(handle)
            return decode_result(entry, key, path, content_digest(data))
        except Exception:  # an entry that cannot be read or trusted whole is a miss
            return None

    def get(self, key: str) -> Any:
        """The JSON entry stored under ``key`` as it is on disk, or None; the caller checks it."""
        if self.disabled or self._path(key).parent.is_symlink():
            return None
        try:
            with open(self._path(key), encoding="utf-8", errors="surrogatepass") as handle:
                return json.load(handle)
        except Exception:  # an entry that cannot be read is a miss
            return None

    def store(self, key: str, data: bytes, result: FileResult) -> None:
        entry = encode_result(result.dialect, result.findings, result.citations)
        self.put(key, {"key": key, "content": content_digest(data), **entry})

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.disabled:
            return
        target = self._path(key)
        try:
            if unusable_folder(self.folder) or target.parent.is_symlink() or target.is_symlink():
                return  # planted while the run went on: never write through it
            target.parent.mkdir(parents=True, exist_ok=True)
            if not self._marked:
                self._mark()
            data = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")  # a name not UTF-8
            write_atomically(target, data, keep_mode=False)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _mark(self) -> None:
        for name, content in _MARKERS.items():
            marker = self.folder / name
            if not marker.exists() and not marker.is_symlink():  # an existing .gitignore is kept
                write_atomically(marker, content, keep_mode=False)
        self._marked = True


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


class _Malformed(ValueError):
    """A cache entry that is not a result wikilint wrote."""


def _expect(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _Malformed(f"{value!r} is not {kind}")
    return value


def _position(value: Any) -> int:
    if _expect(value, int) < 0:
        raise _Malformed(f"{value!r} is not a position")
    return int(value)


def decode_result(entry: Any, key: str, path: str, digest: str) -> FileResult:
    """The result an entry describes; raises when it is not, whole and exactly, an entry wikilint
    wrote for this key and this content."""
    _expect(entry, dict)
    if entry.get("key") != key or entry.get("content") != digest:
        raise _Malformed("the entry describes another file or other content")
    dialect = None if entry["dialect"] is None else Dialect(_expect(entry["dialect"], str))
    findings = [_finding(item, path) for item in _expect(entry["findings"], list)]
    return FileResult(path, dialect, findings, citations=_citations(entry.get("citations")))


_FINDING_TEXT = ("path", "code", "rule", "message", "fingerprint", "source_line")
_FINDING_POSITIONS = ("line", "column", "end_line", "end_column", "source_column")
_EDIT_POSITIONS = ("start", "end", "line", "column", "end_line", "end_column")


def _finding(item: Any, path: str) -> Finding:
    _expect(item, dict)
    for name in _FINDING_TEXT:
        _expect(item[name], str)
    for name in _FINDING_POSITIONS:
        _position(item[name])
    if item["path"] != path:
        raise _Malformed("a finding about another file")
    if item["fix"] is not None:
        fix = _expect(item["fix"], dict)
        _expect(fix["message"], str)
        for edit in _expect(fix["edits"], list):
            _expect(edit, dict)
            _expect(edit["content"], str)
            for name in _EDIT_POSITIONS:
                _position(edit[name])
            if edit["start"] > edit["end"]:
                raise _Malformed("an edit that ends before it starts")
        FixedEdits.from_dict(fix)
    return Finding.from_dict(item)


def _citations(data: Any) -> CitationSummary | None:
    if not data:
        return None
    _expect(data, dict)
    fields = {key: value for key, value in data.items() if key != "usable_entries"}
    for name in ("markers", "entries", "empty_entries", "named_refs"):
        _position(fields[name])
    _expect(fields["has_reference_list"], bool)
    for name, count in _expect(fields.get("cite_templates", {}), dict).items():
        _expect(name, str)
        _position(count)
    return CitationSummary(**fields)
