"""The network's computation graph drawn by plotly.js in headless Chromium: no label overlaps
another or a unit's box, and every label is inside the figure.

No server: the figure's HTML (plotly.js inline) is opened in a page of the ``browser``
fixture, as tests/e2e/test_graph_layout_e2e.py does for the single neuron. The figure is made
for the width of its container (``width``) and measured there, light and dark, at the stages
that show the most text (the gradients and the update) with a followed weight.
"""

from __future__ import annotations

import itertools
import os
import pathlib

import pytest

from neuron.netgraph import network_figure
from neuron.netstages import stages
from neuron.network import EXAMPLES, NetSetup, xavier
from neuron.palette import Look

from .test_graph_layout_e2e import MEASURE, inside, overlap, scrolls_rather_than_squeezes

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("NETGRAPH_SHOTS")  # a folder: save a screenshot of each case there


def big() -> NetSetup:
    """The largest network allowed: 4 inputs, two hidden layers of 4, 2 outputs."""
    W, b = xavier((4, 4, 4, 2), 3)
    return NetSetup(sizes=(4, 4, 4, 2), W=tuple(W), b=tuple(b), acts=("sigmoid",) * 3,
                    x=(0.5, -0.2, 0.9, 0.1), y=(0.0, 1.0)).validated()


SETUPS = {"mazur": EXAMPLES["mazur"].setup.validated(), "4-4-4-2": big()}


def rendered(browser, fig, width: int, dark: bool, shot: str | None = None) -> dict:
    """``fig`` drawn by plotly.js in a container ``width`` pixels wide: what is where."""
    assert fig.layout.width is None  # the figure fills its container
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"responsive": True})
    bg = "#0e1117" if dark else "#ffffff"
    html = html.replace("<body>", f'<body style="margin:0;background:{bg}">'
                        f'<div style="width:{width}px">', 1)
    html = html.replace("</body>", "</div></body>", 1)
    page = browser.new_page(viewport={"width": width + 200, "height": 900})
    try:
        page.set_content(html)
        page.wait_for_selector(".js-plotly-plot g.annotation .annotation-text",
                               state="attached")
        if shot:
            page.locator(".js-plotly-plot").screenshot(path=shot)
        return page.evaluate(MEASURE)
    finally:
        page.close()


def stage_of(setup: NetSetup, key: str) -> int:
    return next(i for i, s in enumerate(stages(len(setup.sizes) - 1)) if s.key == key)


@pytest.mark.parametrize("name, width, dark", list(itertools.product(
    SETUPS, (1100, 820), (False, True))))
def test_no_label_overlaps_and_all_are_inside(browser, name, width, dark):
    setup = SETUPS[name]
    L = len(setup.sizes) - 1
    cases = [("grad1", None), ("update", (0, 1, 1)), (f"grad{L}", (L - 1, 1, 1))]
    for key, focus in cases:
        fig = network_figure(setup, stage_of(setup, key), focus=focus, look=Look(dark=dark),
                             width=width)
        shot = None
        if SHOTS:
            tag = f"{name}-{key}-{width}{'-dark' if dark else ''}{'-focus' if focus else ''}"
            shot = str(pathlib.Path(SHOTS) / f"netgraph-{tag}.png")
        got = rendered(browser, fig, width, dark, shot)
        assert got["svg"][2] - got["svg"][0] == pytest.approx(width, abs=1)
        annotations = fig.layout.annotations
        anns = [(annotations[i].name, box) for i, box in got["anns"]]
        assert len(anns) == sum(a.visible is not False for a in annotations)
        names = [sh.name for sh in fig.layout.shapes]
        nodes = {names[i]: box for i, box in got["shapes"] if names[i].startswith("node:")}
        assert len(nodes) == sum(setup.sizes) + 1
        labels = [n for n, _ in anns if n.startswith("edge:")]
        if name == "mazur":  # every weight's label and both outputs' are shown
            assert len(labels) == 8 + 2, labels
        for (ka, a), (kb, b) in itertools.combinations(anns, 2):
            assert not overlap(a, b), (key, ka, a, kb, b)
        for n, box in anns:
            assert inside(box, got["svg"]), (key, n, box)
            if n.startswith("node:"):
                x0, y0, x1, y1 = nodes[n]
                assert inside(box, (x0 + 2, y0, x1 - 2, y1)), (key, n, box, nodes[n])
            else:  # edge labels and the heading stay off the boxes
                assert not any(overlap(box, b) for b in nodes.values()), (key, n)


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_in_the_page_the_network_graph_scrolls_rather_than_squeezes(app, page, width):
    """Review: at 390 px the network page's edge labels ran over the unit boxes and the x and
    L boxes were cut off. As the step view's graph does, it keeps the 820 px its layout is
    checked at and scrolls sideways in a narrower window; no two texts overlap."""
    page.set_viewport_size({"width": width, "height": 1000})
    app("page=network&example=mazur&stage=7")
    scrolls_rather_than_squeezes(page, "net_", texts=15)
