"""Pages of live wikis as the engine's Inputs: by URL, by title, from a list, by category.

:class:`WikiSource` yields the same :class:`~wikilint.linter.corpora.Input` objects a dump
does (wikitext, named ``host#Title``, not fixable in place), with the revision id and what
the site says of itself, so ``-j``, every output format, the statistics and ``--diff`` apply
unchanged. The engine never imports this package: the front door builds the source and
hands it to the run (:class:`~wikilint.linter.pipeline.Run`'s ``documents``).

All network traffic happens here, in the main process, one request at a time per site:
workers only lint text. Titles go 50 to a request; with the revision cache on, a batch
seen before first asks for the latest revision ids and fetches only what changed.

Nothing is ever lost silently: a missing or invalid title, a redirect, a hidden revision
or content that is not wikitext is a WL008 finding on that page; a wiki that stops
answering ends its fetching, and every page not fetched is a WL008 finding saying so (the
findings on the pages already fetched stay). A redirect met in a category walk is
counted as skipped, as a dump's redirects are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wikilint.linter.corpora import Input
from wikilint.linter.dump_pages import MAX_TITLE
from wikilint.linter.reading import open_regular, read_at_most
from wikilint.linter.sources import UsageError, decode
from wikilint.mediawiki.client import BATCH, ApiError, ClientOptions, FetchError, SiteError, check_url
from wikilint.mediawiki.revisions import RevisionCache
from wikilint.mediawiki.site import Site, endpoints, is_url, open_site

#: The most bytes of a --pages-from list read.
MAX_TITLE_LIST = 50_000_000
_REDIRECT = re.compile(r"\s*#[^\s\[]+\s*:?\s*\[\[([^\]|#]+)", re.IGNORECASE)
_CATEGORY_NS = 14
#: What reading an answer of an unexpected shape raises.
_MALFORMED = (KeyError, TypeError, AttributeError, ValueError, IndexError)


@dataclass(frozen=True)
class WikiTargets:
    """What to read from live wikis."""

    #: Page URLs (``https://zh.wikipedia.org/wiki/X``); each names its site.
    urls: tuple[str, ...] = ()
    #: The site of ``pages``, ``pages_from`` and ``categories``: a host, base URL or api.php URL.
    site: str | None = None
    pages: tuple[str, ...] = ()
    pages_from: Path | None = None
    categories: tuple[str, ...] = ()
    #: Subcategory levels a category walk descends (0: the category's own members).
    depth: int = 0
    #: The most pages linted in all; None: no limit.
    limit: int | None = None
    #: The namespaces a category walk lints (subcategories are followed whatever this says).
    namespaces: frozenset[int] = frozenset({0})

    @property
    def any(self) -> bool:
        return bool(self.urls or self.pages or self.pages_from or self.categories)


@dataclass
class _Job:
    """One site's work: titles named outright, and categories to walk."""

    spec: str
    titles: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


class WikiSource:
    """The pages to lint, read through each site's Action API."""

    def __init__(self, targets: WikiTargets, options: ClientOptions | None = None) -> None:
        self.targets = targets
        self.options = options or ClientOptions()
        self.jobs = self._jobs(targets)
        #: Requests sent to every site, and revisions taken from the cache instead.
        self.requests = 0
        self.cached = 0
        self.fetched = 0
        #: Sites opened this run (their names and knowledge), for the report's notes.
        self.sites: list[Site] = []

    @staticmethod
    def _jobs(targets: WikiTargets) -> list[_Job]:
        jobs: dict[str, _Job] = {}
        for url in targets.urls:
            check_url(url)
            parts = urlsplit(url)
            jobs.setdefault(f"{parts.scheme}://{parts.netloc}", _Job(f"{parts.scheme}://{parts.netloc}")).titles.append(
                url)
        titles = list(targets.pages)
        if targets.pages_from is not None:
            titles.extend(_read_titles(targets.pages_from))
        if (titles or targets.categories) and not targets.site:
            raise UsageError("--page, --pages-from and --category need --site HOST (or give page URLs)")
        if targets.site:
            spec = targets.site if is_url(targets.site) else f"https://{targets.site.strip('/')}"
            for endpoint in endpoints(spec):
                check_url(endpoint)
            job = jobs.setdefault(spec, _Job(spec))
            job.titles.extend(titles)
            job.categories.extend(targets.categories)
        return list(jobs.values())

    def inputs(self, skipped: Counter[str], cache_dir: Path | None = None) -> Iterator[Input]:
        """Every page, in the order given (titles, then each category's members)."""
        cache = RevisionCache(cache_dir) if cache_dir is not None else None
        budget = [self.targets.limit if self.targets.limit is not None else -1]
        for job in self.jobs:
            yield from self._job(job, skipped, cache, budget)

    def _job(self, job: _Job, skipped: Counter[str], cache: RevisionCache | None, budget: list[int]) -> Iterator[Input]:
        try:
            site = open_site(job.spec, self.options)
        except (SiteError, FetchError, ApiError, *_MALFORMED) as error:
            name = urlsplit(endpoints(job.spec)[0]).netloc
            reason = f"not fetched: {error}"
            for title in job.titles:
                if budget[0] == 0:
                    return
                budget[0] -= 1
                yield Input(title if is_url(title) else _name(name, title), unavailable=reason, fixable=False)
            for category in job.categories:
                yield Input(_name(name, category), unavailable=f"category not listed: {error}", fixable=False)
            return
        self.sites.append(site)
        fetcher = _Fetcher(self, site, cache, skipped)
        try:
            explicit: list[str] = []
            for title in job.titles:
                named = site.title_of(title) if is_url(title) else title
                if named is None:
                    yield Input(title, unavailable=f"the URL names no page of {site.name} (its pages are at "
                                f"{site.article_path})", fixable=False)
                else:
                    explicit.append(named)
            yield from fetcher.pages(explicit, budget, explicit=True)
            for category in job.categories:
                if budget[0] == 0:
                    return
                yield from fetcher.category(category, budget)
        finally:
            self.requests += site.client.requests + site.probes
            site.client.close()


class _Fetcher:
    def __init__(self, owner: WikiSource, site: Site, cache: RevisionCache | None, skipped: Counter[str]) -> None:
        self.owner, self.site, self.cache, self.skipped = owner, site, cache, skipped
        self.seen: set[str] = set()
        #: The pages reported, by name: two titles the wiki normalises alike are one page.
        self.reported: set[str] = set()
        #: Set when the wiki stopped answering: why; nothing more is asked of it.
        self.down: str | None = None
        #: Why the last category could not be listed, if it could not.
        self.unlisted: str | None = None

    def pages(self, titles: Iterable[str], budget: list[int], explicit: bool) -> Iterator[Input]:
        batch: list[str] = []
        for title in titles:
            key = _clean(title)
            if key in self.seen:
                continue
            if budget[0] == 0:
                break
            budget[0] -= 1
            self.seen.add(key)
            batch.append(title)
            if len(batch) == BATCH:
                yield from self._batch(batch, explicit)
                batch = []
        if batch:
            yield from self._batch(batch, explicit)

    def category(self, name: str, budget: list[int]) -> Iterator[Input]:
        title = name if ":" in name else f"{self.site.category_prefix}:{name}"
        found = [0]

        def counted() -> Iterator[str]:
            for member in self._members(title, budget):
                found[0] += 1
                yield member

        self.unlisted = None
        yield from self.pages(counted(), budget, explicit=False)
        if found[0] == 0 and (self.down or self.unlisted) is not None:
            yield Input(_name(self.site.name, title), unavailable=f"category not listed: {self.down or self.unlisted}",
                        fixable=False)
        elif found[0] == 0:
            namespaces = ", ".join(map(str, sorted(self.owner.targets.namespaces)))
            yield Input(_name(self.site.name, title), fixable=False,
                        unavailable=f"the category has no pages to lint (in namespaces {namespaces})")

    def _members(self, title: str, budget: list[int]) -> Iterator[str]:
        """The category's pages in the selected namespaces, then its subcategories' to ``depth``."""
        queue = [(title, 0)]
        walked = {title}
        namespaces = self.owner.targets.namespaces
        while queue and self.down is None:
            category, level = queue.pop(0)
            params = {"list": "categorymembers", "cmtitle": category, "cmprop": "title|type", "cmlimit": "500"}
            try:
                for answer in self.site.client.query(params):
                    for member in answer.get("query", {}).get("categorymembers", []):
                        ns, name = member.get("ns"), str(member.get("title", ""))
                        if ns == _CATEGORY_NS and level < self.owner.targets.depth and name not in walked:
                            walked.add(name)
                            queue.append((name, level + 1))
                        if ns in namespaces:
                            yield name
                    if budget[0] == 0:
                        return
            except FetchError as error:
                self.down = str(error)
            except (ApiError, SiteError, *_MALFORMED) as error:
                self.unlisted = f"{type(error).__name__}: {error}"
                self.skipped["categories the wiki did not list"] += 1

    def _batch(self, titles: list[str], explicit: bool) -> Iterator[Input]:
        if self.down is not None:
            for title in titles:
                yield self._unavailable(title, f"not fetched: {self.down}")
            return
        try:
            found = self._fetch([title for title in titles if _sendable(title)])
            items = [self._input(title, found, explicit) for title in titles]
        except FetchError as error:
            self.down = str(error)
            items = [self._unavailable(title, f"not fetched: {self.down}") for title in titles]
        except (ApiError, SiteError) as error:
            reason = f"not fetched: the wiki refused the request: {error}"
            items = [self._unavailable(title, reason) for title in titles]
        except _MALFORMED as error:  # an answer of another shape than the API's: never a traceback
            reason = f"not fetched: the wiki's answer was not understood ({type(error).__name__}: {error})"
            items = [self._unavailable(title, reason) for title in titles]
        for item in items:
            if item is not None and item.path not in self.reported:
                self.reported.add(item.path)
                yield item

    def _fetch(self, titles: list[str]) -> _Answer:
        if not titles:
            return _Answer()
        cache, site = self.cache, self.site.name
        if cache is None or all(cache.last_seen(site, _clean(title)) is None for title in titles):
            return self._query({"prop": "info|revisions", "rvprop": "ids|content", "rvslots": "main",
                                "titles": "|".join(titles)})
        answer = self._query({"prop": "info", "titles": "|".join(titles)})
        wanted: list[str] = []
        for page in answer.pages.values():
            revision = page.get("lastrevid")
            if isinstance(revision, int) and revision > 0:
                text = cache.text(site, str(page.get("title")), revision)
                if text is None:
                    wanted.append(str(revision))
                else:
                    self.owner.cached += 1
                    page["revisions"] = [{"revid": revision, "slots": {"main": {"content": text,
                                                                                  "contentmodel": page.get(
                                                                                      "contentmodel", "wikitext")}}}]
        for start in range(0, len(wanted), BATCH):
            more = self._query({"prop": "revisions", "rvprop": "ids|content", "rvslots": "main",
                                "revids": "|".join(wanted[start : start + BATCH])})
            for title, page in more.pages.items():
                if title in answer.pages and page.get("revisions"):
                    answer.pages[title]["revisions"] = page["revisions"]
        return answer

    def _query(self, params: dict[str, str]) -> _Answer:
        answer = _Answer()
        for part in self.site.client.query(params):
            query = part.get("query", {})
            for item in query.get("normalized", []):
                answer.normalized[str(item.get("from"))] = str(item.get("to"))
            for item in query.get("interwiki", []):
                answer.interwiki[str(item.get("title"))] = str(item.get("iw"))
            for page in query.get("pages", []):
                title = str(page.get("title"))
                known = answer.pages.setdefault(title, page)
                if known is not page and page.get("revisions"):
                    known["revisions"] = page["revisions"]
        return answer

    def _input(self, title: str, answer: _Answer, explicit: bool) -> Input | None:
        if not _sendable(title):
            return self._unavailable(title, "invalid title: it holds a character MediaWiki titles never hold")
        if title in answer.interwiki:
            prefix = answer.interwiki[title]
            return self._unavailable(title, f"the title leads to another wiki (interwiki prefix {prefix}); not linted")
        normal = answer.normalized.get(title, title)
        page = answer.pages.get(normal)
        name = _name(self.site.name, normal)
        if page is None:
            return self._unavailable(title, "the wiki said nothing of this title")
        if page.get("invalid"):
            return Input(name, unavailable=f"invalid title: {page.get('invalidreason', 'the wiki refused it')}",
                         fixable=False)
        if page.get("special"):
            return Input(name, unavailable="a special page has no wikitext; not linted", fixable=False)
        if page.get("missing"):
            return Input(name, unavailable="the page does not exist (or was deleted)", fixable=False)
        revisions = page.get("revisions") or []
        revision: dict[str, Any] = revisions[0] if revisions and isinstance(revisions[0], dict) else {}
        revid = revision.get("revid") if isinstance(revision.get("revid"), int) else page.get("lastrevid")
        main = (revision.get("slots") or {}).get("main") or {}
        model = str(main.get("contentmodel") or page.get("contentmodel") or "wikitext")
        text = main.get("content")
        if revision.get("texthidden") or main.get("texthidden") or revision.get("suppressed"):
            reason = f"the text of the latest revision ({revid}) is hidden (revision deleted); not linted"
            return Input(name, unavailable=reason, revision=revid, fixable=False)
        if not isinstance(text, str):
            return Input(name, unavailable=f"the wiki gave no text for revision {revid}", revision=revid, fixable=False)
        if self.cache is not None and isinstance(revid, int):
            self.cache.put(self.site.name, normal, revid, text, _clean(title))
        if page.get("redirect"):
            target = _REDIRECT.match(text)
            if not explicit:
                self.skipped["redirects"] += 1
                return None
            where = f" to {target[1].strip()}" if target else ""
            return Input(name, unavailable=f"the page is a redirect{where}; not linted (lint its target)",
                         revision=revid, fixable=False)
        if model != "wikitext":
            return Input(name, unavailable=f"the page's content model is {model}, not wikitext; not linted",
                         revision=revid, fixable=False)
        self.owner.fetched += 1
        return Input(name, text=text, dialect="wikitext", fixable=False, revision=revid,
                     site=self.site.knowledge)

    def _unavailable(self, title: str, reason: str) -> Input:
        return Input(_name(self.site.name, title), unavailable=reason, fixable=False)


@dataclass
class _Answer:
    normalized: dict[str, str] = field(default_factory=dict)
    interwiki: dict[str, str] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)


def _clean(title: str) -> str:
    return " ".join(title.replace("_", " ").split())


def _sendable(title: str) -> bool:
    """Whether a title can be named in a request: ``|`` separates titles, and MediaWiki
    titles never hold it, nor control characters."""
    return bool(title.strip()) and "|" not in title and title.isprintable()


def _name(site: str, title: str) -> str:
    """``host#Title``, as a dump page is named ``dump#Title``; the title cut at MAX_TITLE."""
    shown = title.replace(" ", "_")
    return f"{site}#{shown[:MAX_TITLE]}{'…' if len(shown) > MAX_TITLE else ''}"


def _read_titles(path: Path) -> list[str]:
    """One title a line; blank lines and lines starting with ``#`` are skipped."""
    try:
        with open_regular(str(path)) as stream:
            data = read_at_most(stream, MAX_TITLE_LIST)
        text = decode(data)
    except Exception as error:
        raise UsageError(f"--pages-from {path}: cannot read: {error}") from error
    if len(data) > MAX_TITLE_LIST:
        raise UsageError(f"--pages-from {path}: over {MAX_TITLE_LIST:,} bytes")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
