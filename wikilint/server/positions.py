"""Code-point offsets to LSP positions and back, in the negotiated position encoding.

wikilint counts in code points (Python ``str`` indices); LSP counts a position's
``character`` in UTF-16 code units unless client and server agreed on ``utf-8`` or
``utf-32``. A character outside the BMP (``𠀀``) is one code point, two UTF-16 units and
four UTF-8 bytes. Lines break at ``\\r\\n``, ``\\r`` and ``\\n`` in both worlds.
"""

from __future__ import annotations

import bisect

from wikilint.linter.document import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


def code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of ``line`` make ``count`` code units (clamped to the line; a
    position inside a character counts as that character's start)."""
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    used = 0
    for index, char in enumerate(line):
        width = units(char, encoding)
        if used + width > count:
            return index
        used += width
    return len(line)


class LineMap:
    """A text's line starts, to move between offsets and (line, character) positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.starts = self.index.starts

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Start and end (past its line break) of line ``line`` (0-based, an existing line)."""
        bounds = self.index.line_bounds(line + 1)
        if bounds is None:
            raise IndexError(f"no line {line}")
        return bounds

    def line_text(self, line: int) -> str:
        """Line ``line`` (0-based) without its line break."""
        start, end = self.line_bounds(line)
        return self.text[start:end].rstrip("\r\n")

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        """The 0-based (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line] : offset], encoding)

    def offset(self, line: int, character: int, encoding: str) -> int:
        """The code-point offset of a position; past the last line is the end of the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[line] + code_points(self.line_text(line), character, encoding)

    def line_column_offset(self, line: int, column: int) -> int:
        """The offset of a Finding's 1-based line and code-point column."""
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[max(line, 1) - 1] + max(column, 1) - 1, len(self.text))
