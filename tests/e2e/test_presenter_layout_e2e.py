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


def test_the_stage_equation_is_above_the_fold_at_1280_by_800(app, page):
    """Issue 17, item 14: in presenter mode at 1280 x 800 the equations sat below the fold.
    The figure size sits on the heading's row now (the buttons show their keys), the stage's
    explanation follows the equations, and the stage's equation, numbers included, is on
    screen without scrolling."""
    page.set_viewport_size({"width": 1280, "height": 800})
    app("stage=4")
    page.get_by_text("Presenter", exact=True).first.click()
    wait_idle(page)
    heading = page.locator("h4").filter(has_text="Iteration").first.bounding_box()
    size = page.locator("[data-testid='stButtonGroup']").filter(has_text="125 %").first
    assert abs(size.bounding_box()["y"] + size.bounding_box()["height"] / 2
               - (heading["y"] + heading["height"] / 2)) < 20  # one row
    # the lowest glyph of the stage's equation (its numbers' row; KaTeX's boxes reach below)
    bottom = page.locator(".katex-display .katex-html").first.evaluate(
        "e => Math.max(...[...e.querySelectorAll('span')].filter(s => !s.children.length"
        " && s.textContent.replace(/[\\s\\u200b]/g, ''))"
        ".map(s => s.getBoundingClientRect().bottom))")
    assert bottom <= 800, bottom
