"""Presenter mode on small projectors (issue 17, item 14): the figure-size buttons fit."""

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width,height", [(1024, 768), (1280, 800)])
def test_every_figure_size_button_is_whole_in_presenter_mode(app, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    app()
    page.get_by_text("Presenter", exact=True).first.click()
    wait_idle(page)
    buttons = page.locator("[data-testid='stButtonGroup'] button").filter(has_text="%")
    assert buttons.count() == 3
    for i in range(3):
        b = buttons.nth(i)
        box = b.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, b.inner_text()
        clipped = b.evaluate("e => [...e.querySelectorAll('p, span, div')].some("
                             "c => c.scrollWidth > c.clientWidth + 1)")
        assert not clipped, f"{b.inner_text()!r} is cut off at {width} px"
