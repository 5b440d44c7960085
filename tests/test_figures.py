"""Figures of training across iterations: sizes bounded, values true to the history and maths."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from neuron import decision as D
from neuron import figures as F
from neuron.activations import ACTIVATIONS, LINEAR, RELU, SIGMOID, TANH
from neuron.chart import LINE_POINTS
from neuron.core import forward, neuron
from neuron.datasets import blobs, logic_gate
from neuron.losses import BCE, MSE
from neuron.palette import Look
from neuron.train import Descent, init_weights, train

KB = 1000


def fit(data, epochs, act=SIGMOID, loss=BCE, lr=1.0, w0=None, b0=0.0):
    w0 = np.zeros(data.X.shape[1]) if w0 is None else w0
    return train(neuron(w0, b0, act), data.X, data.y, loss, Descent(lr, epochs))


@pytest.fixture(scope="module")
def gate():
    return logic_gate("and")


@pytest.fixture(scope="module")
def h5k(gate):
    """5,001 rows of history (the most training allows)."""
    return fit(gate, 5000, w0=np.array([0.3, -0.2]), b0=0.1)


@pytest.fixture(scope="module")
def h100(gate):
    return fit(gate, 99, w0=np.array([0.3, -0.2]), b0=0.1)


@pytest.fixture(scope="module")
def blob():
    return blobs(200, seed=3)


@pytest.fixture(scope="module")
def hblob(blob):
    return fit(blob, 300, lr=0.5, w0=np.array([-1.0, 1.5]), b0=0.5)


# -- downsampling -------------------------------------------------------------------------


@pytest.mark.parametrize("n_rows", [1, 2, 3, 100, 200, 201, 1234, 5001])
@pytest.mark.parametrize("most", [2, 30, 200])
def test_sample_rows_sorted_unique_with_both_ends(n_rows, most):
    r = F.sample_rows(n_rows, most)
    assert r[0] == 0 and r[-1] == n_rows - 1
    assert np.all(np.diff(r) > 0) and len(r) <= max(most, 1)
    assert len(r) == min(n_rows, most)
    if len(r) > 2:  # evenly spaced: the gaps differ by at most one row
        assert np.ptp(np.diff(r)) <= 1


def test_json_size_does_not_grow_with_the_epochs(gate, h100, h5k):
    h1k = fit(gate, 999, w0=np.array([0.3, -0.2]), b0=0.1)
    small, mid, big = (len(F.weights_figure(h).to_json()) for h in (h100, h1k, h5k))
    assert big < 300 * KB and small < 300 * KB
    assert abs(big - mid) < 0.02 * mid  # both past the 200-point cap: the same size
    # 100 rows draw all 100 points, 5,000 rows 200. The difference is those 100 more points
    # on each of the four lines (4 + 4 bytes, in base64, with '/' escaped as \u002f) and the
    # longer epoch numbers in the frames: ~8 KB, about 15 % of this lean figure.
    extra_points = 4 * 100 * 8 * 4 / 3 * 1.5
    extra_digits = 100 * 11 * 3
    assert 0 < big - small < extra_points + extra_digits
    assert big - small < 0.20 * small
    for fig in (F.weights_figure(h5k), F.landscape_figure(gate.X, gate.y, h5k),
                F.boundary_figure(gate.X, gate.y, h5k)):
        assert len(fig.frames) <= 100
        assert len(fig.to_json()) < 300 * KB
        for tr in fig.data:
            if tr.type == "scatter" and tr.mode == "lines" and tr.x is not None:
                assert len(tr.x) <= LINE_POINTS


def test_boundary_and_landscape_stay_small_with_many_samples():
    data = blobs(10_000, seed=1)
    h = fit(data, 5000, lr=0.5)
    assert len(F.boundary_figure(data.X, data.y, h).to_json()) < 300 * KB
    assert len(F.landscape_figure(data.X, data.y, h, grid=40).to_json()) < 300 * KB


# -- 1. weights ---------------------------------------------------------------------------


def test_weights_figure_lines_and_replay_frames(h5k):
    fig = F.weights_figure(h5k, current=1234)
    lines = [t for t in fig.data if t.mode == "lines" and t.hoverinfo != "skip"]
    assert [t.name for t in lines] == ["w₁", "w₂", "b", "loss"]
    assert [t.yaxis for t in lines] == ["y", "y", "y", "y2"]
    dashes = {t.line.dash for t in lines[:3]}
    colours = {t.line.color for t in lines[:3]}
    assert len(dashes) == 3 and len(colours) == 3  # told apart by colour AND dash
    rows = F.sample_rows(h5k.w.shape[0])
    np.testing.assert_array_equal(lines[0].x, rows)
    np.testing.assert_allclose(lines[1].y, h5k.w[rows, 1], rtol=1e-6)
    np.testing.assert_allclose(lines[3].y, h5k.loss[rows], rtol=1e-6)

    assert 2 <= len(fig.frames) <= 100
    moving = list(fig.frames[0].traces)
    assert all(fig.data[i].hoverinfo == "skip" for i in moving)  # only the markers move
    assert set(moving).isdisjoint(fig.data.index(t) for t in lines)
    epochs = [int(f.name) for f in fig.frames]
    assert epochs[0] == 0 and epochs[-1] == 5000 and 1234 in epochs
    for f in fig.frames[::7]:
        k = int(f.name)
        pts, loss_pt, cur_top, cur_bottom = f.data
        assert set(pts.x) == set(loss_pt.x) == set(cur_top.x) == set(cur_bottom.x) == {k}
        assert list(pts.y) == [*h5k.w[k], h5k.b[k]]
        assert list(loss_pt.y) == [h5k.loss[k]]
    start = fig.data[moving[0]]  # the figure opens at epoch `current`
    assert list(start.x) == [1234] * 3 and list(start.y) == [*h5k.w[1234], h5k.b[1234]]

    (slider,), (menu,) = fig.layout.sliders, fig.layout.updatemenus
    assert [s.label for s in slider.steps] == [f.name for f in fig.frames]
    assert [list(s.args[0]) for s in slider.steps] == [[f.name] for f in fig.frames]
    assert slider.steps[slider.active].label == "1234"
    assert slider.currentvalue.prefix == "epoch "
    play, pause = menu.buttons
    assert play.args[1] == {"frame": {"duration": 60, "redraw": False}, "fromcurrent": True,
                            "transition": {"duration": 0}}
    assert list(pause.args[0]) == [None] and pause.args[1]["mode"] == "immediate"


def test_weights_loss_axis_is_log_only_past_two_decades(h5k, gate):
    assert F.weights_figure(h5k).layout.yaxis2.type == "log"  # AND: 0.69 -> 0.003
    flat = fit(logic_gate("xor"), 50)  # XOR from zeros: the loss stays at log 2
    assert F.weights_figure(flat).layout.yaxis2.type == "linear"


def test_weights_current_out_of_range(h100):
    with pytest.raises(ValueError, match="between 0 and 99"):
        F.weights_figure(h100, current=100)
    assert F.weights_figure(h100, current=-1).data[-4].x == (99, 99, 99)


# -- 2. landscape -------------------------------------------------------------------------


def grid_loss(fig, i, j):
    """The loss shown at grid point (row j, column i), whether the map is log or not."""
    c = fig.data[0]
    if fig.layout.meta["log"]:
        assert c.z[j][i] == pytest.approx(np.log10(c.customdata[j][i]), abs=1e-12)
        return c.customdata[j][i]
    return c.z[j][i]


@pytest.mark.parametrize("params", [(0, 1), (1, 2), (2, 0)])
def test_landscape_equals_forward_loss_on_the_grid(params):
    data = blobs(2000, seed=2)  # 60 x 60 x 2000 > CHUNK: computed in several blocks
    X = np.column_stack([data.X, data.X[:, 0] * data.X[:, 1]])
    h = train(neuron([0.1, -0.2, 0.3], 0.05, SIGMOID), X, data.y, BCE, Descent(0.5, 40))
    at = 17
    fig = F.landscape_figure(X, data.y, h, params=params, at=at)
    c = fig.data[0]
    a, yc = np.asarray(c.x), np.asarray(c.y)
    p, q = params
    for i, j in [(0, 0), (59, 59), (13, 47), (30, 5), (44, 58)]:
        theta = np.r_[h.w[at], h.b[at]]
        theta[p], theta[q] = a[i], yc[j]
        want = forward(theta[:3], theta[3], X, data.y, SIGMOID, BCE).loss
        assert grid_loss(fig, i, j) == pytest.approx(want, rel=1e-12, abs=1e-12)
    # the stated held parameters are those of epoch `at`
    names = ["w₁", "w₂", "w₃", "b"]
    held = {names[i]: v for i, v in enumerate(np.r_[h.w[at], h.b[at]]) if i not in params}
    assert fig.layout.meta["held"] == held and fig.layout.meta["at"] == at
    sub = fig.layout.title.subtitle.text
    assert f"held at epoch {at}" in sub
    for name, v in held.items():
        assert f"{name} = {v:.4f}".replace("-", "−") in sub
    # the range covers the whole path, and the path is drawn on it
    path = np.c_[h.w, h.b][:, [p, q]]
    assert a.min() < path[:, 0].min() and a.max() > path[:, 0].max()
    assert yc.min() < path[:, 1].min() and yc.max() > path[:, 1].max()


def test_landscape_one_input_path_start_end_and_frames():
    X, y = np.linspace(-2, 2, 9)[:, None], (np.linspace(-2, 2, 9) > 0.3).astype(float)
    h = train(neuron([0.0], 0.0, SIGMOID), X, y, MSE, Descent(2.0, 300))
    fig = F.landscape_figure(X, y, h)  # (0, 1) = w₁ and b
    assert fig.layout.xaxis.title.text == "w₁" and fig.layout.yaxis.title.text == "b"
    assert "no other parameters" in fig.layout.title.subtitle.text
    c = fig.data[0]
    want = forward([c.x[7]], c.y[11], X, y, SIGMOID, MSE).loss
    assert grid_loss(fig, 7, 11) == pytest.approx(want, rel=1e-12)
    by_name = {t.name: t for t in fig.data}
    start, end = by_name["start (epoch 0)"], by_name["end (epoch 300)"]
    assert start.marker.symbol != end.marker.symbol
    assert (start.x[0], start.y[0]) == (h.w[0, 0], h.b[0])
    assert (end.x[0], end.y[0]) == (h.w[-1, 0], h.b[-1])
    assert len(fig.frames) <= 100
    (dot,) = fig.layout.shapes  # the replay point: a shape, so that the map stays drawn
    assert dot.name == "replay" and (dot.xanchor, dot.yanchor) == (h.w[-1, 0], h.b[-1])
    for f in fig.frames[::9]:
        k = int(f.name)
        assert not f.data and (f.layout.shapes[0].xanchor, f.layout.shapes[0].yanchor) == (
            h.w[k, 0], h.b[k])
    assert fig.layout.sliders[0].steps[0].args[1]["frame"]["redraw"] is True
    with pytest.raises(ValueError, match="two different"):
        F.landscape_figure(X, y, h, params=(1, 1))
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.landscape_figure(X, y, h, params=(0, 2))


# -- 3. decision boundary -----------------------------------------------------------------


def heat_point(trace, i, j):
    return trace.x0 + i * trace.dx, trace.y0 + j * trace.dy


@pytest.mark.parametrize("act,loss", [(SIGMOID, BCE), (TANH, MSE), (LINEAR, MSE)])
def test_boundary_heatmap_is_the_neurons_output(act, loss, blob):
    h = fit(blob, 200, act, loss, lr=0.1 if act is LINEAR else 0.5)
    fig = F.boundary_figure(blob.X, blob.y, h, at=60)
    heat, (line,) = fig.data[0], fig.layout.shapes
    w, b = h.w[60], h.b[60]
    assert np.shape(heat.z) == (80, 80)
    for i, j in [(0, 0), (79, 79), (5, 70), (40, 41)]:
        x1, x2 = heat_point(heat, i, j)
        want = act.fn(np.array(w[0] * x1 + w[1] * x2 + b))
        assert heat.z[j][i] == pytest.approx(float(want), rel=2e-6, abs=1e-7)  # float32
    # diverging around the threshold, the midpoint of the two classes (y is 0 or 1)
    assert fig.layout.meta["threshold"] == 0.5
    assert (heat.zmin + heat.zmax) / 2 == pytest.approx(0.5)
    # the boundary line is where ŷ equals the threshold
    assert line.visible is not False and line.name == "boundary ŷ = 0.5"
    for x1, x2 in [(line.x0, line.y0), (line.x1, line.y1)]:
        assert float(act.fn(np.array(w @ [x1, x2] + b))) == pytest.approx(0.5, abs=1e-9)
    # the samples: one trace per class, with different symbols
    classes = fig.data[1:]
    assert sorted(t.name for t in classes) == ["y = 0", "y = 1"]
    assert len({t.marker.symbol for t in classes}) == 2
    assert sum(len(t.x) for t in classes) == blob.m


def test_boundary_frames_replace_the_map_and_the_line(blob, hblob):
    fig = F.boundary_figure(blob.X, blob.y, hblob)
    assert 2 <= len(fig.frames) <= 30
    assert fig.layout.sliders[0].steps[-1].args[1]["frame"]["redraw"] is True
    for f in fig.frames[::6]:
        k = int(f.name)
        assert list(f.traces) == [0] and f.data[0].type == "heatmap"  # no scatter: see _dot
        (heat,), (line,) = f.data, f.layout.shapes
        g = np.shape(heat.z)[0]
        x1, x2 = heat_point(heat, g - 1, 3)
        want = SIGMOID.fn(np.array(hblob.w[k] @ [x1, x2] + hblob.b[k]))
        assert heat.z[3][g - 1] == pytest.approx(float(want), rel=2e-6, abs=1e-7)
        for p in [(line.x0, line.y0), (line.x1, line.y1)]:
            assert abs(hblob.w[k] @ p + hblob.b[k]) < 1e-9  # σ(z) = 0.5 at z = 0


def test_boundary_needs_two_inputs():
    X = np.random.default_rng(0).normal(size=(10, 3))
    h = train(neuron(np.zeros(3), 0.0, SIGMOID), X, np.r_[np.zeros(5), np.ones(5)], BCE,
              Descent(0.1, 5))
    with pytest.raises(ValueError, match="exactly two inputs"):
        F.boundary_figure(X, np.r_[np.zeros(5), np.ones(5)], h)
    h1 = train(neuron([0.0], 0.0, SIGMOID), X[:, :1], np.r_[np.zeros(5), np.ones(5)], BCE,
               Descent(0.1, 5))
    with pytest.raises(ValueError, match="exactly two inputs"):
        F.boundary_figure(X[:, :1], np.r_[np.zeros(5), np.ones(5)], h1)


def test_decision_threshold():
    assert D.decision_threshold(SIGMOID) == 0.5
    assert D.decision_threshold(TANH) == 0.0
    assert D.decision_threshold(LINEAR) == 0.0
    assert D.decision_threshold(RELU) == 0.5
    assert D.decision_threshold(TANH, [-1, 1, 1]) == 0.0
    assert D.decision_threshold(TANH, [0, 1, 1]) == 0.5  # targets 0/1: between the classes


# -- 4. activation ------------------------------------------------------------------------


def test_activation_figure_marks_the_z_values_on_both_curves():
    z = np.array([-7.5, -1.0, 0.0, 0.3, 4.5])
    fig = F.activation_figure(SIGMOID, z)
    fn, der, on_fn, on_der = fig.data
    np.testing.assert_allclose(on_fn.x, z, rtol=1e-6)
    np.testing.assert_allclose(on_fn.y, SIGMOID.fn(z), rtol=1e-6)
    np.testing.assert_allclose(on_der.x, z, rtol=1e-6)
    np.testing.assert_allclose(on_der.y, SIGMOID.der(z, SIGMOID.fn(z)), rtol=1e-6)
    assert on_fn.yaxis == "y" and on_der.yaxis == "y2"
    assert fig.layout.xaxis.range[0] <= -7.5 and fig.layout.xaxis.range[1] == 6
    assert max(der.y) == pytest.approx(0.25, abs=1e-6)
    # σ' ≤ 0.25 and the saturated bands, |z| > 3.87 where σ' < 0.02
    texts = [a.text for a in fig.layout.annotations]
    assert "σ′ ≤ 0.25 everywhere" in texts
    assert texts.count("saturated:<br>learning slows") == 2
    bands = sorted((s.x0, s.x1) for s in fig.layout.shapes if s.type == "rect")
    assert bands[0][1] == pytest.approx(-3.87, abs=0.03) and bands[1][0] == pytest.approx(3.87,
                                                                                          abs=0.03)
    assert "2 of them in the shaded bands (σ′ < 0.02)" in fig.layout.title.subtitle.text


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_figure_for_every_activation(name):
    act = ACTIVATIONS[name]
    fig = F.activation_figure(act, np.array([-2.0, 0.5, 9.0]), look=Look(dark=True))
    assert fig.layout.xaxis.range == (-6.0, 9.5)
    np.testing.assert_allclose(fig.data[0].y, act.fn(np.asarray(fig.data[0].x, float)),
                               rtol=1e-6, atol=1e-7)


# -- 5. XOR -------------------------------------------------------------------------------


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_xor_evidence_one_neuron_cannot_separate_xor(init):
    xor, and_ = logic_gate("xor"), logic_gate("and")
    w0, b0 = init_weights(2, init, seed=4)
    hx = train(neuron(w0, b0, SIGMOID), xor.X, xor.y, BCE, Descent(1.0, 2000))
    ha = train(neuron(w0, b0, SIGMOID), and_.X, and_.y, BCE, Descent(1.0, 2000))
    ev, ea = D.xor_evidence(xor.X, xor.y, hx), D.xor_evidence(and_.X, and_.y, ha)
    assert ev["best_accuracy"] <= 0.75 and ev["correct_best"] <= 3 and ev["m"] == 4
    assert ev["final_loss"] > 0.45  # stays high (log 2 = 0.693 is "ŷ = 0.5 everywhere")
    assert ea["best_accuracy"] == ea["final_accuracy"] == 1.0 and ea["correct_best"] == 4
    assert ea["final_loss"] < 0.05
    acc = D.accuracy_history(xor.X, xor.y, hx)
    assert acc.shape == (2001,) and acc.max() == ev["best_accuracy"]


# -- all figures --------------------------------------------------------------------------


def all_figures(data, h, dark):
    return [F.weights_figure(h, look=Look(dark=dark)),
            F.landscape_figure(data.X, data.y, h, grid=30, look=Look(dark=dark)),
            F.boundary_figure(data.X, data.y, h, look=Look(dark=dark)),
            F.activation_figure(SIGMOID, data.X @ h.w[-1] + h.b[-1], look=Look(dark=dark))]


@pytest.mark.parametrize("dark", [False, True])
def test_themes_transparent_and_readable(dark, blob, hblob):
    for fig in all_figures(blob, hblob, dark):
        lay = fig.layout
        assert lay.paper_bgcolor == lay.plot_bgcolor == "rgba(0,0,0,0)"
        assert lay.font.color == ("#e6e8eb" if dark else "#1f2328")
        assert lay.font.size >= 12 and lay.legend.font.size >= 12
        for ax in (lay.xaxis, lay.yaxis):
            assert ax.tickfont.size >= 12
        for menu in lay.updatemenus:
            assert menu.font.size >= 12 and menu.y == 0 and menu.yanchor == "top"
        for slider in lay.sliders:  # under the plot, not over it
            assert slider.y == 0 and slider.yanchor == "top" and slider.currentvalue.font.size >= 12


def test_diverged_history_draws_without_warnings():
    data = blobs(50, seed=0)
    h = train(neuron(np.zeros(2), 0.0, LINEAR), data.X * 50, data.y, MSE, Descent(10.0, 200))
    assert h.stopped is not None
    X = data.X * 50
    figs = [F.weights_figure(h), F.boundary_figure(X, data.y, h),
            F.landscape_figure(X, data.y, h, grid=20),
            F.activation_figure(LINEAR, X @ h.w[-1] + h.b[-1])]
    for fig in figs:
        assert len(fig.to_json()) < 300 * KB
    ev = D.xor_evidence(X, data.y, h, LINEAR)
    assert all(np.isfinite(v) for v in ev.values()), ev  # no nan or inf in the numbers shown
    assert ev["m"] == 50 and 0 <= ev["best_epoch"] < len(h.loss)
    assert 0 <= ev["final_accuracy"] <= ev["best_accuracy"] <= 1
    assert ev["correct_best"] == round(ev["best_accuracy"] * ev["m"])
    # the loss only grew: its minimum is where it started, and it ends far above it
    assert ev["initial_loss"] == ev["min_loss"] == h.loss[0] < ev["final_loss"] == h.loss[-1]


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_figure_passes_plotlys_validation(gate, h100, blob, hblob, scale):
    """The builders skip Plotly's validation for speed: here each figure is validated in
    full (go.Figure of its JSON raises on any invalid property) and must come out equal."""
    from neuron.config import Config
    from neuron.graph import graph_figure

    cfg = Config().validated()
    figs = [F.weights_figure(h100, look=Look(scale=scale)),
            F.landscape_figure(gate.X, gate.y, h100, look=Look(scale=scale)),
            F.boundary_figure(blob.X, blob.y, hblob, look=Look(scale=scale)),
            F.activation_figure(TANH, [0.5, 4.0], look=Look(dark=True, scale=scale)),
            graph_figure(cfg.step(), 8, look=Look(scale=scale))]
    for fig in figs:
        checked = go.Figure(fig.to_plotly_json())  # raises on an invalid property
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())  # nothing coerced


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_accuracy_from_z_equals_thresholding_the_output(name):
    act = ACTIVATIONS[name]
    data = blobs(60, separable=False, seed=5)
    y = data.y if name != "tanh" else 2 * data.y - 1
    h = train(neuron([0.4, -0.3], 0.2, act), data.X, y, MSE, Descent(0.05, 30))
    thr = D.decision_threshold(act, y)
    z = data.X @ h.w.T + h.b  # (m, rows)
    want = np.mean((act.fn(z) >= thr) == (y >= thr)[:, None], axis=0)
    np.testing.assert_array_equal(D.accuracy_history(data.X, y, h, act), want)


def test_a_blown_up_run_still_colours_the_boundary_map_with_its_true_values():
    """Beyond float32 (3.4e38) the map stays float64: it used to go blank."""
    d = logic_gate("or")
    h = train(neuron(np.zeros(2), 0.0, LINEAR), d.X, d.y, MSE,
              Descent(5.0, 400, "full", seed=0, watch=False))
    assert h.overflowed and np.abs(h.w[-1]).max() > 1e38  # the premise
    heat = F.boundary_figure(d.X, d.y, h).data[0]
    z = np.asarray(heat.z, dtype=np.float64)
    assert np.isfinite(z).all()
    w, b = h.at(h.epochs_run)
    want = w[0] * heat.x0 + w[1] * heat.y0 + b  # ŷ = z at the map's first grid point
    assert z[0, 0] == pytest.approx(want, rel=1e-12)
    assert D.boundary_note(d.X, d.y, LINEAR, w, b).startswith("The boundary (ŷ = 0.5) lies "
                                                               "outside this window")


def test_boundary_note_is_none_when_the_line_is_in_view():
    d = logic_gate("and")
    assert D.boundary_note(d.X, d.y, SIGMOID, np.array([1.0, 1.0]), -1.5) is None
    one = np.array([[0.5, 0.3]])
    note = D.boundary_note(one, np.array([1.0]), SIGMOID, np.array([2.0, 2.0]), 1.0)
    assert "ŷ is above 0.5 everywhere" in note
    note = D.boundary_note(one, np.array([1.0]), SIGMOID, np.array([2.0, 2.0]), -9.0)
    assert "ŷ is below 0.5 everywhere" in note


def test_the_boundary_figure_draws_every_sample_near_the_float64_limit():
    """Samples near ±1.7·10³⁰⁸: the window's span overflowed to ±inf and the markers (float32)
    to inf, so the figure showed one sample of three and no line. The plane is now drawn in
    units of a power of ten, said on the axes, and everything in it is finite."""
    X = np.array([[1.7e308, -1.7e308], [-1.7e308, 1.7e308], [1e308, 1e308]])
    y = np.array([0.0, 1.0, 1.0])
    h = train(neuron(np.array([1.0, 0.0]), 0.0, SIGMOID), X, y, MSE,
              Descent(0.0, 3))  # η = 0: ŷ = σ(x₁)
    fig = F.boundary_figure(X, y, h)
    xs = np.concatenate([np.asarray(t.x, dtype=np.float64) for t in fig.data[1:]])
    ys = np.concatenate([np.asarray(t.y, dtype=np.float64) for t in fig.data[1:]])
    assert xs.size == 3 and np.isfinite(xs).all() and np.isfinite(ys).all()
    for v, axis in ((xs, fig.layout.xaxis), (ys, fig.layout.yaxis)):
        lo, hi = axis.range
        assert np.isfinite(hi - lo) and lo < v.min() and v.max() < hi  # every sample in view
        assert "10³⁰⁸" in axis.title.text
    scale = 1e308
    np.testing.assert_allclose(sorted(xs * scale), sorted(X[:, 0]), rtol=1e-6)
    line = fig.layout.shapes[0]
    assert line.visible is not False and line.x0 == line.x1 == 0.0  # σ(x₁) = 0.5 at x₁ = 0
    heat = fig.data[0]
    assert np.isfinite([heat.x0, heat.dx, heat.y0, heat.dy]).all()
    json.loads(fig.to_json())
    w, b = h.at(h.epochs_run)
    assert D.boundary_note(X, y, SIGMOID, w, b) is None  # the line is in view
    assert D.boundary_note(X, y, SIGMOID, np.array([0.0, 0.0]), 5.0).startswith(
        "The boundary (ŷ = 0.5) lies outside this window")


def test_each_axis_of_the_boundary_figure_has_its_own_unit():
    """One huge input and one ordinary: only the huge one's axis is rescaled (a shared unit
    put the other's samples at 10⁻³⁰⁸ and the browser drew nothing)."""
    X = np.array([[1e308, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 0.0, 0.0, 1.0])
    h = train(neuron(np.array([0.0, 1.0]), -0.5, SIGMOID), X, y, MSE,
              Descent(0.0, 2))  # ŷ = σ(x₂ − 0.5)
    fig = F.boundary_figure(X, y, h)
    assert fig.layout.xaxis.title.text == "x₁ × 10³⁰⁸" and fig.layout.yaxis.title.text == "x₂"
    assert fig.layout.yaxis.range == (-0.3, 1.3)
    line = fig.layout.shapes[0]
    assert line.y0 == line.y1 == pytest.approx(0.5)  # the line x₂ = 0.5, across the window
    ys = np.concatenate([np.asarray(t.y, dtype=np.float64) for t in fig.data[1:]])
    assert sorted(ys) == [0.0, 0.0, 1.0, 1.0]


def _loss_history(loss):
    from dataclasses import replace
    h = fit(logic_gate("and"), len(loss) - 1)
    return replace(h, loss=np.asarray(loss, dtype=np.float64))


@pytest.mark.parametrize("loss", [np.geomspace(0.3, 1e20, 60), np.geomspace(1e-6, 5e9, 40),
                                  np.geomspace(0.01, 50, 30)])
def test_log_loss_axis_labels_use_one_notation(loss):
    """Issue 17, item 15: the log-loss axis said "1B" beside 10¹⁸-style labels. Every
    label is now of one kind: plain numbers when all fit in a few digits, else powers of ten."""
    fig = F.weights_figure(_loss_history(loss))
    ax = fig.layout.yaxis2
    assert ax.type == "log"
    labels = list(ax.ticktext)
    assert len(labels) >= 2 and len(labels) == len(ax.tickvals)
    powers = [t.startswith("10") and t[2:] and all(c in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻" for c in t[2:])
              for t in labels]
    assert all(powers) or not any(powers), labels
    assert not any(c in "".join(labels) for c in "BGMke+"), labels
    lo, hi = ax.range
    assert all(lo - 1e-9 <= np.log10(v) <= hi + 1e-9 for v in ax.tickvals)
