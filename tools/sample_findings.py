"""Draw a seeded random sample of findings per rule, ready to be judged by hand.

    python tools/sample_findings.py ../shared/corpus/zhwiki-md-dev ../shared/corpus/zhwiki-wikitext-dev \
        --per-rule 20 --seed 10 -o sample.tsv

Each row names the finding by file (relative to ``--root``, by default the corpora's common
parent), line, column and code, and shows the flagged text in a window of its line, marked
with ``⟦ ⟧``, so a judge needs no other tool. The judge fills ``verdict`` (``true`` or
``false``) and ``note`` (the false-positive class, or why it is true); judged rows then go
into ``tests/precision/judged.tsv``, which ``tests/test_precision.py`` holds the line on.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

from wikilint import lint_paths
from wikilint.linter.finding import Finding

WINDOW = 60
FIELDS = ["path", "line", "column", "code", "verdict", "note", "message", "excerpt"]


def excerpt(lines: list[str], finding: Finding) -> str:
    """The finding's line around its span, the span marked; tabs and newlines made visible."""
    line = lines[finding.line - 1] if finding.line <= len(lines) else ""
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    left = max(0, start - WINDOW)
    marked = line[left:start] + "⟦" + line[start:end] + "⟧" + line[end : end + WINDOW]
    prefix = "…" if left else ""
    suffix = "…" if end + WINDOW < len(line) else ""
    return prefix + marked + suffix


def _cell(value: object) -> str:
    return str(value).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def sample(findings: list[Finding], per_rule: int, seed: int) -> list[Finding]:
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    chosen: list[Finding] = []
    for code in sorted(by_code):
        group = sorted(by_code[code])
        rng = random.Random(f"{seed}:{code}")  # one stream per rule: adding a rule leaves the others' samples
        chosen.extend(sorted(rng.sample(group, min(per_rule, len(group)))))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--per-rule", type=int, default=20)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--select", default=None, help="comma-separated codes (default: the default rules)")
    parser.add_argument("--root", default=None, help="paths in the output are relative to this folder")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    config = {"select": args.select.split(",")} if args.select else {}
    report = lint_paths(args.paths, config=config)
    root = Path(args.root or os.path.commonpath([Path(path).resolve().parent for path in args.paths])).resolve()
    texts: dict[str, list[str]] = {}
    rows = []
    for finding in sample(report.findings, args.per_rule, args.seed):
        if finding.path not in texts:
            texts[finding.path] = Path(finding.path).read_text(encoding="utf-8").splitlines()
        rows.append(
            {
                "path": Path(finding.path).resolve().relative_to(root).as_posix(),
                "line": finding.line,
                "column": finding.column,
                "code": finding.code,
                "verdict": "",
                "note": "",
                "message": finding.message,
                "excerpt": excerpt(texts[finding.path], finding),
            }
        )
    header = {field: field for field in FIELDS}
    table = "".join("\t".join(_cell(row[field]) for field in FIELDS) + "\n" for row in [header, *rows])
    if args.output == "-":
        sys.stdout.write(table)
    else:
        Path(args.output).write_text(table, encoding="utf-8")
    counts = defaultdict(int)
    for finding in report.findings:
        counts[finding.code] += 1
    print("fired: " + ", ".join(f"{code} {count}" for code, count in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
