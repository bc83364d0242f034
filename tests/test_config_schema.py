"""The configuration's JSON Schema: shipped with the package, equal to what the registry builds
today, and true to config.py: README's examples validate, wrong configurations do not.

Run ``python -m tests.test_config_schema`` to rewrite the shipped schema after a rule changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import wikilint
from wikilint.api import load_registry
from wikilint.linter.config import KEYS, ConfigError, parse_settings, resolve_rules, tomllib
from wikilint.linter.config_schema import config_schema, pyproject_schema

SCHEMA_DIR = Path(wikilint.__file__).parent / "schema"
README = Path(__file__).resolve().parent.parent / "README.md"
BUILDERS = {"config-v1.json": config_schema, "pyproject-v1.json": pyproject_schema}


def _render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_shipped_schema_is_what_the_registry_builds(name: str) -> None:
    built = _render(BUILDERS[name](load_registry()))
    assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == built, "run: python -m tests.test_config_schema"
    jsonschema.Draft7Validator.check_schema(json.loads(built))


def test_the_schema_describes_exactly_the_keys_config_reads() -> None:
    assert set(_load("config-v1.json")["properties"]) == set(KEYS)


def _readme_configurations() -> list[dict[str, Any]]:
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    blocks = [block for block in re.findall(r"```toml\n(.*?)```", section, re.DOTALL) if "[tool.wikilint" in block]
    assert blocks, "README's Configuration section has no [tool.wikilint] example"
    return [tomllib.loads(block) for block in blocks]


@pytest.mark.parametrize("document", _readme_configurations())
def test_readme_examples_validate(document: dict[str, Any]) -> None:
    jsonschema.validate(document, _load("pyproject-v1.json"))
    jsonschema.validate(document["tool"]["wikilint"], _load("config-v1.json"))
    resolve_rules(load_registry(), parse_settings(document["tool"]["wikilint"]))  # and wikilint accepts them


@pytest.mark.parametrize(
    "table",
    [
        {"selct": ["REF"]},                                              # unknown key
        {"select": ["REF99"]},                                           # no such code or prefix
        {"per-file-ignores": {"a/*.md": ["REF99"]}},
        {"dialect": "html"},
        {"timeout": -1},
        {"max-file-size": "a lot"},
        {"rules": {"no-such-rule": {}}},
        {"rules": {"mixed-script": {"script": "latin"}}},                # not one of the choices
        {"rules": {"SCR001": {"wikitext": "yes"}}},                      # by code: a boolean option
        {"rules": {"mixed-script": {"scrpt": "hant"}}},                  # unknown option
        {"rules": {"SCR001": {}, "mixed-script": {}}},                   # the same rule twice
        {"rules": {"incomplete-citation": {"required-parameters": {"cite web": "url"}}}},
    ],
)
def test_wrong_configurations_fail_the_schema_and_wikilint_alike(table: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(table, _load("config-v1.json"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"project": {"name": "x"}, "tool": {"wikilint": table}}, _load("pyproject-v1.json"))
    with pytest.raises(ConfigError):
        resolve_rules(load_registry(), parse_settings({"select": ["ALL"], **table}))


def test_other_tables_of_a_pyproject_are_left_free() -> None:
    document = {"project": {"name": "x"}, "tool": {"ruff": {"line-length": 1}, "wikilint": {"rules": {"SCR001": {}}}}}
    jsonschema.validate(document, _load("pyproject-v1.json"))


if __name__ == "__main__":
    for file_name, build in BUILDERS.items():
        (SCHEMA_DIR / file_name).write_text(_render(build(load_registry())), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR / file_name}")
