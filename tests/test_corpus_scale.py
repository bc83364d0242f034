"""Corpus inputs (XML dumps, JSONL), parallel runs, streaming output, statistics and cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikilint.cli import main
from wikilint.linter.report import progress

from .conftest import FIXTURES, SEED
from .dump_builder import page_xml, write_dump, write_jsonl

WIKITEXT = sorted((FIXTURES / "corpus").glob("*.wiki"))


def articles() -> list[tuple[str, str]]:
    return [(path.stem.replace("_", " "), path.read_text(encoding="utf-8")) for path in WIKITEXT]


def lint_json(*arguments: str) -> dict:
    result = CliRunner().invoke(main, ["-f", "json", *arguments])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def by_article(report: dict, strip: str) -> dict[str, list[tuple]]:
    """Findings keyed by article name, without the container part of the path."""
    found: dict[str, list[tuple]] = {}
    for finding in report["findings"]:
        name = finding["path"].split(strip, 1)[-1].replace(" ", "_")
        found.setdefault(name, []).append(
            (finding["line"], finding["column"], finding["end_line"], finding["end_column"], finding["code"],
             finding["message"])
        )
    return found


@pytest.fixture
def article_files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    for title, text in articles():
        (folder / f"{title.replace(' ', '_')}.wiki").write_text(text, encoding="utf-8")
    return folder


def test_bz2_dump_gives_the_same_findings_as_the_files(tmp_path: Path, article_files: Path) -> None:
    dump = write_dump(tmp_path / "zhwiki.xml.bz2", articles())
    from_dump = lint_json(str(dump))
    from_files = lint_json(str(article_files))
    assert from_dump["summary"]["files_checked"] == len(WIKITEXT) == from_files["summary"]["files_checked"]
    files_view = {name.removesuffix(".wiki"): found for name, found in by_article(from_files, "files/").items()}
    assert by_article(from_dump, "#") == files_view
    assert {entry["path"] for entry in from_dump["files"]} == {
        f"{dump}#{title.replace(' ', '_')}" for title, _ in articles()
    }
    assert all(entry["dialect"] == "wikitext" for entry in from_dump["files"])


def test_jsonl_corpus_gives_the_same_findings(tmp_path: Path, article_files: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles())
    from_jsonl = lint_json("--dialect", "wikitext", str(corpus))
    from_files = lint_json(str(article_files))
    files_view = {name.removesuffix(".wiki"): found for name, found in by_article(from_files, "files/").items()}
    assert by_article(from_jsonl, "#") == files_view


def test_dump_skips_redirects_and_other_namespaces_and_counts_them(tmp_path: Path) -> None:
    extra = page_xml(90, "平壤市", "#REDIRECT [[平壤]]", redirect="平壤") + page_xml(91, "Template:X", "{{-}}", 10)
    dump = write_dump(tmp_path / "d.xml", [("平壤", "平壤<ref></ref>\n<references/>\n")], extra)
    report = lint_json(str(dump))
    assert report["summary"]["files_checked"] == 1
    assert report["summary"]["skipped"] == {"other namespaces": 1, "redirects": 1}
    assert [f["code"] for f in report["findings"]] == ["REF001"]
    templates = lint_json("--namespace", "10", str(dump))
    assert [f["path"].split("#")[1] for f in templates["findings"]] == ["Template:X"]


def test_truncated_dump_reports_the_pages_read_and_the_break(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.xml.bz2", articles())
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(main, ["-f", "json", str(dump)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    broken = [entry for entry in report["files"] if entry.get("error")]
    assert len(broken) == 1 and broken[0]["path"] == str(dump)
    assert "dump unreadable after" in broken[0]["error"]
    assert report["summary"]["files_checked"] == len(report["files"])


def test_jsonl_line_that_is_not_json_is_a_finding(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"title": "A", "text": "A<ref></ref>"}\nnot json\n{"title": "B"}\n', encoding="utf-8")
    report = lint_json("--dialect", "wikitext", str(corpus))
    assert report["summary"]["files_checked"] == 3
    errors = {entry["path"]: entry.get("error") for entry in report["files"]}
    assert "is not JSON" in errors[f"{corpus}#line-2"]
    assert "no string field 'text'" in errors[f"{corpus}#B"]


def test_parallel_runs_give_byte_identical_reports(tmp_path: Path, article_files: Path) -> None:
    runner = CliRunner()
    for index in range(12):  # enough files that the default would start a pool
        (article_files / f"copy{index}.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    one = runner.invoke(main, ["-f", "json", "-j", "1", str(article_files)])
    two = runner.invoke(main, ["-f", "json", "-j", "2", str(article_files)])
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output


def test_jsonl_output_streams_files_findings_and_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-f", "jsonl", str(SEED)])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["type"] == "file" and lines[0]["findings"] == 60
    assert [line["type"] for line in lines[1:-1]] == ["finding"] * 60
    assert lines[-1]["type"] == "summary" and lines[-1]["summary"]["findings"] == 60


def test_cache_reuses_results_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    runner = CliRunner()
    first = runner.invoke(main, ["-f", "json", "--cache", "--cache-dir", str(cache), str(SEED)])
    assert list(cache.rglob("*.json"))

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr("wikilint.linter.runner.parse", no_parse)
    second = runner.invoke(main, ["-f", "json", "--cache", "--cache-dir", str(cache), str(SEED)])
    assert second.output == first.output
    changed = runner.invoke(main, ["-f", "json", "--cache", "--cache-dir", str(cache), "--ignore", "LNK", str(SEED)])
    assert "parsed although cached" in changed.output  # a new configuration is a cache miss


def test_progress_goes_to_stderr_only_and_only_for_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = CliRunner().invoke(main, ["-f", "json", "--progress", str(SEED)])
    assert json.loads(quick.stdout)["summary"]["findings"] == 60
    assert quick.stderr == ""  # a run shorter than the delay shows no bar at all
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress.with_progress, "__defaults__", (0.0,))
    slow = CliRunner().invoke(main, ["-f", "json", "--progress", str(SEED), str(SEED.parent)])
    assert json.loads(slow.stdout)["summary"]["files_checked"] == 2
    assert "wikilint" in slow.stderr


def test_dask_executor_matches_local(tmp_path: Path, article_files: Path) -> None:
    pytest.importorskip("distributed")
    (article_files / "seed.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # findings to match
    runner = CliRunner()
    local = runner.invoke(main, ["-f", "json", "-j", "1", str(article_files)])
    dask = runner.invoke(main, ["-f", "json", "--executor", "dask", str(article_files)])
    assert dask.exit_code == local.exit_code == 1, dask.output
    assert dask.output == local.output


def test_gzip_dump(tmp_path: Path) -> None:
    import gzip

    plain = write_dump(tmp_path / "d.xml", [("A", "A<ref></ref>\n<references/>\n")])
    packed = tmp_path / "d.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert lint_json(str(packed))["summary"]["by_code"] == {"REF001": 1}


def test_baseline_is_recorded_with_the_same_corpus_options_as_the_check(tmp_path: Path) -> None:
    """One pipeline: ``baseline create --namespace 10`` records what ``--namespace 10`` checks."""
    extra = page_xml(91, "Template:X", "{{-}}", 10)
    dump = write_dump(tmp_path / "d.xml", [("平壤", "平壤<ref></ref>\n<references/>\n")], extra)
    baseline = tmp_path / "baseline.json"
    created = CliRunner().invoke(main, ["baseline", "create", "--namespace", "10", "-o", str(baseline), str(dump)])
    assert created.exit_code == 0, created.output
    report = lint_json("--namespace", "10", "--baseline", str(baseline), str(dump))
    assert report["findings"] == [] and report["summary"]["baseline_absorbed"] == 1


@pytest.mark.parametrize("address", ["notanaddress", "tcp://127.0.0.1:9"])
def test_an_unreachable_scheduler_is_one_line_and_exit_2(address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from wikilint.linter import executors

    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", 1)
    result = CliRunner().invoke(main, ["--executor", "dask", "--scheduler", address, str(SEED)])
    assert result.exit_code == 2
    assert result.stderr.startswith("wikilint: error: cannot reach the Dask scheduler")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_a_text_field_typo_stops_the_run_with_one_error(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [(f"條目{n}", "平壤 {{-}}\n") for n in range(30)])
    output = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["--text-field", "txt", "-f", "json", "-o", str(output), str(corpus)])
    assert result.exit_code == 2
    assert "the first 20 records lack the text field 'txt'" in result.stderr and "text, title" in result.stderr
    assert not output.exists()  # nothing half-written


def test_records_missing_the_field_after_a_good_one_are_findings(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"title": "甲", "body": "x"}, ensure_ascii=False)] * 3
    lines.append(json.dumps({"title": "乙", "text": "平壤 {{-}}\n"}, ensure_ascii=False))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = lint_json(str(corpus))
    assert sorted(f["code"] for f in report["findings"]) == ["TPL001", "WL001", "WL001", "WL001"]
