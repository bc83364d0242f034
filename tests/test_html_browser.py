"""The HTML audit as a person sees it: a real headless Chromium opens the report of the shared
corpus from disk (file://), with a Content-Security-Policy that lets nothing load.

Charts are drawn and non-empty, the rule filter shows only that rule's findings, the page of
hostile names and titles runs no script (no alert, nothing in the console), and a screenshot is
taken: to docs/html-report.png (the README shows it) with WIKILINT_UPDATE_SCREENSHOT=1, else to
a temporary folder. Skipped without chromium and chromium-driver unless WIKILINT_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikilint.cli import main

from . import browser as browser_module
from .browser import chromium
from .conftest import CORPUS, ROOT
from .hostile_html import BREAKOUT, SCRIPT_NAME, TITLE, write_hostile

SCREENSHOT = ROOT / "docs" / "html-report.png"
#: Installed before any script of the page runs: every alert, confirm and prompt is recorded
#: instead of shown, so a test sees one even if the browser would have swallowed it.
RECORD_DIALOGS = (
    "window.__dialogs = [];"
    "for (const name of ['alert', 'confirm', 'prompt']) {"
    "  window[name] = (message) => { window.__dialogs.push(name + ':' + message); };"
    "}"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DIALOGS})
        yield driver


def render(arguments: list[str], output: Path) -> Path:
    result = CliRunner().invoke(main, ["--no-cache", "-j", "1", "-f", "html", "-o", str(output), *arguments])
    assert result.exit_code == 1, result.output
    return output


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: set WIKILINT_DEV_CORPUS")
    return render([str(CORPUS)], tmp_path_factory.mktemp("browser") / "corpus.html")


def open_page(driver: Any, page: Path) -> None:
    driver.get_log("browser")  # what earlier pages logged is not this page's
    driver.get(page.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def assert_no_script_ran_but_ours(driver: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
        pytest.fail(f"an alert is open: {alert.text!r}")
    except NoAlertPresentException:
        pass
    assert driver.execute_script("return window.__dialogs") == []
    errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == [], errors  # a blocked script, style or load is logged here (CSP violations)


def test_the_corpus_report_opens_from_disk_with_charts_and_filters(browser: Any, corpus_page: Path,
                                                                   tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, corpus_page)
    assert browser.title.startswith("wikilint audit")
    # The charts are drawn: each has bars with a width on screen, and a label beside each.
    for chart in ("chart-rules", "chart-usable", "chart-empty"):
        svg = browser.find_element(By.CSS_SELECTOR, f"#{chart} svg")
        assert svg.size["width"] > 300 and svg.size["height"] > 50, chart
        widths = browser.execute_script(
            "return [...arguments[0].querySelectorAll('rect.bar')].map(r => r.getBoundingClientRect().width)", svg)
        assert widths and max(widths) > 100 and sum(width > 0 for width in widths) >= 2, (chart, widths)
        assert len(svg.find_elements(By.CSS_SELECTOR, "text.label")) == len(widths)

    # The script ran (the filters show only with it) and filtering by a rule shows only its findings.
    filters = browser.find_element(By.ID, "filters")
    assert filters.is_displayed()
    findings = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
    codes = {item.get_attribute("data-code") for item in findings}
    assert len(codes) > 5
    for code in ("REF001", "SCR001"):
        Select(browser.find_element(By.ID, "filter-rule")).select_by_value(code)
        shown = [item for item in findings if item.is_displayed()]
        listed = int(browser.find_element(By.CSS_SELECTOR, f"a[data-filter-rule='{code}']").text.replace(",", ""))
        assert len(shown) == listed > 0
        assert {item.get_attribute("data-code") for item in shown} == {code}
        assert browser.find_element(By.ID, "filter-status").text == f"{listed} of {len(findings)} listed findings shown"
        hidden_documents = browser.find_elements(By.CSS_SELECTOR, "#findings article.document[hidden]")
        assert hidden_documents  # documents without that rule's findings are hidden too
    Select(browser.find_element(By.ID, "filter-rule")).select_by_value("")
    assert all(item.is_displayed() for item in findings[:50])

    # The rules table sorts by a click on a numeric header, largest first.
    browser.find_element(By.CSS_SELECTOR, "#rules-table th:nth-child(4)").click()
    browser.find_element(By.CSS_SELECTOR, "#rules-table th:nth-child(4)").click()
    counts = [int(cell.get_attribute("data-value"))
              for cell in browser.find_elements(By.CSS_SELECTOR, "#rules-table tbody td:nth-child(4)")]
    assert counts == sorted(counts, reverse=True)

    assert_no_script_ran_but_ours(browser)
    browser.execute_script("window.scrollTo(0, 0)")
    shot = SCREENSHOT if os.environ.get("WIKILINT_UPDATE_SCREENSHOT") == "1" else tmp_path / "html-report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_the_report_is_complete_with_javascript_off(corpus_page: Path) -> None:
    """What the script does is only filter and sort: with it off, the numbers, charts and every
    listed finding are on the page, and only the filters (which need it) are not shown."""
    from selenium.webdriver.common.by import By

    with chromium(javascript=False) as driver:
        open_page(driver, corpus_page)
        assert not driver.find_element(By.ID, "filters").is_displayed()
        findings = driver.find_elements(By.CSS_SELECTOR, "#findings li.finding")
        assert len(findings) > 100 and all(item.is_displayed() for item in findings[:: len(findings) // 20])
        assert driver.find_element(By.ID, "filter-status").get_attribute("textContent") == ""  # no script ran
        assert int(driver.find_element(By.CSS_SELECTOR, "[data-stat=findings]").text.replace(",", "")) > 1000
        assert driver.find_element(By.CSS_SELECTOR, "#chart-rules svg").size["height"] > 50
        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        assert errors == [], errors


def test_hostile_names_and_titles_run_no_script(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = render(write_hostile(tmp_path / "in"), tmp_path / "hostile.html")
    open_page(browser, page)
    assert_no_script_ran_but_ours(browser)
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert browser.find_elements(By.TAG_NAME, "iframe") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    text = browser.find_element(By.TAG_NAME, "body").text
    for hostile in (BREAKOUT, SCRIPT_NAME, TITLE):
        assert hostile in text  # shown, as text
    handlers = browser.execute_script(
        "return [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".map(a => a.name).filter(n => n.startsWith('on'))")
    assert handlers == []


def test_without_the_browser_the_tests_skip_saying_how_to_install_it_unless_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(browser_module, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("WIKILINT_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium chromium-driver"), chromium():
        pass
    monkeypatch.setenv("WIKILINT_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="WIKILINT_REQUIRE_BROWSER=1 requires them"), chromium():
        pass
