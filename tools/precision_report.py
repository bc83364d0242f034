"""Per-rule precision from the judged findings in tests/precision/, as the code stands now.

    python tools/precision_report.py tests/precision/independent-after.tsv [--corpus ../shared/corpus]

For each judged finding the table says whether the default rules still report it. Precision
is the share of true findings among the judged ones still reported (a false finding a later
fix removed no longer counts against the rule; a true one a fix lost is listed as lost).
Paths are resolved against the repository first, then the corpus folder.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from wikilint import lint_text

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tables", nargs="+")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--group", choices=["rule", "corpus"], default="rule")
    args = parser.parse_args(argv)
    rows = []
    for table in args.tables:
        lines = Path(table).read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        rows.extend(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip())
    reported: dict[str, set[tuple[int, int, str]]] = {}
    for path in sorted({row["path"] for row in rows}):
        article = ROOT / path if (ROOT / path).is_file() else Path(args.corpus) / path
        text = article.read_text(encoding="utf-8")
        reported[path] = {(f.line, f.column, f.code) for f in lint_text(text, path=str(article))}
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    classes: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        key = row["code"] if args.group == "rule" else row["path"].split("/")[0]
        still = (int(row["line"]), int(row["column"]), row["code"]) in reported[row["path"]]
        tally[key]["sampled"] += 1
        tally[key][f"{row['verdict']}-{'kept' if still else 'gone'}"] += 1
        if still and row["verdict"] == "false":
            classes[key].append(f"{row['path']}:{row['line']}: {row['note'][:90]}")
    print(f"| {args.group} | sampled | true | false | removed false | lost true | precision now |")
    print("|---|---|---|---|---|---|---|")
    total = defaultdict(int)
    for key in sorted(tally):
        counts = tally[key]
        true_kept, false_kept = counts["true-kept"], counts["false-kept"]
        for name, value in counts.items():
            total[name] += value
        now = f"{true_kept / (true_kept + false_kept):.0%}" if true_kept + false_kept else "–"
        print(f"| {key} | {counts['sampled']} | {true_kept} | {false_kept} | {counts['false-gone']} | "
              f"{counts['true-gone']} | {now} |")
    kept = total["true-kept"] + total["false-kept"]
    print(f"| all | {total['sampled']} | {total['true-kept']} | {total['false-kept']} | {total['false-gone']} | "
          f"{total['true-gone']} | {total['true-kept'] / kept:.1%} |")
    for key, found in sorted(classes.items()):
        for line in found:
            print(f"false, still reported: {key}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
