"""The JSON Schema of the configuration, built from the registry so that it cannot drift.

Two documents ship in ``wikilint/schema/``: ``config-v1.json`` describes the ``[tool.wikilint]``
table (and a wikilint.toml, whose top level is that table); ``pyproject-v1.json`` describes a
whole pyproject.toml, leaving every table but ``[tool.wikilint]`` free, for editors (taplo, Even
Better TOML) that associate one schema with a file. ``tests/test_config_schema.py`` checks that
the shipped files equal what :func:`config_schema` builds today, and rewrites them when run as
``python -m tests.test_config_schema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wikilint.linter.config import DIALECTS, SIZE
from wikilint.linter.registry import Registry
from wikilint.linter.rule import Option, Rule

_DRAFT = "http://json-schema.org/draft-07/schema#"
_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def config_schema(registry: Registry) -> dict[str, Any]:
    """The ``[tool.wikilint]`` table (or a wikilint.toml's top level)."""
    return {
        "$schema": _DRAFT,
        "title": "wikilint configuration: [tool.wikilint] in pyproject.toml, or wikilint.toml",
        **_settings(registry),
        "definitions": _definitions(registry),
    }


def pyproject_schema(registry: Registry) -> dict[str, Any]:
    """A pyproject.toml: ``[tool.wikilint]`` checked, every other table left as it is."""
    return {
        "$schema": _DRAFT,
        "title": "pyproject.toml with a [tool.wikilint] table (the other tables are not checked)",
        "type": "object",
        "properties": {
            "tool": {"type": "object", "properties": {"wikilint": {"$ref": "#/definitions/settings"}}},
        },
        "definitions": {"settings": _settings(registry), **_definitions(registry)},
    }


def _settings(registry: Registry) -> dict[str, Any]:
    selectors = {"$ref": "#/definitions/selectors"}
    properties: dict[str, Any] = {
        "select": {**selectors, "description": "Rules to enable: codes, prefixes, names or ALL."},
        "ignore": {**selectors, "description": "Rules to disable: codes, prefixes or names."},
        "per-file-ignores": {
            "type": "object", "additionalProperties": selectors,
            "description": "A glob (relative to the configuration file) → the rules to switch off for it.",
        },
        "exclude": {
            "anyOf": [{"type": "string"}, _STRINGS],
            "description": "Globs of paths not to lint, relative to the configuration file.",
        },
        "dialect": {"enum": list(DIALECTS), "default": "auto", "description": "Read every input as this dialect."},
        "rules": _rule_tables(registry),
        "baseline": {"type": "string", "description": "The baseline file the gate compares against."},
        "max-file-size": {
            "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": f"^{SIZE.pattern}$"}],
            "default": "20MB", "description": "Larger documents are reported (WL005), not read: 20000000 or \"20MB\".",
        },
        "timeout": {
            "type": "number", "minimum": 0, "default": 60,
            "description": "Seconds a document may take (WL006); 0 for none.",
        },
        "user-agent": {
            "type": "string", "minLength": 1,
            "description": "Live wikis: who you are, with a contact, for the wiki's operators "
            "(\"MyAudit/1.0 (me@example.org)\").",
        },
    }
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _definitions(registry: Registry) -> dict[str, Any]:
    names = sorted(rule.name for rule in registry)
    prefixes = sorted({rule.code[:length] for rule in registry for length in range(1, len(rule.code) + 1)})
    selector = {"enum": ["ALL", *prefixes, *names]}
    return {
        "selectors": {"anyOf": [selector, {"type": "array", "items": selector}]},
        **{f"rule-{rule.name}": _rule_table(rule) for rule in registry},
    }


def _rule_tables(registry: Registry) -> dict[str, Any]:
    """One table per rule, by its name or its code (not both)."""
    properties: dict[str, Any] = {}
    for rule in registry:
        reference = {"$ref": f"#/definitions/rule-{rule.name}"}
        properties[rule.name] = reference
        properties[rule.code] = {**reference, "description": f"The same table as [tool.wikilint.rules.{rule.name}]."}
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "allOf": [{"not": {"required": [rule.name, rule.code]}} for rule in registry],
        "description": "Rule options, one table per rule, named by the rule's name or code.",
    }


def _rule_table(rule: type[Rule]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"{rule.code} {rule.name}: {rule.summary()}",
        "properties": {key: _option(option) for key, option in rule.options.items()},
        "additionalProperties": False,
    }


def _option(option: Option) -> dict[str, Any]:
    default = option.default
    schema: dict[str, Any]
    if isinstance(default, Mapping):
        schema = {"type": "object", "additionalProperties": _STRINGS}
        default = {key: list(value) for key, value in default.items()}
    elif isinstance(default, (list, tuple)):
        schema = dict(_STRINGS)
        default = list(default)
    elif isinstance(default, bool):
        schema = {"type": "boolean"}
    elif isinstance(default, int):
        schema = {"type": "integer"}
    elif isinstance(default, float):
        schema = {"type": "number"}
    else:
        schema = {"type": "string"}
    if option.choices is not None:
        schema["enum"] = list(option.choices)
    return {**schema, "default": default, "description": option.description}
