"""A rule from another distribution is found through the wikilint.rules entry points."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikilint import lint_text
from wikilint.linter.registry import RegistryError, load_registry

PLUGIN = textwrap.dedent(
    '''
    from wikilint import Diagnostic, Dialect, Rule, Span


    class NoTodo(Rule):
        """## What it does
        Flags the word TODO.

        ## Why is this bad?
        Unfinished articles should not be published.
        """

        code = "XTR001"
        name = "no-todo"
        dialects = frozenset({Dialect.MARKDOWN})

        def check(self, document):
            start = document.text.find("TODO")
            if start >= 0:
                yield Diagnostic(Span(start, start + 4), "TODO left in the article")
    '''
)


def install_plugin(site: Path, entry_point: str) -> None:
    """Lay out a distribution the way pip installs one: a module and its dist-info."""
    (site / "wikilint_todo_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "wikilint_todo_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wikilint-todo-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[wikilint.rules]\ntodo = {entry_point}\n")


@pytest.fixture
def plugin_site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    load_registry.cache_clear()
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("wikilint_todo_plugin", None)
        load_registry.cache_clear()


def test_third_party_rule_is_registered_and_runs(plugin_site: Path) -> None:
    install_plugin(plugin_site, "wikilint_todo_plugin:NoTodo")
    registry = load_registry()
    assert registry.get("XTR001") is registry.get("no-todo") is not None
    assert registry.get("REF001") is not None  # the built-ins are still there

    findings = lint_text("文章\nTODO 補充。\n", dialect="markdown")
    assert [(f.code, f.rule, f.line, f.column, f.end_column) for f in findings] == [("XTR001", "no-todo", 2, 1, 5)]


def test_broken_plugin_is_a_clear_error(plugin_site: Path) -> None:
    install_plugin(plugin_site, "wikilint_todo_plugin:Missing")
    with pytest.raises(RegistryError, match="cannot load rule plugin 'todo'"):
        load_registry()


def test_builtin_rules_come_from_entry_points() -> None:
    from importlib.metadata import entry_points

    names = {point.value for point in entry_points(group="wikilint.rules")}
    assert "wikilint.rules.references:RULES" in names


def test_a_rule_that_declares_no_dialect_is_refused(plugin_site: Path) -> None:
    """A new dialect must enter no rule by default, so every rule names the dialects it reads."""
    install_plugin(plugin_site, "wikilint_todo_plugin:NoTodo")
    module = plugin_site / "wikilint_todo_plugin.py"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    dialects = frozenset({Dialect.MARKDOWN})\n", ""), encoding="utf-8")
    with pytest.raises(TypeError, match="must declare the dialects it reads"):
        load_registry()
