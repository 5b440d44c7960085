"""The network page in a real browser: Mazur's example opened by its link, iterated, its
numbers read off the page, the address bar reopening the same view, in light and dark."""

import re

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e

KATEX_ERROR = ".katex-error, .katex span[style*='204, 0, 0']"


def heading(page) -> str:
    return page.locator("h4").filter(has_text="Iteration").first.inner_text()


def equations(page) -> str:
    return " ".join(page.locator(".katex-html").all_inner_texts()).replace("−", "-")


def click(page, label: str) -> None:
    page.get_by_role("button", name=re.compile(rf"^\W*{label}")).first.click()
    wait_idle(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_mazur_by_link_iterate_and_reopen(page, server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/?page=network&example=mazur")
    wait_idle(page)
    assert "Iteration 1 · Stage 0 of 10" in heading(page)
    click(page, "Step")
    assert "0.3775" in equations(page)
    click(page, "Iterate")
    assert "Stage 10 of 10" in heading(page)
    text = equations(page)
    for value in ("0.3589", "0.4087", "0.5113", "0.5614", "0.1498", "0.1996"):
        assert value in text, value  # Mazur's w5+ … w8+, w1+, w2+
    assert page.locator(KATEX_ERROR).count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    graph = page.locator("[data-testid='stPlotlyChart']").first
    assert graph.is_visible() and graph.bounding_box()["height"] > 200
    # the address bar reopens the very same view in a new tab
    url = page.url
    assert "page=network" in url and "stage=10" in url
    other = page.context.new_page()
    other.goto(url)
    wait_idle(other)
    assert "Iteration 1 · Stage 10 of 10" in heading(other)
    assert "0.3589" in equations(other)
    other.close()


def test_the_published_numbers_and_the_slip(page, server):
    page.goto(f"{server}/?page=network&example=mazur")
    wait_idle(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "20 of 21 printed numbers agree" in body
    assert "0.291027924" in body and "0.291027774" in body
