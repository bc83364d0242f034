"""Which wiki: find a site's ``api.php`` and read what it says of itself (``meta=siteinfo``).

A site is given as a host (``zh.wikipedia.org``), a base URL, an ``api.php`` URL, or through
a page URL (``https://zh.wikipedia.org/wiki/古巴與朝鮮關係``). The API is looked for where
MediaWiki puts it (``/w/api.php`` as on Wikimedia, then ``/api.php``); the answer to
``meta=siteinfo`` proves it is one, and gives the article path (to read a page URL's
title), the namespaces with their local names and aliases, the content language and its
variants (:class:`SiteKnowledge`, which rules read instead of guessing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from wikilint.linter.titles import SiteKnowledge
from wikilint.mediawiki.client import ApiClient, ApiError, ClientOptions, SiteError

_SITEINFO = {"meta": "siteinfo", "siprop": "general|namespaces|namespacealiases"}


@dataclass
class Site:
    client: ApiClient
    #: How the site is named in reports: ``zh.wikipedia.org``, ``127.0.0.1:8080``.
    name: str
    knowledge: SiteKnowledge
    #: ``/wiki/$1``: where a page's URL puts its title.
    article_path: str
    #: The local name of the Category namespace (14), to write ``分类:X``.
    category_prefix: str
    #: Requests spent finding the API (candidates that were not it).
    probes: int = 0

    def title_of(self, url: str) -> str | None:
        """The page title a URL of this site names, or None."""
        parts = urlsplit(url)
        title = parse_qs(parts.query).get("title")
        if title:
            return title[0].replace("_", " ")
        prefix, _, suffix = self.article_path.partition("$1")
        path = parts.path
        if path.startswith(prefix) and path.endswith(suffix) and len(path) > len(prefix) + len(suffix):
            return unquote(path[len(prefix) : len(path) - len(suffix)]).replace("_", " ")
        return None


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def endpoints(site: str) -> list[str]:
    """Where ``api.php`` may be for a host, base URL, page URL or ``api.php`` URL."""
    if not is_url(site):
        site = f"https://{site.strip('/')}"
    parts = urlsplit(site)
    root = f"{parts.scheme}://{parts.netloc}"
    if parts.path.endswith("api.php"):
        return [f"{root}{parts.path}"]
    found = [f"{root}/w/api.php", f"{root}/api.php"]
    base = parts.path.rstrip("/")
    if base and "/wiki/" not in f"{base}/" and not base.endswith(".php") and "." not in base.rsplit("/", 1)[-1]:
        found.insert(0, f"{root}{base}/api.php")  # a wiki installed under a folder of its own
    return list(dict.fromkeys(found))


def open_site(site: str, options: ClientOptions) -> Site:
    """The site's API, found and proved by its siteinfo; SiteError when none answers as one.

    A wiki that does not answer at all raises FetchError from the first candidate.
    """
    problems: list[str] = []
    probes = 0
    for endpoint in endpoints(site):
        client = ApiClient(endpoint, options)
        try:
            answer = client.get({"action": "query", **_SITEINFO})
        except (SiteError, ApiError) as error:
            problems.append(str(error))
            probes += client.requests
            client.close()
            continue
        query = answer.get("query")
        if isinstance(query, dict) and isinstance(query.get("general"), dict):
            found = _site(client, endpoint, query)
            found.probes = probes
            return found
        problems.append(f"{endpoint} answered without siteinfo")
        probes += client.requests
        client.close()
    raise SiteError(f"{site}: no MediaWiki API found ({'; '.join(problems)})")


def _site(client: ApiClient, endpoint: str, query: dict[str, Any]) -> Site:
    general = query["general"]
    names: dict[str, str] = {}
    category = "Category"
    namespaces = query.get("namespaces") or {}
    canonical_of: dict[int, str] = {}
    for item in namespaces.values() if isinstance(namespaces, dict) else []:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        canonical = str(item.get("canonical") or item.get("name") or "")
        canonical_of[int(item["id"])] = canonical
        for name in (canonical, str(item.get("name") or "")):
            if name:
                names.setdefault(_key(name), canonical)
        if item["id"] == 14 and item.get("name"):
            category = str(item["name"])
    for alias in query.get("namespacealiases") or []:
        if isinstance(alias, dict) and alias.get("id") in canonical_of and alias.get("alias"):
            names.setdefault(_key(str(alias["alias"])), canonical_of[int(alias["id"])])
    variants = tuple(str(item["code"]) for item in general.get("variants") or [] if isinstance(item, dict)
                     and item.get("code") and item["code"] != general.get("lang"))
    netloc = urlsplit(endpoint).netloc
    knowledge = SiteKnowledge(netloc, str(general.get("lang") or ""), variants, tuple(sorted(names.items())))
    return Site(client, netloc, knowledge, str(general.get("articlepath") or "/wiki/$1"), category)


def _key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()
