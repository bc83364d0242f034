"""Hostile input: nothing crashes, nothing is lost, every input is in the report."""

from __future__ import annotations

import bz2
import json
import os
import random
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikilint import lint_text
from wikilint.cli import main
from wikilint.linter.config import Settings
from wikilint.linter.report.escape import json_line, visible, visible_path
from wikilint.linter.runner import Linter
from wikilint.testing import check_invariants as check_invariants_of
from wikilint.testing import check_reports_are_safe

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
    # 723 KB of backtick runs of every length from 1 to 1,199, none closed: 44 s with a lazy pattern.
    "backtick-runs": " ".join("`" * length for length in range(1, 1200)),
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



# A file name and a JSONL title that try every trick: an OSC window title, a colour, BEL, a
# line break that starts a forged CI command, C1 CSI and NEL, a bidi override and isolate, a
# line separator; the name has a byte that is not UTF-8, the title NUL and a lone surrogate.
HOSTILE_NAME = "n\udcff\x1b]0;pwn\x07\x1b[31m\n::error::forged\x9b\x85\u202e\u2066\u2028.md"
HOSTILE_TITLE = "t\x00\x1b[2J\r\n::error::forged\x9b\x85\u202e\u2028\ud800"
#: What no byte of a report may be: a control other than the line feed (and the tab that
#: separates --statistics columns), C1, bidi marks, overrides and isolates, line separators.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
#: The hostile name and title as the JSON formats give them: exact but for the undecodable
#: byte and the lone surrogate, shown as \xff and \ud800.
NAME_SHOWN = "in/" + HOSTILE_NAME.replace("\udcff", "\\xff")
TITLE_SHOWN = "corpus.jsonl#" + HOSTILE_TITLE.replace("\ud800", "\\ud800")
FORMATS = [["-f", name] for name in ("text", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "html")]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A folder holding the hostile file name, and a corpus whose one page has the hostile title."""
    (tmp_path / "in").mkdir()
    with open(os.fsencode(tmp_path / "in" / HOSTILE_NAME), "wb") as article:
        article.write('前文{{X}}後文，見[古巴](../Page/古巴.md "wikilink")。\n'.encode())  # converted: TPL001 fixes
    quoted = HOSTILE_TITLE.replace("\r\n", "")  # in a template on one line: the message quotes it
    record = {"title": HOSTILE_TITLE, "text": f"前文{{{{{quoted}}}}}後文\n"}
    (tmp_path / "corpus.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return ["in", "corpus.jsonl"]


def assert_safe(output: bytes, github: bool = False) -> str:
    """The report is UTF-8, holds no unsafe character, and no line of it is a CI command but its own."""
    text = output.decode("utf-8")
    assert not UNSAFE.search(text), UNSAFE.findall(text)
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert github and re.match(r"::(warning|error|notice) file=", line), line
    return text


@pytest.mark.parametrize("arguments", [*FORMATS, ["--statistics"], ["-f", "concise", "--statistics"]],
                         ids=lambda arguments: " ".join(arguments))
def test_hostile_names_and_titles_cannot_hijack_any_format(hostile: list[str], arguments: list[str]) -> None:
    options = ["--no-cache", "--color", "never", *arguments, *hostile]
    result = CliRunner().invoke(main, options)
    assert result.exit_code == 1, result.output
    text = assert_safe(result.stdout_bytes, github=arguments == ["-f", "github"])
    lines = text.splitlines()
    if arguments == ["-f", "concise"]:
        assert len(lines) == 3 and lines[1].startswith("corpus.jsonl#t\\x00\\x1b[2J\\x0d\\x0a::error::forged")
        assert lines[0].startswith("in/n\\xff\\x1b]0;pwn\\x07\\x1b[31m\\x0a::error::forged\\x9b\\x85\\u202e")
    elif arguments == ["-f", "jsonl"]:
        records = [json.loads(line) for line in lines]  # one record a line: 2 files, 2 findings, the summary
        assert [record["type"] for record in records].count("finding") == 2 and len(records) == 5
        assert {record["path"] for record in records if record["type"] == "file"} == {NAME_SHOWN, TITLE_SHOWN}
    elif arguments == ["-f", "json"]:
        report = json.loads(text)
        assert {entry["path"] for entry in report["files"]} == {NAME_SHOWN, TITLE_SHOWN}
        assert {entry["path"] for entry in report["summary"]["worst_files"]} == {NAME_SHOWN, TITLE_SHOWN}
        quoted = "\x1b[2J::error::forged\x9b\x85\u202e\u2028\\ud800"  # the message's own, exact
        assert any(quoted in finding["message"] for finding in report["findings"])
    elif arguments == ["-f", "sarif"]:
        uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(text)["runs"][0]["results"]}
        assert "in/n%FF%1B%5D0%3Bpwn%07%1B%5B31m%0A%3A%3Aerror%3A%3Aforged%C2%9B%C2%85%E2%80%AE%E2%81%A6%E2%80%A8.md" \
            in uris  # the file's own bytes, percent-encoded
    elif arguments == ["-f", "gitlab"]:
        issues = json.loads(text)
        assert {issue["location"]["path"] for issue in issues} == {NAME_SHOWN, "corpus.jsonl"}
        assert any(issue["description"].startswith(TITLE_SHOWN.split("#")[1] + ": ") for issue in issues)
    elif arguments == ["-f", "html"]:  # shown as the text formats show them, inside the markup
        assert visible("in/" + HOSTILE_NAME) in text and visible("corpus.jsonl#" + HOSTILE_TITLE) in text
    elif arguments == ["-f", "junit"]:
        names = {case.get("name") for case in ElementTree.fromstring(text).iter("testcase")}
        assert names == {visible("in/" + HOSTILE_NAME), visible("corpus.jsonl#" + HOSTILE_TITLE)}
    with_output = CliRunner().invoke(main, [*options, "-o", "report.out"])
    assert with_output.exit_code == 1, with_output.output
    assert Path("report.out").read_bytes() == result.stdout_bytes  # -o writes the same, valid UTF-8


def test_hostile_names_in_the_cache_the_baseline_and_diff(hostile: list[str]) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["--no-cache", "-f", "concise", *hostile])
    for _ in range(2):  # written to the cache, then read from it: the same report
        cached = runner.invoke(main, ["--cache-dir", "cache", "-f", "concise", *hostile])
        assert (cached.exit_code, cached.stdout_bytes) == (1, plain.stdout_bytes), cached.output
    created = runner.invoke(main, ["baseline", "create", "-o", "baseline.json", *hostile])
    assert created.exit_code == 0, created.output
    Path("baseline.json").read_text(encoding="utf-8")
    gate = runner.invoke(main, ["--no-cache", "--baseline", "baseline.json", *hostile])
    assert gate.exit_code == 0 and "; 2 absorbed by the baseline" in gate.stdout  # the names read back exactly
    diff = runner.invoke(main, ["--no-cache", "--diff", "in"])
    assert diff.exit_code == 1
    headers = [line for line in assert_safe(diff.stdout_bytes).splitlines() if line.startswith(("---", "+++"))]
    shown = visible("in/" + HOSTILE_NAME)
    assert headers == [f"--- a/{shown}", f"+++ b/{shown}"]
    fixed = runner.invoke(main, ["--no-cache", "--fix", "--show-fixes", "in"])
    assert fixed.exit_code == 0 and f"  {shown}:" in fixed.stderr
    assert_safe(fixed.stderr_bytes)


def test_an_error_naming_a_hostile_path_is_one_safe_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "x\x1b]0;pwn\x07\n::error::forged\u202e"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[tool.wikilint]\ndialect = "klingon"\n', encoding="utf-8")
    (folder / "a.md").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["a.md"])
    assert result.exit_code == 2
    [line] = assert_safe(result.stderr_bytes).splitlines()
    assert line.startswith("wikilint: error: ") and "x\\x1b]0;pwn\\x07\\x0a::error::forged\\u202e" in line
    (folder / "empty").mkdir()
    (folder / "pyproject.toml").unlink()
    result = CliRunner().invoke(main, [str(folder / "empty")])  # nothing to lint: a warning names the folder
    [line] = assert_safe(result.stderr_bytes).splitlines()
    assert line.startswith("wikilint: warning: no files") and "x\\x1b]0;pwn\\x07\\x0a::error::forged" in line


HOSTILE_CHARACTERS = st.sampled_from(list("\x00\x07\x1b[]\n\r\t\x85\x9b\u2028\u2029\u202e\u2066\u061c\ufffe: #%,<&中"))
ANY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates too


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.binary(max_size=30).map(os.fsdecode), st.text(HOSTILE_CHARACTERS | ANY_CHARACTER, max_size=30)),
    st.text(HOSTILE_CHARACTERS | ANY_CHARACTER, max_size=60),
)
def test_every_report_is_safe_whatever_the_name_and_message(path: str, message: str) -> None:
    check_reports_are_safe(path, message)

@pytest.mark.parametrize("dialect", ["markdown", "wikitext"])
def test_lone_surrogates_in_the_name_or_the_text_fail_no_rule(dialect: str) -> None:
    # A name that is not UTF-8 (the title SCR001 compares bold terms with) or a JSONL text with
    # "\ud800" reached OpenCC and zhconv, which take UTF-8 only: WL004 in SCR001 and SCR002.
    text = "這個軟件很好，那個軟體。'''粗體\ud800'''、**粗體\udcff** 信息\ud800视频\n"
    check_invariants_of(Linter(Settings(timeout=0)), text, dialect, "dir/\udcff粗體.md")


def test_escaping_rules() -> None:
    assert visible("a\tb\x1b[0m\x9b\x85\u202e\u2028\udcff\ud800\uffff 中") == (
        "a\\tb\\x1b[0m\\x9b\\x85\\u202e\\u2028\\xff\\ud800\\uffff 中"
    )
    assert visible("a\nb\rc", keep="\n") == "a\nb\\x0dc"
    assert visible_path("::error::x.md") == "\\x3a:error::x.md"
    assert visible_path(" \u3000::warning::x.md") == " \u3000\\x3a:warning::x.md"
    assert visible_path("a/::error::x.md") == "a/::error::x.md"  # a command only starts a line
    line = json_line({"p\u2028": "\x1b\x85\u202e\udcff中"})
    assert line == '{"p\\u2028": "\\u001b\\u0085\\u202e\\\\xff中"}'
    assert json.loads(line) == {"p\u2028": "\x1b\x85\u202e\\xff中"}

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
