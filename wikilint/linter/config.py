"""Settings from ``[tool.wikilint]`` in pyproject.toml, or from wikilint.toml.

The nearest file above the linted paths wins, as in ruff; ``--config`` names one directly;
command-line options override what the file says. Unknown keys are errors, never ignored.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from wikilint.linter.document import Dialect
from wikilint.linter.registry import Registry
from wikilint.linter.rule import OptionError, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

CONFIG_FILENAMES = ("wikilint.toml", ".wikilint.toml")
DEFAULT_MAX_FILE_SIZE = 20_000_000
DEFAULT_TIMEOUT = 60.0
#: The dialect names a configuration may give: "auto" and every Dialect (each has a front end).
DIALECTS = ("auto", *(dialect.value for dialect in Dialect))
KEYS = ("select", "ignore", "per-file-ignores", "exclude", "dialect", "rules", "baseline", "max-file-size", "timeout",
        "user-agent")


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Settings:
    #: Rule selectors to enable; ``None`` enables every rule that is on by default.
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    dialect: str = "auto"
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: A baseline file (``wikilint baseline create``) the gate compares against.
    baseline: Path | None = None
    #: Larger documents are reported (WL005), not read.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: Seconds a document may take (WL006); 0 turns the budget off.
    timeout: float = DEFAULT_TIMEOUT
    #: The file the settings came from, and the folder its relative patterns start at.
    source: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    #: Apply ``exclude`` to paths named on the command line too (``--force-exclude``, for pre-commit).
    force_exclude: bool = False
    #: Skip what git ignores when walking a folder (``--no-respect-gitignore`` turns it off).
    respect_gitignore: bool = True
    #: Who reads a live wiki, with a contact, for its operators (``--user-agent``).
    user_agent: str | None = None

    def override(self, **changes: Any) -> Settings:
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


def find_config_file(start: Path) -> Path | None:
    """The nearest wikilint.toml, or pyproject.toml with a [tool.wikilint] table, at or above ``start``."""
    # abspath, not resolve(): an input may be a symlink loop, which resolve() raises on.
    directory = Path(os.path.abspath(start))
    if not os.path.isdir(directory):
        directory = directory.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILENAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "wikilint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def discover_settings(paths: Sequence[str]) -> Settings:
    """Settings from the configuration file nearest above the paths (their common folder)."""
    real = [os.path.abspath(path) for path in paths if path != "-"]
    start = Path(os.path.commonpath(real)) if real else Path.cwd()
    return load_settings(find_config_file(start))


def load_settings(config_file: Path | None) -> Settings:
    if config_file is None:
        return Settings()
    data = _read_toml(config_file)
    if config_file.name == "pyproject.toml":
        table = data.get("tool", {}).get("wikilint", {})
    else:
        tool = data.get("tool")
        if isinstance(tool, Mapping) and "wikilint" in tool:
            table = tool["wikilint"]
        else:
            _check_top_level(data, config_file)
            table = data
    return parse_settings(table, source=config_file)


def _check_top_level(data: Mapping[str, Any], config_file: Path) -> None:
    """A wikilint.toml (or any file not named pyproject.toml) holds the settings at its top level:
    say which top-level key is not one, rather than calling it a key of [tool.wikilint]."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"{config_file}: top-level key {unknown[0]!r} is not a wikilint setting (known keys: {', '.join(KEYS)}); "
            "a file not named pyproject.toml holds them at its top level or under [tool.wikilint]"
        )


def parse_settings(table: Mapping[str, Any], source: Path | None = None) -> Settings:
    where = str(source) if source else "configuration"
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        known = ", ".join(KEYS)
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} in [tool.wikilint] (known keys: {known})")
    select = table.get("select")
    dialect = table.get("dialect", "auto")
    if dialect not in DIALECTS:
        raise ConfigError(f"{where}: dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
    rules = table.get("rules", {})
    if not isinstance(rules, Mapping) or not all(isinstance(v, Mapping) for v in rules.values()):
        raise ConfigError(f"{where}: [tool.wikilint.rules] must hold one table per rule name")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, Mapping):
        raise ConfigError(f"{where}: per-file-ignores must be a table of pattern = [codes]")
    return Settings(
        select=None if select is None else _strings(select, "select", where),
        ignore=_strings(table.get("ignore", []), "ignore", where),
        per_file_ignores={
            pattern: _strings(codes, f"per-file-ignores.{pattern}", where) for pattern, codes in per_file.items()
        },
        exclude=_strings(table.get("exclude", []), "exclude", where),
        dialect=dialect,
        rules={name: dict(options) for name, options in rules.items()},
        baseline=_baseline_path(table.get("baseline"), source, where),
        max_file_size=parse_size(table.get("max-file-size", DEFAULT_MAX_FILE_SIZE), where),
        timeout=_seconds(table.get("timeout", DEFAULT_TIMEOUT), where),
        user_agent=_user_agent(table.get("user-agent"), where),
        source=source,
        root=source.parent.resolve() if source else Path.cwd(),
    )


SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(value: Any, where: str = "configuration") -> int:
    """``20000000``, ``"20MB"``, ``"500 kB"`` → bytes."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = SIZE.fullmatch(value) if isinstance(value, str) else None
    if match is None or float(match[1]) <= 0:
        raise ConfigError(f"{where}: max-file-size must be a positive size such as 20000000 or \"20MB\", not {value!r}")
    return int(float(match[1]) * _UNITS[match[2].lower()])


def _seconds(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{where}: timeout must be a number of seconds (0 for none), not {value!r}")
    return float(value)


def _user_agent(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise ConfigError(f"{where}: user-agent must be one line of text such as \"MyAudit/1.0 (me@example.org)\"")
    return value.strip()


def _baseline_path(value: Any, source: Path | None, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: baseline must be a path")
    return (source.parent / value) if source else Path(value)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as error:
        raise ConfigError(f"cannot read configuration {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error


def resolve_rules(registry: Registry, settings: Settings) -> list[Rule]:
    """Instantiate the enabled rules with their configured options, after checking the whole
    configuration against the registry (see :func:`validate_settings`)."""
    options = validate_settings(registry, settings)
    if settings.select is None:
        selected = {rule for rule in registry if rule.default_enabled}
    else:
        selected = set(_expand(registry, settings.select, "select"))
    selected -= set(_expand(registry, settings.ignore, "ignore"))
    selected |= {rule for rule in registry if rule.always_on}
    instances = []
    for rule in sorted(selected, key=lambda rule: rule.code):
        try:
            instances.append(rule(_rooted(rule, options.get(rule.name, {}), settings.root)))
        except OptionError as error:
            raise ConfigError(str(error)) from error
    return instances


def validate_settings(registry: Registry, settings: Settings) -> dict[str, Mapping[str, Any]]:
    """Check everything the registry knows about, whether or not a rule is selected: every rule
    table names a rule (by name or code, not both), its options exist and have the right kind,
    and every ``per-file-ignores`` code matches a rule. Each error names the file and the key.

    Returns the rule tables keyed by rule name."""
    where = str(settings.source) if settings.source else "configuration"
    options: dict[str, Mapping[str, Any]] = {}
    given_as: dict[str, str] = {}
    for key, table in settings.rules.items():
        rule = registry.get(key)
        if rule is None or key not in (rule.name, rule.code):
            raise ConfigError(
                f"{where}: [tool.wikilint.rules.{key}]: no rule has the name or code {key!r} "
                "(`wikilint rules` lists them)"
            )
        if rule.name in given_as:
            raise ConfigError(
                f"{where}: [tool.wikilint.rules.{key}] and [tool.wikilint.rules.{given_as[rule.name]}] "
                f"configure the same rule; keep one"
            )
        given_as[rule.name] = key
        try:
            rule.resolve_options(table)
        except OptionError as error:
            raise ConfigError(f"{where}: [tool.wikilint.rules.{key}]: {error}") from error
        options[rule.name] = table
    for pattern, selectors in settings.per_file_ignores.items():
        for selector in selectors:
            if not registry.select(selector):
                raise ConfigError(
                    f"{where}: per-file-ignores.{pattern!r}: {selector!r} matches no rule code, prefix or name"
                )
    return options


def _rooted(rule: type[Rule], options: Mapping[str, Any], root: Path) -> dict[str, Any]:
    """A path option's relative value is relative to the configuration file's folder, not to
    wherever wikilint happens to run."""
    rooted = dict(options)
    for key, value in options.items():
        option = rule.options.get(key)
        if option is not None and option.path and isinstance(value, str) and value and not os.path.isabs(value):
            rooted[key] = str(root / value)
    return rooted


def _expand(registry: Registry, selectors: Iterable[str], key: str) -> list[type[Rule]]:
    rules: list[type[Rule]] = []
    for selector in selectors:
        matched = registry.select(selector)
        if not matched:
            raise ConfigError(f"{key}: {selector!r} matches no rule code, prefix or name")
        rules.extend(matched)
    return rules


def ignored_codes(settings: Settings, registry: Registry, path: str) -> frozenset[str]:
    """Codes that ``per-file-ignores`` switches off for ``path``."""
    if not settings.per_file_ignores:
        return frozenset()
    candidate = _relative_posix(path, settings.root)
    codes: set[str] = set()
    for pattern, selectors in settings.per_file_ignores.items():
        if _matches(candidate, pattern):
            codes.update(rule.code for rule in _expand(registry, selectors, f"per-file-ignores.{pattern}"))
    return frozenset(codes)


def is_excluded(path: str, settings: Settings) -> bool:
    candidate = _relative_posix(path, settings.root)
    return any(_matches(candidate, pattern) for pattern in settings.exclude)


def _relative_posix(path: str, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return PurePosixPath(Path(path).as_posix()).as_posix()


def _matches(candidate: str, pattern: str) -> bool:
    """A glob matches the whole relative path, its file name, or any of its folders."""
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(candidate, pattern) or fnmatch.fnmatchcase(candidate, f"{pattern}/*"):
        return True
    parts = PurePosixPath(candidate).parts
    return any(fnmatch.fnmatchcase(part, pattern) for part in parts)


def option_defaults_toml(rule: type[Rule]) -> str:
    """The rule's options at their defaults, as the TOML a user would write to change them."""
    lines: list[str] = []
    tables: list[str] = []
    for key, option in rule.options.items():
        if isinstance(option.default, Mapping):
            tables.append(f"[tool.wikilint.rules.{rule.name}.{key}]")
            tables.extend(f"{_toml_key(name)} = {_toml_value(value)}" for name, value in option.default.items())
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(option.default)}")
    head = [f"[tool.wikilint.rules.{rule.name}]", *lines] if lines else []
    return "\n".join([*head, *([""] if head and tables else []), *tables]) + "\n"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
