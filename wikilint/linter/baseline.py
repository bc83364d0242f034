"""A baseline for legacy corpora: gate only on findings beyond those recorded.

``wikilint-baseline.json`` records, per file (path relative to the baseline's folder) and
per code, how many findings there were and their fingerprints — no line numbers, so edits
elsewhere in a file do not break it (ESLint's suppressions file works the same way).
A run with ``--baseline`` reports a code's findings in a file only when they outnumber the
record; the ones reported are those whose fingerprints the record does not hold, so an
added empty reference is reported, not an old one.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikilint._version import __version__
from wikilint.linter.atomic import atomic_text_file
from wikilint.linter.config import DEFAULT_MAX_FILE_SIZE
from wikilint.linter.finding import Finding
from wikilint.linter.reading import open_regular, read_at_most
from wikilint.linter.results import FileResult, human_size

BASELINE_VERSION = 1
DEFAULT_NAME = "wikilint-baseline.json"
_SURROGATE = re.compile("[\ud800-\udfff]")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a wikilint baseline (exit 2)."""


@dataclass
class Record:
    count: int
    fingerprints: list[str]


@dataclass
class Baseline:
    root: Path
    files: dict[str, dict[str, Record]] = field(default_factory=dict)
    absorbed: int = 0

    def key(self, path: str) -> str:
        container, hash_sign, article = path.partition("#")
        try:
            relative = Path(os.path.abspath(container)).relative_to(self.root).as_posix()
        except ValueError:
            relative = Path(container).as_posix()
        return relative + hash_sign + article

    def record(self, result: FileResult) -> None:
        codes: dict[str, Record] = {}
        for finding in result.findings:
            entry = codes.setdefault(finding.code, Record(0, []))
            entry.count += 1
            entry.fingerprints.append(finding.fingerprint)
        if codes:
            self.files[self.key(result.path)] = codes

    def filter(self, result: FileResult) -> FileResult:
        """The result with the findings the baseline absorbs taken out."""
        recorded = self.files.get(self.key(result.path))
        if not recorded or not result.findings:
            return result
        by_code: dict[str, list[Finding]] = {}
        for finding in result.findings:
            by_code.setdefault(finding.code, []).append(finding)
        kept: list[Finding] = []
        for code, findings in by_code.items():
            entry = recorded.get(code)
            if entry is None:
                kept.extend(findings)
                continue
            excess = len(findings) - entry.count
            reported = _most_likely_new(findings, entry.fingerprints, excess) if excess > 0 else []
            kept.extend(reported)
            self.absorbed += len(findings) - len(reported)
        kept.sort()
        return FileResult(result.path, result.dialect, kept, result.error, result.citations)

    def to_data(self) -> dict[str, Any]:
        return {
            "version": BASELINE_VERSION,
            "tool": {"name": "wikilint", "version": __version__},
            "files": {
                path: {
                    code: {"count": record.count, "fingerprints": sorted(record.fingerprints)}
                    for code, record in sorted(codes.items())
                }
                for path, codes in sorted(self.files.items())
            },
        }

    def write(self, path: Path) -> None:
        # A file name that is not UTF-8 holds lone surrogates: written as JSON escapes (\udcff)
        # they read back as the same name, and the file stays valid UTF-8.
        text = json.dumps(self.to_data(), ensure_ascii=False, indent=2)
        text = _SURROGATE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
        with atomic_text_file(path) as stream:
            stream.write(text + "\n")

    def prune(self, results: Iterable[FileResult], targets: Iterable[str] = (".",)) -> int:
        """Keep only what is still hit: counts lowered to today's, files and codes gone dropped.

        Only the entries of ``targets`` (the paths linted: files, folders, dumps, corpora)
        are pruned; the other files' entries stay as they are, since nothing was learnt of them.
        """
        current = Baseline(self.root)
        linted = set()
        for result in results:
            current.record(result)
            linted.add(self.key(result.path))
        scope = _Scope([self.key(target) for target in targets if target != "-"], linted)
        dropped = 0
        pruned: dict[str, dict[str, Record]] = {}
        for path, codes in self.files.items():
            if not scope.holds(path):
                pruned[path] = codes
                continue
            for code, record in codes.items():
                now = current.files.get(path, {}).get(code)
                count = min(record.count, now.count) if now else 0
                dropped += record.count - count
                if count:
                    kept = sorted(now.fingerprints)[:count] if now else []
                    pruned.setdefault(path, {})[code] = Record(count, kept)
        self.files = pruned
        return dropped


class _Scope:
    """Which baseline entries a prune may touch: those of the linted paths and of what lies under them."""

    def __init__(self, targets: list[str], linted: set[str]) -> None:
        self.targets = targets
        self.linted = linted

    def holds(self, key: str) -> bool:
        if key in self.linted:
            return True
        file = key.partition("#")[0]  # a page of a dump or a line of a corpus: its container
        for target in self.targets:
            if target == ".":
                if not (file == ".." or file.startswith(("../", "/"))):
                    return True
            elif file == target or file.startswith(target.rstrip("/") + "/"):
                return True
        return False


def _most_likely_new(findings: list[Finding], recorded: list[str], excess: int) -> list[Finding]:
    remaining = Counter(recorded)
    unknown = []
    for finding in findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        else:
            unknown.append(finding)
    if len(unknown) >= excess:
        return unknown[:excess]
    known = [finding for finding in findings if finding not in unknown]
    return sorted(unknown + known[len(known) - (excess - len(unknown)) :])


def load_baseline(path: Path, limit: int = DEFAULT_MAX_FILE_SIZE) -> Baseline:
    """The baseline at ``path``, read only if it is a regular file of at most ``limit`` bytes
    (a baseline named in a repository's configuration is as untrusted as its articles)."""
    try:
        with open_regular(str(path)) as stream:
            raw = read_at_most(stream, limit)
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}") from error
    if len(raw) > limit:
        raise BaselineError(f"baseline {path} is over max-file-size ({human_size(limit)}); not read")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError as error:
        raise BaselineError(f"{path} is not JSON wikilint reads: nested too deeply") from error
    except ValueError as error:
        raise BaselineError(f"{path} is not JSON: {error}") from error
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{path} is not a wikilint baseline (version {BASELINE_VERSION})")
    baseline = Baseline(Path(os.path.abspath(path)).parent)
    try:
        for file, codes in data["files"].items():
            baseline.files[file] = {
                code: Record(int(entry["count"]), [str(fp) for fp in entry.get("fingerprints", [])])
                for code, entry in codes.items()
            }
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise BaselineError(f"{path}: malformed entry: {error}") from error
    return baseline
