"""The JSON report validates against its published schema, with every input listed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

import wikilint
from wikilint.cli import main

from .conftest import SEED

SCHEMA = json.loads((Path(wikilint.__file__).parent / "schema" / "report-v1.json").read_text(encoding="utf-8"))


def test_seed_report_matches_schema() -> None:
    result = CliRunner().invoke(main, ["-f", "json", str(SEED)])
    report = json.loads(result.output)
    jsonschema.validate(report, SCHEMA)
    assert report["version"] == 1
    assert report["tool"] == {"name": "wikilint", "version": wikilint.__version__}
    first = report["findings"][0]
    assert set(first) == {
        "path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message", "fix",
        "fingerprint",
    }
    ref = next(finding for finding in report["findings"] if finding["code"] == "REF001")
    assert (ref["line"], ref["column"], ref["end_line"], ref["end_column"]) == (23, 1, 23, 3)
    assert ref["message"] == "reference entry 1 is empty" and ref["fix"] is None


def test_report_with_an_error_and_a_clean_file_matches_schema(tmp_path: Path) -> None:
    (tmp_path / "bad.wiki").write_bytes(b"\xff\xfe\xfd")
    (tmp_path / "clean.wiki").write_text("[[A]] text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-f", "json", str(tmp_path)])
    report = json.loads(result.output)
    jsonschema.validate(report, SCHEMA)
    assert report["summary"] == {
        "files_checked": 2, "files_with_findings": 1, "findings": 1,
        "by_code": {"WL001": 1}, "by_severity": {"error": 1},
        "files_by_code": {"WL001": 1}, "worst_files": [{"path": str(tmp_path / "bad.wiki"), "findings": 1}],
    }
    assert [entry.get("error") is not None for entry in report["files"]] == [True, False]
