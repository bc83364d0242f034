"""A rule's documentation as ``wikilint rule CODE`` prints it (Markdown), and where it lives."""

from __future__ import annotations

from pathlib import Path

from wikilint.linter.config import option_defaults_toml
from wikilint.linter.rule import Rule

#: The README next to the package in a source checkout; its "Rules" table lists every rule.
_README = Path(__file__).resolve().parent.parent.parent / "README.md"


def rule_help(rule: type[Rule]) -> str:
    """The rule's name, severity, dialects, docstring, options and their defaults, in Markdown."""
    parts = [
        f"# {rule.name} ({rule.code})\n",
        f"Severity: {rule.severity.value}. Dialects: {', '.join(sorted(d.value for d in rule.dialects))}.\n",
        rule.documentation(),
    ]
    if rule.options and "## Options" not in rule.documentation():
        parts.append("\n## Options")
        parts.extend(f"- `{key}`: {option.description}" for key, option in rule.options.items())
    if rule.options:
        parts.append(f"\n## Defaults\n```toml\n{option_defaults_toml(rule)}```")
    return "\n".join(parts)


def docs_href(rule: type[Rule], template: str | None) -> str | None:
    """Where an editor's link on the diagnostic code leads.

    ``template`` (the client's ``ruleDocsUrl`` setting) may use ``{code}`` and ``{name}``;
    without it, the Rules section of the README of this checkout, when there is one.
    """
    if template:
        return template.replace("{code}", rule.code).replace("{name}", rule.name)
    if _README.is_file():
        return _README.as_uri() + "#rules"
    return None
