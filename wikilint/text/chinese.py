"""Traditional/Simplified analysis of Chinese text with OpenCC's phrase-aware converters.

A character is not judged alone: 后, 台, 干 and 里 are Simplified forms *and* valid
Traditional characters (皇后, 台灣, 若干, 公里). OpenCC's phrase dictionaries decide from
the surrounding words, so the text is converted whole and compared position by position.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
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


def _has_opaque(text: str) -> bool:
    """Whether ``text`` holds what OpenCC cannot take (``_OPAQUE``). Checked without the
    regular expression: a substring test and a UTF-16 encoding (which refuses a lone
    surrogate) are five times faster over Chinese text, and every conversion asks."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False
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
    opaque = _has_opaque(text)
    clean = _OPAQUE.sub(" ", text) if opaque else text
    result: str = converter(config).convert(clean)
    if len(result) == len(text):
        return _restore_opaque(text, result) if opaque else result
    lines = clean.split("\n")
    converted = []
    for line in lines:
        line_result = converter(config).convert(line)
        if len(line_result) != len(line):
            line_result = "".join(_one_char(converter(config).convert(char), char) for char in line)
        converted.append(line_result)
    return _restore_opaque(text, "\n".join(converted))


@lru_cache(maxsize=4)  # SCR001 and SCR002 both take a document's prose to Simplified: once
def convert_document(text: str, config: str) -> str:
    """:func:`convert` for a whole document's text, cached for the rules that share it."""
    return convert(text, config)


def convert_each(texts: Sequence[str], config: str) -> list[str]:
    """``[convert(text, config) for text in texts]`` for many short texts (the Han runs of a
    document, link labels), in one call to OpenCC instead of one per text: the per-call
    overhead (a few µs, tens of thousands of runs per MB of zhwiki) was 40 % of SCR002's time
    over bench/speed.py's Chinese corpus.

    The texts are joined by line breaks, which no dictionary entry holds, so a phrase never
    matches across two of them and the joined conversion splits back into each text's own.
    A text with a line break or what OpenCC cannot take, or whose conversion changes its
    length, goes through :func:`convert` alone.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1 and not _has_opaque(joined):  # the usual case
        parts = converter(config).convert(joined).split("\n")
        if len(parts) == len(texts):
            pairs = zip(parts, texts, strict=True)
            return [part if len(part) == len(text) else convert(text, config) for part, text in pairs]
    batched = [index for index, text in enumerate(texts) if "\n" not in text and not _OPAQUE.search(text)]
    results = [text if "\n" not in text and not _OPAQUE.search(text) else convert(text, config) for text in texts]
    if not batched:
        return results
    parts = converter(config).convert("\n".join(texts[index] for index in batched)).split("\n")
    if len(parts) != len(batched):
        parts = [converter(config).convert(texts[index]) for index in batched]
    for index, part in zip(batched, parts, strict=True):
        results[index] = part if len(part) == len(texts[index]) else convert(texts[index], config)
    return results


def _one_char(converted: str, original: str) -> str:
    return converted if len(converted) == 1 else original


def _restore_opaque(text: str, result: str) -> str:
    if not _has_opaque(text):
        return result
    return "".join(original if _OPAQUE.match(original) else char for original, char in zip(text, result, strict=True))


@dataclass(frozen=True)
class ScriptMarks:
    """For each position of a text: whether only one of the two scripts writes it that way.

    The marks are kept as one byte per position (1: marked), computed with whole-text
    integer operations (see :func:`_changed`), so that an article costs no Python work per
    character: only the minority script's positions are ever listed (bench/speed.py).
    """

    text: str
    #: One byte per position of ``text``: 1 where only Traditional (only Simplified) writes it.
    traditional_flags: bytes
    simplified_flags: bytes
    #: The conversions the marks come from, aligned with ``text``: OpenCC's Simplified form,
    #: its Traditional forms (the article's standard first), MediaWiki's Simplified form and
    #: its Traditional forms.
    simplified: str = ""
    traditional_forms: tuple[str, ...] = ()
    wiki_simplified: str = ""
    wiki_traditional: tuple[str, ...] = ()

    def _flags(self, script: Script) -> bytes:
        return self.traditional_flags if script is Script.HANT else self.simplified_flags

    def count(self, script: Script) -> int:
        return self._flags(script).count(1)

    def marked(self, script: Script) -> list[int]:
        """The positions marked ``script``, in order."""
        return [match.start() for match in _MARK.finditer(self._flags(script))]

    def is_marked(self, script: Script, index: int) -> bool:
        return self._flags(script)[index] == 1

    def form(self, script: Script, index: int) -> str | None:
        """The character both converters agree on in ``script`` for the position ``index``,
        marked in the other script; None where they disagree (爲/為)."""
        if script is Script.HANS:
            agreed = self.simplified[index]
            return agreed if agreed == self.wiki_simplified[index] else None
        accepted = {form[index] for form in self.wiki_traditional}
        return next((form[index] for form in self.traditional_forms if form[index] in accepted), None)

    def converted(self, script: Script, start: int, end: int) -> str | None:
        """``text[start:end]`` with its marked characters in ``script``, or None where the
        converters do not agree on the form of one of them."""
        other = self._flags(Script.HANS if script is Script.HANT else Script.HANT)
        chars = []
        for index in range(start, end):
            if other[index] != 1:
                chars.append(self.text[index])
                continue
            agreed = self.form(script, index)
            if agreed is None:
                return None
            chars.append(agreed)
        return "".join(chars)


_MARK = re.compile(b"\x01")

# MediaWiki's own tables (zhconv-rs): what the wiki itself accepts as each script.
Variant = Literal["zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk"]
_MEDIAWIKI_TRADITIONAL: tuple[Variant, ...] = ("zh-hant", "zh-tw", "zh-hk")
_MEDIAWIKI_SIMPLIFIED: Variant = "zh-hans"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _code_points(text: str) -> int:
    """``text`` as one integer, 32 bits per code point (the first at the lowest bits)."""
    return int.from_bytes(text.encode("utf-32-le", "surrogatepass"), "little")


def _changed(text: int, other: str, ones: int) -> int:
    """Bit ``32 * i`` set where ``other`` (of the same length) differs at ``i`` from the text
    whose :func:`_code_points` are ``text``.

    The XOR of the two texts is nonzero in a changed code point's 32 bits; folding each
    32-bit group onto its lowest bit (shifts of 16, 8, 4, 2, 1 reach exactly bits 0..31)
    and masking with ``ones`` (bit 0 of every group) leaves one bit per changed position.
    """
    changed = text ^ _code_points(other)
    for shift in (16, 8, 4, 2, 1):
        changed |= changed >> shift
    return changed & ones


def _flags(mask: int, length: int) -> bytes:
    """One byte per position (1 where ``mask`` has the position's bit) from a :func:`_changed` mask."""
    return mask.to_bytes(4 * length, "little")[::4]


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
        none = bytes(len(text))
        return ScriptMarks(text, none, none)
    simplified = convert_document(text, _TO_SIMPLIFIED)
    ones = int.from_bytes(b"\x01\x00\x00\x00" * len(text), "little")
    converted = [convert(simplified, config) for config in _TO_TRADITIONAL]
    code_points = _code_points(text)
    changed = [_changed(code_points, form, ones) for form in converted]
    # The article's standard first (the fewest differences; a stable sort keeps ties in order).
    order = sorted(range(len(converted)), key=lambda index: changed[index].bit_count())
    traditional_forms = tuple(converted[index] for index in order)
    wiki_simplified = wiki_convert(text, _MEDIAWIKI_SIMPLIFIED)
    wiki_traditional = tuple(wiki_convert(text, variant) for variant in _MEDIAWIKI_TRADITIONAL)
    # Only Han characters ever convert, so the differing positions are the candidates.
    only_traditional = _changed(code_points, simplified, ones) & _changed(code_points, wiki_simplified, ones)
    # A Simplified form beyond the BMP (暐 → 𬀩, from the 2013 list) is one most fonts and
    # Simplified texts do not use: the Traditional character is the usual Simplified spelling.
    for match in _ASTRAL.finditer(simplified):
        only_traditional &= ~(1 << 32 * match.start())
    only_simplified = ~only_traditional & ones
    for mask in changed:
        only_simplified &= mask
    for form in wiki_traditional:
        only_simplified &= _changed(code_points, form, ones)
    return ScriptMarks(
        text, _flags(only_traditional, len(text)), _flags(only_simplified, len(text)),
        simplified, traditional_forms, wiki_simplified, wiki_traditional,
    )  # fmt: skip


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def wiki_convert(text: str, variant: Variant) -> str:
    """``text`` through MediaWiki's conversion to ``variant``, aligned with ``text``.

    A line whose length changes (a regional word of another length) is converted run of
    Han characters by run; a run that still changes length is left as it is (no opinion).
    A lone surrogate, which zhconv cannot take, is converted as a space and put back.
    """
    from zhconv_rs import zhconv

    # One call for the whole text (no table entry holds a line break, so it converts each
    # line as alone); only a line whose length changed is redone run by run. One call per
    # line cost ~60k calls over bench/speed.py's corpus.
    opaque = _has_opaque(text)
    lines = (_OPAQUE.sub(" ", text) if opaque else text).split("\n")
    whole = zhconv("\n".join(lines), variant).split("\n")
    if len(whole) != len(lines):
        whole = [zhconv(line, variant) for line in lines]
    if not opaque and list(map(len, whole)) == list(map(len, lines)):  # the usual case, compared in C
        return "\n".join(whole)
    converted = [
        done if len(done) == len(line) else _HAN_RUN.sub(lambda r: _same_length(zhconv(r[0], variant), r[0]), line)
        for done, line in zip(whole, lines, strict=True)
    ]
    return _restore_opaque(text, "\n".join(converted))


def _same_length(converted: str, original: str) -> str:
    return converted if len(converted) == len(original) else original


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
    other = Script.HANS if script is Script.HANT else Script.HANT
    text = marks.text
    found: list[Run] = []
    start: int | None = None
    last = -1
    for index in marks.marked(script):
        if start is not None and _continues(text, last + 1, index, marks, other):
            last = index
            continue
        if start is not None:
            found.append(Run(start, last + 1))
        start = last = index
    if start is not None:
        found.append(Run(start, last + 1))
    return found


def _continues(text: str, gap_start: int, gap_end: int, marks: ScriptMarks, other: Script) -> bool:
    for index in range(gap_start, gap_end):
        char = text[index]
        if marks.is_marked(other, index) or not (_HAN.match(char) or char in _RUN_JOINERS):
            return False
    return True
