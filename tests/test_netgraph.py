"""The network's computation graph (neuron.netgraph): every example and stage builds, the
numbers shown are the backward pass's, the layout does not move between stages, labels never
overlap in the layout's own geometry, and a weight's chain rule summed over its paths is the
backward pass's gradient."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
import time

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from neuron.netgraph import (
    _geometry,
    chain_paths,
    focus_chain,
    network_figure,
    network_spec,
)
from neuron.netstages import stages
from neuron.network import EXAMPLES, NetSetup, xavier
from neuron.palette import Look

MAZUR = EXAMPLES["mazur"].setup.validated()
STAGE = {s.key: i for i, s in enumerate(stages(2))}


def random_setup(sizes, seed: int, acts=None) -> NetSetup:
    rng = np.random.default_rng(seed)
    W, b = xavier(sizes, seed)
    b = [tuple(rng.normal(0, 0.5, n).round(3)) for n in sizes[1:]]
    return NetSetup(sizes=tuple(sizes), W=tuple(W), b=tuple(b),
                    acts=acts or ("tanh",) * (len(sizes) - 2) + ("sigmoid",),
                    x=tuple(rng.normal(0, 1, sizes[0]).round(3)),
                    y=tuple(rng.uniform(0, 1, sizes[-1]).round(3)), lr=0.5).validated()


BIG = random_setup((4, 4, 4, 2), 3)


def texts(spec: dict) -> list[str]:
    """Every text of the figure: annotations (visible or not) and hover texts."""
    return [a.get("text", "") for a in spec["layout"]["annotations"]] + hovers(spec)


def hovers(spec: dict) -> list[str]:
    """Every hover text (a unit's per point, an edge's one for its trace)."""
    out = []
    for tr in spec["data"]:
        h = tr.get("hovertext", ())
        out += [h] if isinstance(h, str) else list(h)
    return out


def ann(spec: dict, name: str) -> dict:
    return next(a for a in spec["layout"]["annotations"] if a.get("name") == name)


def hover(spec: dict, marker: str) -> str:
    """The first hover text that contains ``marker``."""
    return next(h for h in hovers(spec) if marker in h)


def structure(spec: dict):
    """What must not change between stages: positions, and which traces, shapes, texts."""
    lay = spec["layout"]
    return (lay["height"], lay["xaxis"]["range"], lay["yaxis"]["range"],
            [(s["type"], s.get("name"), s.get("x0"), s.get("y0"), s.get("x1"), s.get("y1"))
             for s in lay["shapes"] if s.get("name") != "glow" and s.get("name") != "focus"],
            [s["path"] for s in lay["shapes"] if s.get("name", "").startswith("edge:")],
            [(a.get("name"), a["x"], a["y"]) for a in lay["annotations"]],
            [(tr["name"], list(tr["x"]), list(tr["y"])) for tr in spec["data"]])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_and_stage_builds(name):
    setup = EXAMPLES[name].setup.validated()
    L = len(setup.sizes) - 1
    first = None
    for stage in range(len(stages(L))):
        for focus in (None, (L - 1, 0, 0)):
            spec = network_spec(setup, stage, focus=focus)
            json.dumps(spec)  # plain JSON data
            if first is None:
                first = structure(spec)
            assert structure(spec) == first, (name, stage, focus)


def test_figure_is_the_spec_and_leaves_the_shared_template_alone():
    before = json.dumps(network_spec(MAZUR, 0)["layout"]["template"], sort_keys=True)
    for dark, scale, focus in ((False, 1.0, None), (True, 1.5, (0, 1, 0))):
        for stage in (0, 7, 10):
            fig = network_figure(MAZUR, stage, focus=focus, look=Look(dark, scale))
            assert isinstance(fig, go.Figure)
            spec = network_spec(MAZUR, stage, focus=focus, look=Look(dark, scale))
            assert json.loads(pio.to_json(spec, validate=False)) == json.loads(fig.to_json())
    go.Figure(fig.to_dict())  # Plotly's validation accepts every property
    fig.layout.template.layout.font.size = 99  # a figure's template is its own
    assert json.dumps(network_spec(MAZUR, 0)["layout"]["template"], sort_keys=True) == before


def test_random_networks_within_the_limits():
    rng = np.random.default_rng(7)
    for k in range(40):
        hidden = [int(rng.integers(1, 5)) for _ in range(int(rng.integers(0, 3)))]
        sizes = (int(rng.integers(1, 5)), *hidden, int(rng.integers(1, 3)))
        setup = random_setup(sizes, k)
        L = len(sizes) - 1
        l = int(rng.integers(0, L))
        focus = (l, int(rng.integers(0, sizes[l + 1])), int(rng.integers(0, sizes[l])))
        ref = None
        for stage in range(len(stages(L))):
            spec = network_spec(setup, stage, focus=focus, width=int(rng.choice([820, 1100])) if
                                ref is None else ref[0], look=Look(dark=bool(k % 2)))
            if ref is None:
                ref = (round(spec["layout"]["xaxis"]["range"][1]) + 8, structure(spec))
            assert structure(spec) == ref[1], (sizes, stage)
            assert not bad_text(spec), sizes


def bad_text(spec) -> list[str]:
    return [t for t in texts(spec) if re.search(r"\b(inf|nan)\b", t, re.I)]


def test_mazur_gradient_shown_at_its_stage_and_not_before():
    label = "edge:w1.0.0"  # W2[1,1], from h1₁ to o₁
    for stage in range(len(stages(2))):
        spec = network_spec(MAZUR, stage)
        a = ann(spec, label)
        h = hover(spec, "<b>W2[1,1] = 0.4000</b>")
        assert a["visible"]  # Mazur's 2-2-2 shows every label
        assert "W2[1,1]" in a["text"]
        if stage >= STAGE["grad2"]:
            assert "∂L/∂w = 0.0822" in a["text"]
            assert "∂L/∂W2[1,1] = δ(o₁)·h1₁ = 0.1385·0.5933 = 0.0822" in h
        else:
            assert "0.0822" not in a["text"] and "0.0822" not in h
            assert "∂L/∂W2[1,1] = δ(o₁)·h1₁: not yet (stage 8" in h
        if stage == STAGE["update"]:
            assert "← <b>0.3589</b>" in a["text"]
            assert "W2[1,1] ← 0.4000 − 0.5000·0.0822 = 0.3589" in h


def test_mazur_unit_values_follow_the_stages():
    z, a, d = "z = 0.3775", "a = 0.5933", "δ = 0.0088"
    for key, shown in (("start", ()), ("z1", (z,)), ("a1", (z, a)),
                       ("delta1", (z, a, d)), ("update", (z, a, d))):
        text = ann(network_spec(MAZUR, STAGE[key]), "node:u1.0")["text"]
        for s in (z, a, d):
            assert (s in text) == (s in shown), (key, s, text)
    text = ann(network_spec(MAZUR, STAGE["loss"]), "node:L")["text"]
    assert "L</b> = 0.2984" in text and "y₁ = 0.0100" in text
    h = hover(network_spec(MAZUR, STAGE["delta1"]), "<b>h1₁</b>")
    assert "∂L/∂h1₁ = Σₖ δ(oₖ)·W2[k,1] = 0.1385·0.4000 + (-0.0381)·0.5000 = 0.0364" in h


def test_each_unit_shows_its_bias_from_the_start_and_its_update():
    """Review: Mazur's b1 = 0.35 and b2 = 0.60 were only in the source note, so the + 0.3500
    in z(h1₁) = 0.3775 had no source on the graph. Each unit's box names its b; at the update,
    a bias that learns shows b ← its new value (Mazur's are never updated: they stay)."""
    sp = "\u00a0" * 3
    for key in ("start", "z1", "update"):
        spec = network_spec(MAZUR, STAGE[key])
        assert ann(spec, "node:u1.0")["text"].startswith(f"<b>h1₁</b>{sp}b = 0.3500<br>")
        assert ann(spec, "node:u2.1")["text"].startswith(f"<b>o₂</b>{sp}b = 0.6000<br>")
    learns = dataclasses.replace(MAZUR, update_bias=True).validated()
    new_b = learns.step()[3].net.b[0][0]  # the update's network: b of h1₁ after the step
    assert abs(new_b - 0.35) > 1e-4
    spec = network_spec(learns, STAGE["update"])
    assert ann(spec, "node:u1.0")["text"].startswith(f"<b>h1₁</b>{sp}b ← <b>{new_b:.4f}</b>")
    before = network_spec(learns, STAGE["update"] - 1)
    assert ann(before, "node:u1.0")["text"].startswith(f"<b>h1₁</b>{sp}b = 0.3500")


def test_every_stage_highlights_what_it_computes():
    def glow(spec):
        return [s for s in spec["layout"]["shapes"] if s.get("name") == "glow"]
    spec = network_spec(MAZUR, STAGE["z1"])
    nodes = {s["name"] for s in spec["layout"]["shapes"]
             if s.get("name", "").startswith("node:") and s["line"]["width"] > 1}
    assert nodes == {"node:u1.0", "node:u1.1"}
    edges = glow(spec)[1]["path"]
    assert edges.count("M") == 4  # the four weights into layer 1
    assert glow(network_spec(MAZUR, STAGE["a1"]))[1]["path"].startswith("M-100")


def test_focus_highlights_the_paths_to_the_loss():
    spec = network_spec(BIG, 0, focus=(0, 1, 2))
    halo = [s for s in spec["layout"]["shapes"] if s.get("name") == "focus"]
    # the weight, the 4 edges out of h1₂, the 8 into the outputs, the 2 into L
    assert halo[1]["path"].count("M") == 1 + 4 + 8 + 2
    assert halo[0]["path"].count("M") == 1 + 1 + 4 + 2 + 1  # x₃, h1₂, layer 2, outputs, L
    assert ann(spec, "edge:w0.1.2")["visible"]
    spec = network_spec(BIG, 0)
    assert all(s["path"].startswith("M-100") for s in spec["layout"]["shapes"]
               if s.get("name") == "focus")
    with pytest.raises(ValueError, match="no weight W1"):
        network_spec(BIG, 0, focus=(0, 4, 0))


def test_large_network_labels_only_the_stage_and_the_focus():
    for width in (820, 1100):
        spec = network_spec(BIG, 0, width=width)
        assert "hover" in ann(spec, "note")["text"]
        edge_anns = [a for a in spec["layout"]["annotations"] if a["name"].startswith("edge:w")]
        assert len(edge_anns) == 40
        assert not any(a["visible"] for a in edge_anns)  # the start computes no edge
        grad3 = [i for i, s in enumerate(stages(3)) if s.key == "grad3"][0]
        spec = network_spec(BIG, grad3, width=width, focus=(0, 0, 0))
        shown = {a["name"] for a in spec["layout"]["annotations"]
                 if a["name"].startswith("edge:") and a["visible"]}
        assert shown <= {"edge:w0.0.0"} | {f"edge:w2.{j}.{i}" for j in range(2)
                                            for i in range(4)}


def test_labels_do_not_overlap_in_the_layout():
    """The layout's own rectangles (estimated text sizes): labels clear of boxes and of one
    another, inside the plot; the browser test measures the real ones."""
    from neuron.netgraph import _label_size

    for sizes, width in itertools.product([(2, 2, 2), (4, 4, 4, 2), (2, 4, 1), (3, 1, 2)],
                                          (820, 1100)):
        for wide in (False, True):
            geo = _geometry(sizes, float(width), wide)
            rects = {}
            for eid, pos in geo.labels.items():
                if pos is None:
                    continue
                w, h = _label_size(eid, sizes, geo.named[eid], "undefined" if wide
                                   else "-0.0000")
                rects[eid] = (pos[0] - w / 2, pos[1] - h / 2, pos[0] + w / 2, pos[1] + h / 2)
            for r in rects.values():
                assert r[0] >= 0 and r[2] <= geo.width
                for b in geo.boxes.values():
                    assert not (r[0] < b[2] and b[0] < r[2] and r[1] < b[3] and b[1] < r[3])
            full = [k for k in rects if (k[0] == "o" and len(sizes) - 1 in geo.full)
                    or (k[0] == "w" and int(k[1]) in geo.full)]
            for a, b in itertools.combinations(full, 2):
                ra, rb = rects[a], rects[b]
                assert not (ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3]
                            and rb[1] < ra[3]), (sizes, a, b)
    assert _geometry((2, 2, 2), 820.0, False).every
    assert _geometry((2, 2, 2), 1100.0, False).every


@pytest.mark.parametrize("setup", [MAZUR, BIG, random_setup((3, 2, 4, 2), 11),
                                   random_setup((2, 3, 3, 1), 5, ("relu", "tanh", "linear"))],
                         ids=["mazur", "4-4-4-2", "3-2-4-2", "relu"])
def test_path_sum_is_the_backward_pass_gradient(setup):
    L = len(setup.sizes) - 1
    for l in range(L):
        for j, i in itertools.product(range(setup.sizes[l + 1]), range(setup.sizes[l])):
            ch = chain_paths(setup, l, j, i)
            assert len(ch.paths) == math.prod(setup.sizes[l + 2:])
            size = sum(abs(p.value) for p in ch.paths) * abs(ch.a)
            assert abs(ch.grad - ch.backward) <= 1e-12 * max(abs(ch.backward), size, 1e-300)
            assert ch.grad == pytest.approx(ch.backward, rel=1e-12, abs=1e-300 + 1e-12 * size)
            lines = focus_chain(setup, l, j, i)
            assert len(lines) == 3 + len(ch.paths) + (len(ch.paths) > 1)
            assert lines[-1][0].startswith("Check: the backward pass gives")


def test_focus_chain_of_mazur_reads_like_the_worked_example():
    lines = [t for t, _ in focus_chain(MAZUR, 0, 0, 0)]
    assert lines[0] == "∂L/∂W1[1,1] = δ(h1₁)·x₁ = 0.0088·0.0500 = 4.3857e-04"
    assert lines[2] == ("h1₁ → o₁ → L: σ′(h1₁)·W2[1,1]·σ′(o₁)·∂L/∂o₁ = "
                        "0.2413·0.4000·0.1868·0.7414 = 0.0134")
    assert lines[4] == "δ(h1₁) = 0.0134 + (-0.0046) = 0.0088"
    tex = [x for _, x in focus_chain(MAZUR, 1, 0, 0)]
    assert tex[0].startswith(r"\frac{\partial L}{\partial w^{(2)}_{11}} = \delta_{o_{1}}")


def test_cross_entropy_after_a_sigmoid_is_one_factor():
    setup = random_setup((2, 2, 1), 4)
    setup = NetSetup(**{**setup.__dict__, "loss": "bce", "y": (1.0,)}).validated()
    ch = chain_paths(setup, 0, 1, 0)
    assert ch.paths[0].factors[-1][0] == "(o₁ − y₁)"
    assert ch.grad == pytest.approx(ch.backward, rel=1e-12)


def test_overflow_never_shows_inf_or_nan():
    """Linear layers at the limits (x, W, b = 10⁶: values near 10³⁰), and cross-entropy after
    a sigmoid that saturates (∂L/∂o = 1/0: overflow; its δ = o − y stays finite)."""
    big = 1e6
    linear = NetSetup(sizes=(2, 2, 2), W=(((big,) * 2,) * 2,) * 2, b=((big,) * 2,) * 2,
                      acts=("linear", "linear"), x=(big, big), y=(0.0, 1.0), lr=1.0)
    saturated = NetSetup(sizes=(2, 2, 1), W=(((big,) * 2,) * 2, ((big,) * 2,)),
                         b=((big,) * 2, (big,)), acts=("linear", "sigmoid"), x=(big, big),
                         y=(0.0,), lr=1.0, loss="bce")
    for setup in (linear.validated(), saturated.validated()):
        for stage in range(len(stages(2))):
            for focus in (None, (0, 0, 0)):
                spec = network_spec(setup, stage, focus=focus)
                assert not bad_text(spec), stage
                json.dumps(spec, allow_nan=False)
        for l, j, i in ((0, 0, 0), (1, 0, 1)):
            for t, x in focus_chain(setup, l, j, i):
                assert not re.search(r"\b(inf|nan)\b", t + x, re.I)
    spec = network_spec(saturated.validated(), STAGE["update"])
    assert "∂L/∂a = overflow" in ann(spec, "node:u2.0")["text"]
    assert "L</b> = 1.6e37" in ann(network_spec(linear.validated(), STAGE["update"]),
                                   "node:L")["text"]


def test_size_and_speed():
    L = len(BIG.sizes) - 1
    network_spec(BIG, 0, width=1100)  # the layout, computed once per size and width
    for setup in (MAZUR, BIG):
        last = len(stages(len(setup.sizes) - 1)) - 1
        fig = network_figure(setup, last, focus=(0, 0, 0))
        assert len(fig.to_json()) < 300_000
        start = time.perf_counter()
        for stage in range(last + 1):
            network_spec(setup, stage, focus=(0, 0, 0))
        per = (time.perf_counter() - start) / (last + 1)
        assert per < 0.05, per  # a few ms on a desk; generous for a loaded CI machine
    assert len(network_figure(BIG, 4 * L + 2, focus=(0, 0, 0)).to_json()) < 100_000


def test_bad_arguments():
    with pytest.raises(ValueError, match="stage"):
        network_spec(MAZUR, 11)
    with pytest.raises(ValueError, match="scale"):
        network_spec(MAZUR, 0, look=Look(scale=3))
    with pytest.raises(ValueError, match="width"):
        network_spec(MAZUR, 0, width=100)
