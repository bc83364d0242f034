"""The headless Chromium the HTML tests drive: Debian's ``chromium`` through Selenium and Debian's
``chromium-driver``, both named by path so that Selenium Manager never downloads anything.

Without them the tests skip, saying what to install; with ``WIKILINT_REQUIRE_BROWSER=1`` (what
``.ci/run`` exports) they fail instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("WIKILINT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("WIKILINT_CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL = "apt-get install chromium chromium-driver"


def missing_browser(reason: str) -> None:
    """Skip the test, or fail it where the browser is required (CI)."""
    message = f"{reason}: the HTML report's browser tests need it ({INSTALL})"
    if os.environ.get("WIKILINT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}; WIKILINT_REQUIRE_BROWSER=1 requires them to run", pytrace=False)
    pytest.skip(message)


@contextmanager
def chromium(width: int = 1280, height: int = 1600, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium that logs every console message (``goog:loggingPrefs``), with
    JavaScript turned off where asked."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            missing_browser(f"{path} is missing")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing_browser("selenium is not installed (pip install -e '.[test]')")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager, should it ever run, must not go online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", f"--window-size={width},{height}", "--hide-scrollbars",
                     "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
