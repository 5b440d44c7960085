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


def choose_data(page, option: str) -> None:
    page.locator("[data-testid='stSelectbox']").filter(has_text="Data").first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def visit_step_page(page) -> None:
    page.get_by_text("Step by step", exact=True).first.click()
    wait_idle(page)
    page.get_by_text("Training", exact=True).first.click()
    wait_idle(page)


def samples_shown(page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Samples m × inputs n")
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def test_an_upload_and_an_edited_table_survive_the_step_page_and_are_trained_on(app, tmp_path):
    """Issue 19: the upload was lost after a visit to the step page ("choose a CSV file to
    upload"); issue 17: the edited table fell back to the AND gate."""
    f = tmp_path / "mine.csv"
    f.write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n2,2,1\n")
    page = app()
    page.get_by_text("Training", exact=True).first.click()
    wait_idle(page)
    choose_data(page, "Upload a CSV file")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(f))
    wait_idle(page, 500)
    visit_step_page(page)
    assert "In use: mine.csv, 5 rows" in page.locator("[data-testid='stCaptionContainer']") \
        .all_inner_texts().__str__()
    page.get_by_role("button", name="Train").click()
    wait_idle(page, 500)
    assert samples_shown(page) == "5 × 2"
    choose_data(page, "Edit a table")
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + 35 + 17)  # row 1, x1
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type("1e308", delay=20)
    page.keyboard.press("Enter")
    wait_idle(page, 500)
    visit_step_page(page)
    choose_data(page, "AND gate")
    choose_data(page, "Edit a table")
    page.get_by_role("button", name="Train").click()
    wait_idle(page, 500)
    assert samples_shown(page) == "4 × 2"
    assert page.locator("[data-testid='stException']").count() == 0
    page.get_by_role("tab", name="Decision boundary").click()
    wait_idle(page, 500)
    # the trained data's first x1 is the typed 1e308 (a number cell made it 1308): the
    # boundary figure's axes are in units of 10³⁰⁸
    title = page.locator(".st-key-fig_boundary .js-plotly-plot .xtitle").first  # (every tab
    # is drawn: the first title on the page may sit in a hidden one)
    title.wait_for()
    assert title.text_content() == "x₁ × 10³⁰⁸"
