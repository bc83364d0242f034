"""Traditional/Simplified analysis of Chinese text with OpenCC's phrase-aware converters.

A character is not judged alone: 后, 台, 干 and 里 are Simplified forms *and* valid
Traditional characters (皇后, 台灣, 若干, 公里). OpenCC's phrase dictionaries decide from
the surrounding words, so the text is converted whole and compared position by position.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

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
#: What OpenCC cannot convert: NUL ends its C string, a lone surrogate is not UTF-8.
_OPAQUE = re.compile("[\x00\ud800-\udfff]")
_RUN_JOINERS = frozenset("·・-‧")


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def convert(text: str, config: str) -> str:
    """Convert with OpenCC, guaranteeing a result of the same length as ``text``.

    The configurations used here map character for character, but a phrase could change
    the length, OpenCC stops at a NUL character (a C string) and cannot take a lone surrogate
    (not UTF-8: a JSONL text may hold one); so those are converted as spaces and put back, and
    a text whose length changes is converted line by line, then character by character,
    keeping any character whose conversion is not exactly one character.
    """
    clean = _OPAQUE.sub(" ", text)
    result: str = converter(config).convert(clean)
    if len(result) == len(text):
        return _restore_opaque(text, result)
    lines = clean.split("\n")
    converted = []
    for line in lines:
        line_result = converter(config).convert(line)
        if len(line_result) != len(line):
            line_result = "".join(_one_char(converter(config).convert(char), char) for char in line)
        converted.append(line_result)
    return _restore_opaque(text, "\n".join(converted))


def _one_char(converted: str, original: str) -> str:
    return converted if len(converted) == 1 else original


def _restore_opaque(text: str, result: str) -> str:
    if not _OPAQUE.search(text):
        return result
    return "".join(original if _OPAQUE.match(original) else char for original, char in zip(text, result, strict=True))


@dataclass(frozen=True)
class ScriptMarks:
    """For each position of a text: whether only one of the two scripts writes it that way."""

    text: str
    only_traditional: frozenset[int]
    only_simplified: frozenset[int]
    #: For each marked position, the character both converters agree on in the other script
    #: (absent where they disagree: 爲/為).
    as_traditional: Mapping[int, str]
    as_simplified: Mapping[int, str]

    def count(self, script: Script) -> int:
        return len(self.only_traditional if script is Script.HANT else self.only_simplified)

    def marked(self, script: Script) -> frozenset[int]:
        return self.only_traditional if script is Script.HANT else self.only_simplified

    def converted(self, script: Script, start: int, end: int) -> str | None:
        """``text[start:end]`` with its marked characters in ``script``, or None where the
        converters do not agree on the form of one of them."""
        other = self.only_simplified if script is Script.HANT else self.only_traditional
        forms = self.as_traditional if script is Script.HANT else self.as_simplified
        chars = []
        for index in range(start, end):
            if index not in other:
                chars.append(self.text[index])
            elif index in forms:
                chars.append(forms[index])
            else:
                return None
        return "".join(chars)


# MediaWiki's own tables (zhconv-rs): what the wiki itself accepts as each script.
Variant = Literal["zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk"]
_MEDIAWIKI_TRADITIONAL: tuple[Variant, ...] = ("zh-hant", "zh-tw", "zh-hk")
_MEDIAWIKI_SIMPLIFIED: Variant = "zh-hans"


def analyse(text: str) -> ScriptMarks:
    """Mark every Han character that belongs to one script only, in its context.

    Two converters must agree. OpenCC: a character is Traditional-only when t2s changes it,
    Simplified-only when t2s leaves it and no Traditional standard (s2t, s2tw, s2hk, applied
    to the Simplified form of the whole text so that phrases match) writes it that way.
    MediaWiki's tables: zh-hans changes a Traditional-only character, and zh-hant, zh-tw and
    zh-hk all change a Simplified-only one. OpenCC alone reads 公布 as 公佈, 了 as 瞭, 坐標
    as 座標 and the village unit 里 as 裏; the wiki's tables accept all of them as Traditional.
    """
    if not _HAN.search(text):
        return ScriptMarks(text, frozenset(), frozenset(), {}, {})
    simplified = convert(text, _TO_SIMPLIFIED)
    traditional_forms = [convert(simplified, config) for config in _TO_TRADITIONAL]
    traditional_forms.sort(key=lambda form: sum(1 for _ in differences(text, form)))  # the article's standard first
    wiki_simplified = wiki_convert(text, _MEDIAWIKI_SIMPLIFIED)
    wiki_traditional = [wiki_convert(text, variant) for variant in _MEDIAWIKI_TRADITIONAL]
    # Only Han characters ever convert, so the differing positions are the candidates.
    # A Simplified form beyond the BMP (暐 → 𬀩, from the 2013 list) is one most fonts and
    # Simplified texts do not use: the Traditional character is the usual Simplified spelling.
    only_traditional = frozenset(
        index
        for index in differences(text, simplified)
        if wiki_simplified[index] != text[index] and ord(simplified[index]) <= 0xFFFF
    )
    only_simplified = frozenset(
        index
        for index in differences(text, traditional_forms[0])
        if index not in only_traditional
        and all(form[index] != text[index] for form in traditional_forms[1:])
        and all(form[index] != text[index] for form in wiki_traditional)
    )
    as_simplified = {
        index: simplified[index] for index in only_traditional if simplified[index] == wiki_simplified[index]
    }
    as_traditional: dict[int, str] = {}
    for index in only_simplified:
        accepted = {form[index] for form in wiki_traditional}
        agreed = next((form[index] for form in traditional_forms if form[index] in accepted), None)
        if agreed is not None:
            as_traditional[index] = agreed
    return ScriptMarks(text, only_traditional, only_simplified, as_traditional, as_simplified)


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def wiki_convert(text: str, variant: Variant) -> str:
    """``text`` through MediaWiki's conversion to ``variant``, aligned with ``text``.

    A line whose length changes (a regional word of another length) is converted run of
    Han characters by run; a run that still changes length is left as it is (no opinion).
    A lone surrogate, which zhconv cannot take, is converted as a space and put back.
    """
    from zhconv_rs import zhconv

    lines = []
    for line in _OPAQUE.sub(" ", text).split("\n"):
        converted = zhconv(line, variant)
        if len(converted) != len(line):
            converted = _HAN_RUN.sub(lambda match: _same_length(zhconv(match[0], variant), match[0]), line)
        lines.append(converted)
    return _restore_opaque(text, "\n".join(lines))


def _same_length(converted: str, original: str) -> str:
    return converted if len(converted) == len(original) else original


_CHUNK = 64


def differences(first: str, second: str) -> Iterator[int]:
    """Positions where two strings of equal length differ.

    Chunks are compared first (in C); only a differing chunk is scanned character by
    character, which keeps this fast on long texts that mostly agree.
    """
    for start in range(0, len(first), _CHUNK):
        stop = start + _CHUNK
        if first[start:stop] != second[start:stop]:
            for index in range(start, min(stop, len(first))):
                if first[index] != second[index]:
                    yield index


def is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def count_han(text: str) -> int:
    return len(_HAN.findall(text))


@lru_cache(maxsize=8)  # SCR001-SCR003 each ask about the same prose text
def looks_chinese(text: str) -> bool:
    """False for Japanese or Korean text, whose kanji/hanja are not a Chinese script choice."""
    han = len(_HAN.findall(text))
    if han == 0:
        return False
    return len(_KANA_OR_HANGUL.findall(text)) < 0.05 * han


# Kanji of Japan's shinjitai that neither Chinese script writes (巻, 辺, 県, 駅 …): a title or
# a name with one of them is Japanese even without kana (《旧柳川藩志·下巻》, 渡辺).
_JAPANESE_ONLY_KANJI = (
    "巻辺県駅栄桜沢図団読売続薬楽様発対検険伝転戦気銭亜圧営塩応歓観関帰拠挙暁剣験権鉱稲徳総蔵騒択単弾恵渓"
    "経軽児焼畳譲醸縄壌剰浄粋酔髄穂絵斎斉砕済剤雑歯従渋獣縦粛処労両亀仮価覚勧巌犠拡陥郷駆勲継鶏撃倹圏顕"
    "実釈収渉奨嬢摂専繊荘捜挿巣帯滝遅鋳庁徴聴逓闘悩脳拝髪抜晩歩毎満黙戻訳揺覧竜猟涙塁霊齢暦錬"
)
# 々 (U+3005), the kanji repetition mark, is Japanese too: 田々宮英太郎, 佐々木.
_FOREIGN = re.compile(f"[\u3005\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af{_JAPANESE_ONLY_KANJI}]")
# A bracketed title or gloss: 「…」『…』《…》〈…〉（…）(…) “…” within one line.
_BRACKETED = re.compile(
    r"「[^「」\n]*」|『[^『』\n]*』|《[^《》\n]*》|〈[^〈〉\n]*〉|（[^（）\n]*）|\([^()\n]*\)|“[^“”\n]*”"
)
# Characters Japanese does not write (これ for 這, 対 for 對, 説 for 說 …): a handful of them
# outside the Japanese segments shows Chinese prose, however long the Japanese titles around it;
# one of them in a sentence with a Japanese title shows a Chinese sentence about that title.
_CHINESE_ONLY = re.compile("[为这這们們與个该該吗嗎对對从從说說经經]")
# A sentence: up to and including its end mark, or up to the end of the line. ASCII ! and ?
# end nothing: they stand inside titles (「…中出し!! 4時間」).
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]*")


def foreign_segments(text: str) -> list[tuple[int, int]]:
    """Spans of Japanese or Korean text in ``text``: their kanji/hanja are no script choice.

    A bracketed title or gloss holding kana, hangul or a Japanese-only kanji (「ハピネス」,
    （日語：あきもと やすし）, 《…下巻》) is one segment; so is a sentence (a list item, a
    bibliography entry) that holds one of them outside such brackets, or that holds such a
    title and no character Japanese never writes: the names around a Japanese title in
    ``津本陽『八月の砲声』 講談社`` are Japanese names, not Chinese prose.
    """
    if not _FOREIGN.search(text):
        return []
    segments: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        part = sentence[0]
        if not _FOREIGN.search(part):
            continue
        brackets = [m.span() for m in _BRACKETED.finditer(part) if _FOREIGN.search(m[0])]
        outside = _BRACKETED.sub(lambda m: " " * len(m[0]) if _FOREIGN.search(m[0]) else m[0], part)
        if _FOREIGN.search(outside) or (brackets and not _CHINESE_ONLY.search(outside)):
            segments.append(sentence.span())
        else:
            segments.extend((sentence.start() + start, sentence.start() + end) for start, end in brackets)
    return segments


# The banner the zhwiki converter puts above every article, always in Simplified:
# "> 本文内容由[Title](https://zh.wikipedia.org/wiki/Title)转换而来。" (the target is masked).
_CONVERTER_BANNER = re.compile(r"(?m)^>[ \t]*本文内容由[^\n]*")


@lru_cache(maxsize=8)  # SCR001 and SCR002 each ask about the same prose text
def chinese_prose(text: str) -> str | None:
    """``text`` with its Japanese and Korean segments and the converter's banner blanked
    (offsets unchanged), or None when the text is not Chinese: no Han characters, or most
    of them in Japanese or Korean segments and hardly a character only Chinese writes in
    the rest (a Japanese or Korean article, whose kanji-only headings are not Chinese either;
    a Chinese filmography of Japanese titles is still Chinese)."""
    text = _CONVERTER_BANNER.sub(lambda match: " " * len(match[0]), text)
    han = count_han(text)
    if han == 0:
        return None
    segments = foreign_segments(text)
    if not segments:
        return text
    pieces: list[str] = []
    cursor = 0
    foreign_han = 0
    for start, end in segments:
        pieces.append(text[cursor:start])
        foreign_han += count_han(text[start:end])
        pieces.append(" " * (end - start))
        cursor = end
    pieces.append(text[cursor:])
    chinese = "".join(pieces)
    if foreign_han * 2 >= han and len(_CHINESE_ONLY.findall(chinese)) < 3:
        return None
    return chinese


# A mention: one Han character (or a list of single characters, 㖊、浔) standing alone in
# quotation marks, quoted as the thing discussed (淘汰的用字有“浔”、“唡”), not used. A quoted
# word is not: “樞紐” introduces a term the article uses. Link and emphasis
# markup may stand around them (“[浔](…)”: the target is blanked to spaces in the prose text).
_GAP = r"[ \t\[\]*_]*"
_MENTIONED = f"{_GAP}{_HAN.pattern}(?:{_GAP}[、，,/／]{_GAP}{_HAN.pattern})*{_GAP}"
_MENTION = re.compile("|".join(f"{open_}{_MENTIONED}{close}" for open_, close in ("“”", "「」", "『』", "‘’", '""')))


def mentions(text: str) -> list[tuple[int, int]]:
    """Spans of characters quoted as characters: “浔”, 「裡」, “㖊、浔”. A character under
    discussion keeps the form the text discusses, whatever the article's script."""
    return [match.span() for match in _MENTION.finditer(text)]


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
