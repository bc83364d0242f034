"""What rules yield (:class:`Diagnostic`) and what reporters print (:class:`Finding`)."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from typing import Any

from wikilint.linter.document import Span


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Diagnostic:
    """A problem a rule found, in document offsets; the runner turns it into a Finding."""

    span: Span
    message: str


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem. Lines and columns are 1-based; the end column is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    fix: None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
