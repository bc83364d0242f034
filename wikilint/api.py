"""The public functions; the CLI is a thin layer over them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Union

from wikilint.linter.config import Settings, discover_settings, load_settings, parse_settings
from wikilint.linter.document import Dialect
from wikilint.linter.finding import Finding
from wikilint.linter.runner import Linter
from wikilint.linter.sources import collect_sources
from wikilint.linter.summary import Report

#: A configuration: Settings, the contents of a ``[tool.wikilint]`` table, or a file path.
Config = Union[Settings, Mapping[str, Any], str, "PathLike[str]", None]


def lint_text(
    text: str,
    path: str | None = None,
    dialect: Dialect | str = "auto",
    config: Config = None,
) -> list[Finding]:
    """Lint one article given as text; ``path`` is used for the dialect and in findings."""
    settings = to_settings(config)
    return Linter(settings).lint_text(text, path or "<text>", dialect).findings


def lint_paths(paths: Iterable[str | PathLike[str]], config: Config = None, dialect: str | None = None) -> Report:
    """Lint files and directories; without ``config`` the nearest configuration file applies."""
    names = [str(path) for path in paths]
    settings = discover_settings(names) if config is None else to_settings(config)
    settings = settings.override(dialect=dialect)
    return Linter(settings).lint_sources(collect_sources(names, settings))


def to_settings(config: Config) -> Settings:
    if config is None:
        return Settings()
    if isinstance(config, Settings):
        return config
    if isinstance(config, Mapping):
        return parse_settings(config)
    return load_settings(Path(config))
