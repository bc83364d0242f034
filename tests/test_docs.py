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
    assert block[1] == rules_table(), "regenerate it: python -m tests.test_docs"


@pytest.mark.parametrize("rule", list(load_registry()), ids=lambda rule: rule.code)
def test_rule_documentation_has_ruff_sections(rule: type) -> None:
    doc = rule.documentation()
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in doc
    for option in rule.options:
        assert f"`{option}`" in doc, f"{rule.code} does not document option {option}"


def write_readme_table() -> None:
    """Regenerate the README's rule table: ``python -m tests.test_docs``."""
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    updated = re.sub(
        r"(<!-- rules-table:[^\n]*-->\n)(.*?)(\n<!-- end rules-table -->)",
        lambda match: match[1] + rules_table() + match[3],
        readme,
        flags=re.DOTALL,
    )
    path.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    write_readme_table()


def test_readme_options_table_lists_every_check_option() -> None:
    from wikilint.cli import check

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- options-table:[^\n]*-->\n(.*?)\n<!-- end options-table -->", readme, re.DOTALL)
    assert block is not None
    documented = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", block[1]))
    options = {name for param in check.params for name in (*param.opts, *param.secondary_opts) if name.startswith("-")}
    assert options - {"-h", "--help"} <= documented, sorted(options - documented)
    assert "--version" in documented
