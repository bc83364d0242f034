"""The rule contract: what a rule plugin declares and implements.

A rule is a small class with a stable ``code``, a kebab-case ``name``, a default
``severity``, the ``dialects`` it understands, an ``options`` schema with defaults, and a
``check`` generator that reads a :class:`Document` and yields :class:`Diagnostic` objects.
Its docstring is its documentation, in ruff's format (What it does / Why is this bad? /
Example / Use instead / Options). A rule never reads files, prints or formats output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from wikilint.linter.document import Dialect, Document
from wikilint.linter.finding import Diagnostic, Severity

_CODE = re.compile(r"[A-Z]{1,4}\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class OptionError(ValueError):
    """A rule option in the configuration is unknown or has a value of the wrong kind."""


@dataclass(frozen=True)
class Option:
    """One configurable setting of a rule."""

    default: Any
    description: str
    choices: Sequence[Any] | None = None
    #: A folder or file: a relative value is relative to the configuration file that gives it.
    path: bool = False

    def validate(self, rule: str, key: str, value: Any) -> Any:
        expected = type(self.default)
        if isinstance(self.default, dict):
            if not isinstance(value, dict) or not all(
                isinstance(items, (list, tuple)) and all(isinstance(item, str) for item in items)
                for items in value.values()
            ):
                raise OptionError(f"rule {rule!r}: option {key!r} must be a table of lists of strings")
            # A table extends its default: a key given replaces that key's list (``[]`` clears it),
            # the others keep theirs, so configuring one template does not drop the rest.
            return {**{str(name): tuple(items) for name, items in self.default.items()},
                    **{str(name): tuple(items) for name, items in value.items()}}
        if isinstance(self.default, (list, tuple)):
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise OptionError(f"rule {rule!r}: option {key!r} must be a list of strings")
            return tuple(value)
        if expected is bool and not isinstance(value, bool):
            raise OptionError(f"rule {rule!r}: option {key!r} must be true or false")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise OptionError(f"rule {rule!r}: option {key!r} must be a {expected.__name__}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(choice) for choice in self.choices)
            raise OptionError(f"rule {rule!r}: option {key!r} must be one of {allowed}, not {value!r}")
        return value


class Rule:
    """Base class of every rule; subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: The dialects the rule understands, declared by every rule: a new dialect enters no rule
    #: until the rule says it can read it.
    dialects: ClassVar[frozenset[Dialect]]
    options: ClassVar[Mapping[str, Option]] = {}
    #: Enabled unless the configuration selects otherwise.
    default_enabled: ClassVar[bool] = True
    #: Whether the rule's findings carry an automatic fix.
    fixable: ClassVar[bool] = False
    #: Runs whatever the selection says (the engine's own WL rules that report unchecked input).
    always_on: ClassVar[bool] = False
    #: Whether a ``wikilint-disable`` comment can hide its findings.
    suppressible: ClassVar[bool] = True

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings: dict[str, Any] = self.resolve_options(settings or {})

    @classmethod
    def resolve_options(cls, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Every option's value: the configured one, checked, or the default; OptionError on an
        unknown key or a value of the wrong kind. Runs for every configured rule, selected or not."""
        unknown = sorted(set(settings) - set(cls.options))
        if unknown:
            known = ", ".join(cls.options) or "none"
            raise OptionError(f"rule {cls.name!r} has no option {unknown[0]!r} (its options: {known})")
        return {
            key: option.validate(cls.name, key, settings[key]) if key in settings else option.default
            for key, option in cls.options.items()
        }

    def check(self, document: Document) -> Iterator[Diagnostic]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first sentence of the rule's "What it does" section."""
        doc = cls.documentation()
        paragraph = doc.split("## What it does", 1)[-1].strip().split("\n\n", 1)[0].replace("\n", " ")
        sentence = re.match(r"((?:`[^`]*`|[^`])+?[.。])(?:\s|$)", paragraph)  # a `1.` in code ends nothing
        return (sentence[1] if sentence else paragraph).strip()

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def validate_declaration(cls) -> None:
        """Reject a plugin whose declaration breaks the contract, with a message saying how."""
        where = f"{cls.__module__}.{cls.__qualname__}"
        for attribute in ("code", "name"):
            if not isinstance(getattr(cls, attribute, None), str):
                raise TypeError(f"rule {where} must set {attribute!r}")
        if not _CODE.fullmatch(cls.code):
            raise TypeError(f"rule {where}: code {cls.code!r} is not like 'REF001'")
        if not _NAME.fullmatch(cls.name):
            raise TypeError(f"rule {where}: name {cls.name!r} is not kebab-case")
        dialects = getattr(cls, "dialects", None)
        if not isinstance(dialects, frozenset) or not dialects or not all(isinstance(d, Dialect) for d in dialects):
            example = "dialects = frozenset({Dialect.WIKITEXT})"
            raise TypeError(f"rule {where} must declare the dialects it reads, e.g. {example}")
        if "## What it does" not in cls.documentation():
            raise TypeError(f"rule {where} has no '## What it does' section in its docstring")
