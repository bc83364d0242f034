"""Which wiki: find a site's ``api.php`` and read what it says of itself (``meta=siteinfo``).

A site is given as a host (``zh.wikipedia.org``), a base URL, an ``api.php`` URL, or through
a page URL (``https://zh.wikipedia.org/wiki/古巴與朝鮮關係``). The API is looked for where
MediaWiki puts it (``/w/api.php`` as on Wikimedia, then ``/api.php``); the answer to
``meta=siteinfo`` proves it is one, and gives the article path (to read a page URL's
title), the namespaces with their local names and aliases, the content language and its
variants (:class:`SiteKnowledge`, which rules read instead of guessing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from wikilint.linter.titles import SiteKnowledge
from wikilint.mediawiki.client import ApiClient, ApiError, ClientOptions, RateLimiter, SiteError

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
    #: ``/$2/$1``: where a page's URL in a language variant puts the variant and the title.
    variant_path: str | None = None

    def title_of(self, url: str) -> str | None:
        """The page title a URL of this site names, or None."""
        parts = urlsplit(url)
        named = parse_qs(parts.query).get("title")
        if named:
            return named[0].replace("_", " ")
        variants = (*self.knowledge.variants, self.knowledge.language)
        for pattern in (self.article_path, self.variant_path):
            if pattern and (title := _match_path(pattern, parts.path, variants)) is not None:
                return title
        return None


def _match_path(pattern: str, path: str, variants: tuple[str, ...]) -> str | None:
    """The title in ``path`` by an article path pattern (``/wiki/$1``, ``/$2/$1`` with $2 a variant)."""
    expression = re.escape(pattern).replace(re.escape("$1"), "(?P<title>.+)")
    expression = expression.replace(re.escape("$2"), "(?P<variant>[^/]+)")
    match = re.fullmatch(expression, path)
    if match is None or ("variant" in match.groupdict() and match["variant"] not in variants):
        return None
    return unquote(match["title"]).replace("_", " ")


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
    limiter = RateLimiter(options.max_rps)  # one site, one pace, whichever address answers
    for endpoint in endpoints(site):
        client = ApiClient(endpoint, options, limiter=limiter)
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
    article_path = str(general.get("articlepath") or "/wiki/$1")
    host = urlsplit(str(general.get("server") or endpoint)).netloc or netloc
    language = str(general.get("lang") or "")
    knowledge = SiteKnowledge(host, language, variants, tuple(sorted(names.items())), article_path)
    variant_path = general.get("variantarticlepath")
    return Site(client, netloc, knowledge, article_path, category,
                variant_path=str(variant_path) if variant_path else None)


def _key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()
