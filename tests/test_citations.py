"""The per-document citation summary, in the API and in the JSON report's files[].citations."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.citations import summarize_citations
from wikilint.linter.dialects import parse
from wikilint.linter.document import Dialect

from .conftest import SEED


def test_seed_has_seventeen_markers_and_no_usable_entry() -> None:
    report = json.loads(CliRunner().invoke(main, ["-f", "json", str(SEED)]).output)
    assert report["files"][0]["citations"] == {
        "markers": 17, "entries": 17, "empty_entries": 17, "usable_entries": 0,
        "named_refs": 0, "has_reference_list": True, "cite_templates": {},
    }


def test_wikitext_named_refs_and_cite_kinds() -> None:
    text = (
        'A.<ref name="a">{{cite web|url=u|title=t}}</ref> B.<ref name="a" /> C.<ref>{{Cite_book|title=b}}</ref>'
        " D.<ref></ref> E.<ref>{{cite web|url=v|title=w}}</ref>\n<references />\n"
    )
    summary = summarize_citations(parse(text, Dialect.WIKITEXT))
    assert summary.to_dict() == {
        "markers": 5, "entries": 4, "empty_entries": 1, "usable_entries": 3,
        "named_refs": 1, "has_reference_list": True, "cite_templates": {"cite book": 1, "cite web": 2},
    }


def test_unreadable_file_has_no_citation_summary(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "bad.md"
    path.write_bytes(b"\xff\xfe\x00")
    report = json.loads(CliRunner().invoke(main, ["-f", "json", str(path)]).output)
    assert "citations" not in report["files"][0]
