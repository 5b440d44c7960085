"""Take screenshots of the running app in headless Chromium (for assets/ and for review).

    streamlit run app.py --server.headless true --server.port 8599 &
    python scripts/screenshots.py --url http://localhost:8599 --out /tmp/shots \
        --query "x=0.5,0.3&w=0.2,0.4&stage=8" --size 1280x800 --theme dark --name example

Each shot waits until the app is connected and idle. ``--clicks`` presses buttons by label
first (e.g. ``--clicks Step Step``).
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from scripts.browser import CHROMIUM_ARGS, chromium_path, wait_idle  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://localhost:8599")
    ap.add_argument("--out", default="/tmp/shots")
    ap.add_argument("--query", default="")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--theme", choices=("light", "dark"), default="light")
    ap.add_argument("--name", default="shot")
    ap.add_argument("--clicks", nargs="*", default=[])
    ap.add_argument("--full", action="store_true", help="the whole page, not the viewport")
    a = ap.parse_args()
    w, h = map(int, a.size.split("x"))
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=a.theme)
        page.goto(f"{a.url}/?{a.query}" if a.query else a.url)
        wait_idle(page, 600)
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=20000)
        page.wait_for_timeout(800)
        for label in a.clicks:
            button = page.get_by_role("button", name=label, exact=True)
            target = button if button.count() else page.get_by_text(label, exact=True)
            target.first.click()
            wait_idle(page, 600)
        page.mouse.move(0, 0)  # no tooltip from the last click
        page.wait_for_timeout(400)
        path = out / f"{a.name}-{a.size}-{a.theme}.png"
        page.screenshot(path=str(path), full_page=a.full)
        print(path)
        browser.close()


if __name__ == "__main__":
    main()
