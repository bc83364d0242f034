"""Which paths git ignores, so that a folder walk skips them as ``git add`` would.

The ``.gitignore`` files of the walked folders and of their parents up to the repository's
top, and the repository's ``.git/info/exclude``, read with pathspec's GitIgnoreSpec (git's
own pattern rules, negations included). As in git, a deeper file overrides a shallower
one, a later pattern an earlier one, and nothing inside an ignored folder is re-included
(the walk never enters it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pathspec import GitIgnoreSpec

_IGNORE_FILE = ".gitignore"


@dataclass(frozen=True)
class _Layer:
    #: The absolute folder the patterns are relative to.
    base: str
    spec: GitIgnoreSpec


class GitIgnore:
    """The ignore rules in force at one folder of a walk; :meth:`enter` gives a subfolder's."""

    def __init__(self, layers: tuple[_Layer, ...] = ()) -> None:
        self._layers = layers

    @classmethod
    def above(cls, folder: str) -> GitIgnore:
        """The rules that apply in ``folder`` from the folders above it, up to the repository's
        top (the folder holding ``.git``); outside a repository, none from above."""
        folder = os.path.abspath(folder)
        parents: list[str] = []
        current = folder
        while True:
            parent = os.path.dirname(current)
            if os.path.exists(os.path.join(current, ".git")):
                break
            if parent == current:
                return cls()  # not in a repository: only the walked folders' own files count
            parents.append(parent)
            current = parent
        top = current
        layers = [_read(top, os.path.join(top, ".git", "info", "exclude"))]
        layers += [_read(base, os.path.join(base, _IGNORE_FILE)) for base in reversed(parents)]
        return cls(tuple(layer for layer in layers if layer is not None))

    def enter(self, folder: str) -> GitIgnore:
        """The rules inside ``folder``: these plus its own ``.gitignore``."""
        layer = _read(os.path.abspath(folder), os.path.join(folder, _IGNORE_FILE))
        return self if layer is None else GitIgnore((*self._layers, layer))

    def ignores(self, path: str, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        for layer in reversed(self._layers):
            relative = os.path.relpath(absolute, layer.base).replace(os.sep, "/")
            if relative.startswith("../"):
                continue
            verdict = layer.spec.check_file(relative + "/" if is_dir else relative).include
            if verdict is not None:
                return verdict
        return False


def _read(base: str, path: str) -> _Layer | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:  # no such file, or unreadable: nothing is ignored by it
        return None
    return _Layer(base, GitIgnoreSpec.from_lines(lines))
