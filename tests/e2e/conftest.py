"""End-to-end fixtures: the real Streamlit server and headless Chromium through Playwright.

The recipe is Streamlit's own (``e2e_playwright/conftest.py``): start ``streamlit run`` on a
free port, poll ``/_stcore/health`` until it answers ``ok``, and before every check wait
until the app is connected and its script is not running.

The browser: ``$CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``, else Playwright's
own download (``playwright install chromium`` on a machine that can reach the internet).
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str | None:
    for p in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if p and pathlib.Path(p).exists():
            return p
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    return {**browser_type_launch_args, "args": CHROMIUM_ARGS,
            **({"executable_path": path} if path else {})}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """The app, served by ``streamlit run`` on a free port; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_idle(page, settle_ms: int = 150) -> None:
    """Until the app is connected and has finished running its script."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


@pytest.fixture
def app(page, server):
    """A page with the app open on the default setup (pass a query with ``open_app``)."""
    def open_app(query: str = ""):
        page.goto(f"{server}/?{query}" if query else server)
        wait_idle(page)
        page.wait_for_selector(".katex")
        return page
    return open_app
