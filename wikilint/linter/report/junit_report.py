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

Article text is untrusted: everything goes through ElementTree's escaping, and characters
XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are written
as visible ``\\xNN``/``\\uNNNN`` text, so the file is always well-formed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import TextIO
from xml.etree import ElementTree

from wikilint.linter.finding import Finding
from wikilint.linter.results import FileResult
from wikilint.linter.summary import Summary

SUITE = "wikilint"
_SPOOL_BYTES = 4_000_000
# Not Char in XML 1.0 (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In a failure's one-line-per-finding body, a line break in a path or message is shown too.
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")


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
        case = ElementTree.Element("testcase", {"classname": SUITE, "name": xml_text(result.path), "time": "0"})
        if result.error is not None:
            self.errors += 1
            outcome = ElementTree.SubElement(case, "error", {"message": xml_text(result.error), "type": _code(result)})
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


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold, even escaped, shown as ``\\xNN``."""
    return _NOT_XML.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _listing(findings: list[Finding]) -> str:
    lines = (
        _LINE_BREAKS.sub(_visible, f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
        for finding in findings
    )
    return xml_text("\n".join(lines)) + "\n"


def _headline(findings: list[Finding]) -> str:
    count = len(findings)
    codes = sorted({finding.code for finding in findings})
    return f"{count} finding{'' if count == 1 else 's'}: {', '.join(codes)}"


def _worst(findings: list[Finding]) -> str:
    levels = {finding.severity.value for finding in findings}
    return next(level for level in ("error", "warning", "info") if level in levels)


def _code(result: FileResult) -> str:
    return result.findings[0].code if result.findings else "error"
