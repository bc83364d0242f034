"""Every rule's pass and fail cases, kept as data in tests/rules/<CODE>.yaml.

A case has ``text``, ``dialect`` and ``expect`` (the [line, column] of each finding of the
rule), and may add ``messages``: for each finding, a part of its message that must appear.
A case of a fixable rule may add ``fix``: the text after ``--fix --unsafe-fixes`` with only
this rule selected (sqlfluff's ``fix_str``); ``fix`` equal to ``text`` says the rule offers
no fix there. A fixed text never has a finding of the rule left that carried a fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wikilint import lint_text
from wikilint.api import to_settings
from wikilint.linter.fixer import fix_text
from wikilint.linter.registry import load_registry
from wikilint.linter.runner import Linter

CASE_FILES = sorted((Path(__file__).parent / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['dialect']}-{case['name']}"))
    return params


def _config(code: str, case: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {"select": [code]}
    if "options" in case:
        rule = load_registry().get(code)
        assert rule is not None
        config["rules"] = {rule.name: case["options"]}
    return config


def test_case_files_exist() -> None:
    assert {path.stem for path in CASE_FILES} >= {"REF001", "LNK001", "SCR001", "TPL001"}


def test_a_rule_is_fixable_exactly_when_its_cases_show_a_fix() -> None:
    """``fixable`` is declared by hand; the cases are what the rule does."""
    with_fix = set()
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any("fix" in case and case["fix"] != case["text"] for case in data["cases"]):
            with_fix.add(data["rule"])
    fixable = {rule.code for rule in load_registry() if rule.fixable}
    assert fixable == with_fix


def test_every_rule_has_a_failing_and_a_passing_case_per_dialect() -> None:
    """A rule is specified by what it flags and by what it leaves alone, in each dialect it reads."""
    kinds: dict[tuple[str, str], set[str]] = {}
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            kinds.setdefault((data["rule"], case["dialect"]), set()).add("fail" if case["expect"] else "pass")
    missing = [
        f"{rule.code} {dialect.value}: {sorted({'fail', 'pass'} - kinds.get((rule.code, dialect.value), set()))}"
        for rule in load_registry() if not rule.code.startswith("WL")
        for dialect in sorted(rule.dialects) if kinds.get((rule.code, dialect.value)) != {"fail", "pass"}
    ]
    assert not missing


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    config = _config(code, case)
    findings = lint_text(case["text"], dialect=case["dialect"], config=config)
    found = [[finding.line, finding.column] for finding in findings if finding.code == code]
    assert found == case["expect"], [finding.message for finding in findings]
    if "messages" in case:
        messages = [finding.message for finding in findings if finding.code == code]
        assert len(messages) == len(case["messages"])
        for message, part in zip(messages, case["messages"], strict=True):
            assert part in message
    assert not [finding for finding in findings if finding.code.startswith("WL")]


@pytest.mark.parametrize(("code", "case"), [param for param in _cases() if "fix" in param.values[1]])
def test_rule_fix(code: str, case: dict[str, Any]) -> None:
    linter = Linter(to_settings(_config(code, case)))
    outcome = fix_text(linter, case["text"], "<case>", case["dialect"], unsafe=True)
    assert outcome.text == case["fix"]
    left = [finding for finding in outcome.result.findings if finding.code == code and finding.fix is not None]
    assert not left, [finding.message for finding in left]
