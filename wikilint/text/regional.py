"""Regional vocabulary of Chinese text: words one region writes and another replaces.

Two sources: MediaWiki's zh-cn/zh-tw/zh-hk conversion tables (through zhconv-rs), which
carry the names Wikipedia varies by region (北韓 → 朝鲜 for zh-cn), and OpenCC's Taiwan
phrase table (s2twp/tw2sp), which carries the everyday and computing vocabulary MediaWiki
lacks (程序設計 → 程式設計, 代码 → 程式碼). Everything is compared in Simplified script, so
that a word and its counterpart are found whichever script the article uses.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

from wikilint.text.chinese import Variant, convert, convert_document, convert_each, converter, wiki_convert

MAINLAND = "mainland"
TAIWAN = "Taiwan"
HONG_KONG = "Hong Kong"

# Words standard in every region although a table replaces them, so a pair with one of them
# is never regional vocabulary. 部分 and 成分 are also Taiwan's standard forms (部份 and 成份
# are variants used in Taiwan and Hong Kong); 身份 and 分量 likewise. OpenCC's Taiwan table
# replaces general words by their computing sense (支持 → 支援, 项目 → 专案, 设备 → 装置),
# yet both words are standard in Taiwan and on the mainland.
_STANDARD_EVERYWHERE = frozenset(
    {
        "部分", "成分", "身份", "分量",
        "支持", "支援", "项目", "信号", "联系", "联络", "连接", "连线", "设备", "装置",
        "图像", "影像", "搜索", "搜寻", "用户", "使用者", "信息", "资讯",
    }
)  # fmt: skip

T = TypeVar("T")

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@dataclass(frozen=True)
class _Direction:
    family: str  # "MediaWiki" or "OpenCC"
    region: str  # the region the conversion writes for
    write: Callable[[str], str]  # Simplified text → that region's text

    def changes(self, word: str) -> str | None:
        """The region's word for ``word`` (a Simplified string), in Simplified; None if the same."""
        written = convert(self.write(word), "t2s")
        return None if written == word else written

    def changes_each(self, words: Sequence[str], simplified: Sequence[str] | None = None) -> list[str | None]:
        """``[self.changes(word) for word in words]``, with a few converter calls for all the
        words instead of two per word (see :func:`convert_each`: no table entry holds a line
        break, so words joined by line breaks convert each as alone). ``simplified``, the
        words through t2s if the caller has them (they are the same for every direction),
        spares converting again the words this direction leaves as they are."""
        written = self.write("\n".join(words)).split("\n") if words else []
        if len(written) != len(words):
            return [self.changes(word) for word in words]
        if simplified is None:
            simplified = convert_each(written, "t2s")
        else:
            simplified = list(simplified)
            redo = [index for index, (new, word) in enumerate(zip(written, words, strict=True)) if new != word]
            for index, new in zip(redo, convert_each([written[index] for index in redo], "t2s"), strict=True):
                simplified[index] = new
        return [None if new == word else new for new, word in zip(simplified, words, strict=True)]


class _Memo(Generic[T]):
    """A batch function's answers for the words it was asked about, kept across documents.

    A third of a document's Han runs already stood in an earlier document (headings, years,
    common phrases: bench/speed.py's Chinese corpus), so each direction's conversion of a
    run, and a run's Simplified form, are kept. Bounded: emptied when full.
    """

    def __init__(self, compute: Callable[[list[str]], list[T]], size: int = 20_000) -> None:
        self._compute = compute
        self._size = size
        self._known: dict[str, T] = {}

    def __call__(self, words: list[str]) -> list[T]:
        """The answers for ``words`` (distinct), computing in one batch those not known."""
        known = self._known  # filtered and read in C (itertools, map): five directions ask per run
        missing = list(itertools.filterfalse(known.__contains__, words))
        if missing:
            if len(known) + len(missing) > self._size:
                known.clear()
                missing = words
            known.update(zip(missing, self._compute(missing), strict=True))
        return list(map(known.__getitem__, words))


_SIMPLIFIED: _Memo[str] = _Memo(lambda words: convert_each(words, "t2s"))


@cache
def _changes(direction: _Direction) -> _Memo[str | None]:
    """``direction.changes`` of many words at once, remembered."""
    return _Memo(lambda words: direction.changes_each(words, _SIMPLIFIED(words)))


def _zhconv(variant: Variant, via_traditional: bool = False) -> Callable[[str], str]:
    from zhconv_rs import zhconv

    if via_traditional:  # MediaWiki's zh-cn table is keyed on Traditional words (北韓)
        return lambda text: zhconv(zhconv(text, "zh-hant"), variant)
    return lambda text: zhconv(text, variant)


def _opencc(*configs: str) -> Callable[[str], str]:
    def write(text: str) -> str:
        for config in configs:
            text = str(converter(config).convert(text))
        return text

    return write


@cache
def _directions() -> tuple[_Direction, ...]:
    return (
        _Direction("MediaWiki", MAINLAND, _zhconv("zh-cn", via_traditional=True)),
        _Direction("MediaWiki", TAIWAN, _zhconv("zh-tw")),
        _Direction("MediaWiki", HONG_KONG, _zhconv("zh-hk")),
        _Direction("OpenCC", TAIWAN, _opencc("s2twp")),
        _Direction("OpenCC", MAINLAND, _opencc("s2tw", "tw2sp")),
    )


@dataclass(frozen=True)
class RegionalTerm:
    """A word one region does not use, with the word that region writes instead."""

    start: int
    end: int
    word: str  # in Simplified
    counterpart: str  # in Simplified
    region: str  # the region that writes ``counterpart`` instead


def regional_terms(text: str) -> tuple[list[RegionalTerm], str]:
    """Words of ``text`` that a regional conversion replaces by another word, and ``text``
    in Simplified (aligned with it) for counting both words.

    Only replacements of two or more characters by two or more count as vocabulary: a single
    character is a variant form (裏/裡) or too common a word to count (升 for 公升). A pair is
    kept only where its region label holds (see :func:`_holds`).
    """
    simplified = wiki_convert(convert_document(text, "t2s"), "zh-hans")
    terms: list[RegionalTerm] = []
    index = han_runs(simplified)
    offsets: dict[str, list[int]] = {}  # each distinct run → where it stands, in order
    for offset, run in zip(index.starts, index.runs, strict=True):
        offsets.setdefault(run, []).append(offset)
    distinct = list(offsets)
    for direction in _directions():
        targets = zip(distinct, _changes(direction)(distinct), strict=True)
        replaced = _replaced_words({run: target for run, target in targets if target is not None}, direction)
        # Only the runs with a replaced word are visited (not every run, in each direction);
        # sorted by offset, then by the word's place in its run: the order of a walk over all
        # the runs in order.
        placed: list[tuple[int, int, RegionalTerm]] = []
        for run, words in replaced.items():
            held = [(start, end, other) for start, end, other in words if _holds(run[start:end], other, direction)]
            for offset in offsets[run] if held else ():
                placed.extend(
                    (offset, order, RegionalTerm(offset + start, offset + end, run[start:end], other, direction.region))
                    for order, (start, end, other) in enumerate(held)
                )
        placed.sort(key=lambda item: item[:2])
        terms.extend(term for _, _, term in placed)
    return terms, simplified


@dataclass(frozen=True)
class HanRuns:
    """The runs of Han characters of a text, where they start in it, and the runs joined by
    line breaks: a word of Han characters only is looked for in the runs (a quarter of a
    zhwiki article's characters) instead of the whole text."""

    starts: list[int]
    runs: list[str]
    joined: str
    #: Where each run starts in ``joined``.
    joined_starts: list[int]

    def occurrences(self, word: str) -> list[int] | None:
        """The starts in the text of the non-overlapping occurrences of ``word``, left to right,
        as ``str.find`` finds them in the whole text; None when ``word`` is not all Han.

        The same answer as over the whole text: a word of Han characters only stands within
        one run wherever it stands (the text around a run, and the line breaks joining the
        runs, are not Han), so the occurrences in ``joined`` are those of the text, in the same
        order and each shifted by its run's offset; and the next search starts after the
        previous occurrence in both, within its run or in a later one.
        """
        if not _HAN_RUN.fullmatch(word):
            return None
        found: list[int] = []
        position = self.joined.find(word)
        while position >= 0:
            run = bisect.bisect_right(self.joined_starts, position) - 1
            found.append(self.starts[run] + position - self.joined_starts[run])
            position = self.joined.find(word, position + len(word))
        return found


@lru_cache(maxsize=2)  # regional_terms and SCR002 each read the same Simplified text
def han_runs(text: str) -> HanRuns:
    """The :class:`HanRuns` of ``text``."""
    starts: list[int] = []
    runs: list[str] = []
    for match in _HAN_RUN.finditer(text):
        starts.append(match.start())
        runs.append(match[0])
    joined_starts: list[int] = []
    cursor = 0
    for run in runs:
        joined_starts.append(cursor)
        cursor += len(run) + 1
    return HanRuns(starts, runs, "\n".join(runs), joined_starts)


# The windows tried around a changed stretch, smallest first: (characters before, after).
_WINDOWS = ((0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (0, 2))


@lru_cache(maxsize=16384)
def _stretches(run: str, target: str) -> tuple[tuple[tuple[int, int, int, int], ...], ...]:
    """For each stretch where ``target`` differs from ``run``, the windows around it to try,
    smallest first, as ``(start, end, left, right)`` (``run[start:end]`` → ``target[left:right]``).

    Cached: difflib is pure Python, and the same run changes the same way in several
    directions (zh-tw, zh-hk) and in many articles (headings, common phrases): over
    zhwiki-md plus zhwiki-md-dev a third of the pairs are distinct (bench/speed.py).
    """
    matcher = difflib.SequenceMatcher(None, run, target, autojunk=False)
    return tuple(
        tuple(
            (i1 - before, i2 + after, j1 - before, j2 + after)
            for before, after in _WINDOWS
            if i1 - before >= 0 and i2 + after <= len(run) and j1 - before >= 0 and j2 + after <= len(target)
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


def _replaced_words(changed: Mapping[str, str], direction: _Direction) -> dict[str, list[tuple[int, int, str]]]:
    """For each run of ``changed`` (a run → the whole run as ``direction`` changes it), the
    ``(start, end, counterpart)`` of each word of the run that ``direction`` replaces.

    A changed stretch that converts the same way on its own is a word; one that changes only
    in context (体 → 件 in 软体) belongs to the smallest window around it that does. Every
    window of every run is converted in one batch (:meth:`_Direction.changes_each`), then
    the smallest matching one is taken: the same answer as trying them one by one.
    """
    options = {run: _stretches(run, target) for run, target in changed.items()}
    windows = list(
        dict.fromkeys(run[start:end] for run, stretches in options.items() for tried in stretches
                      for start, end, _, _ in tried)
    )
    window_changes = dict(zip(windows, _changes(direction)(windows), strict=True))
    replaced: dict[str, list[tuple[int, int, str]]] = {}
    for run, stretches in options.items():
        target = changed[run]
        words = replaced[run] = []
        for tried in stretches:
            for start, end, left, right in tried:
                if window_changes[run[start:end]] == target[left:right]:
                    if end - start >= 2 and right - left >= 2:
                        words.append((start, end, target[left:right]))
                    break
    return replaced


@cache
def _holds(word: str, counterpart: str, direction: _Direction) -> bool:
    """Whether ``word`` is really not used where ``direction`` writes ``counterpart``.

    A word standard in the region it is said not to be is no finding: the words of
    ``_STANDARD_EVERYWHERE`` never count, nor do two spellings of one word (see
    :func:`_spelling_variants`), and for a pair that MediaWiki's tables do not know,
    the counterpart must not be standard where the word is used either (OpenCC's tw2sp must
    replace the Taiwan word, s2twp the mainland one).
    """
    if word in _STANDARD_EVERYWHERE or counterpart in _STANDARD_EVERYWHERE:
        return False
    if _spelling_variants(word, counterpart):
        return False
    wiki = [other for other in _directions() if other.family == "MediaWiki"]
    if any(other.changes(word) == counterpart or other.changes(counterpart) == word for other in wiki):
        return True
    opencc = [other for other in _directions() if other.family == "OpenCC" and other.region != direction.region]
    return any(other.changes(counterpart) for other in opencc)


# Script and variant-character conversions, applied to one character at a time (OpenCC's
# phrases would make 坐标 and 座標 one word): two characters that one of them maps onto the
# same form are one character written two ways.
_SPELLING_CONFIGS = ("t2s", "s2t", "s2tw", "s2hk", "tw2s", "hk2s", "t2tw", "t2hk", "tw2t", "hk2t")


def _spellings(char: str) -> frozenset[str]:
    return frozenset({char, *(convert(char, config) for config in _SPELLING_CONFIGS)})


@cache
def _spelling_variants(word: str, counterpart: str) -> bool:
    """Whether two words differ only in script or by variant characters (有着/有著, 台/臺):
    each differing character and its counterpart share a form under a script or variant
    conversion. That is a matter of spelling (SCR001's), not of regional vocabulary."""
    if len(word) != len(counterpart):
        return False
    if convert(word, "t2s") == convert(counterpart, "t2s"):
        return True
    return all(
        mine == theirs or bool(_spellings(mine) & _spellings(theirs))
        for mine, theirs in zip(word, counterpart, strict=True)
    )
