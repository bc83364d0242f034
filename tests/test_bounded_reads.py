"""Reads without bounds (issue 13, items 1-4): special files, compression bombs, bad JSONL
lines, very deep folders and long backtick runs.

What could hang or exhaust memory runs in a child process, under an address-space limit
(``RLIMIT_AS``) well below what the unbounded read would need and with a deadline that only
stops a hung child (the assertions are on the report, never on a time).
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.cli import main
from wikilint.linter.baseline import BaselineError, load_baseline
from wikilint.linter.dialects.markdown import _inline_code
from wikilint.linter.sources import InputTooLarge, Source, SourceError, read_bytes

from .conftest import ROOT
from .dump_builder import HEADER

#: The child's address space: the linter needs about 100 MB; each bomb below needs more
#: than a gigabyte when read whole (400 MB of text, and copies of it).
MEMORY = 512 * 1024 * 1024
#: Only for a child that hangs: every run here takes a few seconds.
DEADLINE = 300

_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from wikilint.cli import main
main(sys.argv[1:])
"""


def run_limited(*arguments: str, stdin: int | None = subprocess.DEVNULL) -> tuple[int, dict, str]:
    """``wikilint -f json ARGUMENTS`` in a child process with at most MEMORY of address space."""
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED.format(memory=MEMORY), "-f", "json", "--no-cache", *arguments],
        capture_output=True, text=True, timeout=DEADLINE, stdin=stdin, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
    )
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def findings_by_path(report: dict) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["path"], []).append((finding["code"], finding["message"]))
    return found


# --- 1. special files: never opened for reading, whatever the run -----------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the file stays a socket while the run looks at it


SPECIAL = {"fifo": (_fifo, "a FIFO"), "dev-zero": (_zero, "a character device"), "socket": (_socket, "a socket")}


@pytest.mark.parametrize("jobs", [[], ["-j", "2"]], ids=["in-process", "pool"])
def test_special_files_are_wl001_and_never_read(tmp_path: Path, jobs: list[str]) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "ok.md").write_text("文字 {{-}}\n", encoding="utf-8")
    for name, (make, _) in SPECIAL.items():
        make(folder / f"{name}.md")
    status, report, _ = run_limited("--timeout", "3", *jobs, str(folder))
    assert status == 1 and report["summary"]["files_checked"] == 4
    found = findings_by_path(report)
    for name, (_, kind) in SPECIAL.items():
        assert found[str(folder / f"{name}.md")] == [("WL001", f"cannot read: not a regular file ({kind})")]
    assert [code for code, _ in found[str(folder / "ok.md")]] == ["TPL001"]


def test_a_special_file_named_on_the_command_line_or_fixed_is_never_read(tmp_path: Path) -> None:
    _fifo(tmp_path / "pipe.md")
    _zero(tmp_path / "zero.wiki")
    for mode in ([], ["--fix"]):
        status, report, _ = run_limited(*mode, str(tmp_path / "pipe.md"), str(tmp_path / "zero.wiki"))
        assert status == 1
        found = findings_by_path(report)
        assert [code for code, _ in found[str(tmp_path / "pipe.md")]] == ["WL001"]
        # --fix refuses a symlink that leaves the linted folders before it would read it (WL007)
        assert [code for code, _ in found[str(tmp_path / "zero.wiki")]] == ["WL007" if mode else "WL001"]
    _, diff, _ = run_limited("--diff", str(tmp_path / "pipe.md"), str(tmp_path / "zero.wiki"))
    assert diff == {}  # nothing read, nothing to show
    assert (tmp_path / "zero.wiki").is_symlink() and (tmp_path / "pipe.md").is_fifo()


def test_standard_input_is_read_up_to_the_limit_only(tmp_path: Path) -> None:
    """/dev/zero as standard input never ends: the read stops one byte past max-file-size."""
    with open("/dev/zero", "rb") as endless:
        status, report, _ = run_limited("--max-file-size", "1MB", "-", stdin=endless.fileno())
    assert status == 1
    assert [(f["code"], f["message"]) for f in report["findings"]] == [
        ("WL005", "standard input is over max-file-size (1.0 MB); not linted")
    ]
    fits = CliRunner().invoke(main, ["-f", "json", "--max-file-size", "1kB", "-"], input=b"x" * 1000)
    assert json.loads(fits.stdout)["summary"]["by_code"] == {}
    over = CliRunner().invoke(main, ["-f", "json", "--max-file-size", "1kB", "-"], input=b"x" * 1001)
    assert json.loads(over.stdout)["summary"]["by_code"] == {"WL005": 1}


def test_a_file_that_reports_no_size_is_read_up_to_the_limit_only() -> None:
    """A /proc file says it is empty; the read still stops one byte past the limit."""
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(InputTooLarge, match="over max-file-size"):
        read_bytes(Source("/proc/self/maps", limit=10))
    assert read_bytes(Source("/proc/self/maps", limit=10**9))  # and it is read when it fits


@pytest.mark.parametrize("make", [_fifo, _zero], ids=["fifo", "dev-zero"])
def test_a_configured_baseline_that_is_not_a_regular_file_is_refused(tmp_path: Path, make: Callable) -> None:
    make(tmp_path / "wikilint-baseline.json")
    (tmp_path / "wikilint.toml").write_text('[tool.wikilint]\nbaseline = "wikilint-baseline.json"\n')
    (tmp_path / "a.md").write_text("文字\n", encoding="utf-8")
    status, _, stderr = run_limited("--config", str(tmp_path / "wikilint.toml"), str(tmp_path / "a.md"))
    assert status == 2
    assert stderr.startswith("wikilint: error: cannot read baseline") and "not a regular file" in stderr
    assert stderr.count("\n") == 1


def test_a_baseline_over_the_limit_is_not_read(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(json.dumps({"version": 1, "files": {}}) + " " * 100)
    assert load_baseline(baseline).files == {}
    with pytest.raises(BaselineError, match=r"over max-file-size \(100 bytes\)"):
        load_baseline(baseline, limit=100)
    baseline.write_text("[" * 100_000)
    with pytest.raises(BaselineError, match="nested too deeply"):
        load_baseline(baseline)


def test_a_dump_or_corpus_that_is_a_special_file_is_wl001(tmp_path: Path) -> None:
    _fifo(tmp_path / "pipe.xml.bz2")
    _zero(tmp_path / "zero.jsonl")
    status, report, _ = run_limited(str(tmp_path / "pipe.xml.bz2"), str(tmp_path / "zero.jsonl"))
    assert status == 1
    assert {path: [code for code, _ in found] for path, found in findings_by_path(report).items()} == {
        str(tmp_path / "pipe.xml.bz2"): ["WL001"], str(tmp_path / "zero.jsonl"): ["WL001"]
    }


def test_an_unreadable_file_is_still_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="No such file"):
        read_bytes(Source(str(tmp_path / "gone.md")))


# --- 2. compression bombs: text, title and line bounded while streaming -----------------------

_COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".bz2": bz2.compress, ".gz": gzip.compress, ".xz": lzma.compress,
}
_FILLER = 1 << 20


def bomb(path: Path, head: str, filler: bytes, megabytes: int, tail: str) -> Path:
    """``head``, ``megabytes`` MB of ``filler`` and ``tail``, compressed by the suffix, in a few
    KB: each format reads concatenated streams as one, so the filler is compressed once."""
    compress = _COMPRESS[path.suffix]
    block = compress(filler * (_FILLER // len(filler)))
    path.write_bytes(compress(head.encode()) + block * megabytes + compress(tail.encode()))
    return path


_PAGE = "  <page>\n    <title>{title}</title>\n    <ns>0</ns>\n    <id>1</id>\n    <revision>\n      <id>2</id>\n"
_NEXT = (
    _PAGE.format(title="Next")
    + "      <text>平壤&lt;ref&gt;&lt;/ref&gt;\n&lt;references/&gt;</text>\n    </revision>\n  </page>\n"
)


@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_a_page_text_bomb_is_wl005_and_the_dump_goes_on(tmp_path: Path, suffix: str) -> None:
    dump = bomb(tmp_path / f"d.xml{suffix}", HEADER + _PAGE.format(title="Big") + "      <text>", b"x", 400,
                "</text>\n    </revision>\n  </page>\n" + _NEXT + "</mediawiki>\n")
    assert dump.stat().st_size < 1_000_000
    status, report, _ = run_limited(str(dump))
    assert status == 1
    assert findings_by_path(report) == {
        f"{dump}#Big": [("WL005", "page text is 419.4 MB, over max-file-size (20.0 MB); not linted")],
        f"{dump}#Next": [("REF001", "reference is empty")],
    }


def test_a_title_bomb_is_wl005_with_a_short_name(tmp_path: Path) -> None:
    dump = bomb(tmp_path / "d.xml.gz", HEADER + "  <page>\n    <title>", b"T", 400,
                "</title>\n    <ns>0</ns>\n    <revision><text>x</text></revision>\n  </page>\n" + _NEXT
                + "</mediawiki>\n")
    status, report, _ = run_limited(str(dump))
    assert status == 1
    [big, following] = report["files"]
    assert big["path"] == f"{dump}#{'T' * 1000}…"
    assert big["error"] == "page title is 419,430,400 characters, over 1,000; not linted"
    assert following["path"] == f"{dump}#Next"


def test_a_huge_tag_ends_the_dump_with_one_error(tmp_path: Path) -> None:
    dump = bomb(tmp_path / "d.xml.gz", HEADER + '  <page>\n    <redirect title="', b"R", 400, '" />')
    status, report, _ = run_limited(str(dump))
    assert status == 1
    [entry] = report["files"]
    assert entry["path"] == str(dump) and "a tag, comment or declaration runs over" in entry["error"]


def test_an_endless_jsonl_line_is_wl005_and_the_corpus_goes_on(tmp_path: Path) -> None:
    """400 MB of zeros: one line that never ends until the last byte."""
    good = json.dumps({"title": "乙", "text": "平壤 {{-}}\n"}, ensure_ascii=False)
    corpus = bomb(tmp_path / "c.jsonl.gz", '{"title": "甲", "text": "', b"0", 400, '"}\n' + good + "\n")
    status, report, _ = run_limited(str(corpus))
    assert status == 1
    assert findings_by_path(report) == {
        f"{corpus}#line-1": [("WL005", "line 1 is 419.4 MB, over max-file-size (20.0 MB); not linted")],
        f"{corpus}#乙": [("TPL001", "template {{-}} left by the conversion")],
    }


def test_jsonl_lines_and_titles_over_the_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [
        {"title": "甲", "text": "x" * 20000}, {"title": "T" * 5000, "text": "文字"}, {"title": "乙", "text": "{{-}}"}
    ]
    corpus.write_text("\n".join(json.dumps(line) for line in lines))  # no newline at the end
    report = json.loads(CliRunner().invoke(main, ["-f", "json", "--max-file-size", "10kB", str(corpus)]).stdout)
    assert [(entry["path"].split("#")[1], entry.get("error")) for entry in report["files"]] == [
        ("line-1", "line 1 is 20.0 kB, over max-file-size (10.0 kB); not linted"),
        ("T" * 1000 + "…", "title is 5,000 characters, over 1,000; not linted"),
        ("乙", None),
    ]


# --- 3. one bad JSONL line is one finding ---------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"[" * 100_000, "line 501 is not JSON wikilint reads: nested too deeply"),
        (b'{"title": "x", "text": "\xff"}', "line 501 is not UTF-8: invalid start byte 0xff at byte 24"),
        (b'{"text": "' + b"\xe4\xb8" + b'"}', "line 501 is not UTF-8: invalid continuation byte 0xe4 at byte 10"),
    ],
    ids=["nested", "not-utf-8", "cut-character"],
)
def test_one_bad_jsonl_line_is_one_wl001_and_the_rest_is_read(tmp_path: Path, bad: bytes, message: str) -> None:
    lines = [json.dumps({"title": f"條目{n}", "text": "平壤 {{-}}"}, ensure_ascii=False).encode() for n in range(1000)]
    lines[500] = bad
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    output = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["-f", "json", "-o", str(output), str(corpus)])
    assert result.exit_code == 1, result.output
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["summary"]["files_checked"] == 1000
    assert report["summary"]["by_code"] == {"TPL001": 999, "WL001": 1}
    assert [f["message"] for f in report["findings"] if f["code"] == "WL001"] == [message]


def test_a_jsonl_corpus_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"\xef\xbb\xbf" + json.dumps({"title": "A", "text": "{{-}}"}).encode() + b"\n")
    report = json.loads(CliRunner().invoke(main, ["-f", "json", str(corpus)]).stdout)
    assert report["summary"]["by_code"] == {"TPL001": 1}


# --- 4. deep folders and long backtick runs ---------------------------------------------------


@pytest.fixture
def deep_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder for a very deep tree, removed by ``rm -rf`` after the test: pytest's own
    clean-up (``shutil.rmtree``) recurses once per level and would fail on it."""
    folder = tmp_path / "deep"
    folder.mkdir()
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=True)


def test_a_folder_tree_a_thousand_levels_deep_is_walked(deep_folder: Path) -> None:
    descriptor = os.open(deep_folder, os.O_RDONLY)
    try:
        for level in range(1000):  # by descriptor: os.makedirs itself recurses once per level
            os.mkdir("d", dir_fd=descriptor)
            if level == 500:
                ignore = os.open(".gitignore", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
                os.write(ignore, b"skipped.md\n")
                os.close(ignore)
            deeper = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = deeper
        for name in ("a.md", "skipped.md"):
            article = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
            os.write(article, "文字 {{-}}\n".encode())
            os.close(article)
    finally:
        os.close(descriptor)
    result = CliRunner().invoke(main, ["-f", "json", str(deep_folder)])
    assert result.exit_code == 1, result.output[-2000:]
    report = json.loads(result.stdout)
    [entry] = report["files"]
    assert entry["path"] == str(deep_folder / "/".join(["d"] * 1000) / "a.md")


#: The pattern the scan replaced, kept as the specification it must agree with.
_LAZY_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:.|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "a", " ", "\n", "\t", "\r", "中"]), max_size=60).map("".join))
def test_inline_code_scan_finds_what_the_pattern_found(text: str) -> None:
    assert [(span.start, span.end) for span in _inline_code(text)] == [
        (m.start(), m.end()) for m in _LAZY_INLINE_CODE.finditer(text)
    ]
