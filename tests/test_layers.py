"""The layers only point down: the engine never imports rules or the front door, reporters
never need a parser, and no module imports itself back through others (ARCHITECTURE.md).

Checked on the source with ``ast``: every ``import``/``from … import`` of a wikilint module,
at any depth of the file (including ``TYPE_CHECKING`` blocks, which still say who knows whom).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wikilint"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


GRAPH = _graph()


def _imports(prefix: str) -> list[tuple[str, str]]:
    return [(source, target) for source, targets in GRAPH.items() if source.startswith(prefix) for target in targets]


def test_the_engine_never_imports_rules_or_the_front_door() -> None:
    upward = [
        (source, target) for source, target in _imports("wikilint.linter")
        if target.startswith(("wikilint.rules", "wikilint.mediawiki", "wikilint.server"))
        or target in ("wikilint", "wikilint.api", "wikilint.cli")
    ]
    assert not upward


def test_the_network_stays_in_the_mediawiki_package() -> None:
    """Only wikilint.mediawiki speaks HTTP; the engine and the rules never import it (nor
    ``requests``), and it sits below the front door: it yields the engine's Inputs."""
    speakers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] in ("requests", "urllib3", "http", "socket") for name in names):
                speakers.append(_module_name(path))
    assert speakers and all(name.startswith("wikilint.mediawiki") for name in speakers)
    allowed = ("wikilint.mediawiki", "wikilint._version", "wikilint.linter.corpora", "wikilint.linter.cache",
               "wikilint.linter.sources", "wikilint.linter.reading", "wikilint.linter.dump_pages",
               "wikilint.linter.titles")
    assert not [(s, t) for s, t in _imports("wikilint.mediawiki") if not t.startswith(allowed)]
    assert not [(s, t) for s, t in _imports("wikilint.rules") if t.startswith("wikilint.mediawiki")]


def test_text_knowledge_stands_alone() -> None:
    assert not [(s, t) for s, t in _imports("wikilint.text") if not t.startswith("wikilint.text")]


def test_rules_see_only_the_document_layer() -> None:
    allowed = ("wikilint.rules", "wikilint.linter.document", "wikilint.linter.finding", "wikilint.linter.rule",
               "wikilint.linter.titles", "wikilint.text")
    assert not [(s, t) for s, t in _imports("wikilint.rules") if not t.startswith(allowed)]


@pytest.mark.parametrize("forbidden", ["wikilint.linter.runner", "wikilint.linter.dialects", "wikilint.linter.fixer"])
def test_reporters_need_no_parser(forbidden: str) -> None:
    assert not [(s, t) for s, t in _imports("wikilint.linter.report") if t.startswith(forbidden)]


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])
    assert not cycles



def test_the_cli_goes_through_the_api() -> None:
    """The CLI parses arguments, builds settings, picks a reporter and sets the exit code."""
    allowed = ("wikilint.api", "wikilint._version", "wikilint.linter.config", "wikilint.linter.report",
               "wikilint.linter.summary", "wikilint.linter.atomic", "wikilint.server")
    assert not [target for target in GRAPH["wikilint.cli"] if not target.startswith(allowed)]


def test_the_language_server_uses_the_engine_and_no_rule() -> None:
    """``wikilint server`` sits beside the CLI: it drives the engine (Linter, fix_text, the
    configuration) as the CLI does, never a rule module or the CLI itself."""
    allowed = ("wikilint.server", "wikilint.linter", "wikilint._version")
    assert not [(s, t) for s, t in _imports("wikilint.server") if not t.startswith(allowed)]
