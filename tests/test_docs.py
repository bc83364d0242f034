"""Docs that cannot drift: the README's rule table and every rule's documentation."""

from __future__ import annotations

import re

import pytest

from wikilint.linter.registry import load_registry

from .conftest import ROOT


def rules_table() -> str:
    rows = ["| code | name | severity | dialects | what it flags |", "|---|---|---|---|---|"]
    for rule in load_registry():
        dialects = ", ".join(sorted(dialect.value for dialect in rule.dialects))
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {dialects} | {rule.summary()} |")
    return "\n".join(rows)


def test_readme_rule_table_matches_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules-table:[^\n]*-->\n(.*?)\n<!-- end rules-table -->", readme, re.DOTALL)
    assert block is not None
    assert block[1] == rules_table(), "regenerate the README rule table from tests/test_docs.py:rules_table()"


@pytest.mark.parametrize("rule", list(load_registry()), ids=lambda rule: rule.code)
def test_rule_documentation_has_ruff_sections(rule: type) -> None:
    doc = rule.documentation()
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in doc
    for option in rule.options:
        assert f"`{option}`" in doc, f"{rule.code} does not document option {option}"
