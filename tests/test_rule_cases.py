"""Every rule's pass and fail cases, kept as data in tests/rules/<CODE>.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wikilint import lint_text

CASE_FILES = sorted((Path(__file__).parent / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['dialect']}-{case['name']}"))
    return params


def test_case_files_exist() -> None:
    assert {path.stem for path in CASE_FILES} >= {"REF001", "LNK001", "SCR001", "TPL001"}


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    config: dict[str, Any] = {"select": [code]}
    if "options" in case:
        from wikilint.linter.registry import load_registry

        rule = load_registry().get(code)
        assert rule is not None
        config["rules"] = {rule.name: case["options"]}
    findings = lint_text(case["text"], dialect=case["dialect"], config=config)
    found = [[finding.line, finding.column] for finding in findings if finding.code == code]
    assert found == case["expect"], [finding.message for finding in findings]
    assert not [finding for finding in findings if finding.code.startswith("WL")]
