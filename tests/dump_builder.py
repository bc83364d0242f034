"""Build small MediaWiki XML export dumps and JSONL corpora from articles, for tests."""

from __future__ import annotations

import bz2
import json
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="zh">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>zhwiki</dbname>
    <base>https://zh.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.41</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="10" case="first-letter">Template</namespace>
    </namespaces>
  </siteinfo>
"""


def page_xml(page_id: int, title: str, text: str, namespace: int = 0, redirect: str | None = None) -> str:
    redirect_tag = f'    <redirect title="{escape(redirect)}" />\n' if redirect else ""
    return (
        f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{namespace}</ns>\n    <id>{page_id}</id>\n"
        f"{redirect_tag}"
        f"    <revision>\n      <id>{page_id * 10}</id>\n      <timestamp>2023-03-20T00:00:00Z</timestamp>\n"
        f"      <contributor><username>Tester</username><id>1</id></contributor>\n"
        f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text>\n'
        f"      <sha1>x</sha1>\n    </revision>\n  </page>\n"
    )


def write_dump(path: Path, pages: list[tuple[str, str]], extra: str = "") -> Path:
    """``pages`` as (title, wikitext); ``extra`` is raw XML added before the end."""
    body = HEADER + "".join(page_xml(i, title, text) for i, (title, text) in enumerate(pages, start=1))
    data = (body + extra + "</mediawiki>\n").encode("utf-8")
    path.write_bytes(bz2.compress(data) if path.suffix == ".bz2" else data)
    return path


def write_jsonl(path: Path, pages: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for title, text in pages:
            stream.write(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
    return path
