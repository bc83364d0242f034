"""A polite client of the MediaWiki Action API (``api.php``), read-only.

Built on plain ``requests`` (already a dependency), not mwclient: mwclient fetches a page's
text with one request per page, sleeps inside its own retry loop and adds a dependency,
while an audit needs exactly four things it can do here in a page of code — 50 titles per
request, ``maxlag`` with ``Retry-After``, a per-site rate limit and bounded retries — and
must never reach an edit module (this client knows only ``action=query``).

Politeness, as Wikimedia's API etiquette asks: one request at a time to a site, at most
``max_rps`` requests a second (default 1; 0 turns the limit off), ``maxlag=5`` on every
request and the wait the server asks for (``Retry-After``) when it says it is lagged or
busy (503, 429), a bounded number of retries with exponential backoff, a descriptive
User-Agent with a contact, and gzip. Only HTTPS is spoken to a remote host; plain HTTP
only to a loopback address (a wiki under test on this machine).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

if TYPE_CHECKING:
    import requests

from wikilint._version import __version__
from wikilint.linter.sources import UsageError

#: Where wikilint lives, named in the default User-Agent.
PROJECT_URL = "https://github.com/wikilint/wikilint"
#: Titles (or revision ids) one query names: the API's limit for a client without bot rights.
BATCH = 50
#: Past this many bytes of query string a request is sent as a POST (long CJK titles).
LONG_QUERY = 2000


class SiteError(UsageError):
    """The site cannot be used as given (not HTTPS, not a MediaWiki API): exit 2 when known
    before the run; met during the run, the pages it holds back are WL008."""


class ApiError(Exception):
    """The API answered with an error of its own (``{"error": {"code": …}}``)."""

    def __init__(self, code: str, info: str) -> None:
        super().__init__(f"{code}: {info}")
        self.code = code
        self.info = info


class FetchError(Exception):
    """The wiki did not answer, after every retry: the run reports what was not fetched."""


@dataclass(frozen=True)
class ClientOptions:
    #: Who runs the audit, with a contact (``MyAudit/1.0 (me@example.org)``); None: wikilint's own.
    user_agent: str | None = None
    #: Requests a second to one site; 0: no limit.
    max_rps: float = 1.0
    maxlag: int = 5
    #: Attempts after the first for one request, then FetchError.
    retries: int = 4
    #: Seconds before the first retry, doubled each time.
    backoff: float = 1.0
    #: The longest wait a Retry-After header is obeyed for.
    max_wait: float = 120.0
    #: Seconds to connect and to read an answer.
    timeout: float = 30.0

    def agent(self) -> str:
        import requests  # see ApiClient.__init__

        own = f"wikilint/{__version__} (+{PROJECT_URL}) python-requests/{requests.__version__}"
        return f"{self.user_agent} {own}" if self.user_agent else own


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """HTTPS for every host but a loopback address; raises SiteError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SiteError(f"{url}: not an http(s) URL")
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        raise SiteError(f"{url}: wikilint speaks only HTTPS to a remote wiki (plain HTTP only to a loopback address)")


class RateLimiter:
    """At most ``rate`` calls a second: each waits until 1/rate has passed since the last."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1 / rate if rate > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.last: float | None = None

    def wait(self) -> None:
        if self.interval and self.last is not None:
            remaining = self.last + self.interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last = self.clock()


class ApiClient:
    """One site's ``api.php``: requests one at a time, limited, retried and counted."""

    def __init__(self, endpoint: str, options: ClientOptions | None = None,
                 sleep: Callable[[float], None] = time.sleep, limiter: RateLimiter | None = None) -> None:
        """``limiter``: the site's, shared by every client of one site (the API candidates probed)."""
        check_url(endpoint)
        self.endpoint = endpoint
        self.options = options or ClientOptions()
        self.sleep = sleep
        self.limiter = limiter or RateLimiter(self.options.max_rps, sleep=sleep)
        # Imported here, not at the top: api.py imports this module for every run, and
        # requests costs ~45 ms of start-up that a lint of files (a pre-commit hook) never uses.
        import requests

        self.session = requests.Session()
        self.session.headers.update({"User-Agent": self.options.agent(), "Accept-Encoding": "gzip"})
        #: Requests sent, retries included.
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    def get(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One API call; the decoded answer. Raises ApiError for the API's own errors (but
        maxlag, which is waited out) and FetchError when the wiki does not answer."""
        query = {"format": "json", "formatversion": "2", "maxlag": str(self.options.maxlag), **params}
        if query.get("action") != "query":
            raise ValueError("this client only reads: action=query")
        delay = self.options.backoff
        problem = "no attempt"
        for attempt in range(self.options.retries + 1):
            if attempt:
                self.sleep(delay)
                delay *= 2
            wait, problem, answer = self._attempt(query)
            if answer is not None:
                return answer
            if wait is not None:  # the server said how long: that, not the backoff
                delay = max(delay / 2, wait)
        raise FetchError(f"{problem} (after {self.options.retries + 1} attempts)")

    def _attempt(self, query: dict[str, str]) -> tuple[float | None, str, dict[str, Any] | None]:
        """One request: (a wait the server asked for, what went wrong, the answer or None)."""
        import requests  # see __init__

        self.limiter.wait()
        self.requests += 1
        try:
            if len(urlencode(query)) > LONG_QUERY:
                response = self.session.post(self.endpoint, data=query, timeout=self.options.timeout,
                                             allow_redirects=False)
            else:
                response = self.session.get(self.endpoint, params=query, timeout=self.options.timeout,
                                            allow_redirects=False)
        except requests.RequestException as error:
            return None, f"the wiki did not answer: {type(error).__name__}", None
        with response:
            if response.is_redirect:
                raise SiteError(f"{self.endpoint} redirects to {response.headers.get('Location')}; give that address")
            retry_after = self._retry_after(response)
            if response.status_code == 429 or response.status_code >= 500:
                return retry_after, f"the wiki answered HTTP {response.status_code}", None
            if response.status_code != 200:
                raise SiteError(f"{self.endpoint} answered HTTP {response.status_code}: not a MediaWiki API")
            try:
                answer = response.json()
            except ValueError:
                raise SiteError(f"{self.endpoint} did not answer JSON: not a MediaWiki API") from None
        if not isinstance(answer, dict):
            raise SiteError(f"{self.endpoint} answered something that is not an API result")
        refusal = answer.get("error")
        if isinstance(refusal, dict):
            code, info = str(refusal.get("code", "")), str(refusal.get("info", ""))
            if code == "maxlag":
                return retry_after if retry_after is not None else 5.0, f"the wiki is lagged ({info})", None
            raise ApiError(code, info)
        return None, "", answer

    def _retry_after(self, response: requests.Response) -> float | None:
        value = response.headers.get("Retry-After", "")
        try:
            return min(max(float(value), 0.0), self.options.max_wait)
        except ValueError:
            return None

    def query(self, params: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        """Each part of a query the API answers in parts, following ``continue``."""
        carry: dict[str, str] = {}
        while True:
            answer = self.get({"action": "query", **params, **carry})
            yield answer
            more = answer.get("continue")
            if not isinstance(more, dict):
                return
            carry = {str(key): str(value) for key, value in more.items()}
