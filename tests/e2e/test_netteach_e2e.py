"""The network page's quiz and presenter mode in a real browser.

The quiz: the δ of Mazur's outputs hidden on the graph until predicted, a wrong answer's
hint typeset by KaTeX, the values on the graph once answered. Presenter mode with the largest
network (4-4-4-2) at 1280 and 1920 px, light and dark, at 125 % and 150 %: no label of the
graph overlaps another or a unit, every label is inside the figure, the page does not scroll
sideways, and the heading's row (heading, figure size, quiz switch) does not overlap.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlencode

import pytest

from neuron.network import NetSetup, setup_json, xavier
from scripts.browser import wait_idle

from .test_graph_layout_e2e import inside, overlap

pytestmark = pytest.mark.e2e

KATEX_ERROR = ".katex-error, .katex span[style*='204, 0, 0']"

# What is where: the graph's annotations (with their names) and unit boxes, and the page.
MEASURE = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const anns = [...gd.querySelectorAll('g.annotation')].map(g => {
    const i = +g.getAttribute('data-index');
    return [gd.layout.annotations[i].name || 'heading ' + i,
            box(g.querySelector('.annotation-text'))]; });
  const shapes = [...gd.querySelectorAll('.shapelayer path[data-index]')]
    .map(p => [gd.layout.shapes[+p.getAttribute('data-index')].name, box(p)])
    .filter(([n]) => n && n.startsWith('node:'));
  const svg = box(gd.querySelector('svg.main-svg'));
  const row = [...document.querySelectorAll('h4')].find(h => h.textContent.includes('Iteration'));
  const heading = box(row.querySelector('span') || row);
  const size = box([...document.querySelectorAll("[data-testid='stButtonGroup']")]
    .find(g => g.textContent.includes('125 %')));
  const quiz = box([...document.querySelectorAll("[data-testid='stCheckbox']")]
    .find(g => g.textContent.includes('Quiz mode')));
  const main = document.querySelector("[data-testid='stMain']");
  return {anns, shapes, svg, heading, size, quiz,
          title: gd.layout.annotations.find(a => a.name === 'title').text,
          scroll: [main.scrollWidth, main.clientWidth]};
}"""


def big() -> NetSetup:
    W, b = xavier((4, 4, 4, 2), 3)
    return NetSetup(sizes=(4, 4, 4, 2), W=tuple(W), b=tuple(b), acts=("sigmoid",) * 3,
                    x=(0.5, -0.2, 0.9, 0.1), y=(0.0, 1.0)).validated()


def graph_text(page) -> str:
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot "
                         "g.annotation')].map(g => g.textContent).join(' ')")


def test_the_quiz_hides_the_output_deltas_until_predicted(page, server):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{server}/?page=network&example=mazur&stage=5")
    wait_idle(page)
    page.get_by_text("Quiz mode", exact=True).first.click()
    wait_idle(page)
    page.get_by_role("button", name=re.compile(r"^\W*Step")).first.click()
    wait_idle(page)  # the output layer's δ is asked
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot "
                           "g.annotation')].some(g => g.textContent.includes('Stage 6'))")
    assert "δ = ?" in graph_text(page) and "0.1385" not in graph_text(page)
    page.get_by_label("Your value of δ(o₁)").fill("0.7414")  # ∂L/∂o₁: σ′ forgotten
    page.get_by_label("Your value of δ(o₂)").fill("-0.0381")
    page.get_by_role("button", name="Check").click()
    wait_idle(page)
    assert page.get_by_text(re.compile(r"δ\(o₁\): not quite \(0\.7414\)")).count() == 1
    page.locator(".katex .boxed, .katex .fbox").first.wait_for()  # the hint's ?-box
    assert page.locator(KATEX_ERROR).count() == 0
    page.get_by_label("Your value of δ(o₁)").fill("0.1385")
    page.get_by_role("button", name="Check").click()
    wait_idle(page)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot "
                           "g.annotation')].some(g => g.textContent.includes('0.1385'))")
    assert page.get_by_text("Score this session on the network page: 2 of 2").count() == 1


def click_stage(page, label: str) -> None:
    page.locator("[data-testid='stButtonGroup'] button").filter(
        has_text=re.compile(rf"^{label}$")).first.click()
    wait_idle(page)


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (1920, "light"),
                                           (1920, "dark")])
def test_presenter_mode_with_the_largest_network_overlaps_nothing(page, server, width, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 1000})
    query = urlencode({"page": "network", "net": setup_json(big()), "stage": "11"})
    page.goto(f"{server}/?{query}")
    wait_idle(page)
    page.get_by_text("Presenter", exact=True).first.click()
    wait_idle(page)
    assert page.locator("[data-testid='stExpander']").count() == 0  # no setup, no table
    for size, stage in itertools.product(("125 %", "150 %"), ("∂W³", "∂W¹", "update")):
        click_stage(page, size)
        click_stage(page, stage)
        n = {"∂W³": 11, "∂W¹": 13, "update": 14}[stage]
        page.wait_for_function(f"() => document.querySelector('.js-plotly-plot').layout"
                               f".annotations.find(a => a.name === 'title').text"
                               f".includes('Stage {n}:')")
        page.wait_for_timeout(300)
        got = page.evaluate(MEASURE)
        case = (width, scheme, size, stage)
        assert got["scroll"][0] <= got["scroll"][1] + 1, case  # no sideways scrolling
        assert got["svg"][2] <= width, case
        nodes = dict(got["shapes"])
        assert len(nodes) == 4 + 4 + 4 + 2 + 1, case
        for (ka, a), (kb, b) in itertools.combinations(got["anns"], 2):
            assert not overlap(a, b), (case, ka, a, kb, b)
        for name, box in got["anns"]:
            assert inside(box, got["svg"]), (case, name, box)
            if not name.startswith("node:"):
                assert not any(overlap(box, b) for b in nodes.values()), (case, name)
        for a, b in itertools.combinations((got["heading"], got["size"], got["quiz"]), 2):
            assert not overlap(a, b), (case, a, b)
        assert got["size"][2] <= width and got["quiz"][2] <= width, case


def test_in_presenter_mode_the_quiz_buttons_are_as_large_as_the_controls(page, server):
    """Check and Reveal (a form's buttons) kept the small type beside the enlarged Step."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{server}/?page=network&example=mazur&stage=6")
    wait_idle(page)
    page.get_by_text("Quiz mode", exact=True).first.click()
    wait_idle(page)
    page.get_by_text("Presenter", exact=True).first.click()
    wait_idle(page)
    size = "e => getComputedStyle(e.querySelector('p')).fontSize"
    step = page.get_by_role("button", name=re.compile(r"^\W*Step")).first.evaluate(size)
    check = page.get_by_role("button", name="Check").evaluate(size)
    reveal = page.get_by_role("button", name="Reveal").evaluate(size)
    assert step == check == reveal, (step, check, reveal)
    assert float(step.removesuffix("px")) > 18  # 1.3 rem, not the page's 16 px
