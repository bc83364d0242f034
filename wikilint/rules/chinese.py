"""Traditional/Simplified analysis of Chinese text with OpenCC's phrase-aware converters.

A character is not judged alone: 后, 台, 干 and 里 are Simplified forms *and* valid
Traditional characters (皇后, 台灣, 若干, 公里). OpenCC's phrase dictionaries decide from
the surrounding words, so the text is converted whole and compared position by position.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

import opencc


class Script(str, enum.Enum):
    HANT = "hant"  # Traditional
    HANS = "hans"  # Simplified

    @property
    def label(self) -> str:
        return "Traditional" if self is Script.HANT else "Simplified"


# OpenCC configurations: Simplified → each standard of Traditional a zh article may follow.
_TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")
_TO_SIMPLIFIED = "t2s"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA_OR_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af]")
# Characters that may sit inside a run without ending it: names like 米格尔·迪亚斯-卡内尔.
_RUN_JOINERS = frozenset("·・-‧")


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def convert(text: str, config: str) -> str:
    """Convert with OpenCC, guaranteeing a result of the same length as ``text``.

    The configurations used here map character for character; should a phrase ever change
    the length, the text is converted line by line, then character by character, so that
    offsets stay aligned.
    """
    result: str = converter(config).convert(text)
    if len(result) == len(text):
        return result
    lines = text.split("\n")
    converted = [converter(config).convert(line) for line in lines]
    return "\n".join(
        line_result if len(line_result) == len(line) else "".join(converter(config).convert(c) for c in line)
        for line, line_result in zip(lines, converted, strict=True)
    )


@dataclass(frozen=True)
class ScriptMarks:
    """For each position of a text: whether only one of the two scripts writes it that way."""

    text: str
    traditional: str  # the text as Traditional (phrase-aware), for messages and fixes
    simplified: str  # the text as Simplified
    only_traditional: frozenset[int]
    only_simplified: frozenset[int]

    def count(self, script: Script) -> int:
        return len(self.only_traditional if script is Script.HANT else self.only_simplified)

    def marked(self, script: Script) -> frozenset[int]:
        return self.only_traditional if script is Script.HANT else self.only_simplified

    def converted(self, script: Script) -> str:
        return self.traditional if script is Script.HANT else self.simplified


def analyse(text: str) -> ScriptMarks:
    """Mark every Han character that belongs to one script only, in its context.

    Simplified-only: the character is unchanged by t2s, yet no Traditional standard (OpenCC
    s2t, s2tw, s2hk, applied to the Simplified form of the whole text so that phrases match)
    writes it that way. Traditional-only: t2s changes it.
    """
    if not _HAN.search(text):
        return ScriptMarks(text, text, text, frozenset(), frozenset())
    simplified = convert(text, _TO_SIMPLIFIED)
    traditional_forms = [convert(simplified, config) for config in _TO_TRADITIONAL]
    only_traditional = []
    only_simplified = []
    for match in _HAN.finditer(text):
        index = match.start()
        char = text[index]
        if simplified[index] != char:
            only_traditional.append(index)
        elif all(form[index] != char for form in traditional_forms):
            only_simplified.append(index)
    return ScriptMarks(
        text,
        _closest(text, traditional_forms),
        simplified,
        frozenset(only_traditional),
        frozenset(only_simplified),
    )


def _closest(text: str, forms: list[str]) -> str:
    """The Traditional standard (OpenCC, Taiwan, Hong Kong) the article itself follows most."""

    def agreement(form: str) -> int:
        return sum(1 for a, b in zip(text, form, strict=True) if a == b)

    return max(forms, key=agreement) if len(forms) > 1 and len(set(forms)) > 1 else forms[0]


def looks_chinese(text: str) -> bool:
    """False for Japanese or Korean text, whose kanji/hanja are not a Chinese script choice."""
    han = len(_HAN.findall(text))
    if han == 0:
        return False
    return len(_KANA_OR_HANGUL.findall(text)) < 0.05 * han


@dataclass(frozen=True)
class Run:
    start: int
    end: int


def runs(marks: ScriptMarks, script: Script) -> list[Run]:
    """Maximal stretches that start and end with a character marked ``script``.

    A run goes on over Han characters valid in both scripts and over name joiners, and stops
    at a character of the other script, at punctuation, Latin text or a skipped region.
    """
    marked = marks.marked(script)
    other = marks.marked(Script.HANS if script is Script.HANT else Script.HANT)
    text = marks.text
    found: list[Run] = []
    start: int | None = None
    last = -1
    for index in sorted(marked):
        if start is not None and _continues(text, last + 1, index, other):
            last = index
            continue
        if start is not None:
            found.append(Run(start, last + 1))
        start = last = index
    if start is not None:
        found.append(Run(start, last + 1))
    return found


def _continues(text: str, gap_start: int, gap_end: int, other: frozenset[int]) -> bool:
    for index in range(gap_start, gap_end):
        char = text[index]
        if index in other or not (_HAN.match(char) or char in _RUN_JOINERS):
            return False
    return True
