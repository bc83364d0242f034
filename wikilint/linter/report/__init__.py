"""Reporters: one module per output format, each turning a Report into text."""

from __future__ import annotations

from collections.abc import Callable

from wikilint.linter.report import json_report, text_report
from wikilint.linter.runner import Report

Formatter = Callable[[Report], str]

FORMATS: dict[str, Formatter] = {
    "text": text_report.render,
    "json": json_report.render,
}

__all__ = ["FORMATS", "Formatter"]
