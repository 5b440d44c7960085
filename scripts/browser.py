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


# Counts the script runs the page shows (its stApp element's data-test-script-state turning
# "running") and notes when it last became "notRunning": wait_idle then knows whether the run
# an action asked for has begun and ended, instead of guessing with a fixed wait.
RUN_COUNTER_JS = """
window.__blRuns = 0;
window.__blIdleSince = performance.now();
new MutationObserver(changes => {
  for (const c of changes) {
    const state = c.target.getAttribute("data-test-script-state");
    if (state === "running") window.__blRuns++;
    if (state === "notRunning") window.__blIdleSince = performance.now();
  }
}).observe(document, {subtree: true, attributes: true,
                      attributeFilter: ["data-test-script-state"]});
"""

_SETTLED = """([settle, grace]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const now = performance.now();
  if (now - window.__blIdleSince < settle) return false;  // idle a while: no run follows
  if (window.__blRuns > window.__blSeen || now - window.__blWaitStart > grace) {
    window.__blSeen = window.__blRuns;
    return true;
  }
  return false;
}"""


def watch_runs(page) -> None:
    """Before the page is opened: let :func:`wait_idle` count the app's script runs."""
    page.add_init_script(RUN_COUNTER_JS)


def wait_idle(page, settle_ms: int = 150, grace_ms: int = 2000) -> None:
    """Until the app is connected and has finished running its script.

    On a page prepared with :func:`watch_runs`: until a run has begun since the last call
    and ended, and the page has stayed idle for ``settle_ms`` (a run that follows at once,
    e.g. a component's report, is waited for too); when no run begins within ``grace_ms``
    (an action that reruns nothing), it returns then. A slow machine on which the rerun
    begins late no longer passes as idle. Elsewhere (the benchmarks): wait ``settle_ms``,
    then until the script is not running.
    """
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    if page.evaluate("() => window.__blRuns !== undefined"):
        page.evaluate("() => { window.__blWaitStart = performance.now();"
                      " window.__blSeen = window.__blSeen || 0; }")
        page.wait_for_function(_SETTLED, arg=[settle_ms, grace_ms], polling=50)
        return
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
