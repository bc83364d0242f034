"""The configuration of a document's project, found as the CLI finds it and reloaded on change.

A document's settings come from the nearest ``wikilint.toml``, ``.wikilint.toml`` or
``pyproject.toml`` with ``[tool.wikilint]`` above it (``linter/config.py``). The file is
looked up on every lint and parsed again whenever its modification time or size changes, so
an edited configuration applies to the next lint without a restart; ``didChangeWatchedFiles``
only makes the server re-lint the open documents at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wikilint.linter.config import CONFIG_FILENAMES, Settings, find_config_file, load_settings, resolve_rules
from wikilint.linter.pipeline import RUN_ERRORS
from wikilint.linter.registry import Registry

#: File names whose change may change a document's settings.
WATCHED_NAMES = (*CONFIG_FILENAMES, "pyproject.toml")


@dataclass(frozen=True)
class Project:
    settings: Settings
    #: Why the configuration file could not be used (the defaults apply meanwhile), if so.
    error: str | None = None


class Projects:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._loaded: dict[Path, tuple[tuple[int, int], Project]] = {}

    def for_path(self, path: Path | None, fallback_folder: Path | None = None) -> Project:
        """The settings for a document at ``path`` (None: an unsaved document, found from
        ``fallback_folder``, the workspace root)."""
        start = path.parent if path is not None else fallback_folder
        if start is None:
            return Project(Settings())
        try:
            config_file = find_config_file(start)
        except RUN_ERRORS as error:  # a pyproject.toml that is not TOML
            return Project(Settings(), str(error))
        if config_file is None:
            return Project(Settings())
        try:
            status = os.stat(config_file)
        except OSError as error:
            return Project(Settings(), f"{config_file}: {error.strerror}")
        stamp = (status.st_mtime_ns, status.st_size)
        cached = self._loaded.get(config_file)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        project = self._load(config_file)
        self._loaded[config_file] = (stamp, project)
        return project

    def _load(self, config_file: Path) -> Project:
        try:
            settings = load_settings(config_file)
            resolve_rules(self.registry, settings)  # unknown rules and bad options: say so here
        except RUN_ERRORS as error:
            return Project(Settings(), str(error))
        return Project(settings)

    def forget(self) -> None:
        self._loaded.clear()
