"""Auditing a live wiki, end to end, against a real MediaWiki 1.39 on loopback.

The wiki (``tests/mediawiki_server.py``) holds the zh and en wikitext corpora, two levels
of categories, a redirect and a deleted page. Each test
runs the ``wikilint`` command as a user would; a counting proxy in front of the wiki says
how many requests were made, answers one with ``maxlag``, or dies mid-run. Only
127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wikilint.linter.dialects import parse
from wikilint.linter.document import Dialect, LinkStyle
from wikilint.mediawiki.client import ClientOptions
from wikilint.mediawiki.site import open_site

from .mediawiki_server import DELETED, EMPTY, REDIRECT, SEED_TITLE, SELF_LINK, SUB, TOP, Page, Proxy, Wiki, wiki_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def wikilint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wikilint", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "WIKILINT_CACHE": "0"},
                          timeout=300, check=False)


def report(*args: str) -> tuple[int, dict[str, Any], str]:
    done = wikilint("-f", "json", "--max-rps", "0", *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout), done.stderr


def host(wiki: Wiki) -> str:
    return f"127.0.0.1:{wiki.port}"


def zh_pages(wiki: Wiki) -> list[Page]:
    return [page for page in wiki.pages if page.source is not None and page.source.parent.name == "zhwiki-wikitext-dev"]


def comparable(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((item["code"], item["line"], item["column"], item["end_line"], item["end_column"], item["message"])
                  for item in findings)


def test_a_page_by_url_is_linted_as_the_same_wikitext_from_a_file(wiki: Wiki, tmp_path: Path) -> None:
    page = next(page for page in zh_pages(wiki) if page.title == "S-端子")
    status, live, _ = report(f"{wiki.url}/index.php/S-端子")
    assert status == 1
    [entry] = live["files"]
    assert entry["path"] == f"{host(wiki)}#S-端子"
    assert entry["dialect"] == "wikitext" and isinstance(entry["revision"], int) and entry["revision"] > 0
    copy = tmp_path / "S-端子.wiki"
    copy.write_text(page.text.rstrip(), encoding="utf-8")  # MediaWiki drops trailing whitespace on save
    _, from_file, _ = report(str(copy))
    assert live["findings"] and comparable(live["findings"]) == comparable(from_file["findings"])
    assert {item["path"] for item in live["findings"]} == {f"{host(wiki)}#S-端子"}
    assert all(item["fix"] is None for item in live["findings"])  # nothing is ever written back


def test_the_seed_as_a_live_page_has_the_findings_of_its_file(wiki: Wiki, tmp_path: Path) -> None:
    page = next(page for page in wiki.pages if page.title == SEED_TITLE)
    status, live, _ = report("--site", wiki.url, "--page", SEED_TITLE)
    assert status == 1
    [entry] = live["files"]
    assert entry["path"] == f"{host(wiki)}#{SEED_TITLE}" and entry["revision"] > 0
    copy = tmp_path / "seed.wiki"
    copy.write_text(page.text.rstrip(), encoding="utf-8")
    _, from_file, _ = report(str(copy))
    codes = {item["code"] for item in live["findings"]}
    assert {"LNK001", "TPL001"} <= codes  # its two link styles and its stray {{-}} survive the round trip
    assert comparable(live["findings"]) == comparable(from_file["findings"])


def test_site_and_pages_report_what_cannot_be_linted_as_wl008(wiki: Wiki) -> None:
    status, live, _ = report("--site", wiki.url, "--page", "S-端子", "--page", REDIRECT, "--page", "没有这一页",
                             "--page", DELETED, "--page", "A[b", "--page", "s-端子")
    assert status == 1
    messages = {item["path"].split("#", 1)[1]: item["message"] for item in live["findings"] if item["code"] == "WL008"}
    assert messages == {
        REDIRECT: "the page is a redirect to 平壤; not linted (lint its target)",
        "没有这一页": "the page does not exist (or was deleted)",
        DELETED: "the page does not exist (or was deleted)",
        "A[b": 'invalid title: The requested page title contains invalid characters: "[".',
    }
    assert [entry["path"] for entry in live["files"]].count(f"{host(wiki)}#S-端子") == 1  # s-端子 is the same page


def test_a_category_walk_follows_subcategories_to_depth(wiki: Wiki) -> None:
    top = {page.title for page in zh_pages(wiki) if not page.title.startswith("化")}
    sub = {page.title for page in zh_pages(wiki) if page.title.startswith("化")}
    assert top and sub
    _, shallow, _ = report("--site", wiki.url, "--category", TOP)
    _, deep, _ = report("--site", wiki.url, "--category", TOP, "--depth", "1")
    _, limited, _ = report("--site", wiki.url, "--category", TOP, "--depth", "1", "--limit", "7")
    assert {entry["path"].split("#", 1)[1].replace("_", " ") for entry in shallow["files"]} == top
    assert {entry["path"].split("#", 1)[1].replace("_", " ") for entry in deep["files"]} == top | sub
    assert len(limited["files"]) == 7
    assert all(entry["dialect"] == "wikitext" and entry["revision"] for entry in deep["files"])
    status, empty, _ = report("--site", wiki.url, "--category", EMPTY)
    assert status == 1 and [item["code"] for item in empty["findings"]] == ["WL008"]
    assert "has no pages" in empty["findings"][0]["message"]


def test_the_category_findings_equal_linting_the_files(wiki: Wiki, tmp_path: Path) -> None:
    pages = zh_pages(wiki)
    for page in pages:
        (tmp_path / f"{page.title}.wiki").write_text(page.text.rstrip(), encoding="utf-8")
    _, live, _ = report("--site", wiki.url, "--category", TOP, "--depth", "1", "-j", "2")
    _, files, _ = report(str(tmp_path), "-j", "2")

    def by_page(data: dict[str, Any], key: Any) -> dict[str, list[tuple[Any, ...]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for item in data["findings"]:
            grouped.setdefault(key(item["path"]), []).append(item)
        return {name: comparable(items) for name, items in grouped.items()}

    assert by_page(live, lambda path: path.split("#", 1)[1].replace("_", " ")) == by_page(
        files, lambda path: Path(path).stem)
    assert live["summary"]["findings"] == files["summary"]["findings"] > 0


def _titles_file(wiki: Wiki, tmp_path: Path, count: int) -> Path:
    titles = [page.title for page in wiki.pages if page.source is not None or page.title.startswith("填充页")]
    assert len(titles) >= count
    path = tmp_path / "titles.txt"
    path.write_text("\n".join(titles[:count]) + "\n", encoding="utf-8")
    return path


def _content_requests(proxy: Proxy) -> list[str]:
    return [request for request in proxy.api_requests() if "siteinfo" not in request]


def test_120_titles_take_three_requests_of_50(wiki: Wiki, tmp_path: Path) -> None:
    proxy = Proxy(wiki.url)
    try:
        _, live, stderr = report("--site", proxy.url, "--pages-from", str(_titles_file(wiki, tmp_path, 120)))
    finally:
        proxy.close()
    assert len(live["files"]) == 120 and not [item for item in live["findings"] if item["code"] == "WL008"]
    requests = [params for params in proxy.api_params() if params.get("meta") != "siteinfo"]
    assert [len(params["titles"].split("|")) for params in requests] == [50, 50, 20]
    assert all(params["maxlag"] == "5" and params["rvprop"] == "ids|content" for params in requests)
    assert "120 pages fetched, 0 from the cache" in stderr
    assert proxy.user_agents and all(agent.startswith("wikilint/") for agent in proxy.user_agents)


def test_the_cache_fetches_no_revision_twice(wiki: Wiki, tmp_path: Path) -> None:
    titles = _titles_file(wiki, tmp_path, 60)
    proxy = Proxy(wiki.url)  # one address for both runs: the cache is keyed by site
    try:
        args = ("--site", proxy.url, "--pages-from", str(titles), "--cache", "--cache-dir", str(tmp_path / "cache"))
        _, first, _ = report(*args)
        first_requests = _content_requests(proxy)
        _, second, second_stderr = report(*args)
        second_requests = _content_requests(proxy)[len(first_requests):]
    finally:
        proxy.close()
    assert len(first_requests) == 2 and all("rvprop=ids|content" in request for request in first_requests)
    assert len(second_requests) == 2 and not any("rvprop" in request for request in second_requests)  # ids only
    assert "0 pages fetched, 60 from the cache" in second_stderr
    assert comparable(first["findings"]) == comparable(second["findings"])
    assert [entry["revision"] for entry in first["files"]] == [entry["revision"] for entry in second["files"]]


def test_a_maxlag_answer_is_waited_out_as_retry_after_says(wiki: Wiki) -> None:
    proxy = Proxy(wiki.url, maxlag_once=True)
    try:
        status, live, _ = report("--site", proxy.url, "--page", "S-端子")
    finally:
        proxy.close()
    assert status == 1 and not [item for item in live["findings"] if item["code"] == "WL008"]
    asked = [(moment, path + body) for moment, path, body in proxy.seen
             if "/api.php" in path and "siteinfo" not in path]
    assert len(asked) == 2 and asked[0][1] == asked[1][1]  # the same request, again
    assert asked[1][0] - asked[0][0] >= 0.9  # after the second Retry-After asked for
    assert "maxlag=5" in asked[0][1]


def test_a_wiki_that_dies_mid_run_keeps_the_findings_made(wiki: Wiki, tmp_path: Path) -> None:
    titles = _titles_file(wiki, tmp_path, 120)
    proxy = Proxy(wiki.url, die_after=3)  # two siteinfo probes, the first 50 titles, then gone
    try:
        done = wikilint("-f", "json", "--max-rps", "0", "--retries", "1", "--site", proxy.url, "--pages-from",
                        str(titles))
    finally:
        proxy.close()
    assert done.returncode == 1
    live = json.loads(done.stdout)
    assert len(live["files"]) == 120
    lost = [item for item in live["findings"] if item["code"] == "WL008"]
    assert len(lost) == 70 and all(item["message"].startswith("not fetched: the wiki did not answer") for item in lost)
    linted = [entry for entry in live["files"] if "revision" in entry]
    assert len(linted) == 50 and any(entry["findings"] for entry in linted)


def test_diff_shows_fixes_of_a_live_page_and_writes_nothing(wiki: Wiki) -> None:
    before = len(wiki.api_requests())
    done = wikilint("--diff", "--max-rps", "0", "--site", wiki.url, "--category", TOP, "--depth", "1")
    assert done.returncode == 1, done.stderr
    assert f"--- a/{host(wiki)}#" in done.stdout and "\n+" in done.stdout
    requests = wiki.api_requests()[before:]
    assert requests and all("action=query" in request for request in requests)
    assert not any(word in request for request in requests for word in ("edit", "token", "login"))


def test_fix_on_a_live_page_is_refused_before_any_request(wiki: Wiki) -> None:
    proxy = Proxy(wiki.url)
    try:
        done = wikilint("--fix", "--site", proxy.url, "--page", "S-端子")
    finally:
        proxy.close()
    assert done.returncode == 2 and "--fix never edits a wiki" in done.stderr
    assert proxy.seen == []


def test_plain_http_to_a_remote_host_is_refused_before_any_request() -> None:
    done = wikilint("--site", "http://wiki.example.org", "--page", "X")
    assert done.returncode == 2 and "only HTTPS" in done.stderr
    done = wikilint("http://wiki.example.org/wiki/X")
    assert done.returncode == 2 and "only HTTPS" in done.stderr
    done = wikilint("--site", "http://127.0.0.1:9")
    assert done.returncode == 2 and "--site names the wiki of --page" in done.stderr


def test_siteinfo_names_the_namespaces_the_rules_read(wiki: Wiki) -> None:
    site = open_site(wiki.url, ClientOptions(max_rps=0))
    knowledge = site.knowledge
    assert knowledge.language == "zh" and "zh-hans" in knowledge.variants and "zh-hant" in knowledge.variants
    assert knowledge.canonical_namespace("分类") == "Category" == knowledge.canonical_namespace("category")
    assert knowledge.canonical_namespace("Image") == "File" == knowledge.canonical_namespace("文件")
    assert knowledge.canonical_namespace("Testwiki") == "Project"  # the project namespace takes the site's name
    text = "[[Testwiki:关于|关于]]与[[平壤]]。"
    guessed = parse(text, Dialect.WIKITEXT)
    known = parse(text, Dialect.WIKITEXT, site=knowledge)
    assert [link.namespace for link in guessed.links] == [None, None]  # taken for an article
    assert [link.namespace for link in known.links] == ["Project", None]
    assert [link.style for link in known.links] == [LinkStyle.INTERNAL] * 2 and known.site is knowledge
    own = parse(f"见[{wiki.url}/index.php/%E5%B9%B3%E5%A3%A4 平壤]与[https://example.org/x 别处]。", Dialect.WIKITEXT,
                site=knowledge)
    assert [(link.style, link.page, link.wiki_language) for link in own.links] == [
        (LinkStyle.ABSOLUTE, "平壤", "zh"), (LinkStyle.EXTERNAL, None, None)]  # a link to this wiki, written as a URL
    site.client.close()


def test_the_user_agent_comes_from_the_option_or_the_configuration(wiki: Wiki, tmp_path: Path) -> None:
    config = tmp_path / "wikilint.toml"
    config.write_text('user-agent = "WikilintTests/1.0 (config@example.org)"\n', encoding="utf-8")
    proxy = Proxy(wiki.url)
    try:
        report("--config", str(config), "--site", proxy.url, "--page", "S-端子")
        configured = list(proxy.user_agents)
        report("--config", str(config), "--user-agent", "Option/2.0 (option@example.org)", "--site", proxy.url,
               "--page", "S-端子")
        given = proxy.user_agents[len(configured):]
    finally:
        proxy.close()
    assert configured and all(agent.startswith("WikilintTests/1.0 (config@example.org) wikilint/")
                              for agent in configured)
    assert given and all(agent.startswith("Option/2.0 (option@example.org) wikilint/") for agent in given)


@pytest.mark.parametrize("garble", [b'{"query": {"pages": "not a list"}}', b'{"query": {"pages": [{"title": 7}]}}',
                                    b"<html>not json</html>", b'[1, 2]'])
def test_an_answer_of_another_shape_is_a_finding_not_a_traceback(wiki: Wiki, garble: bytes) -> None:
    proxy = Proxy(wiki.url, garble=garble)
    try:
        done = wikilint("-f", "json", "--max-rps", "0", "--retries", "0", "--site", proxy.url, "--page", "S-端子",
                        "--category", TOP)
    finally:
        proxy.close()
    assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert findings and {item["code"] for item in findings} == {"WL008"}


def test_every_output_format_takes_live_pages_and_a_saved_report_keeps_the_revision(wiki: Wiki, tmp_path: Path) -> None:
    args = ("--max-rps", "0", "--site", wiki.url, "--page", "S-端子", "--page", "没有这一页")
    for output_format in ("text", "concise", "sarif", "github", "gitlab", "junit", "html"):
        done = wikilint("-f", output_format, "-o", str(tmp_path / f"report.{output_format}"), *args)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (output_format, done.stderr)
        assert "S-" in (tmp_path / f"report.{output_format}").read_text(encoding="utf-8")
    statistics = wikilint("--statistics", *args)
    assert statistics.returncode == 1 and f"{host(wiki)}#S-端子" in statistics.stdout
    assert "in 2 documents" in statistics.stdout or "of 2 documents" in statistics.stdout
    saved = tmp_path / "run.jsonl"
    assert wikilint("-f", "jsonl", "-o", str(saved), *args).returncode == 1
    rendered = wikilint("report", str(saved), "-f", "json")
    assert rendered.returncode == 0, rendered.stderr
    files = {entry["path"]: entry for entry in json.loads(rendered.stdout)["files"]}
    assert isinstance(files[f"{host(wiki)}#S-端子"]["revision"], int)
    assert "revision" not in files[f"{host(wiki)}#没有这一页"]


def test_a_url_to_the_wiki_itself_is_lnk001_only_where_the_site_is_known(wiki: Wiki, tmp_path: Path) -> None:
    page = next(page for page in wiki.pages if page.title == SELF_LINK)
    _, live, _ = report("--select", "LNK001", "--site", wiki.url, "--page", SELF_LINK)
    assert [item["message"] for item in live["findings"]] == [
        "link to '古巴' is an absolute URL; link pages of this wiki as [[Title|label]]"]
    copy = tmp_path / "self.wiki"
    copy.write_text(page.text, encoding="utf-8")
    _, from_file, _ = report("--select", "LNK001", str(copy))
    assert from_file["findings"] == []  # without siteinfo, 127.0.0.1 is just another web site
    diff = wikilint("--diff", "--select", "LNK001", "--max-rps", "0", "--site", wiki.url, "--page", SELF_LINK)
    assert diff.returncode == 1 and "+见[[古巴]]。" in diff.stdout


def test_requests_to_one_wiki_keep_the_rate_limit(wiki: Wiki) -> None:
    proxy = Proxy(wiki.url)
    try:
        done = wikilint("--max-rps", "4", "--site", proxy.url, "--page", "S-端子", "--category", TOP)
    finally:
        proxy.close()
    assert done.returncode == 1, done.stderr
    moments = [moment for moment, path, _ in proxy.seen if "/api.php" in path]
    assert len(moments) >= 4  # the API probed at /w/api.php, then /api.php, the page, the category
    # 4 requests a second: they are sent at least 0.25 s apart (a lower bound only; 0.1 s for
    # the first request's connection, which may take longer to arrive than the last's)
    assert moments[-1] - moments[0] >= 0.25 * (len(moments) - 1) - 0.1


def test_a_wiki_that_never_answers_is_wl008_on_every_page_asked_for() -> None:
    from .mediawiki_server import _free_port

    nobody = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    done = wikilint("-f", "json", "--retries", "0", "--site", nobody, "--page", "平壤", "--page", "哈瓦那",
                    "--category", "中文条目")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [item["code"] for item in findings] == ["WL008"] * 3
    assert all(item["message"].startswith(("not fetched: the wiki did not answer", "category not listed"))
               for item in findings)
