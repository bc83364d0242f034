"""Processes that end: workers never outlive the run, and a signal stops a run cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter import executors
from wikilint.linter.config import Settings
from wikilint.linter.corpora import Input

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux's /proc")

#: mwparserfromhell needs minutes for this (quadratic backtracking): a worker busy in C code.
STALLING = "<span " * 30_000
#: How long a process may take to appear or to go; only reached when the test fails.
PATIENCE = 60.0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for a reaper."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.fixture
def slow_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for index in range(4):
        (folder / f"stall{index}.wiki").write_text(STALLING, encoding="utf-8")
    return folder


@pytest.fixture
def parallel_run(slow_corpus: Path) -> Iterator[tuple[subprocess.Popen[str], list[int]]]:
    """``wikilint -j 2`` in its own process group, once both workers are busy parsing."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "wikilint", "-j", "2", "--timeout", "900", "-f", "json",
               "-o", str(slow_corpus.parent / "report.json"), str(slow_corpus)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    workers: list[int] = []
    try:
        wait_for(lambda: len(children(process.pid)) == 2, "the run did not start two workers")
        workers.extend(children(process.pid))
        yield process, workers
    finally:  # what a failing test leaves behind, orphans included
        for pid in [process.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def test_workers_die_with_a_parent_killed_mid_parse(
    parallel_run: tuple[subprocess.Popen[str], list[int]],
) -> None:
    process, workers = parallel_run
    process.kill()  # SIGKILL: no clean-up of any kind runs in the parent
    process.wait()
    wait_for(lambda: not any(running(pid) for pid in workers), f"workers {workers} outlived their parent")


@pytest.mark.parametrize(("signal_number", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_cleanly(
    parallel_run: tuple[subprocess.Popen[str], list[int]], signal_number: int, status: int
) -> None:
    """SIGTERM to the parent, or Ctrl-C to the whole process group as a terminal sends it."""
    process, workers = parallel_run
    if signal_number == signal.SIGINT:
        os.killpg(process.pid, signal_number)
    else:
        process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert process.returncode == status
    assert stderr == f"wikilint: interrupted ({signal.Signals(signal_number).name})\n"  # no worker traceback
    assert not any(running(pid) for pid in workers)
    folder = Path(process.args[-1]).parent  # type: ignore[index]
    assert sorted(path.name for path in folder.iterdir()) == ["corpus"]  # no report, no temporary file


def test_a_forked_worker_holds_no_parent_end_of_any_pipe() -> None:
    """Else an idle worker never sees end-of-file when the parent dies without stopping it."""
    context = executors.SupervisedPool(2, Settings()).context
    workers = [executors._Worker(context, Settings(), None) for _ in range(2)]
    try:
        for worker in workers:  # an answer says the worker has set itself up
            worker.give(0, Input("a.md", error="unreadable"))
            assert worker.connection.recv()[1].findings[0].code == "WL001"
        parent_ends = {f"socket:[{os.fstat(worker.connection.fileno()).st_ino}]" for worker in workers}
        for worker in workers:
            descriptors = Path(f"/proc/{worker.process.pid}/fd")
            held = set()
            for descriptor in descriptors.iterdir():
                try:
                    held.add(os.readlink(descriptor))
                except OSError:
                    continue
            assert not held & parent_ends, f"worker {worker.process.pid} holds {held & parent_ends}"
    finally:
        for worker in workers:
            worker.stop()


def test_an_idle_worker_ignores_ctrl_c(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C reaches every process of the group; the parent stops the workers, which print nothing."""
    article = tmp_path / "a.wiki"
    article.write_text("Text<ref></ref>\n<references />\n", encoding="utf-8")
    before = set(children(os.getpid()))
    results = executors.SupervisedPool(1, Settings()).run(Input(str(article)) for _ in range(3))
    assert next(results).findings[0].code == "REF001"
    (worker,) = set(children(os.getpid())) - before
    os.kill(worker, signal.SIGINT)  # while it waits for the next document
    assert [result.findings[0].code for result in results] == ["REF001", "REF001"]
    assert "Traceback" not in capfd.readouterr().err


def test_a_document_that_stalls_the_parser_is_a_timeout_on_dask(tmp_path: Path) -> None:
    """A Dask task runs in a thread the budget's timer cannot reach: a risky document is linted in
    a child interpreter that is killed past the budget, and the worker goes on."""
    pytest.importorskip("distributed")
    (tmp_path / "hostile.wiki").write_text(STALLING, encoding="utf-8")
    (tmp_path / "risky.wiki").write_text("<span " * 400 + "[[a]]s\n<ref></ref>\n", encoding="utf-8")  # quick
    (tmp_path / "fine.wiki").write_text("Text<ref></ref>\n<references />\n", encoding="utf-8")
    arguments = ["-f", "json", "--timeout", "1", str(tmp_path)]
    on_dask = CliRunner().invoke(main, ["--executor", "dask", *arguments])
    assert on_dask.exit_code == 1, on_dask.output
    report = json.loads(on_dask.stdout)
    assert ("hostile.wiki", "WL006") in [(Path(f["path"]).name, f["code"]) for f in report["findings"]]
    assert {Path(f["path"]).name for f in report["findings"]} == {"fine.wiki", "hostile.wiki", "risky.wiki"}
    assert on_dask.stdout == CliRunner().invoke(main, ["-j", "1", *arguments]).stdout
