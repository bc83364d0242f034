"""Recall on real articles: inject known defects into copies and check each is found where it was put.

    python -m tests.recall_injection ../shared/corpus/zhwiki-md-dev tests/fixtures/corpus

One copy per article carries one defect of each family, each in its own prose line:
an empty reference entry with its marker (REF001), a stray ``{{-}}`` (TPL001), a sentence
in the other Chinese script (SCR001) and a relative link in an article that mostly links
the live wiki, with no exported corpus beside it (LNK001). The ``japanese-topic`` family
puts a few Japanese titles (kana) into the Chinese prose first, as articles on singles,
anime and places do, and then the other-script sentence: the script rules must still see
it. The injector decides what to inject with its own simple counts, not with wikilint's
analysis, so the test does not grade itself.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import opencc

from wikilint import Finding, lint_text

#: (Simplified, Traditional) sentences whose every changed character is unambiguous.
SENTENCES = [
    ("这个城市的经济发展很快，人口也在不断增长。", "這個城市的經濟發展很快，人口也在不斷增長。"),
    ("该项目后来得到了国家政府的支持与资助。", "該項目後來得到了國家政府的支持與資助。"),
    ("这座桥梁于战争期间被严重损坏，战后重建。", "這座橋樑於戰爭期間被嚴重損壞，戰後重建。"),
    ("当地居民对这项计划的反应十分热烈。", "當地居民對這項計劃的反應十分熱烈。"),
    ("他在晚年时专注于历史与语言的研究。", "他在晚年時專注於歷史與語言的研究。"),
]
JAPANESE_TITLES = ["「さくらの唄」", "『となりのトトロ』", "「ハナミズキ」", "「ありがとう」", "『もののけ姫』", "「ひまわりの約束」"]  # noqa: E501

_PROSE_LINE = re.compile(r"[^\n]*[\u4e00-\u9fff]{6}[^\n]*。[^\n]*")
_SKIP_LINE = re.compile(r"\s*(?:[#>|<*+-]|\d+\.|\[Category:|\[\^)")
_RELATIVE = re.compile(r'\]\((?:\.\./)*Page/[^)\s]+\.md "wikilink"\)')
_ABSOLUTE = re.compile(r'\]\(https?://zh\.wikipedia\.org/wiki/(?!Category:)[^)\s]+ "wikilink"\)')
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
_CONTINUATION = re.compile(r"[ \t]+\S")
_LIST_ENTRY = re.compile(r"^ {0,3}(\d+)\.(?:[ \t]|$)", re.MULTILINE)
_KANA = re.compile(r"[\u3041-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Above the share of kana at which a document-level guess would call the article Japanese.
JAPANESE_TOPIC_SHARE = 0.08
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Expected:
    family: str
    code: str
    offset: int  # where the injected defect starts in the injected text
    length: int


@dataclass
class _Insertion:
    offset: int  # in the original text
    content: str
    family: str | None = None
    code: str = ""
    within: int = 0  # where the defect starts inside ``content``
    length: int = 0


def script_of(text: str) -> str | None:
    """``hant`` or ``hans`` by which characters the two conversions would change; None if unclear."""
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    traditional = sum(a != b for a, b in zip(han, _T2S.convert(han), strict=False))
    simplified = sum(a != b for a, b in zip(han, _S2T.convert(han), strict=False))
    if traditional >= 5 * max(simplified, 1):
        return "hant"
    if simplified >= 5 * max(traditional, 1):
        return "hans"
    return None


def _prose_points(text: str) -> list[int]:
    """Offsets just after each 。 in lines of ordinary Chinese prose."""
    points = []
    for line in _PROSE_LINE.finditer(text):
        if _SKIP_LINE.match(line.group()):
            continue
        points.extend(line.start() + match.end() for match in re.finditer("。", line.group()))
    return points


def _kana_share(text: str) -> float:
    return len(_KANA.findall(text)) / max(1, len(_HAN.findall(text)))


def _reference_insertions(text: str, point: int) -> list[_Insertion] | None:
    """A marker at ``point`` and an empty entry right after the last entry of the trailing list."""
    entries = list(_LIST_ENTRY.finditer(text))
    headings = [match.start() for match in _HEADING.finditer(text)]
    if "[^" in text or not entries or (headings and entries[-1].start() < headings[-1]):
        return None
    number = max(int(entry.group(1)) for entry in entries) + 1
    end = text.find("\n", entries[-1].start())
    while end != -1 and _CONTINUATION.match(text, end + 1):  # the entry's indented continuation lines
        end = text.find("\n", end + 1)
    end = len(text) if end == -1 else end
    entry = f"\n{number}."
    return [
        _Insertion(point, f"\\[{number}\\]"),
        _Insertion(end, entry, "reference", "REF001", 1, len(entry) - 1),
    ]


def _link_insertion(text: str, point: int) -> _Insertion | None:
    """A relative link into an article that mostly links the live wiki: without the corpus
    beside it, that link leads nowhere (an absolute link always resolves, so is no defect)."""
    relative, absolute = len(_RELATIVE.findall(text)), len(_ABSOLUTE.findall(text))
    # Only a clear majority: which links vote is the rule's business, and a near tie could
    # turn either way under it.
    if absolute < 3 or 2 * absolute < 3 * relative + 4:
        return None
    link = '[北京](../Page/北京.md "wikilink")'
    return _Insertion(point, link, "link", "LNK001", 0, len(link))


def inject(text: str, rng: random.Random, japanese: bool = False) -> tuple[str, list[Expected]]:
    """Put one defect of each family into its own prose line of ``text``."""
    points = _prose_points(text)
    script = script_of(text)
    if len(points) < 4 or script is None:
        return text, []
    chosen = rng.sample(points, 4)
    insertions: list[_Insertion] = []
    simplified, traditional = rng.choice(SENTENCES)
    sentence = simplified if script == "hant" else traditional
    family = "japanese-topic" if japanese else "script"
    insertions.append(_Insertion(chosen[0], sentence, family, "SCR001", 0, len(sentence)))
    if japanese:
        # Titles after every other sentence until kana are a real share of the text, as in an
        # article on a singer's discography.
        others = [point for point in points if point != chosen[0]]
        titles: list[str] = []
        kana = len(_KANA.findall(text))
        while (kana + len(_KANA.findall("".join(titles)))) < JAPANESE_TOPIC_SHARE * len(_HAN.findall(text)):
            titles.append(rng.choice(JAPANESE_TITLES))
        for index, title in enumerate(titles):
            insertions.append(_Insertion(others[index % len(others)], title))
        return _apply(text, insertions)
    references = _reference_insertions(text, chosen[1])
    if references:
        insertions.extend(references)
    line_start = text.rfind("\n", 0, chosen[2]) + 1
    insertions.append(_Insertion(line_start, "{{-}}\n", "template", "TPL001", 0, 5))
    link = _link_insertion(text, chosen[3])
    if link:
        insertions.append(link)
    return _apply(text, insertions)


def _apply(text: str, insertions: list[_Insertion]) -> tuple[str, list[Expected]]:
    ordered = sorted(enumerate(insertions), key=lambda item: (item[1].offset, item[0]))
    pieces, expected, shift, previous = [], [], 0, 0
    for _, insertion in ordered:
        pieces.append(text[previous : insertion.offset])
        pieces.append(insertion.content)
        if insertion.family:
            start = insertion.offset + shift + insertion.within
            expected.append(Expected(insertion.family, insertion.code, start, insertion.length))
        shift += len(insertion.content)
        previous = insertion.offset
    pieces.append(text[previous:])
    return "".join(pieces), expected


def found(text: str, findings: list[Finding], expected: Expected) -> bool:
    """Whether one of ``findings`` (of ``text``) has the expected code and overlaps the injected defect."""
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for finding in findings:
        if finding.code != expected.code:
            continue
        start, end = offset(finding.line, finding.column), offset(finding.end_line, finding.end_column)
        if start < expected.offset + expected.length and expected.offset < max(end, start + 1):
            return True
    return False


def measure(paths: Iterable[Path], seed: int = 10) -> tuple[Counter[str], Counter[str], list[str]]:
    """Injected and found defects per family over the articles, and a line per miss."""
    injected: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: list[str] = []
    for path in paths:
        original = path.read_text(encoding="utf-8")
        for japanese in (False, True):
            rng = random.Random(f"{seed}:{path.name}:{japanese}")
            text, expectations = inject(original, rng, japanese)
            findings = lint_text(text, path=str(path)) if expectations else []  # one lint per injected copy
            for expected in expectations:
                injected[expected.family] += 1
                if found(text, findings, expected):
                    hits[expected.family] += 1
                else:
                    line = text.count("\n", 0, expected.offset) + 1
                    snippet = text[expected.offset : expected.offset + expected.length]
                    misses.append(f"{path.name}:{line}: {expected.family} {expected.code} {snippet!r}")
    return injected, hits, misses


def articles(folders: Iterable[Path]) -> list[Path]:
    return sorted(path for folder in folders for path in folder.glob("*.md"))


def main(argv: list[str]) -> int:
    injected, hits, misses = measure(articles(Path(arg) for arg in argv))
    for line in misses:
        print("missed", line)
    for family in sorted(injected):
        print(f"{family:15} {hits[family]:4} of {injected[family]:4} found  ({hits[family] / injected[family]:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
