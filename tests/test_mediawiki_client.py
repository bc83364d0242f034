"""The API client's politeness and safety, without a wiki: the rate limit on a fake clock,
HTTPS for remote hosts, where api.php is looked for, the User-Agent. (Against a real wiki:
tests/test_mediawiki_live.py.)"""

from __future__ import annotations

import pytest

from wikilint.mediawiki.client import ApiClient, ClientOptions, RateLimiter, SiteError, check_url, is_loopback
from wikilint.mediawiki.site import endpoints


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_rate_limit_spaces_requests_and_zero_turns_it_off() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    limiter.wait()
    clock.now += 0.25
    limiter.wait()
    limiter.wait()
    assert clock.slept == [0.75, 1.0]
    clock = FakeClock()
    unlimited = RateLimiter(0, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        unlimited.wait()
    assert clock.slept == []


@pytest.mark.parametrize("url", ["http://zh.wikipedia.org/w/api.php", "ftp://127.0.0.1/api.php",
                                 "http://10.0.0.1/api.php", "http://wiki.example.org"])
def test_only_https_leaves_this_machine(url: str) -> None:
    with pytest.raises(SiteError):
        check_url(url)


@pytest.mark.parametrize("url", ["https://zh.wikipedia.org/w/api.php", "http://127.0.0.1:8080/api.php",
                                 "http://[::1]:8080/api.php", "http://localhost/api.php"])
def test_https_or_loopback_is_allowed(url: str) -> None:
    check_url(url)


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.5") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("10.0.0.1") and not is_loopback("wiki.example.org")


def test_where_api_php_is_looked_for() -> None:
    assert endpoints("zh.wikipedia.org") == ["https://zh.wikipedia.org/w/api.php", "https://zh.wikipedia.org/api.php"]
    assert endpoints("https://zh.wikipedia.org/wiki/古巴與朝鮮關係")[0] == "https://zh.wikipedia.org/w/api.php"
    assert endpoints("http://127.0.0.1:8080/api.php") == ["http://127.0.0.1:8080/api.php"]
    assert endpoints("https://example.org/mywiki")[0] == "https://example.org/mywiki/api.php"


def test_the_user_agent_names_the_user_and_wikilint() -> None:
    assert ClientOptions().agent().startswith("wikilint/")
    agent = ClientOptions(user_agent="MyAudit/1.0 (me@example.org)").agent()
    assert agent.startswith("MyAudit/1.0 (me@example.org) wikilint/")


def test_the_client_only_reads() -> None:
    client = ApiClient("http://127.0.0.1:9/api.php", ClientOptions(max_rps=0, retries=0))
    with pytest.raises(ValueError, match="only reads"):
        client.get({"action": "edit", "title": "X", "text": "Y"})
    assert client.requests == 0
    client.close()


def test_a_page_url_names_its_title_by_the_article_path_or_a_variant_path() -> None:
    from wikilint.linter.titles import SiteKnowledge
    from wikilint.mediawiki.site import Site

    client = ApiClient("https://zh.wikipedia.org/w/api.php")
    site = Site(client, "zh.wikipedia.org", SiteKnowledge("zh.wikipedia.org", "zh", ("zh-hans", "zh-hant")), "/wiki/$1",
                "Category", variant_path="/$2/$1")
    assert site.title_of("https://zh.wikipedia.org/wiki/%E5%8F%A4%E5%B7%B4_(x)") == "古巴 (x)"
    assert site.title_of("https://zh.wikipedia.org/wiki/古巴與朝鮮關係") == "古巴與朝鮮關係"
    assert site.title_of("https://zh.wikipedia.org/zh-hans/平壤") == "平壤"
    assert site.title_of("https://zh.wikipedia.org/w/index.php?title=平壤&action=edit") == "平壤"
    assert site.title_of("https://zh.wikipedia.org/static/logo.png") is None
    assert client.requests == 0
    client.close()
