"""Articles whose names, titles and text try to become live markup in the HTML report."""

from __future__ import annotations

import json
from pathlib import Path

#: A file name that is a script element (a slash cannot be in a name: the closing tag's is a
#: look-alike, the fraction slash), text and a title that break out of an attribute into an
#: image with a handler, and a template the message quotes.
SCRIPT_NAME = "<script>alert(1)</script>.md".replace("/", "\u2044")
BREAKOUT = '"><img src=x onerror=alert(2)>'
TITLE = "'><svg onload=alert(3)><script>alert(4)</script>"
ARTICLE = f"<script>alert(5)</script>前文{{{{{BREAKOUT}}}}}後文<iframe src=javascript:alert(6)></iframe>。\n"


def write_hostile(folder: Path) -> list[str]:
    """A folder holding the hostile file, and a JSONL corpus whose page has the hostile title."""
    articles = folder / f"{BREAKOUT}dir"
    articles.mkdir(parents=True)
    (articles / SCRIPT_NAME).write_text(ARTICLE, encoding="utf-8")
    record = {"title": TITLE, "text": f"前文{{{{{TITLE}}}}}後文\n"}
    (folder / "corpus.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return [str(articles), str(folder / "corpus.jsonl")]
