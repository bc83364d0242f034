"""JUnit XML (``-f junit``) for the CI systems that read test reports (Jenkins, GitLab, Azure…).

One ``<testcase>`` per document, not per finding: a document is what passes or fails, so
every input appears (a clean one as a passing test), the number of tests is the number of
documents whatever their findings, and a test keeps its name from run to run (no line
numbers in it), which lets Jenkins and GitLab follow since when a file fails. A document
with findings has one ``<failure>`` listing them one per line, ``path:line:column: CODE
message``; one that could not be linted (WL001, WL004–WL006) has an ``<error>`` instead.

``<testsuite>`` carries the counts before its test cases, so the cases are spooled to a
temporary file (memory first, disk past a few MB) and copied after the counts at the end:
a corpus run holds no findings.

Paths and article text are untrusted: everything is made :func:`.escape.visible` (control,
direction-changing and line-breaking characters, lone surrogates and U+FFFE/U+FFFF written
as ``\\xNN``/``\\uNNNN`` text; most of them XML 1.0 cannot carry at all) and then goes
through ElementTree's escaping, so the file is always well-formed and one line per finding.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import TextIO
from xml.etree import ElementTree

from wikilint.linter.finding import Finding
from wikilint.linter.report.escape import visible
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

SUITE = "wikilint"
_SPOOL_BYTES = 4_000_000


class JunitReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        # Open for the reporter's life, add after add; finish closes it.
        self.cases = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8"
        )
        self.tests = self.failures = self.errors = 0

    def add(self, result: FileResult) -> None:
        self.tests += 1
        case = ElementTree.Element("testcase", {"classname": SUITE, "name": visible(result.path), "time": "0"})
        if result.error is not None:
            self.errors += 1
            outcome = ElementTree.SubElement(case, "error", {"message": visible(result.error), "type": _code(result)})
            outcome.text = _listing(result.findings)
        elif result.findings:
            self.failures += 1
            outcome = ElementTree.SubElement(case, "failure", {"message": _headline(result.findings),
                                                               "type": _worst(result.findings)})
            outcome.text = _listing(result.findings)
        self.cases.write("    " + ElementTree.tostring(case, encoding="unicode") + "\n")

    def finish(self, summary: Summary) -> None:
        counts = {"tests": str(self.tests), "failures": str(self.failures), "errors": str(self.errors),
                  "skipped": "0", "time": "0"}
        attributes = " ".join(f'{key}="{value}"' for key, value in counts.items())
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(f'<testsuites name="{SUITE}" {attributes}>\n')
        self.stream.write(f'  <testsuite name="{SUITE}" {attributes}>\n')
        self.cases.seek(0)
        shutil.copyfileobj(self.cases, self.stream)
        self.cases.close()
        self.stream.write("  </testsuite>\n</testsuites>\n")


def _listing(findings: list[Finding]) -> str:
    return "".join(
        visible(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}") + "\n"
        for finding in findings
    )


def _headline(findings: list[Finding]) -> str:
    count = len(findings)
    codes = sorted({finding.code for finding in findings})
    return f"{count} finding{'' if count == 1 else 's'}: {', '.join(codes)}"


def _worst(findings: list[Finding]) -> str:
    levels = {finding.severity.value for finding in findings}
    return next(level for level in ("error", "warning", "info") if level in levels)


def _code(result: FileResult) -> str:
    return result.findings[0].code if result.findings else "error"
