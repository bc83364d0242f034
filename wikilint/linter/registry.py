"""Find rule plugins: every entry point in the group ``wikilint.rules``.

The built-in rule families are declared once, in wikilint's own ``pyproject.toml``, exactly
like a third-party package declares its rules; there is no second list to forget. An entry
point may name a Rule subclass or an iterable of them (a module's ``RULES``). The engine's
own WL rules are added here, as they belong to the engine, not to a plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points

from wikilint.linter.engine_rules import ENGINE_RULES
from wikilint.linter.rule import Rule

ENTRY_POINT_GROUP = "wikilint.rules"


class RegistryError(Exception):
    """A plugin could not be loaded or clashes with another rule."""


@dataclass(frozen=True)
class Registry:
    rules: tuple[type[Rule], ...]

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.rules)

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        for rule in self.rules:
            if key.upper() == rule.code or key.lower() == rule.name:
                return rule
        return None

    def select(self, selector: str) -> list[type[Rule]]:
        """Rules matched by a code (``REF001``), a code prefix (``REF``, ``REF0``), a name, or ``ALL``."""
        key = selector.strip()
        if key.upper() == "ALL":
            return list(self.rules)
        exact = self.get(key)
        if exact is not None:
            return [exact]
        return [rule for rule in self.rules if key and rule.code.startswith(key.upper())]


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    found = list(entry_points(group=ENTRY_POINT_GROUP))
    if not any(point.value.startswith("wikilint.rules.") for point in found):
        raise RegistryError(
            "wikilint's own rules are not registered: it runs from a source tree that was never installed "
            "(install it: python -m pip install -e .)"
        )
    loaded: list[object] = []
    for point in found:
        try:
            loaded.append(point.load())
        except Exception as error:  # a broken plugin must not look like a wikilint crash
            raise RegistryError(f"cannot load rule plugin {point.name!r} ({point.value}): {error}") from error
    return Registry(_collect([ENGINE_RULES, *loaded]))


def _collect(loaded: Iterable[object]) -> tuple[type[Rule], ...]:
    by_code: dict[str, type[Rule]] = {}
    by_name: dict[str, type[Rule]] = {}
    for item in loaded:
        for rule in _as_rules(item):
            rule.validate_declaration()
            for index, key in ((by_code, rule.code), (by_name, rule.name)):
                other = index.get(key)
                if other is not None and other is not rule:
                    raise RegistryError(
                        f"rules {other.__module__}.{other.__qualname__} and "
                        f"{rule.__module__}.{rule.__qualname__} both claim {key!r}"
                    )
                index[key] = rule
    return tuple(sorted(by_code.values(), key=lambda rule: rule.code))


def _as_rules(item: object) -> list[type[Rule]]:
    if isinstance(item, type) and issubclass(item, Rule):
        return [item]
    if isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
        rules = list(item)
        if all(isinstance(rule, type) and issubclass(rule, Rule) for rule in rules):
            return rules
    raise RegistryError(f"entry point object {item!r} is neither a Rule subclass nor a list of them")
