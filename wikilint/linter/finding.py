"""What rules yield (:class:`Diagnostic`) and what reporters print (:class:`Finding`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from wikilint.linter.document import Span


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


class Applicability(str, enum.Enum):
    """``safe`` fixes keep the meaning and run with ``--fix``; ``unsafe`` need ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``[start, end)`` of the document text by ``content`` (offsets in code points)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    message: str = ""

    @classmethod
    def replace(cls, span: Span, content: str, message: str, unsafe: bool = False) -> Fix:
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        return cls((Edit(span.start, span.end, content),), applicability, message)

    @classmethod
    def delete(cls, span: Span, message: str) -> Fix:
        return cls.replace(span, "", message)


@dataclass(frozen=True)
class Diagnostic:
    """A problem a rule found, in document offsets; the runner turns it into a Finding."""

    span: Span
    message: str
    fix: Fix | None = None


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
    fix: FixedEdits | None = field(default=None, compare=False)
    #: Identifies the finding across edits elsewhere in the file (no line numbers in it):
    #: the baseline and SARIF's partialFingerprints use it.
    fingerprint: str = field(default="", compare=False)
    #: The text of the finding's first line (a window of it around the finding when the line
    #: is very long) and the column that text starts at, for reporters that show the source.
    #: Not part of the JSON report.
    source_line: str = field(default="", compare=False)
    source_column: int = field(default=1, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        fix = FixedEdits.from_dict(data["fix"]) if data.get("fix") else None
        return cls(**{**data, "severity": Severity(data["severity"]), "fix": fix})



#: How much of a very long line a finding keeps on each side of its column.
SOURCE_WINDOW = 1000


def source_window(line_text: str, column: int) -> tuple[str, int]:
    """The part of a finding's line it keeps (at most ``SOURCE_WINDOW`` characters each side of
    ``column``), and the column that part starts at: ``Finding.source_line``/``source_column``."""
    start = max(0, column - 1 - SOURCE_WINDOW)
    return line_text[start : column - 1 + SOURCE_WINDOW], start + 1


@dataclass(frozen=True)
class PlacedEdit:
    """An edit with both its offsets (to apply it) and its line/column range (to show it)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class FixedEdits:
    """A Fix as reported: applicability, message and placed edits."""

    applicability: Applicability
    message: str
    edits: tuple[PlacedEdit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [
                {
                    "start": edit.start, "end": edit.end, "line": edit.line, "column": edit.column,
                    "end_line": edit.end_line, "end_column": edit.end_column, "content": edit.content,
                }
                for edit in self.edits
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FixedEdits:
        return cls(
            Applicability(data["applicability"]),
            data["message"],
            tuple(PlacedEdit(**edit) for edit in data["edits"]),
        )
