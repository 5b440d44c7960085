"""Worked examples from the literature in a real browser (issue 14): a link opens one, the
printed numbers sit beside the computed ones, ∂L/∂xᵢ is on the graph, the download carries
the comparison."""

import pytest

from neuron.examples import EXAMPLES, compare
from neuron.fmt import num
from scripts.browser import wait_idle

pytestmark = pytest.mark.e2e


def published(page) -> str:
    page.get_by_role("tab", name="Published vs computed").click()
    wait_idle(page)
    page.wait_for_selector("[data-testid='stAlert']")
    return page.get_by_role("tabpanel").last.inner_text()


def test_the_document_link_shows_its_slips_and_what_follows_from_them(app):
    page = app("example=document")
    text = published(page)
    assert "6 of 13 printed numbers agree. Slips: z, ∂L/∂w₂." in text
    assert "z: printed 0.35, should be 0.32" in text
    assert "follow from the printed z = 0.35 (the slip above)" in text
    side = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Source: Backpropagation of Simple Neural Network" in side


@pytest.mark.parametrize("name", ["cs231n", "micrograd", "explainer"])
def test_every_printed_number_of_a_source_is_on_the_page_and_agrees(app, name):
    page = app(f"example={name}")
    text = published(page)
    rows = compare(EXAMPLES[name])
    assert f"All {len(rows)} printed numbers agree" in text
    grid = page.get_by_role("tabpanel").last.locator("[data-testid='stDataFrame']")
    assert grid.count() == 1
    assert EXAMPLES[name].source.split(",")[0] in text


def test_the_inputs_gradients_are_on_the_graph_at_the_chain_rule(app):
    page = app("example=cs231n&stage=7")
    g = EXAMPLES["cs231n"].config.step().backward.dL_dx[0]
    for i in (0, 1):  # plotly.js draws after the script is idle
        page.wait_for_function(
            "t => [...document.querySelectorAll(\"[data-testid='stPlotlyChart'] "
            ".annotation-text\")].some(a => a.textContent.includes(t))",
            arg=f"∂L/∂x{'₁₂'[i]} = {num(g[i])}", timeout=10000)


def test_the_markdown_download_ends_with_the_comparison(app, tmp_path):
    page = app("example=micrograd")
    page.get_by_role("tab", name="Export & share").click()
    wait_idle(page)
    with page.expect_download() as got:
        page.get_by_role("button", name="Worked example (Markdown)").click()
    text = got.value.path().read_text()
    assert "## Published vs computed" in text and "| x1.grad | -1.5000 | -1.5000 |" in text
