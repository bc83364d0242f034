"""The public functions and the run they share with the CLI.

``lint_text`` and ``lint_paths`` are the library's front door; :class:`Run` is the one
pipeline every kind of run goes through (lint, fix, diff, baseline), the CLI included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Union
from urllib.parse import urlsplit

from wikilint.linter.cache import CACHE_FOLDER, CacheError, remove_caches, unusable_folder
from wikilint.linter.config import Settings, discover_settings, load_settings, parse_settings
from wikilint.linter.corpora import CorpusOptions
from wikilint.linter.document import Dialect
from wikilint.linter.excerpts import with_excerpts
from wikilint.linter.finding import Finding
from wikilint.linter.pipeline import RUN_ERRORS, FixedFile, Run, RunOptions
from wikilint.linter.registry import load_registry
from wikilint.linter.results import FileResult
from wikilint.linter.runner import Linter
from wikilint.linter.summary import Report
from wikilint.mediawiki.client import ClientOptions, is_loopback
from wikilint.mediawiki.site import is_url
from wikilint.mediawiki.source import WikiSource, WikiTargets

#: A configuration: Settings, the contents of a ``[tool.wikilint]`` table, or a file path.
Config = Union[Settings, Mapping[str, Any], str, "PathLike[str]", None]

__all__ = [
    "CACHE_FOLDER", "RUN_ERRORS", "CacheError", "ClientOptions", "Config", "CorpusOptions", "FileResult", "FixedFile",
    "Report", "Run", "RunOptions", "WikiSource", "WikiTargets", "lint_paths", "lint_text", "load_registry",
    "needs_contact", "remove_caches", "split_targets", "to_settings", "unusable_folder", "wiki_source", "with_excerpts",
]


def split_targets(targets: Iterable[str]) -> tuple[list[str], list[str]]:
    """The paths and the page URLs (``https://…``) among a run's targets."""
    items = list(targets)
    return [item for item in items if not is_url(item)], [item for item in items if is_url(item)]


def wiki_source(targets: WikiTargets, options: ClientOptions | None = None) -> WikiSource | None:
    """The live pages to lint (None when ``targets`` names none); raises a RUN_ERRORS usage
    error for a site that may not be used (plain HTTP to a remote host) or missing --site."""
    return WikiSource(targets, options) if targets.any else None


def needs_contact(source: WikiSource) -> list[str]:
    """The remote hosts a run will ask (loopback aside): their operators want a contact in the User-Agent."""
    hosts = [urlsplit(job.spec).hostname or job.spec for job in source.jobs]
    return [host for host in hosts if not is_loopback(host)]



def lint_text(
    text: str,
    path: str | None = None,
    dialect: Dialect | str = "auto",
    config: Config = None,
) -> list[Finding]:
    """Lint one article given as text; ``path`` is used for the dialect and in findings."""
    settings = to_settings(config)
    return Linter(settings).lint_text(text, path or "<text>", dialect).findings


def lint_paths(
    paths: Iterable[str | PathLike[str]], config: Config = None, dialect: str | None = None, jobs: int = 1
) -> Report:
    """Lint files, directories, dumps and corpora; without ``config`` the nearest configuration applies."""
    names = [str(path) for path in paths]
    settings = discover_settings(names) if config is None else to_settings(config)
    run = Run(names, settings.override(dialect=dialect), RunOptions(jobs=jobs))
    results = list(run.lint())
    return Report(results, run.skipped)


def to_settings(config: Config) -> Settings:
    if config is None:
        return Settings()
    if isinstance(config, Settings):
        return config
    if isinstance(config, Mapping):
        return parse_settings(config)
    return load_settings(Path(config))
