"""Keyboard shortcuts, the share link round trip and setup restore, in a real browser."""

import json
import re

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError


def heading(page) -> str:
    return page.locator("h4").filter(has_text="Iteration").first.inner_text()


def press_to(page, key: str, shows: str) -> None:
    """Press ``key``, then wait until the heading shows ``shows``.

    A fixed wait raced a slow machine (CI once saw Stage 1 after two presses of →), and on
    another the first key press of a fresh page was lost: no rerun followed it in 10 s. So
    the key is pressed again, up to three times, only while the page is idle and its heading
    is still the one before the press: a press that was taken changes the heading or starts
    a rerun, and is never repeated."""
    before = heading(page)
    for _ in range(3):
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "t => [...document.querySelectorAll('h4')].some(h => h.innerText.includes(t))",
                arg=shows, timeout=5000)
            break
        except PlaywrightTimeout:
            wait_idle(page)
            assert heading(page) == before, f"after {key}: {heading(page)!r}, not {shows!r}"
    else:
        raise AssertionError(f"{key} three times: still {heading(page)!r}, not {shows!r}")
    wait_idle(page)


def test_keyboard_shortcuts_drive_the_walk_through(app):
    page = app()
    page.locator("h4").first.click()  # focus the page, not an input
    press_to(page, "ArrowRight", "Stage 1 of 8")
    press_to(page, "ArrowRight", "Stage 2 of 8")
    assert "Stage 2 of 8" in heading(page)
    press_to(page, "ArrowLeft", "Stage 1 of 8")
    press_to(page, "n", "Stage 8 of 8")  # Iterate (I read as "|" on the button: issue 17)
    press_to(page, "0", "Iteration 1 · Stage 0 of 8")
    assert "Iteration 1 · Stage 0 of 8" in heading(page)


def test_share_link_reopens_the_same_view(app, browser):
    page = app("x=1,2&w=-0.5,0.25&b=0.3&y=0&lr=0.2&act=tanh")
    page.get_by_role("button", name=re.compile("Iterate")).first.click()
    wait_idle(page)
    page.get_by_role("button", name=re.compile("Step")).first.click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('stage=0')")
    url = page.url
    assert "iter=2" in url and "act=tanh" in url
    other = browser.new_page()
    other.goto(url)
    wait_idle(other)
    other.wait_for_selector(".katex")
    assert heading(other) == heading(page) == "Iteration 2 · Stage 0 of 8: Inputs and parameters"
    same = lambda p: " ".join(p.locator(".katex-html").all_inner_texts())  # noqa: E731
    assert same(other) == same(page)
    other.close()


def test_bad_link_warns_and_keeps_defaults(app):
    page = app("b=nan&act=softmax&x=" + "9," * 3000)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "b: 'nan' is not a finite number" in alerts and "act: 'softmax'" in alerts
    assert "longer than 400 characters" in alerts
    assert page.locator("[data-testid='stException']").count() == 0


def test_setup_file_restores_exactly(app, tmp_path):
    setup = {"app": "backprop-lab", "version": 1,
             "params": {"x": "2,-1,0.5", "w": "0.1,0.2,0.3", "b": "-0.4", "y": "0.25",
                        "lr": "0.5", "act": "sigmoid", "loss": "bce", "stage": "4",
                        "it": "2"}}
    f = tmp_path / "setup.json"
    f.write_text(json.dumps(setup))
    page = app()
    page.get_by_role("tab", name="Export & share").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").last.set_input_files(str(f))
    page.wait_for_function(
        "() => [...document.querySelectorAll('h4')].some(h => h.innerText.includes("
        "'Iteration 3 · Stage 4'))", timeout=15000)
    wait_idle(page)
    assert "Iteration 3 · Stage 4 of 8" in heading(page)
    assert "loss=bce" in page.url and "x=2%2C-1%2C0.5" in page.url
    assert page.get_by_label("x₃").input_value() == "0.5"  # the fields use %g
