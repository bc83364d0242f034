"""Fetched revisions kept on disk, so a re-run fetches only the pages that changed.

An entry is keyed by site, title and revision id and holds that revision's wikitext; a
second small entry per site and title remembers the revision last seen, so a batch none
of whose titles was ever seen is fetched with its content in one request, and any other
batch asks first for the latest revision ids (no content) and then only for what changed.
Entries live in wikilint's cache folder (``--cache-dir``), written atomically through
:class:`~wikilint.linter.cache.ResultCache`; like the lint cache, an entry is untrusted and
is used only when it names exactly this site, title and revision and its text matches its
digest, else it is a miss.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from wikilint.linter.cache import ResultCache, content_digest


class RevisionCache:
    def __init__(self, folder: Path) -> None:
        self.store = ResultCache(folder, "revisions")

    @staticmethod
    def _key(*parts: str) -> str:
        digest = hashlib.sha256()
        for part in ("wikilint-revision", *parts):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def last_seen(self, site: str, title: str) -> int | None:
        """The revision id of the title last fetched from the site, or None."""
        key = self._key("seen", site, title)
        entry = self.store.get(key)
        if (isinstance(entry, dict) and entry.get("key") == key and entry.get("site") == site
                and entry.get("title") == title and type(entry.get("revision")) is int):
            return int(entry["revision"])
        return None

    def text(self, site: str, title: str, revision: int) -> str | None:
        """The wikitext of that revision, as fetched before, or None."""
        key = self._key("text", site, title, str(revision))
        entry = self.store.get(key)
        if not (isinstance(entry, dict) and entry.get("key") == key and entry.get("site") == site
                and entry.get("title") == title and entry.get("revision") == revision):
            return None
        text = entry.get("text")
        if not isinstance(text, str) or entry.get("content") != content_digest(text.encode("utf-8", "surrogatepass")):
            return None
        return text

    def put(self, site: str, title: str, revision: int, text: str, asked: str | None = None) -> None:
        """Keep the revision's text; ``asked``: the title as requested, when the wiki
        normalised it (``s-端子`` → ``S-端子``), remembered as seen too."""
        key = self._key("text", site, title, str(revision))
        digest = content_digest(text.encode("utf-8", "surrogatepass"))
        self.store.put(key, {"key": key, "site": site, "title": title, "revision": revision, "text": text,
                             "content": digest})
        for name in dict.fromkeys((title, asked or title)):
            seen = self._key("seen", site, name)
            self.store.put(seen, {"key": seen, "site": site, "title": name, "revision": revision})
