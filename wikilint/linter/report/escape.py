"""How untrusted text (paths, page titles, messages quoting articles) is written in every report.

A file name or a JSONL title is chosen by whoever wrote the input, so in a report it must not
reach a terminal as an escape sequence, start a line of its own (a forged ``::error::`` in a
CI log), reorder what follows it (bidi overrides) or break the report's encoding. Two forms:

- :func:`visible` for the line formats (text, concise, statistics, github, junit, diff
  headers): control characters (C0, DEL, C1 such as U+009B and U+0085), direction marks and
  overrides, line and paragraph separators and non-characters are shown as ``\\xNN`` or
  ``\\uNNNN``. :func:`visible_path` also keeps a path from starting a GitHub workflow command.
- :func:`write_json` and :func:`json_line` for the JSON formats (json, jsonl, sarif, gitlab):
  the values stay exact, but those characters are written as JSON ``\\uNNNN`` escapes, so no
  raw byte of the report can move the cursor or split a JSON Lines record.

A name that is not valid UTF-8 reaches Python with each undecodable byte as a lone surrogate
(U+DC80–U+DCFF, ``surrogateescape``); it is shown as the byte, ``\\xNN``, in both forms (any
other lone surrogate as ``\\udNNN``), so every report is valid UTF-8.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

#: C0 controls, DEL and C1 controls; the Arabic letter mark, the left-to-right and
#: right-to-left marks, embeddings, overrides and isolates; line and paragraph separators;
#: the non-characters XML cannot hold.
_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff"
_SURROGATES = "\ud800-\udfff"
_SHOWN = re.compile(f"[\x00-\x1f{_UNSAFE}{_SURROGATES}]")
# JSON escapes C0 controls in strings itself, and its own indentation is made of them.
_JSON_RAW = re.compile(f"[{_UNSAFE}]")
_JSON_SURROGATE = re.compile(f"[{_SURROGATES}]")
_LEADING_SPACE = re.compile(r"\s*")


def escaped(char: str) -> str:
    """The visible form of one character: ``\\t``, ``\\xNN`` (a byte of an undecodable name too) or ``\\uNNNN``."""
    code = ord(char)
    if char == "\t":
        return "\\t"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def needs_escape(char: str) -> bool:
    return _SHOWN.fullmatch(char) is not None


def visible(text: str, keep: str = "") -> str:
    """``text`` on one line, safe for a terminal or a log: every unsafe character shown escaped,
    but those in ``keep``, which the caller escapes its own way."""
    return _SHOWN.sub(lambda match: match[0] if match[0] in keep else escaped(match[0]), text)


def visible_path(path: str) -> str:
    """A path as :func:`visible`, and never read as a GitHub workflow command (``::error::…``)
    where it starts a line: a leading colon is shown escaped."""
    shown = visible(path)
    lead = _LEADING_SPACE.match(shown)
    start = lead.end() if lead else 0
    if shown.startswith(":", start):  # "::cmd", or ":" and the ":line" that follows it
        shown = shown[:start] + escaped(":") + shown[start + 1 :]
    return shown


def encodable(text: str) -> str:
    """``text`` with only the lone surrogates shown escaped: what a URI or a hash may take."""
    return _JSON_SURROGATE.sub(lambda match: escaped(match[0]), text)


def write_json(stream: TextIO, data: Any, indent: int | None = None) -> None:
    """``data`` as JSON, piece by piece (a large report is never one string), CJK kept readable."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(data):
        stream.write(_safe_json(chunk))


def json_line(data: Any) -> str:
    """``data`` as one line of JSON: no raw character in it ends a line for any reader."""
    return _safe_json(json.dumps(data, ensure_ascii=False))


def _safe_json(text: str) -> str:
    # With ensure_ascii=False, JSON leaves non-ASCII characters raw, and they occur only
    # inside strings: an unsafe one becomes the \uNNNN escape of the same value, a lone
    # surrogate (no character at all, not UTF-8) the visible text "\xNN".
    text = _JSON_RAW.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
    return _JSON_SURROGATE.sub(lambda match: "\\" + escaped(match[0]), text)
