"""Hostile input: nothing crashes, nothing is lost, every input is in the report."""

from __future__ import annotations

import bz2
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikilint import lint_text
from wikilint.cli import main
from wikilint.linter.config import Settings
from wikilint.linter.runner import Linter
from wikilint.testing import check_invariants as check_invariants_of

from .conftest import FIXTURES, SEED
from .dump_builder import HEADER, write_dump

ARTICLES = [SEED, *sorted((FIXTURES / "corpus").glob("*.*"))]
ARTICLES = [path for path in ARTICLES if path.name != "README.md"]
TEXTS = [path.read_text(encoding="utf-8") for path in ARTICLES]
MARKUP = ["[", "]", "[[", "]]", "{{", "}}", "(", ")", "（", "）", "\\[", "\\]", "<ref>", "</ref>", "<!--", "-->",
          "-{", "}-", "`", "```", "\n", "\r\n", "\r", "|", "#", "*", "1.", "[^1]", "<references />", "中", "后"]


def json_report(*arguments: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["-f", "json", "--no-cache", *arguments])
    return result.exit_code, json.loads(result.stdout)


# --- the hostile inputs, one by one ----------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    status, report = json_report(str(tmp_path / "empty.md"))
    assert status == 0 and report["summary"]["files_checked"] == 1


def test_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.wiki"
    with big.open("wb") as stream:  # a sparse 50 MB file: cheap to make, never read
        stream.truncate(50_000_000)
    status, report = json_report(str(big))
    assert status == 1
    assert [f["code"] for f in report["findings"]] == ["WL005"]
    assert "50.0 MB" in report["files"][0]["error"]
    status, report = json_report("--max-file-size", "1kB", str(SEED))
    assert [f["code"] for f in report["findings"]] == ["WL005"]


@pytest.mark.parametrize("dialect", ["markdown", "wikitext"])
@pytest.mark.parametrize(
    "text",
    [
        "{{a|" * 1000 + "x" + "}}" * 1000,
        "[[a|" * 1000 + "x" + "]]" * 1000,
        "<div>" * 1000 + "x" + "</div>" * 1000,
        "[" * 1000 + "x" + "](" * 1000,
        "{{a|[[b|<ref>c -{d ''e '''f <!-- g ```h \\[1\\ [^i",
    ],
    ids=["templates", "links", "tags", "md-links", "unclosed"],
)
def test_deep_nesting_and_unclosed_everything(text: str, dialect: str) -> None:
    findings = lint_text(text, dialect=dialect)
    assert not [f for f in findings if f.code in ("WL004", "WL006")], [f.message for f in findings]


ADVERSARIAL = {
    "brackets": "[" * 100_000, "braces": "{" * 100_000, "backslashes": "\\" * 100_000,
    "cjk": "中" * 100_000, "links": "[a](" * 30_000, "comments": "<!--" * 30_000,
    "backticks": "`` x ` " * 20_000, "markers": "\\[1\\]" * 20_000, "conversion": "-{" * 50_000,
    "parentheses": "（" * 50_000 + "，", "long-target": "[x](../Page/" + "a" * 100_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_no_catastrophic_backtracking_in_markdown(name: str) -> None:
    """A bound, not a benchmark: each 100,000-character line must finish within the budget."""
    linter = Linter(Settings(timeout=20))
    result = linter.lint_text(ADVERSARIAL[name], "a.md", "markdown")
    assert not [f for f in result.findings if f.code in ("WL004", "WL006")]


def test_a_document_that_stalls_the_parser_is_a_timeout_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "hostile.wiki").write_text("<span " * 30_000, encoding="utf-8")
    (tmp_path / "fine.wiki").write_text("Text<ref></ref>\n<references />\n", encoding="utf-8")
    status, report = json_report("--timeout", "1", str(tmp_path))
    assert status == 1
    assert [(Path(f["path"]).name, f["code"]) for f in report["findings"]] == [
        ("fine.wiki", "REF001"), ("hostile.wiki", "WL006"),
    ]


def test_billion_laughs_dump_is_refused_quickly(tmp_path: Path) -> None:
    entities = '<!DOCTYPE mediawiki [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    ) + "]>\n"
    body = HEADER.replace("<sitename>Wikipedia</sitename>", "<sitename>&j;</sitename>")
    dump = tmp_path / "laughs.xml.bz2"
    dump.write_bytes(bz2.compress((entities + body + "</mediawiki>\n").encode()))
    status, report = json_report(str(dump))
    assert status == 1
    assert report["files"][0]["path"] == str(dump) and "dump unreadable" in report["files"][0]["error"]


def test_wikitext_dump_with_a_page_that_is_not_text(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.xml", [("A", "A<ref></ref>\n<references />\n"), ("B", "\x00\x01 binary-ish")])
    status, report = json_report(str(dump))
    assert report["summary"]["files_checked"] == 2 and status == 1


def test_corrupted_corpus_run_keeps_every_file(tmp_path: Path) -> None:
    """Every article truncated or byte-flipped at random: all of them are still reported."""
    chance = random.Random(7)
    for index, path in enumerate(ARTICLES * 3):
        data = bytearray(path.read_bytes())
        if chance.random() < 0.5:
            data = data[: chance.randrange(len(data) + 1)]
        else:
            for _ in range(10):
                if data:
                    data[chance.randrange(len(data))] = chance.randrange(256)
        (tmp_path / f"{index:02d}{path.suffix}").write_bytes(bytes(data))
    _, report = json_report(str(tmp_path))
    assert report["summary"]["files_checked"] == len(ARTICLES) * 3 == len(report["files"])
    assert not [f for f in report["findings"] if f["code"] == "WL004"]


# --- properties ----------------------------------------------------------------------------


def mutate(text: str, data: st.DataObject) -> str:
    """Delete, duplicate, swap, or insert markup, a few times."""
    for _ in range(data.draw(st.integers(1, 6))):
        if not text:
            break
        start = data.draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + data.draw(st.integers(0, 200)))
        operation = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif operation == "swap":
            other = data.draw(st.integers(0, len(text) - 1))
            first, second = sorted((start, other))
            text = text[:first] + text[second:second + 50] + text[first + 50:second] + text[first:first + 50] + text[
                second + 50:]
        else:
            text = text[:start] + data.draw(st.sampled_from(MARKUP)) + text[start:]
    return text


def check_invariants(text: str, dialect: str, fixes: bool = False) -> None:
    check_invariants_of(Linter(Settings(timeout=0)), text, dialect, fixes=fixes)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(st.sampled_from([*MARKUP, "a", " ", "x", "."]), max_size=120).map("".join))
def test_random_markup_never_crashes(text: str) -> None:
    for dialect in ("markdown", "wikitext"):
        check_invariants(text, dialect)


@SETTINGS
@given(st.data())
def test_mutated_articles_never_crash(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(TEXTS) - 1))
    text = mutate(TEXTS[index], data)
    check_invariants(text, "wikitext" if ARTICLES[index].suffix == ".wiki" else "markdown")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fixes_are_safe(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(TEXTS) - 1))
    dialect = "wikitext" if ARTICLES[index].suffix == ".wiki" else "markdown"
    text = mutate(TEXTS[index], data) if data.draw(st.booleans()) else TEXTS[index]
    check_invariants(text, dialect, fixes=True)


# --- output safety ---------------------------------------------------------------------------

NASTY = 'Q"uote\\ 100% ::error:: a,b:c \x1b[31m \u2028 \x07 end'


def test_reports_survive_hostile_text(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"前文{{{{{NASTY}}}}}後文\n", encoding="utf-8")
    runner = CliRunner()
    report = json.loads(runner.invoke(main, ["-f", "json", "--no-cache", str(article)]).stdout)
    assert NASTY in report["findings"][0]["message"]
    sarif = json.loads(runner.invoke(main, ["-f", "sarif", "--no-cache", str(article)]).stdout)
    assert NASTY in sarif["runs"][0]["results"][0]["message"]["text"]
    jsonl = runner.invoke(main, ["-f", "jsonl", "--no-cache", str(article)]).stdout.split("\n")
    assert [json.loads(line)["type"] for line in jsonl if line] == ["file", "finding", "summary"]
    github = runner.invoke(main, ["-f", "github", "--no-cache", str(article)]).stdout.split("\n")
    [annotation] = [line for line in github if line.startswith("::")]
    assert "100%25 ::error:: a,b:c" in annotation and annotation.startswith("::warning file=")
    concise = runner.invoke(main, ["--no-cache", "-f", "concise", str(article)]).stdout
    assert "\x1b" not in concise and "\x07" not in concise and "\u2028" not in concise
    assert len(concise.split("\n")) == 3  # one finding, the summary, the final newline
    for color in ("never", "always"):  # the source excerpt too, coloured or not
        full = runner.invoke(main, ["--no-cache", "--color", color, str(article)]).stdout
        assert "\x07" not in full and "\u2028" not in full and "\\x07" in full
        assert ("\x1b" in full) == (color == "always")
        assert "\\x1b[31m" in full  # the article's own escape sequence is shown escaped, never sent


@pytest.mark.parametrize("dialect", ["markdown", "wikitext"])
@pytest.mark.parametrize(
    "text",
    [
        # atheris found it: OpenCC stops at a NUL, so its output was shorter than the text.
        "斪\ue5bb鄧\ue43d嶸嬨⸮倯条㑥ꓥ⢻⸮倯ꕡ\x01\x00\x00℀⸳",
        "中\x00后来\x00台灣。這個軟件\x00很好，那個軟體。",
    ],
    ids=["atheris-nul-1", "nul-in-chinese"],
)
def test_fuzzer_regressions(text: str, dialect: str) -> None:
    check_invariants(text, dialect)
