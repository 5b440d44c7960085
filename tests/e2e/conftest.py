"""End-to-end fixtures: the real Streamlit server and headless Chromium through Playwright.

The recipe is Streamlit's own (``e2e_playwright/conftest.py``): start ``streamlit run`` on a
free port, poll ``/_stcore/health`` until it answers ``ok``, and before every check wait
until the app is connected and its script is not running.

The browser: ``$CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``, else Playwright's
own download (``playwright install chromium`` on a machine that can reach the internet).
Without pytest-playwright, or without any of these browsers, the tests here are skipped.
The helpers (``wait_idle``...) are imported from ``scripts.browser``, not from here.
"""

from __future__ import annotations

import pathlib

import pytest

from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle, watch_runs

HERE = pathlib.Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Without pytest-playwright (its plugin is named ``playwright``) there is no ``page`` or
    ``browser`` fixture: skip the tests here rather than let each fail on a missing fixture."""
    if config.pluginmanager.hasplugin("playwright"):
        return
    skip = pytest.mark.skip(reason="pytest-playwright is not installed "
                                   "(pip install -r requirements-dev.txt)")
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    path = chromium_path()
    if path is None and not pathlib.Path(playwright.chromium.executable_path).exists():
        pytest.skip("no Chromium: set $CHROMIUM, install Debian's chromium, or run "
                    "`playwright install chromium`")
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
    watch_runs(page)

    def open_app(query: str = ""):
        page.goto(f"{server}/?{query}" if query else server)
        wait_idle(page)
        page.wait_for_selector(".katex")
        return page
    return open_app
