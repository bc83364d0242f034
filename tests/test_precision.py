"""Precision as data: hand-judged findings on real articles stay judged.

``tests/precision/*.tsv`` hold findings drawn at random (``tools/sample_findings.py``)
from articles the rules were not tuned on and judged by hand: ``true`` (an editor should act
on it) or ``false`` (the rule is wrong). A known-false finding must never come back with the
default rules; a known-true one must still be found with every rule selected (a rule made
opt-in keeps its true findings). A change that moves either is a precision regression, or a
deliberate change that re-judges the rows. A false finding whose note starts with ``open:``
is one the rules still make, knowingly: it counts against precision in the reports and is
not yet required to be gone.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from wikilint import lint_text

from .conftest import CORPUS, ROOT

JUDGED = sorted((Path(__file__).parent / "precision").glob("*.tsv"))

Key = tuple[int, int, str]


def _rows() -> list[dict[str, str]]:
    rows = []
    for table in JUDGED:
        lines = table.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        rows.extend(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip())
    return rows


def _article(path: str) -> Path:
    for root in (ROOT, CORPUS):
        if (root / path).is_file():
            return root / path
    pytest.skip(f"{path} not found under {ROOT} or {CORPUS}: set WIKILINT_DEV_CORPUS to the shared corpus folder")


def _by_file() -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows():
        grouped[row["path"]].append(row)
    return grouped


def test_judgements_are_well_formed() -> None:
    rows = _rows()
    assert rows
    for row in rows:
        assert row["verdict"] in ("true", "false"), row
        assert row["verdict"] == "true" or row["note"], f"a false finding names its class: {row}"
    verdicts: dict[tuple[str, ...], str] = {}
    for row in rows:
        key = (row["path"], row["line"], row["column"], row["code"])
        assert verdicts.setdefault(key, row["verdict"]) == row["verdict"], f"judged both ways: {key}"


@pytest.mark.parametrize(("path", "rows"), sorted(_by_file().items()), ids=lambda value: str(value)[:40])
def test_judged_findings_hold(path: str, rows: list[dict[str, str]]) -> None:
    article = _article(path)
    text = article.read_text(encoding="utf-8")

    def keys(config: dict[str, object]) -> set[Key]:
        return {(f.line, f.column, f.code) for f in lint_text(text, path=str(article), config=config)}

    default, everything = keys({}), keys({"select": ["ALL"]})
    back = [
        row for row in rows
        if row["verdict"] == "false" and not row["note"].startswith("open:") and _key(row) in default
    ]
    lost = [row for row in rows if row["verdict"] == "true" and _key(row) not in everything]
    assert not back, "known-false findings are back: " + "; ".join(f"{_key(r)} {r['note']}" for r in back)
    assert not lost, "known-true findings are lost: " + "; ".join(f"{_key(r)} {r['message']}" for r in lost)


def _key(row: dict[str, str]) -> Key:
    return int(row["line"]), int(row["column"]), row["code"]
