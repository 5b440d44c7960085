"""A/B in the browser: the same Step clicks on two versions of the app, taking turns.

Serves ``app.py`` from two checkouts (e.g. ``git worktree add /tmp/before HEAD~1``) and clicks
Step on each in turn in one headless Chromium, timed in the page from the click until the new
stage's heading and graph are shown (bench/bench.py's measure). Prints both medians and their
ratio: the measured effect of a change, on a machine whose load hits both alike.

    python bench/ab_browser.py /tmp/before . --clicks 30 [--query "page=network"]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import MARK_CLICK, click_step_ms  # noqa: E402
from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", help="checkout A (its app.py is served)")
    ap.add_argument("b", help="checkout B")
    ap.add_argument("--clicks", type=int, default=30)
    ap.add_argument("--query", default="", help="opened as /?QUERY on both")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    procs, pages = [], {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for name in (args.a, args.b):
                proc, url = serve(Path(name).resolve() / "app.py")
                procs.append(proc)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url + (f"/?{args.query}" if args.query else ""))
                wait_idle(page)
                page.wait_for_selector("[data-testid='stPlotlyChart'] svg")
                page.evaluate(MARK_CLICK)
                pages[name] = page
            times: dict[str, list[float]] = {name: [] for name in pages}
            for i in range(args.clicks + 2):
                for name, page in pages.items():
                    page.bring_to_front()
                    ms = click_step_ms(page)
                    if i >= 2:
                        times[name].append(ms)
            browser.close()
    finally:
        for proc in procs:
            stop(proc)
    a, b = (statistics.median(times[n]) for n in (args.a, args.b))
    print(f"A {args.a}: median {a:.0f} ms of {args.clicks} Step clicks")
    print(f"B {args.b}: median {b:.0f} ms")
    print(f"B / A = {b / a:.2f}")


if __name__ == "__main__":
    main()
