"""Many browsers against one server: live play by several viewers, and sessions clicking.

    python bench/load.py play      # 1 viewer, then 3 at once, playing at 4 stages/s
    python bench/load.py sessions  # 8 sessions at once, each clicking Iterate 20 times

Every viewer or session is its own headless Chromium in its own process (the way separate
students' machines would be), all against one ``streamlit run app.py``. On this 2-core
machine the browsers share the cores with the server, so the numbers are an upper bound on
what the server costs. ``tests/load/test_load.py`` (``pytest -m load``, not in the default
run) asserts the goals on the same functions.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import pathlib
import re
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle  # noqa: E402

# Records every change of the stage heading ("Iteration k · Stage s of 8: ...") with its time.
WATCH_HEADING = """() => {
  window.__changes = [];
  let last = null;
  const read = () => {
    const h = [...document.querySelectorAll('h4')].find(e => e.innerText.startsWith('Iteration'));
    const t = h ? h.innerText : null;
    if (t !== last) { window.__changes.push([performance.now(), t]); last = t; }
  };
  window.__watch = setInterval(read, 10);
}"""


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS of /proc/<pid>/status)."""
    with open(f"/proc/{pid}/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat, in clock ticks)."""
    import os

    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _launch(p):
    return p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(120_000)  # several browsers starting on two cores
    page.goto(url)
    wait_idle(page, 300)
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg")
    return page


def _run(target, out, ready, go, *args) -> None:
    """Run one browser's part; a failure is reported in ``out`` rather than lost.

    ``target`` opens its page, puts None in ``ready``, waits for the ``go`` event (set once
    every browser is ready), then does its part and puts its result in ``out``.
    """
    try:
        target(*args, ready, go, out)
    except Exception as e:  # noqa: BLE001 (the parent reports it)
        ready.put(None)  # do not keep the others waiting
        import traceback

        where = next(f for f in reversed(traceback.extract_tb(e.__traceback__))
                     if f.filename == __file__)
        out.put(dict(failed=f"line {where.lineno} ({where.line}): {type(e).__name__}: "
                            f"{str(e).splitlines()[0]}"))


def _start(target, n: int, *args) -> tuple[list, object]:
    """``n`` processes running ``target`` in their own browsers, started together."""
    ctx = mp.get_context("spawn")
    out, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    ps = [ctx.Process(target=_run, args=(target, out, ready, go, *args)) for _ in range(n)]
    for p in ps:
        p.start()
        time.sleep(2)  # one browser starting at a time
    for _ in ps:
        ready.get(timeout=300)
    go.set()
    return ps, out


# -- live play ------------------------------------------------------------------------------


SPEEDS = (0.5, 1.0, 2.0, 4.0)  # the speed slider's options (ui/stepper.py)


def _viewer(url: str, seconds: float, speed: float, ready, go, out) -> None:
    """One viewer: set ``speed`` stages/s, press Play when told, watch ``seconds``, Pause."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        page = _open(browser, url)
        page.get_by_role("button", name=re.compile("Speed")).click()
        page.get_by_role("slider").first.focus()
        page.keyboard.press("End")  # 4 ticks/s, then down to the speed asked for
        for _ in range(len(SPEEDS) - 1 - SPEEDS.index(speed)):
            page.keyboard.press("ArrowLeft")
        wait_idle(page)
        page.keyboard.press("Escape")
        wait_idle(page)
        play_button = page.get_by_role("button", name=re.compile(r"Play"))
        pause_button = page.get_by_role("button", name=re.compile(r"Pause"))
        ready.put(None)
        go.wait()
        page.evaluate(WATCH_HEADING)
        play_button.click()
        pause_button.wait_for()
        page.wait_for_timeout(seconds * 1000)
        t_pause = page.evaluate("performance.now()")
        lost = 0
        while True:
            pause_button.click()
            try:
                play_button.wait_for(timeout=5000)
                break
            except Exception:  # noqa: BLE001 (a Pause click that did nothing)
                lost += 1
                if lost > 5:
                    raise
        t_paused = page.evaluate("performance.now()")
        page.wait_for_timeout(1500)  # nothing may change any more
        changes = page.evaluate("window.__changes")
        errors = page.locator("[data-testid='stException']").count()
        browser.close()
    times = [t for t, _ in changes]
    playing = [t for t in times[1:] if t <= t_pause]
    late = [t for t in times if t > t_paused + 300]
    first = times[1] if len(times) > 1 else t_pause
    rate = (len(playing) - 1) / ((playing[-1] - first) / 1000) if len(playing) > 2 else 0.0
    out.put(dict(rate=rate, ticks=len(playing), pause_s=(t_paused - t_pause) / 1000, lost=lost,
                 changed_after_pause=len(late), errors=errors))


def play(viewers: int, seconds: float = 12.0, url: str | None = None,
         speed: float = 4.0) -> dict:
    """``viewers`` browsers playing at once on one server: ticks/s each, Pause latency, CPU."""
    proc = None
    if url is None:
        proc, url = serve()
    try:
        ps, out = _start(_viewer, viewers, url, seconds, speed)
        server_pid = proc.pid if proc else None
        if server_pid:
            time.sleep(1)
            c0, t0 = cpu_seconds(server_pid), time.monotonic()
            time.sleep(seconds - 2)
            server_cpu = (cpu_seconds(server_pid) - c0) / (time.monotonic() - t0)
        results = [out.get(timeout=240 + seconds) for _ in ps]
        for p in ps:
            p.join(30)
    finally:
        if proc:
            stop(proc)
    failed = [r["failed"] for r in results if "failed" in r]
    if failed:
        raise RuntimeError(f"{len(failed)} viewer(s) failed: {failed[0]}")
    return dict(viewers=viewers, speed=speed, rates=[r["rate"] for r in results],
                pause_s=[r["pause_s"] for r in results],
                lost_pause_clicks=sum(r["lost"] for r in results),
                changed_after_pause=sum(r["changed_after_pause"] for r in results),
                errors=sum(r["errors"] for r in results),
                server_cpu=server_cpu if server_pid else None)


# -- many sessions clicking -----------------------------------------------------------------


def _session(url: str, iterations: int, hold_s: float, ready, go, out) -> None:
    """One session: press Iterate ``iterations`` times, timing each until the new heading."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        page = _open(browser, url)
        ready.put(None)
        go.wait()
        ms, wrong = [], 0
        button = page.get_by_role("button", name=re.compile("Iterate"))
        for i in range(iterations):
            head = page.locator("h4").filter(has_text="Iteration").first
            before = head.inner_text()
            t0 = time.perf_counter()
            button.click()
            page.wait_for_function(
                "([b]) => { const h = [...document.querySelectorAll('h4')].find("
                "e => e.innerText.startsWith('Iteration')); return h && h.innerText !== b; }",
                arg=[before], polling=10, timeout=30000)
            ms.append((time.perf_counter() - t0) * 1000)
            if not head.inner_text().startswith(f"Iteration {i + 1} · Stage 8 "):
                wrong += 1
        wait_idle(page)
        errors = page.locator("[data-testid='stException']").count()
        out.put(dict(ms=ms, wrong=wrong, errors=errors))
        time.sleep(hold_s)  # the session stays open while the others finish
        browser.close()


def sessions(n: int = 8, iterations: int = 20, rounds: int = 2) -> dict:
    """``n`` sessions at once, each pressing Iterate ``iterations`` times; ``rounds`` times.

    Click latency (p50, p95), errors and wrong headings, the server's CPU, and its memory:
    before, with every session open, and once they have closed (Streamlit drops a closed
    session after ``server.disconnectedSessionTTL`` seconds, set to 2 here). Python keeps
    freed memory for reuse rather than giving it back to the system, so "back down" shows as
    a second round that fits in the memory of the first.
    """
    proc, url = serve(extra=["--server.disconnectedSessionTTL", "2"])
    results, rss, cpu = [], [rss_mb(proc.pid)], []
    try:
        for _ in range(rounds):
            c0, t0 = cpu_seconds(proc.pid), time.monotonic()
            ps, out = _start(_session, n, url, iterations, 8.0)
            got = [out.get(timeout=900) for _ in ps]
            cpu.append((cpu_seconds(proc.pid) - c0) / (time.monotonic() - t0))
            rss.append(rss_mb(proc.pid))  # every session still open (each holds for 8 s)
            for p in ps:
                p.join(60)
            time.sleep(6)  # past the TTL: the sessions are gone
            rss.append(rss_mb(proc.pid))
            results += got
    finally:
        stop(proc)
    failed = [r["failed"] for r in results if "failed" in r]
    if failed:
        raise RuntimeError(f"{len(failed)} session(s) failed: {failed[0]}")
    ms = sorted(t for r in results for t in r["ms"])
    q = statistics.quantiles(ms, n=20)
    return dict(sessions=n, rounds=rounds, clicks=len(ms), p50=statistics.median(ms),
                p95=q[18], worst=ms[-1], errors=sum(r["errors"] for r in results),
                wrong=sum(r["wrong"] for r in results), rss=rss, server_cpu=max(cpu),
                per_session=(rss[1] - rss[0]) / n, growth=rss[-1] - rss[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("play", "sessions"))
    ap.add_argument("--viewers", type=int, default=3)
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=12.0)
    ap.add_argument("--url", help="a running server (default: start one)")
    ap.add_argument("--speed", type=float, default=4.0, choices=SPEEDS)
    a = ap.parse_args()
    if a.what == "play":
        one = play(1, a.seconds, a.url, a.speed)
        print("1 viewer:", one, flush=True)
        many = play(a.viewers, a.seconds, a.url, a.speed)
        print(f"{a.viewers} viewers:", many)
        print(f"ticks/s each: alone {one['rates'][0]:.2f}; together "
              + ", ".join(f"{r:.2f}" for r in many["rates"])
              + f"; slowest/alone = {min(many['rates']) / one['rates'][0]:.2f}")
    else:
        r = sessions(a.sessions)
        print(r)
        print(f"{r['rounds']} × {r['sessions']} sessions × 20 Iterate clicks: p50 "
              f"{r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, worst {r['worst']:.0f} ms; errors "
              f"{r['errors']}, wrong headings {r['wrong']}; server CPU {r['server_cpu']:.0%} "
              f"of a core; RSS (MB) " + " → ".join(f"{v:.0f}" for v in r["rss"])
              + f" ({r['per_session']:.1f} MB per session; the second round added "
              f"{r['growth']:.1f} MB)")


if __name__ == "__main__":
    main()
