"""End-to-end fixtures: the real Streamlit server and headless Chromium through Playwright.

The recipe is Streamlit's own (``e2e_playwright/conftest.py``): start ``streamlit run`` on a
free port, poll ``/_stcore/health`` until it answers ``ok``, and before every check wait
until the app is connected and its script is not running.

The browser: ``$CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``, else Playwright's
own download (``playwright install chromium`` on a machine that can reach the internet).
"""

from __future__ import annotations

import pytest

from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle

__all__ = ["wait_idle"]  # the tests import it from here


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    return {**browser_type_launch_args, "args": CHROMIUM_ARGS,
            **({"executable_path": path} if path else {})}


@pytest.fixture(scope="session")
def server():
    """The app, served by ``streamlit run`` on a free port; yields its base URL."""
    proc, url = serve()
    yield url
    stop(proc)


@pytest.fixture
def app(page, server):
    """A page with the app open on the default setup (pass a query with ``open_app``)."""
    def open_app(query: str = ""):
        page.goto(f"{server}/?{query}" if query else server)
        wait_idle(page)
        page.wait_for_selector(".katex")
        return page
    return open_app
