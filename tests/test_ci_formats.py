"""The CI formats GitLab and Jenkins read natively: GitLab Code Quality and JUnit XML."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml
from packaging.requirements import Requirement

from wikilint.cli import main
from wikilint.linter.finding import Finding, Severity
from wikilint.linter.report import REPORTERS
from wikilint.linter.report.gitlab_report import GitlabReporter
from wikilint.linter.report.junit_report import JunitReporter
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

from .conftest import FIXTURES, ROOT, SEED

GITLAB_SCHEMA = json.loads((FIXTURES / "gitlab" / "code-quality-report.schema.json").read_text(encoding="utf-8"))
SEED_FINDINGS = 60
#: Untrusted article text at its worst: controls XML cannot hold, a CDATA end, markup,
#: entities, both quotes, a line break and a terminal escape.
HOSTILE = "a\x01b\x1b[31m ]]> <ref name=\"x\"> & 'q' \"d\"\nnext\x00"


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seed (findings), an undecodable file (WL001) and a clean one, as relative paths."""
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\xfd")
    (tmp_path / "clean.md").write_text("# Title\n\nPlain text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return ["seed.txt", "bad.md", "clean.md"]


def one_result(path: str, message: str, code: str = "TPL001") -> FileResult:
    finding = Finding(path, 2, 3, 2, 9, code, "stray-template", Severity.WARNING, message, fingerprint="f" * 20)
    return FileResult(path, None, [finding])


def render(reporter: GitlabReporter | JunitReporter, stream: io.StringIO, *results: FileResult) -> str:
    summary = Summary()
    for result in results:
        summary.add(result)
        reporter.add(result)
    reporter.finish(summary)
    return stream.getvalue()


# --- GitLab Code Quality ------------------------------------------------------------------


def test_gitlab_report_meets_gitlabs_required_fields(inputs: list[str]) -> None:
    result = CliRunner().invoke(main, ["-f", "gitlab", *inputs])
    assert result.exit_code == 1
    issues = json.loads(result.output)
    jsonschema.Draft7Validator(GITLAB_SCHEMA).validate(issues)
    assert len(issues) == SEED_FINDINGS + 1
    assert {issue["location"]["path"] for issue in issues} == {"seed.txt", "bad.md"}
    # GitLab shows one issue per fingerprint: every finding needs its own.
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    unreadable = next(issue for issue in issues if issue["check_name"] == "WL001")
    assert unreadable["severity"] == "major"
    assert unreadable["location"]["positions"]["begin"]["line"] == 1
    empty = next(issue for issue in issues if issue["check_name"] == "REF001")
    assert empty["description"] == "REF001 reference entry 1 is empty"
    assert empty["categories"] == ["Bug Risk"]
    assert {issue["severity"] for issue in issues} == {"major", "minor"}


def test_gitlab_fingerprints_survive_an_edit_elsewhere(inputs: list[str]) -> None:
    """GitLab tells new issues from fixed ones by fingerprint: inserting lines above a
    finding must not make it look new (Finding.fingerprint has no line numbers)."""
    before = json.loads(CliRunner().invoke(main, ["-f", "gitlab", "seed.txt"]).output)
    seed = Path("seed.txt")
    seed.write_text("新的一行。\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(CliRunner().invoke(main, ["-f", "gitlab", "seed.txt"]).output)
    assert [issue["location"]["positions"]["begin"]["line"] for issue in after] == [
        issue["location"]["positions"]["begin"]["line"] + 2 for issue in before
    ]
    assert [issue["fingerprint"] for issue in after] == [issue["fingerprint"] for issue in before]


def test_gitlab_identical_findings_get_distinct_fingerprints() -> None:
    stream = io.StringIO()
    twice = FileResult("a.md", None, [*one_result("a.md", "same").findings, *one_result("a.md", "same").findings])
    other_file = one_result("b.md", "same")
    issues = json.loads(render(GitlabReporter(stream), stream, twice, other_file))
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_gitlab_clean_run_is_an_empty_array(inputs: list[str]) -> None:
    result = CliRunner().invoke(main, ["-f", "gitlab", "clean.md"])
    assert result.exit_code == 0
    assert json.loads(result.output) == []


def test_gitlab_locates_a_corpus_record_in_its_file(inputs: list[str]) -> None:
    record = {"title": "Page One", "text": "Text {{-}} here.\n"}
    Path("corpus.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [issue] = json.loads(CliRunner().invoke(main, ["-f", "gitlab", "--select", "TPL001", "corpus.jsonl"]).output)
    assert issue["location"]["path"] == "corpus.jsonl"
    assert issue["description"].startswith("Page_One: TPL001 ")


def test_gitlab_escapes_untrusted_text() -> None:
    stream = io.StringIO()
    output = render(GitlabReporter(stream), stream, one_result("dir/\udcffx.md", HOSTILE))
    assert "\x1b" not in output and "\x00" not in output
    [issue] = json.loads(output)
    assert issue["description"] == "TPL001 " + HOSTILE
    assert issue["location"]["path"].endswith("dir/\\xffx.md")  # the undecodable byte, shown
    output.encode("utf-8")  # a lone surrogate would make this, and the report file, fail


# --- JUnit XML ----------------------------------------------------------------------------


def test_junit_report_parses_with_one_test_per_input(inputs: list[str]) -> None:
    result = CliRunner().invoke(main, ["-f", "junit", *inputs])
    assert result.exit_code == 1
    xml = JUnitXml.fromstring(result.output.encode("utf-8"))
    [suite] = list(xml)
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (3, 1, 1, 0)
    cases = {case.name: case for case in suite}
    assert set(cases) == set(inputs)
    assert cases["clean.md"].is_passed
    [failure] = cases["seed.txt"].result
    assert isinstance(failure, Failure)
    assert failure.type == "error"
    assert failure.message.startswith(f"{SEED_FINDINGS} findings: LNK001, ")
    lines = failure.text.splitlines()
    assert len(lines) == SEED_FINDINGS
    assert "seed.txt:23:1: REF001 reference entry 1 is empty" in lines
    [error] = cases["bad.md"].result
    assert isinstance(error, Error)
    assert error.type == "WL001"


def test_junit_report_to_a_file_is_whole(inputs: list[str]) -> None:
    result = CliRunner().invoke(main, ["-f", "junit", "-o", "report.xml", *inputs])
    assert result.exit_code == 1
    suite = next(iter(JUnitXml.fromfile("report.xml")))
    assert suite.tests == len(inputs)


def test_junit_escapes_untrusted_text() -> None:
    stream = io.StringIO()
    output = render(JunitReporter(stream), stream, one_result("a\x02<&>\"'.md", HOSTILE),
                    one_result("lone\udcff\n.md", "x"))
    assert "\x1b" not in output and "\x00" not in output and "\x01" not in output
    assert "]]>" not in output
    output.encode("utf-8")
    root = ElementTree.fromstring(output)
    first, second = root.iter("testcase")
    assert first.get("name") == "a\\x02<&>\"'.md"
    assert second.get("name") == "lone\\xff\\x0a.md"
    assert second.findtext("failure") == "lone\\xff\\x0a.md:2:3: TPL001 x\n"
    failure = first.find("failure")
    assert failure is not None and failure.text is not None
    shown = "a\\x01b\\x1b[31m ]]> <ref name=\"x\"> & 'q' \"d\"\\x0anext\\x00"
    assert failure.text == f"a\\x02<&>\"'.md:2:3: TPL001 {shown}\n"
    assert JUnitXml.fromstring(output.encode("utf-8")).tests == 2


def test_junit_empty_run_is_a_valid_empty_suite() -> None:
    stream = io.StringIO()
    suite = next(iter(JUnitXml.fromstring(render(JunitReporter(stream), stream).encode("utf-8"))))
    assert (suite.tests, suite.failures) == (0, 0)


# --- SARIF --------------------------------------------------------------------------------


def test_sarif_links_to_no_page_that_does_not_exist(inputs: list[str]) -> None:
    """wikilint is not on PyPI and has no public home: the optional informationUri is left out
    rather than pointing at a missing page (the schema test in test_ci_gate still holds)."""
    log = json.loads(CliRunner().invoke(main, ["-f", "sarif", "seed.txt"]).output)
    driver = log["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert "pypi.org" not in json.dumps(log)


# --- README: the CI snippets --------------------------------------------------------------


def readme_blocks(language: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", readme, re.DOTALL)


def ci_snippets() -> dict[str, str]:
    blocks = readme_blocks("yaml") + readme_blocks("groovy")
    return {block.splitlines()[0]: block for block in blocks if "wikilint articles/" in block}


def test_readme_ci_snippets_install_from_the_repository_and_use_real_formats() -> None:
    """wikilint is not on PyPI: a pasted `pip install wikilint` fails. Each snippet installs
    the repository by a PEP 508 direct reference, and names only formats that exist."""
    snippets = ci_snippets()
    assert set(snippets) == {"# .github/workflows/wikilint.yml", "# .gitlab-ci.yml", "// Jenkinsfile"}
    for name, text in snippets.items():
        assert not re.search(r"pip install +['\"]?wikilint['\"]?\s*$", text, re.MULTILINE), name
        [spec] = re.findall(r"WIKILINT\W+['\"](.+?)['\"]", text)
        assert Requirement(spec).url == "git+https://example.org/your-mirror/wikilint@main", name
        assert 'pip install "$WIKILINT"' in text, name
        formats = re.findall(r"(?:--format|-f) (\w+)", text)
        assert formats and set(formats) <= set(REPORTERS), name
    for name in ("# .github/workflows/wikilint.yml", "# .gitlab-ci.yml"):
        yaml.safe_load(snippets[name])
    gitlab = yaml.safe_load(snippets["# .gitlab-ci.yml"])["wikilint"]
    assert gitlab["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json",
                                              "junit": "wikilint-junit.xml"}
    script = " ".join(gitlab["script"])
    assert "--format gitlab --output gl-code-quality-report.json" in script
    assert "--format junit --output wikilint-junit.xml" in script


def test_readme_format_option_lists_every_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `-f, --format"))
    listed = row.split("`")[1].split()[-1].replace("\\|", "|").split("|")
    assert sorted(listed) == sorted(REPORTERS)
