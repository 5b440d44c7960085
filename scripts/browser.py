"""Start the app with ``streamlit run`` and find a headless Chromium to drive it.

One place for what the end-to-end tests, the benchmark and the screenshot script share. The
recipe is Streamlit's own (``e2e_playwright/conftest.py``): run on a free port, poll
``/_stcore/health`` until it answers ``ok``, and before every check wait until the app is
connected and its script is not running.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
# As root, and without background networking (this machine's network is closed).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's Chromium, else None (Playwright's own download)."""
    for p in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if p and pathlib.Path(p).exists():
            return p
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: str | os.PathLike = ROOT / "app.py", timeout: float = 60,
          extra: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` on a free port, from the repo so its config applies;
    ``extra`` adds command-line options (e.g. ``["--server.disconnectedSessionTTL", "2"]``).

    Returns the process and the base URL once the server answers. Its log goes to a
    temporary file (a pipe nobody reads could fill up and stall the server); the end of the
    log is in the error if the server does not start.
    """
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (the server writes to it as long as it runs)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", *(extra or [])],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            tail = log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"streamlit did not start for {script}: {tail}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
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
