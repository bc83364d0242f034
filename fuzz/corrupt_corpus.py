"""Lint a copy of a corpus in which every file is randomly truncated or byte-flipped, and
one in ten renamed with a hostile name (bytes that are not UTF-8, escape sequences, a line
break starting a forged ``::error::``, C1, bidi and line-separator characters), with hostile
inputs beside it: a FIFO, a symlink to /dev/zero, a folder 1,000 levels deep, a compression
bomb of a dump and a JSONL corpus with an endless line, a line nested 100,000 deep and a
line that is not UTF-8.

Run by hand: ``python fuzz/corrupt_corpus.py ../shared/corpus --seed 1``. It prints how
many documents went in, how many the report lists (``files_checked``) and the findings of
the linter's own codes; the two counts must be equal, WL004 must be absent, and the report
must be valid UTF-8 with none of those characters raw. The run has at most 1 GB of address
space and ten minutes: a hostile input read whole would need more.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from wikilint.testing import UNSAFE_IN_REPORTS

EXTENSIONS = {".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".txt"}
HOSTILE_NAMES = [b"\xff\xfe-", b"\x1b]0;pwn\x07\x1b[31m-", b"\n::error::forged-", "\x9b\x85\u202e\u2028-".encode()]


def corrupt(data: bytes, chance: random.Random) -> bytes:
    if chance.random() < 0.5:
        return data[: chance.randrange(len(data) + 1)]
    flipped = bytearray(data)
    for _ in range(chance.randint(1, 20)):
        if flipped:
            flipped[chance.randrange(len(flipped))] = chance.randrange(256)
    return bytes(flipped)


MEGABYTE = 1 << 20
_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from wikilint.cli import main
main(sys.argv[1:])
"""


def hostile(folder: Path) -> tuple[list[str], int]:
    """Make the hostile inputs in ``folder``: the paths to name and the documents they hold."""
    folder.mkdir()
    os.mkfifo(folder / "pipe.md")
    (folder / "zero.wiki").symlink_to("/dev/zero")
    deep = folder / "deep"
    deep.mkdir()
    descriptor = os.open(deep, os.O_RDONLY)
    for _ in range(1000):  # by descriptor: os.makedirs recurses once per level
        os.mkdir("d", dir_fd=descriptor)
        deeper = os.open("d", os.O_RDONLY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor = deeper
    article = os.open("a.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
    os.write(article, "深處 {{-}}\n".encode())
    os.close(article)
    os.close(descriptor)
    page = '<page><title>{}</title><ns>0</ns><revision><text>'
    dump = folder / "bomb.xml.bz2"
    dump.write_bytes(
        bz2.compress(('<mediawiki>' + page.format("Big")).encode())
        + bz2.compress(b"x" * MEGABYTE) * 1500  # 1.5 GB of text in a few KB
        + bz2.compress(("</text></revision></page>" + page.format("Next") + "{{-}}</text></revision></page>"
                        "</mediawiki>").encode())
    )
    lines = folder / "lines.jsonl.gz"
    lines.write_bytes(
        gzip.compress(b'{"title": "endless", "text": "') + gzip.compress(b"0" * MEGABYTE) * 1500
        + gzip.compress(b'"}\n' + b"[" * 100_000 + b'\n{"text": "\xff"}\n{"title": "fine", "text": "{{-}}"}\n')
    )
    return [str(folder), str(dump), str(lines)], 3 + 2 + 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "corpus"
        shutil.copytree(args.corpus, copy)
        files = sorted(path for path in copy.rglob("*") if path.suffix in EXTENSIONS)
        for index, path in enumerate(files):
            path.chmod(0o644)
            path.write_bytes(corrupt(path.read_bytes(), chance))
            if index % 10 == 0:
                name = chance.choice(HOSTILE_NAMES) + os.fsencode(path.name)
                os.rename(os.fsencode(path), os.path.join(os.fsencode(path.parent), name))
        paths, documents = hostile(Path(temporary) / "hostile")
        done = subprocess.run(
            [sys.executable, "-c", _LIMITED, "--no-cache", "-f", "json", str(copy), *paths],
            capture_output=True, check=False, timeout=600,
        )
        subprocess.run(["rm", "-rf", str(Path(temporary) / "hostile")], check=True)  # rmtree recurses per level
        output = done.stdout.decode("utf-8")  # valid UTF-8 whatever the names
        report = json.loads(output)
    unsafe = UNSAFE_IN_REPORTS.findall(output)
    own = Counter(f["code"] for f in report["findings"] if f["code"].startswith("WL"))
    expected = len(files) + documents
    print(f"documents in: {expected}; files_checked: {report['summary']['files_checked']}; "
          f"exit {done.returncode}; linter's own findings: {dict(own)}; all findings: {report['summary']['findings']}")
    if unsafe:
        print(f"raw in the report: {sorted(set(unsafe))}")
    if report["summary"]["files_checked"] != expected or own.get("WL004") or unsafe:
        sys.exit(1)


if __name__ == "__main__":
    main()
