"""Outputs that never replace what they must not (issue 13, item 10): -o FILE and the baseline.

An existing file keeps its mode (a new one gets the umask's), a symlink is written through,
a device or FIFO is written into, and no temporary file outlives a failure or SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.atomic import atomic_text_file, write_atomically

from .conftest import ROOT
from .privileges import article, as_root, wikilint


def test_a_new_report_gets_the_umasks_mode_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    clean = article(tmp_path / "clean.md", "平壤\n")
    new = tmp_path / "new.json"
    result = wikilint(["-f", "json", "-o", str(new), str(clean)], cwd=tmp_path,
                      umask=0o027)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    old = tmp_path / "old.json"
    old.write_text("{}", encoding="utf-8")
    old.chmod(0o4664)
    assert CliRunner().invoke(main, ["-f", "json", "-o", str(old), str(clean)]).exit_code == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o664  # setuid never carried over
    assert json.loads(old.read_text(encoding="utf-8"))["summary"]["files_checked"] == 1


def test_a_report_goes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    clean = article(tmp_path / "clean.md", "平壤\n")
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "report.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "report.json"
    link.symlink_to(Path("reports") / "report.json")
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(Path("reports") / "new.json")

    for output in (link, dangling):
        assert CliRunner().invoke(main, ["-f", "json", "-o", str(output), str(clean)]).exit_code == 0
        assert output.is_symlink()
        assert json.loads(output.read_text(encoding="utf-8"))["summary"]["files_checked"] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not [name for name in os.listdir(tmp_path / "reports") if name.endswith(".tmp")]


def test_a_report_is_written_into_a_fifo_not_over_it(tmp_path: Path) -> None:
    clean = article(tmp_path / "clean.md", "平壤\n")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = CliRunner().invoke(main, ["-f", "json", "-o", str(fifo), str(clean)])
    reader.join(timeout=120)  # only a safety net: a FIFO replaced by a file would leave the reader waiting
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["summary"]["files_checked"] == 1


def test_a_report_to_a_device_keeps_the_device(tmp_path: Path) -> None:
    as_root()
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, so the real one is never at risk
    except PermissionError:
        pytest.skip("this container may not make device nodes (no CAP_MKNOD); the FIFO test covers writing directly")
    clean = article(tmp_path / "clean.md", "平壤\n")
    for command in (["-f", "json", "-o", str(null), str(clean)], ["baseline", "create", "-o", str(null), str(clean)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(null.lstat().st_mode)


def test_the_baseline_keeps_its_mode_and_link(tmp_path: Path) -> None:
    dirty = article(tmp_path / "a.md")
    real = tmp_path / "ci" / "baseline.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "wikilint-baseline.json"
    link.symlink_to(Path("ci") / "baseline.json")
    assert CliRunner().invoke(main, ["baseline", "create", "-o", str(link), str(dirty)]).exit_code == 0
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert json.loads(real.read_text(encoding="utf-8"))["files"]


def test_sigterm_while_the_report_is_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    output.write_text("the last report\n", encoding="utf-8")
    # Standard input held open: the run waits for it with the report's temporary file open.
    process = subprocess.Popen([sys.executable, "-m", "wikilint", "-o", str(output), "-"], cwd=tmp_path,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT), "WIKILINT_CACHE": "0"})
    deadline = time.monotonic() + 120  # only a safety net, should the run never open its report
    try:
        while not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the run never opened its report"
            threading.Event().wait(0.01)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0, stderr
    assert b"Traceback" not in stderr
    assert os.listdir(tmp_path) == ["report.json"]
    assert output.read_text(encoding="utf-8") == "the last report\n"


def test_a_failed_write_removes_its_temporary_file_and_restores_sigterm(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    handler = signal.getsignal(signal.SIGTERM)
    with pytest.raises(RuntimeError), atomic_text_file(target) as stream:
        stream.write("half")
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL  # SIGTERM would unwind, not kill
        raise RuntimeError
    assert signal.getsignal(signal.SIGTERM) is handler
    assert os.listdir(tmp_path) == []
    write_atomically(target, b"whole", keep_mode=False)
    assert target.read_bytes() == b"whole" and os.listdir(tmp_path) == ["out.json"]
