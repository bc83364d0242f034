"""The HTML audit (``-f html``) and ``wikilint report``, read back as HTML without a browser:
its numbers are the JSON report's, a saved json or jsonl report renders the same page, hostile
names, titles and text stay text, the listings are bounded with exact counts, and a broken
saved report is a clear error (exit 2). tests/test_html_browser.py opens the page in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.report.audit import FINDINGS_PER_DOCUMENT, FINDINGS_PER_RULE

from .conftest import CORPUS
from .hostile_html import BREAKOUT, SCRIPT_NAME, TITLE, write_hostile
from .synthetic_report import write_report


class Page(HTMLParser):
    """What a test needs of a page: every start tag with its attributes, the text of each
    ``data-stat`` element, the scripts' text and the whole visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stats: dict[str, str] = {}
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag not in ("meta", "input", "br", "rect", "img", "link"):
            self._open.append((tag, attributes.get("data-stat")))
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open and self._open[-1][0] == "script":
            self.scripts[-1] += data
        for _, stat in self._open:
            if stat:
                self.stats[stat] = self.stats.get(stat, "") + data

    def number(self, stat: str) -> int:
        return int(self.stats[stat].replace(",", ""))

    def all(self, tag: str, **attributes: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag
                and all(attrs.get(key.replace("_", "-")) == value for key, value in attributes.items())]

    @property
    def csp(self) -> str:
        [meta] = self.all("meta", http_equiv="Content-Security-Policy")
        return meta["content"]


def run(arguments: list[str]) -> Any:
    result = CliRunner().invoke(main, ["--no-cache", "-j", "1", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def corpus_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shared corpus linted once for each of json, jsonl and html."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    folder = tmp_path_factory.mktemp("corpus-reports")
    reports = {}
    for output_format in ("json", "jsonl", "html"):
        reports[output_format] = folder / f"corpus.{output_format}"
        result = run(["-f", output_format, "-o", str(reports[output_format]), str(CORPUS)])
        assert result.exit_code == 1, result.output
    return reports


def test_the_corpus_page_has_the_json_reports_numbers(corpus_reports: dict[str, Path]) -> None:
    report = json.loads(corpus_reports["json"].read_text(encoding="utf-8"))
    page = Page(corpus_reports["html"].read_text(encoding="utf-8"))
    summary = report["summary"]
    for key in ("files_checked", "files_with_findings", "findings"):
        assert page.number(key) == summary[key], key
    for level in ("error", "warning", "info"):
        assert page.number(f"severity-{level}") == summary["by_severity"].get(level, 0)
    assert {stat.split("-", 1)[1]: page.number(stat) for stat in page.stats if stat.startswith("by_code-")} \
        == summary["by_code"]
    assert {stat.split("-", 1)[1]: page.number(stat) for stat in page.stats if stat.startswith("files_by_code-")} \
        == summary["files_by_code"]
    fixes = Counter(finding["fix"]["applicability"] for finding in report["findings"] if finding["fix"])
    assert (page.number("fixable"), page.number("unsafe_fixable")) == (fixes["safe"], fixes["unsafe"])
    worst = [row for row in page.tags if row[0] == "table" and row[1].get("id") == "worst-table"]
    assert worst and all(entry["path"] in page.text for entry in summary["worst_files"])

    census = [entry["citations"] for entry in report["files"] if "citations" in entry]
    assert page.number("census-documents") == len(census) > 200
    for key in ("markers", "entries", "usable_entries", "empty_entries"):
        assert page.number(f"census-{key}") == sum(entry[key] for entry in census), key
    assert page.number("census-no_usable") == sum(entry["usable_entries"] == 0 for entry in census)
    assert page.number("census-with_empty") == sum(entry["empty_entries"] > 0 for entry in census)
    assert page.number("census-markers_without_entries") == sum(
        entry["markers"] > 0 and entry["entries"] == 0 for entry in census)
    assert page.number("census-with_reference_list") == sum(entry["has_reference_list"] for entry in census)
    for code in ("SCR001", "LNK001", "REF001"):  # articles mixing scripts, link styles; empty references
        assert page.number(f"health-{code}") == summary["files_by_code"][code]


def test_the_corpus_page_lists_findings_with_their_source_and_charts_every_rule(
    corpus_reports: dict[str, Path],
) -> None:
    report = json.loads(corpus_reports["json"].read_text(encoding="utf-8"))
    html = corpus_reports["html"].read_text(encoding="utf-8")
    page = Page(html)
    listed = page.all("li")
    listed = [item for item in listed if item.get("class") == "finding"]
    per_code = Counter(item["data-code"] for item in listed)
    assert set(per_code) == set(report["summary"]["by_code"])  # every rule has findings listed
    assert all(count <= FINDINGS_PER_RULE for count in per_code.values())
    assert len(page.all("pre", **{"class": "excerpt"})) == len(listed)  # each with its source line
    bars = [attrs for name, attrs in page.tags if name == "rect" and attrs.get("class") == "bar"]
    assert len(bars) >= len(report["summary"]["by_code"]) and all(float(bar["width"]) > 0 for bar in bars[:5])
    for code in report["summary"]["by_code"]:  # each rule's documentation one click away
        assert page.all("section", id=f"rule-{code}")
    assert_self_contained(page)


def test_a_saved_json_or_jsonl_report_renders_the_same_page(corpus_reports: dict[str, Path], tmp_path: Path) -> None:
    direct = corpus_reports["html"].read_bytes()
    for saved in ("json", "jsonl"):
        rendered = tmp_path / f"from-{saved}.html"
        result = CliRunner().invoke(main, ["report", str(corpus_reports[saved]), "-f", "html", "-o", str(rendered)])
        assert result.exit_code == 0, result.output
        assert rendered.read_bytes() == direct, saved


def test_a_saved_report_read_back_is_the_report_it_was(corpus_reports: dict[str, Path], tmp_path: Path) -> None:
    """The loader loses nothing: json and jsonl render back to themselves and to each other."""
    for saved in ("json", "jsonl"):
        for output_format in ("json", "jsonl"):
            again = tmp_path / f"{saved}.{output_format}"
            result = CliRunner().invoke(main, ["report", str(corpus_reports[saved]), "-f", output_format,
                                               "-o", str(again)])
            assert result.exit_code == 0, result.output
            assert again.read_bytes() == corpus_reports[output_format].read_bytes(), (saved, output_format)


def test_hostile_names_titles_and_text_stay_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_hostile(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    result = run(["-f", "html", "-o", "hostile.html", *paths])
    assert result.exit_code == 1, result.output
    html = Path("hostile.html").read_text(encoding="utf-8")
    page = Page(html)
    assert_self_contained(page)
    tags = {name for name, _ in page.tags}
    assert not tags & {"img", "iframe", "object", "embed", "link", "base", "form-action"}
    assert [name for name, _ in page.tags].count("script") == 1
    assert [name for name, attrs in page.tags if name == "svg" and "onload" in attrs] == []
    text = "".join(page.text)
    for hostile in (BREAKOUT, SCRIPT_NAME, TITLE, "<script>alert(5)</script>"):
        assert hostile in text  # shown as text, character for character
    assert "<img" not in html and "<script>alert" not in html
    assert run(["-f", "json", "-o", "hostile.json", *paths]).exit_code == 1  # and the same from the saved report
    assert CliRunner().invoke(main, ["report", "hostile.json", "-o", "again.html"]).exit_code == 0
    again = Page(Path("again.html").read_text(encoding="utf-8"))
    assert_self_contained(again)
    assert all(hostile in "".join(again.text) for hostile in (BREAKOUT, SCRIPT_NAME, TITLE))
    # The file's excerpt comes back from the file; the JSONL page's cannot (it is no file).
    assert len(page.all("pre", **{"class": "excerpt"})) == 2 and len(again.all("pre", **{"class": "excerpt"})) == 1


def assert_self_contained(page: Page) -> None:
    """One script, pinned in the CSP by its hash; no handler attribute, no remote or local load."""
    [script] = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = dict(part.strip().split(" ", 1) for part in page.csp.split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == f"'sha256-{digest}'"
    assert policy["style-src"].startswith("'sha256-") and "unsafe" not in page.csp
    for name, attributes in page.tags:
        assert not [key for key in attributes if key.startswith("on")], (name, attributes)
        assert "src" not in attributes and "style" not in attributes, (name, attributes)
        if "href" in attributes:
            assert attributes["href"].startswith("#"), attributes["href"]


def test_big_runs_list_a_bounded_part_and_count_all(tmp_path: Path) -> None:
    saved = tmp_path / "big.jsonl"
    summary = write_report(saved, "jsonl", findings=6_000, per_document=60)
    result = CliRunner().invoke(main, ["report", str(saved), "-o", str(tmp_path / "big.html")])
    assert result.exit_code == 0, result.output
    page = Page((tmp_path / "big.html").read_text(encoding="utf-8"))
    assert page.number("findings") == summary.findings == 6_000
    assert page.number("files_checked") == summary.files_checked == 200
    listed = [item for item in page.all("li") if item.get("class") == "finding"]
    per_code = Counter(item["data-code"] for item in listed)
    assert per_code.keys() == summary.by_code.keys()
    for code, count in per_code.items():  # a rule's own bound, and a document's may list fewer
        assert 1 <= count <= min(FINDINGS_PER_RULE, summary.by_code[code]), code
    assert per_code["SCR001"] == FINDINGS_PER_RULE < summary.by_code["SCR001"]
    per_document = Counter(item["data-path"] for item in listed)
    assert max(per_document.values()) <= FINDINGS_PER_DOCUMENT
    text = "".join(page.text)
    mores = [int(number.replace(",", "")) for number in re.findall(r"and ([\d,]+) more in this document", text)]
    assert sum(mores) == sum(60 - count for count in per_document.values())
    assert f"{len(listed):,} of 6,000 findings listed" in text


@pytest.mark.parametrize(("name", "content", "message"), [
    ("cut.json", None, "is not a whole JSON report"),
    ("cut.jsonl", None, "the report is cut short"),
    ("empty.json", "", "is empty"),
    ("list.json", "[1, 2]", "is not a wikilint json report"),
    ("future.json", '{"version": 9, "summary": {}, "files": [], "findings": []}', "this wikilint reads version 1"),
    ("latin1.json", b"\xff\xfe{", "cannot read"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "is not a whole JSON report"),
    ("deep.jsonl", '{"type": "file", "path": "a.md", "dialect": null, "findings": 0}\n'
     + "[" * 100_000 + "]" * 100_000 + '\n{"type": "summary", "version": 1, "summary": {}}\n', ":2: not a JSON object"),
    ("lying.json", None, "(is it cut short?)"),
    ("badline.jsonl", None, "a malformed finding"),
    ("missing.json", None, "cannot read"),
])
def test_a_broken_saved_report_is_an_error_not_a_traceback(
    tmp_path: Path, name: str, content: str | bytes | None, message: str
) -> None:
    saved = tmp_path / name
    if content is None and name != "missing.json":
        whole = tmp_path / ("whole." + name.rsplit(".", 1)[1])
        write_report(whole, name.rsplit(".", 1)[1], findings=30, per_document=3)
        data = whole.read_text(encoding="utf-8")
        if name.startswith("cut"):
            data = data[: len(data) // 2]
        elif name == "lying.json":
            report = json.loads(data)
            report["summary"]["findings"] += 1
            data = json.dumps(report)
        elif name == "badline.jsonl":
            lines = data.splitlines(keepends=True)
            lines[1] = lines[1].replace('"line": 1', '"line": "one"')
            data = "".join(lines)
        saved.write_text(data, encoding="utf-8")
    elif isinstance(content, bytes):
        saved.write_bytes(content)
    elif content is not None:
        saved.write_text(content, encoding="utf-8")
    output = tmp_path / "audit.html"
    result = CliRunner().invoke(main, ["report", str(saved), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert result.stderr.startswith("wikilint: error: ")
    assert not output.exists()  # nothing half-written


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, item in items:
        found += _paths(item, (*path, key))
    return found


def test_any_value_of_a_saved_report_replaced_by_another_type_is_an_error_or_still_renders(tmp_path: Path) -> None:
    """Each field of a small saved report swapped for a value of another kind: exit 0 or 2, never a traceback."""
    import copy
    import random

    whole = tmp_path / "whole.json"
    write_report(whole, "json", findings=12, per_document=4)
    report = json.loads(whole.read_text(encoding="utf-8"))
    choices = _paths(report)
    values: list[Any] = [None, "", -1, 0, 10**30, [], {}, 1.5, True, "x", {"a": 1}, ["y"]]
    rng = random.Random(15)
    for _ in range(120):
        broken = copy.deepcopy(report)
        *parents, last = rng.choice(choices)
        target = broken
        for key in parents:
            target = target[key]
        target[last] = rng.choice(values)
        saved = tmp_path / "broken.json"
        saved.write_text(json.dumps(broken), encoding="utf-8")
        result = CliRunner().invoke(main, ["report", str(saved), "-o", str(tmp_path / "out.html")])
        assert result.exit_code in (0, 2) and isinstance(result.exception, (SystemExit, type(None))), (
            parents, last, target[last], result.output)
