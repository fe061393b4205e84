"""Browser tests: Playwright for Python driving Debian's Chromium against the whole system
(the session `system` fixture: real processes). Each test saves a screenshot of its key page
to docs/screenshots/."""
import asyncio
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--lang=zh-CN"]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                                                              "(pip install -r requirements-dev.txt)")


@pytest.fixture(scope="package")  # ended before any other package's tests (see the end)
def browser():
    manager = sync_api.sync_playwright()
    playwright = manager.start()
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield launched
    launched.close()
    # Under the tests' eventlet monkey patching, Playwright's stop() waits forever for its
    # driver process to be reaped; the browser is closed, so end the driver directly.
    driver = getattr(getattr(getattr(manager, "_client", None), "_transport", None), "_proc", None)
    if driver is not None and driver.returncode is None:
        driver.kill()
    # Between calls Playwright's sync API leaves its loop marked as this thread's running loop;
    # without stop() nobody unmarks it, and every later asyncio.run() in this process (pyHanko
    # verifying a certificate's signature) would refuse to start.
    asyncio.events._set_running_loop(None)


@pytest.fixture
def context(browser):
    """A fresh browser profile at the manual's desktop size (1366×768), in Chinese."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                              accept_downloads=False)
    ctx.set_default_timeout(15000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
