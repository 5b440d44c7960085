"""Training in the real browser: the replay animation plays client-side and advances."""

import re

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e

CURRENT = ".js-plotly-plot .slider-container .slider-label"  # the first: "epoch k"


def epoch_shown(page) -> int:
    text = page.locator(CURRENT).first.text_content()
    return int(re.search(r"epoch (\d+)", text).group(1))


def test_replay_animation_plays_in_the_browser(app):
    page = app()
    page.get_by_text("Training", exact=True).first.click()
    wait_idle(page)
    page.get_by_role("button", name="Train").click()
    wait_idle(page)
    page.locator(CURRENT).first.wait_for()
    assert epoch_shown(page) == 200  # the replay opens on the last epoch
    touch = page.locator(".js-plotly-plot .slider-rail-touch-rect").first
    touch.scroll_into_view_if_needed()
    rail = touch.bounding_box()
    page.mouse.click(rail["x"] + 3, rail["y"] + rail["height"] / 2)  # scrub to the start
    page.wait_for_timeout(300)
    start = epoch_shown(page)
    assert start <= 4
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Play").first.click()
    page.wait_for_timeout(1500)
    mid = epoch_shown(page)
    assert mid > start  # the shown iteration advances...
    page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Pause").first.click()
    page.wait_for_timeout(200)
    paused = epoch_shown(page)
    page.wait_for_timeout(600)
    assert epoch_shown(page) == paused  # ...and Pause stops it
    assert not [u for u in requests if "/_stcore/" in u and "health" not in u]  # no server
    assert page.locator("[data-testid='stException']").count() == 0
