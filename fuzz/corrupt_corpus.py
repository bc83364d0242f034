"""Lint a copy of a corpus in which every file is randomly truncated or byte-flipped, and
one in ten renamed with a hostile name (bytes that are not UTF-8, escape sequences, a line
break starting a forged ``::error::``, C1, bidi and line-separator characters).

Run by hand: ``python fuzz/corrupt_corpus.py ../shared/corpus --seed 1``. It prints how
many files went in, how many the report lists (``files_checked``) and the findings of the
linter's own codes; the two counts must be equal, WL004 must be absent, and the report must
be valid UTF-8 with none of those characters raw.
"""

from __future__ import annotations

import argparse
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
        done = subprocess.run(
            [sys.executable, "-m", "wikilint", "--no-cache", "-f", "json", str(copy)],
            capture_output=True, check=False,
        )
        output = done.stdout.decode("utf-8")  # valid UTF-8 whatever the names
        report = json.loads(output)
    unsafe = UNSAFE_IN_REPORTS.findall(output)
    own = Counter(f["code"] for f in report["findings"] if f["code"].startswith("WL"))
    print(f"files in: {len(files)}; files_checked: {report['summary']['files_checked']}; "
          f"exit {done.returncode}; linter's own findings: {dict(own)}; all findings: {report['summary']['findings']}")
    if unsafe:
        print(f"raw in the report: {sorted(set(unsafe))}")
    if report["summary"]["files_checked"] != len(files) or own.get("WL004") or unsafe:
        sys.exit(1)


if __name__ == "__main__":
    main()
