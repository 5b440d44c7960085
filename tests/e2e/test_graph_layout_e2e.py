"""The computation graph drawn by plotly.js in headless Chromium: no text overlaps another.

No server: the figure's HTML (plotly.js inline) is opened in a page of the ``browser``
fixture, which conftest.py launches with ``scripts/browser.py``'s Chromium and arguments.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from neuron.activations import SIGMOID
from neuron.core import step
from neuron.graph import graph_figure
from neuron.losses import MSE
from neuron.palette import Look
from neuron.stages import LAST

pytestmark = pytest.mark.e2e

# Where Plotly drew each annotation's text and each shape, and the plot area, in pixels.
MEASURE = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const anns = [...gd.querySelectorAll('g.annotation')].map(
    g => [+g.getAttribute('data-index'), box(g.querySelector('.annotation-text'))]);
  const shapes = [...gd.querySelectorAll('.shapelayer path[data-index]')].map(
    p => [+p.getAttribute('data-index'), box(p)]);
  const svg = box(gd.querySelector('svg.main-svg')), s = gd._fullLayout._size;
  const plot = [svg[0] + s.l, svg[1] + s.t, svg[0] + s.l + s.w, svg[1] + s.t + s.h];
  return {anns, shapes, svg, plot};
}"""


def example(n: int):
    """The document's worked example for n = 2 (w=(0.2, 0.4), b=0.1, x=(0.5, 0.3), y=1),
    else a random one with ``n`` inputs (the same as tests/test_graph.py's ``make(n)``)."""
    if n == 2:
        return step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, SIGMOID, MSE, 0.01)
    rng = np.random.default_rng(n)
    X = rng.normal(0, 1, (1, n)).round(2)
    return step(rng.normal(0, 0.6, n).round(2), 0.1, X, np.linspace(0, 1, 1), SIGMOID, MSE,
                0.1)


def rendered(browser, fig, width: int) -> dict:
    """``fig`` drawn by plotly.js in a container ``width`` pixels wide: what is where."""
    assert fig.layout.width is None  # the figure fills its container
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"responsive": True})
    html = html.replace("<body>", f'<body style="margin:0"><div style="width:{width}px">', 1)
    html = html.replace("</body>", "</div></body>", 1)
    page = browser.new_page(viewport={"width": width + 200, "height": 900})
    try:
        page.set_content(html)
        page.wait_for_selector(".js-plotly-plot g.annotation .annotation-text",
                               state="attached")
        return page.evaluate(MEASURE)
    finally:
        page.close()


def overlap(a, b, tol: float = 0.5) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def inside(a, b, tol: float = 0.5) -> bool:
    return (a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol
            and a[3] <= b[3] + tol)


@pytest.mark.parametrize("n, scale", [(1, 1.0), (2, 1.0), (3, 1.0), (8, 1.0), (1, 1.5),
                                      (2, 1.25), (8, 1.25), (8, 1.5), (8, 1.1), (3, 1.3),
                                      (8, 1.4)])  # presenter's sizes, and a wide window's
def test_nothing_overlaps_in_a_narrow_container(browser, n, scale):
    """At MIN_WIDTH = 820 px (a 1280 px window with the sidebar open) every text is clear
    of the rest; enlarged for presenter mode, the same in a container ``scale`` times as wide."""
    fig = graph_figure(example(n), LAST, look=Look(scale=scale))
    width = round(820 * scale)
    got = rendered(browser, fig, width)
    assert got["svg"][2] - got["svg"][0] == pytest.approx(width, abs=1)
    anns = [(fig.layout.annotations[i].name or f"heading {i}", box) for i, box in got["anns"]]
    assert len(anns) == len(fig.layout.annotations)
    names = [sh.name for sh in fig.layout.shapes]
    nodes = {names[i]: box for i, box in got["shapes"] if names[i].startswith("node:")}
    assert len(nodes) == 3 * n + 5
    for (ka, a), (kb, b) in itertools.combinations(anns, 2):
        assert not overlap(a, b), (ka, a, kb, b)
    for name, box in anns:
        assert inside(box, got["svg"]), (name, box)
        if name.startswith("node:"):
            assert inside(box, got["plot"]), (name, box)
            x0, y0, x1, y1 = nodes[name]
            assert inside(box, (x0 + 2, y0, x1 - 2, y1)), (name, box, nodes[name])
        else:  # edge labels and the heading stay off the boxes
            assert not any(overlap(box, b) for b in nodes.values()), name


@pytest.mark.parametrize("width", [390, 768, 1024, 1280])
def test_in_the_page_no_label_overlaps_at_any_window_width(app, page, width):
    """Issue 16: at 390 px (a phone) the labels overlapped and the legend covered the title.
    In the page, the graph keeps the width its layout needs (MIN_WIDTH) and scrolls sideways
    in a narrower window; no two texts overlap at 390, 768, 1024 or 1280 px."""
    page.set_viewport_size({"width": width, "height": 1000})
    app(f"stage={LAST}")
    scrolls_rather_than_squeezes(page, "", texts=20)


def scrolls_rather_than_squeezes(page, prefix: str, texts: int) -> None:
    """The page's graph (its scroll container and hint keyed ``prefix`` + "graph_scroll" and
    + "scroll_hint") keeps its 820 px whatever the window, no two of its (more than
    ``texts``) texts overlap, and it scrolls, and says so, only when the window is narrower."""
    page.wait_for_selector("[data-testid='stPlotlyChart'] g.annotation .annotation-text")
    got = page.evaluate(MEASURE)
    assert got["svg"][2] - got["svg"][0] >= 820 - 1  # its labels' width, whatever the window
    boxes = [box for _, box in got["anns"]]
    assert len(boxes) > texts
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b), (a, b)
    scroller = page.locator(f".st-key-{prefix}graph_scroll")
    scrolls = scroller.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    assert scrolls == (scroller.bounding_box()["width"] < 820 - 1)  # only when it must
    assert page.locator(f".st-key-{prefix}scroll_hint").is_visible() == scrolls  # says so
