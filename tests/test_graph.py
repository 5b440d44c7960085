"""The computation-graph figure and its table: content, stages, quiz mode, layout."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from neuron.activations import ACTIVATIONS, SIGMOID
from neuron.core import step
from neuron.fmt import num
from neuron.graph import STAGE_OF, graph_figure, graph_spec, graph_table
from neuron.losses import BCE, LOSSES, MSE
from neuron.palette import DARK, LIGHT, Look
from neuron.stages import LAST


@pytest.fixture(scope="module")
def doc():
    """The document's worked example: w=(0.2, 0.4), b=0.1, x=(0.5, 0.3), y=1."""
    return step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, SIGMOID, MSE, 0.01)


def make(n: int, m: int = 1):
    rng = np.random.default_rng(n)
    X = rng.normal(0, 1, (m, n)).round(2)
    return step(rng.normal(0, 0.6, n).round(2), 0.1, X, np.linspace(0, 1, m), SIGMOID, MSE,
                0.1)


def shown(fig) -> str:
    """Every text a student can read on the figure (the annotations)."""
    return "\n".join(a.text or "" for a in fig.layout.annotations)


def everything(fig) -> str:
    """The visible text and the hover text."""
    hover = [h for tr in fig.data for h in (tr.hovertext or ())]
    return shown(fig) + "\n" + "\n".join(hover)


def named(items, prefix):
    return [it for it in items if (it.name or "").startswith(prefix)]


def node_boxes(fig):
    return {s.name[5:]: (s.x0, s.y0, s.x1, s.y1) for s in named(fig.layout.shapes, "node:")}


def edge_labels(fig):
    return {a.name[5:]: a.text for a in named(fig.layout.annotations, "edge:")}


def test_document_example_at_the_update_stage(doc):
    text = shown(graph_figure(doc, 8))
    for value in ("0.3200", "0.5793", "0.2437", "-0.4207", "-0.0513", "-0.0308", "0.2005",
                  "0.4003", "0.1010", "-0.1025"):
        assert value in text, value
    assert "0.2000 → <b>0.2005</b>" in text  # w₁: old → new
    assert "∂L/∂w₁ = -0.0513" in text
    assert "∂ŷ/∂z = ŷ(1 − ŷ)" in text  # the activation's derivative, in words
    assert "∂L/∂ŷ = ŷ − y" in text


def test_stage_1_shows_z_but_not_y_hat(doc):
    text = shown(graph_figure(doc, 1))
    assert "0.3200" in text
    assert "0.5793" not in text
    assert "-0.4207" not in text
    assert "→" not in text.replace("━━▶", "")  # no update yet


def test_values_appear_stage_by_stage(doc):
    first = {}
    for stage in range(LAST + 1):
        text = everything(graph_figure(doc, stage))
        for v in ("0.3200", "0.5793", "0.0885", "-0.4207", "0.2437", "-0.0513", "0.2005"):
            if v in text:
                first.setdefault(v, stage)
    assert first == {"0.3200": 1, "0.5793": 2, "0.0885": 3, "-0.4207": 4, "0.2437": 5,
                     "-0.0513": 7, "0.2005": 8}


def test_hidden_quantity_shows_a_question_mark(doc):
    fig = graph_figure(doc, 1, hidden=frozenset({"z"}))
    assert "0.3200" not in everything(fig)  # not on the figure, not in the hover text
    assert "?" in shown(fig)
    fig8 = graph_figure(doc, 8, hidden=frozenset({"dL_dw", "w_new"}))
    text = everything(fig8)
    assert "-0.0513" not in text and "0.2005" not in text
    assert "∂L/∂w₁ = ?" in text and "→ <b>?</b>" in text
    assert "0.3200" in text  # what is not hidden still shows


@pytest.mark.parametrize("n", [1, 2, 3, 8])
@pytest.mark.parametrize("stage", [0, 4, 8])
def test_node_boxes_do_not_overlap_and_fit(n, stage):
    fig = graph_figure(make(n), stage)
    boxes = node_boxes(fig)
    assert len(boxes) == 3 * n + 5  # x, w, products; b, z, ŷ, y, L
    for (ka, a), (kb, b) in itertools.combinations(boxes.items(), 2):
        overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        assert not overlap, (ka, kb)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    for a in boxes.values():
        assert x0 <= a[0] < a[2] <= x1 and y0 <= a[1] < a[3] <= y1


def test_left_to_right_columns(doc):
    boxes = node_boxes(graph_figure(doc, 0))
    cx = {k: (b[0] + b[2]) / 2 for k, b in boxes.items()}
    assert cx["x0"] == cx["w0"] < cx["p0"] == cx["b"] < cx["z"] < cx["yhat"] < cx["L"]
    assert cx["y"] == cx["L"]


def test_height_grows_with_n():
    heights = [graph_figure(make(n), 0).layout.height for n in range(1, 9)]
    assert all(a < b for a, b in zip(heights, heights[1:]))
    # a small n gets only the height it fills (no empty band above the nodes)
    assert 150 <= heights[0] <= 220 and 700 <= heights[-1] <= 820


@pytest.mark.parametrize("n", [1, 2, 8])
def test_every_edge_is_labelled(n):
    labels = edge_labels(graph_figure(make(n), 0))
    assert len(labels) == 3 * n + 3  # x→product, w→product, product→z; b→z, z→ŷ, ŷ→L
    assert all(labels.values())
    assert not any(c in "0123456789" for c in "".join(labels.values()))  # symbols only
    done = edge_labels(graph_figure(make(n), LAST))
    assert set(done) == set(labels)
    assert all("=" in t for t in done.values())


def test_edge_labels_of_the_document_example(doc):
    labels = edge_labels(graph_figure(doc, 6))
    assert labels["w0-p0"] == "∂z/∂w₁ = x₁ = 0.5000"
    assert labels["x0-p0"] == "∂z/∂x₁ = w₁ = 0.2000"
    assert labels["b-z"] == "∂z/∂b = 1"
    assert labels["p1-z"] == "∂z/∂(w₂x₂) = 1"
    assert "0.2437" in labels["z-yhat"] and "-0.4207" in labels["yhat-L"]
    assert edge_labels(graph_figure(doc, 5))["w0-p0"] == "∂z/∂w₁"


def test_current_stage_is_highlighted(doc):
    fig1 = graph_figure(doc, 1)
    hot = {s.name for s in fig1.layout.shapes if s.line.width and s.line.width > 2}
    assert {"node:z", "node:p0", "node:p1"} <= hot and "node:yhat" not in hot
    fig5 = graph_figure(doc, 5)
    lab = {a.name: a for a in named(fig5.layout.annotations, "edge:")}
    assert lab["edge:z-yhat"].bordercolor == LIGHT.highlight
    assert lab["edge:yhat-L"].bordercolor is None


def arrows_left(fig) -> list[bool]:
    """For each arrowhead (a triangle turned clockwise by its angle): does it point left?"""
    (heads,) = [tr for tr in fig.data if tr.name == "arrowheads"]
    return [abs(a + 90) < 30 for a in heads.marker.angle]


def test_forward_arrows_point_right_backward_arrows_left(doc):
    for stage in range(4):
        left = arrows_left(graph_figure(doc, stage))
        assert len(left) == 10 and not any(left)  # every edge, forward
    assert arrows_left(graph_figure(doc, 4)) == [True]  # only ∂L/∂ŷ known
    left = arrows_left(graph_figure(doc, 8))
    assert len(left) == 9 and all(left)  # x→, w→, products→z, b→z, z→ŷ, ŷ→L: 3n + 3


def test_the_inputs_gradient_is_on_the_x_nodes_and_edges_from_the_chain_rule(doc):
    chain = STAGE_OF["dL_dx"]
    fig = graph_figure(doc, chain)
    texts = " ".join(a.text for a in fig.layout.annotations)
    g = doc.backward.dL_dx[0]
    assert f"∂L/∂x₁ = {num(g[0])}" in texts and f"∂L/∂x₂ = {num(g[1])}" in texts
    before = " ".join(a.text for a in graph_figure(doc, chain - 1).layout.annotations)
    assert num(g[0]) not in before
    hover = " ".join(t.hovertext or "" if isinstance(t.hovertext, str) else " ".join(t.hovertext)
                     for t in fig.data if t.hovertext is not None)
    assert f"∂L/∂x₁ = {num(g[0])}" in hover


def test_sign_is_shown_by_dash_as_well_as_colour():
    # w₁ > 0 pulls ∂L/∂w₁ one way, x₂ < 0 flips the sign of ∂L/∂w₂
    s = step([0.5, 0.5], 0.0, [1.0, -1.0], 1.0, SIGMOID, MSE, 0.1)
    edges = named(graph_figure(s, 8).layout.shapes, "edges")
    styles = {(e.line.dash, e.line.color) for e in edges}
    assert ("dash", LIGHT.negative) in styles and ("solid", LIGHT.positive) in styles


def test_dark_theme_uses_dark_colours(doc):
    light, dark = graph_figure(doc, 8), graph_figure(doc, 8,
                                                                    look=Look(dark=True))
    assert light.layout.template.layout.annotationdefaults.font.color == LIGHT.text
    assert dark.layout.template.layout.annotationdefaults.font.color == DARK.text
    for fig in (light, dark):
        lay = fig.layout
        assert lay.template.layout.paper_bgcolor == "rgba(0,0,0,0)"
        assert lay.dragmode is False
        assert lay.xaxis.visible is False and lay.yaxis.visible is False
    colors = {s.line.color for s in named(dark.layout.shapes, "edges")}
    assert DARK.negative in colors and LIGHT.negative not in colors


def test_hover_text_explains_nodes_and_edges(doc):
    fig = graph_figure(doc, 8)
    nodes, edges = (tr for tr in fig.data if tr.name in ("nodes", "edges"))
    assert any("the weighted sum" in h and "Σ wᵢxᵢ + b = 0.3200" in h for h in nodes.hovertext)
    assert any("∂ŷ/∂z = ŷ(1 − ŷ)" in h and "0.2437" in h for h in edges.hovertext)
    assert len(nodes.hovertext) == 3 * 2 + 5 and len(edges.hovertext) == 3 * 2 + 4
    early = graph_figure(doc, 0)
    assert any("not yet (stage 1" in h for h in early.data[1].hovertext)


def test_a_sample_of_a_batch():
    s = step([0.2, 0.4], 0.1, [[0.5, 0.3], [1.0, -2.0]], [1.0, 0.0], SIGMOID, MSE, 0.1)
    text = shown(graph_figure(s, 7, sample=1))
    assert "x₂ = -2.0000" in text and "sample 2 of 2" in text
    dz = s.backward.dL_dz[1]
    assert f"∂L/∂w₂ = {-2.0 * dz:.4f}" in text  # this sample's gradient
    mean = f"{s.backward.dL_dw[1]:.4f}"  # the batch's, which the update uses
    assert mean not in text and mean in everything(graph_figure(s, 7, sample=1))
    rows = graph_table(s, 7, sample=1)
    assert {"kind": "batch mean", "item": "w₂", "value": mean}.items() <= next(
        r for r in rows if r["kind"] == "batch mean" and r["item"] == "w₂").items()
    with pytest.raises(ValueError):
        graph_figure(s, 0, sample=2)


def test_builds_for_every_choice_and_is_small():
    for (a, act), (_, loss) in itertools.product(ACTIVATIONS.items(), LOSSES.items()):
        if loss.requires and loss.requires != a:
            continue
        for n, stage in itertools.product((1, 4), range(LAST + 1)):
            s = step(np.full(n, 0.3), 0.1, np.linspace(-1, 1, n), 1.0, act, loss, 0.1)
            fig = graph_figure(s, stage, look=Look(dark=stage % 2 == 1))
            assert json.loads(fig.to_json())["layout"]["height"] > 0
    fig = graph_figure(make(8), 8)
    assert len(fig.to_json()) < 60_000


def test_table_rows(doc):
    rows = graph_table(doc, 8)
    by = {(r["kind"], r["item"]): r for r in rows}
    assert by[("node", "z")]["value"] == "0.3200"
    assert by[("node", "ŷ")]["value"] == "0.5793"
    assert by[("gradient", "w₁")]["value"] == "-0.0513"
    assert by[("gradient", "ŷ")]["value"] == "-0.4207"
    assert by[("update", "w₁")]["value"] == "0.2005"
    assert by[("edge", "z → ŷ")]["value"] == "0.2437"
    assert by[("edge", "z → ŷ")]["formula"] == SIGMOID.der_text
    assert by[("edge", "ŷ → L")]["formula"] == MSE.der_text
    assert by[("edge", "w₁ → w₁x₁")]["symbol"] == "∂z/∂w₁"
    assert by[("edge", "b → z")]["value"] == "1"
    assert all(set(r) == {"kind", "item", "symbol", "formula", "value", "meaning", "current"}
               for r in rows)
    assert {r["item"] for r in rows if r["current"]} == {"w₁", "w₂", "b"}


def test_table_follows_stages_and_quiz(doc):
    by = {(r["kind"], r["item"]): r["value"] for r in graph_table(doc, 0)}
    assert by[("node", "x₁")] == "0.5000" and by[("node", "z")] == ""
    quiz = graph_table(doc, 8, hidden=frozenset({"z"}))
    assert {(r["item"], r["value"]) for r in quiz if r["kind"] == "node"} >= {("z", "?")}


def test_a_diverged_run_still_draws():
    s = step([1e200, 1e200], 1e300, [1e200, 1e200], 1.0, ACTIVATIONS["linear"], MSE, 0.1)
    text = shown(graph_figure(s, LAST))
    assert "overflow" in text or "undefined" in text
    assert "inf" not in text.replace("info", "") and "nan" not in text


def test_scale_enlarges_text_lines_and_height_together(doc):
    small, big = (graph_figure(doc, LAST, look=Look(scale=k)) for k in (1.0, 1.5))
    assert big.layout.height == round(1.5 * small.layout.height)
    sizes = [(a.font.size or small.layout.template.layout.annotationdefaults.font.size,
              b.font.size or big.layout.template.layout.annotationdefaults.font.size)
             for a, b in zip(small.layout.annotations, big.layout.annotations, strict=True)]
    assert all(b == pytest.approx(1.5 * a) for a, b in sizes)
    assert list(big.data[0].marker.size) == pytest.approx(
        [1.5 * v for v in small.data[0].marker.size])
    widths = sorted(sh.line.width for sh in small.layout.shapes if sh.line.width)
    assert sorted(sh.line.width for sh in big.layout.shapes if sh.line.width) == \
        pytest.approx([1.5 * w for w in widths])
    # the layout itself (nominal pixels) does not move
    assert [a.x for a in big.layout.annotations] == [a.x for a in small.layout.annotations]
    with pytest.raises(ValueError, match="scale"):
        graph_figure(doc, LAST, look=Look(scale=5))


def test_zero_gradient_is_drawn_neutral_not_positive():
    from neuron.activations import ACTIVATIONS
    from neuron.palette import theme

    s = step([-0.6, -0.4], -0.1, [0.5, 0.3], 1.0, ACTIVATIONS["relu"], MSE, 0.1)  # dead ReLU
    assert s.backward.dL_db == 0.0
    fig = graph_figure(s, 8)
    t = theme(False)
    colours = {sh.line.color for sh in fig.layout.shapes if sh.line and sh.line.color}
    # ∂L/∂ŷ = -1 is a real negative flow; every edge behind the dead ReLU carries exactly 0,
    # which used to be drawn as a positive (blue) flow
    assert t.negative in colours and t.positive not in colours


def test_an_overflowed_gradient_is_drawn_muted_not_thickest():
    """BCE at z = 10⁶: ∂L/∂ŷ is beyond float64; its edge must not be the widest arrow."""

    s = step([1000.0], 1.0, [1000.0], 0.0, SIGMOID, BCE, 0.01)
    assert not np.isfinite(s.backward.dL_dyhat).all()
    fig = graph_figure(s, LAST)
    assert "overflow" in shown(fig)

    def muted_edges(f) -> int:
        return sum(sh.path.count("M") for sh in f.layout.shapes
                   if sh.name == "edges" and sh.line.color == LIGHT.muted)

    finite = graph_figure(step([1.0], 1.0, [0.5], 0.0, SIGMOID, BCE, 0.01), LAST)
    assert muted_edges(fig) == muted_edges(finite) + 1  # the ŷ → L edge, and only it


@pytest.mark.parametrize("dark,scale,hidden", [(False, 1.0, frozenset()),
                                               (True, 1.5, frozenset({"z", "dL_dz"}))])
def test_graph_spec_is_the_figures_json_data_and_leaves_the_shared_template_alone(
        doc, dark, scale, hidden):
    import plotly.io as pio

    before = json.dumps(graph_spec(doc, 0, look=Look(dark, scale))["layout"]
                        ["template"], sort_keys=True)
    for stage in range(LAST + 1):
        spec = graph_spec(doc, stage, hidden=hidden, look=Look(dark, scale))
        fig = graph_figure(doc, stage, hidden=hidden, look=Look(dark, scale))
        assert json.loads(pio.to_json(spec, validate=False)) == json.loads(fig.to_json())
    fig.layout.template.layout.font.size = 99  # a figure's template is its own...
    after = graph_spec(doc, 0, look=Look(dark, scale))["layout"]["template"]
    assert json.dumps(after, sort_keys=True) == before  # ...not the specs' shared one


def test_the_key_explains_the_dotted_reddish_purple_arrows(doc):
    """At stages 5-6 and in quiz mode, gradients not known yet flow back as dotted reddish
    purple arrows, which no key or help text named (issue 17, item 5)."""
    from ui.stepper import LOOKING_AT

    for dark, t in ((False, LIGHT), (True, DARK)):
        fig = graph_figure(doc, 5, look=Look(dark=dark))
        edges = named(fig.layout.shapes, "edges")
        assert ("dot", t.backward) in {(e.line.dash, e.line.color) for e in edges}
        key = next(a.text for a in fig.layout.annotations if "forward: values" in a.text)
        assert f"color:{t.backward}" in key and "not yet known" in key
    assert "dotted" in LOOKING_AT and "not known yet" in LOOKING_AT
    assert "reddish purple" in LOOKING_AT
