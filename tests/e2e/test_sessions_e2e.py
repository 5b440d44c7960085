"""Two users on one server at once: neither sees the other's state."""

import re

import pytest

from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e


def heading(page) -> str:
    return page.locator("h4").filter(has_text="Iteration").first.inner_text()


def test_two_sessions_are_isolated(browser, server):
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    a.goto(f"{server}/?act=tanh&x=1,2,3&w=0.1,0.2,0.3")
    b.goto(server)
    for p in (a, b):
        wait_idle(p)
        p.wait_for_selector(".katex")
    a.get_by_role("button", name=re.compile("Iterate")).first.click()
    b.get_by_role("button", name=re.compile("^\\W*Step")).first.click()  # clicks interleave
    wait_idle(a)
    wait_idle(b)
    a.get_by_role("button", name=re.compile("^\\W*Step")).first.click()
    wait_idle(a)
    assert heading(a).startswith("Iteration 2 · Stage 0")
    assert heading(b).startswith("Iteration 1 · Stage 1")
    eq_b = " ".join(b.locator(".katex-html").all_inner_texts())
    assert "0.3200" in eq_b and "tanh" not in eq_b  # b still has the document's example
    b.reload()
    wait_idle(b)
    b.wait_for_selector(".katex")
    assert "x=0.5%2C0.3" in b.url or "x=0.5,0.3" in b.url
    for p in (a, b):
        assert p.locator("[data-testid='stException']").count() == 0
        p.context.close()
