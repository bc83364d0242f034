"""Run wikilint as another user, and make the files such runs meet.

CI runs as root, so what an ordinary user may not do is tested by running wikilint in a
subprocess as ``nobody``: through setpriv, or ``os.setuid`` where setpriv is missing.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from .conftest import ROOT

NOBODY = 65534
#: A converted article with one safe fix: the stray template goes.
DIRTY = '[平壤](../Page/平壤.md "wikilink") {{-}}\n'
FIXED = '[平壤](../Page/平壤.md "wikilink") \n'


def as_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("runs wikilint as another user, which needs root (CI runs as root); run the suite as root")


def _run(command: Sequence[str], cwd: Path, env: dict[str, str], uid: int | None, groups: Sequence[int] = (),
         umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """``command``, as ``uid`` (with ``groups``) when given: through setpriv, else ``os.setuid``."""
    setpriv = shutil.which("setpriv")
    if uid is not None and setpriv:
        group_option = f"--groups={','.join(map(str, groups))}" if groups else "--clear-groups"
        command = [setpriv, f"--reuid={uid}", f"--regid={uid}", group_option, *command]

    def preexec() -> None:
        if umask is not None:
            os.umask(umask)
        if uid is not None and not setpriv:
            os.setgroups(list(groups))
            os.setgid(uid)
            os.setuid(uid)

    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, preexec_fn=preexec, check=False)


@functools.cache
def _unprivileged_can_run(uid: int) -> bool:
    """Whether ``uid`` can start this checkout's Python and import wikilint from it (a checkout
    inside a folder only root may enter, such as a ``mktemp -d``, cannot be run as nobody)."""
    probe = [sys.executable, "-c", "import wikilint"]
    return _run(probe, Path("/"), {**os.environ, "PYTHONPATH": str(ROOT)}, uid).returncode == 0


def wikilint(args: Sequence[str], cwd: Path, uid: int | None = None, groups: Sequence[int] = (),
             umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m wikilint ARGS`` from this checkout, as ``uid`` (with ``groups``) when given."""
    if uid is not None:
        as_root()
        if not _unprivileged_can_run(uid):
            pytest.skip(f"user {uid} cannot read this checkout or its Python (a folder only root may enter "
                        "lies on the way): run the suite from a world-readable folder")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIKILINT_CACHE": "0"}
    return _run([sys.executable, "-m", "wikilint", *args], cwd, env, uid, groups, umask)


def article(path: Path, text: str = DIRTY, mode: int = 0o644, owner: int | None = None, group: int | None = None,
            ) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if owner is not None or group is not None:
        os.chown(path, owner if owner is not None else -1, group if group is not None else -1)
    path.chmod(mode)
    return path


def findings(report: str) -> list[tuple[str, str]]:
    return [(Path(f["path"]).name, f["code"]) for f in json.loads(report)["findings"]]
