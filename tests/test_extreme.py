"""Numbers that never lie: extreme but finite inputs never show NaN or inf.

Property tests (hypothesis) over |x|, |w|, |b| ≤ 10³ and η ≤ 10 with every valid activation
and loss: everything the step view shows (equations of every stage, the graph's labels and
its table, the Markdown and LaTeX export) holds finite numbers only; training on such data
either runs or stops with its reason, and its history, figures and summary stay finite.
"""

import json
import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuron.activations import ACTIVATIONS
from neuron.config import Config
from neuron.core import neuron
from neuron.equations import stage_equations
from neuron.figures import weights_figure
from neuron.graph import graph_figure, graph_table
from neuron.report import render_step
from neuron.stages import LAST
from neuron.train import Descent, train

BIG = 1e3
finite = st.floats(-BIG, BIG, allow_nan=False, allow_infinity=False)
# What a non-finite value looks like in each output: num() gives "inf"/"nan", tex() \infty
# and \text{NaN}, JSON Infinity/NaN.
BAD = re.compile(r"\binf\b|\bnan\b|\\infty|NaN|Infinity", re.IGNORECASE)
PAIRS = [(a, "mse") for a in ACTIVATIONS] + [("sigmoid", "bce")]


@st.composite
def configs(draw):
    n = draw(st.integers(1, 8))
    act, loss = draw(st.sampled_from(PAIRS))
    lo, hi = ACTIVATIONS[act].out_range
    y = draw(st.sampled_from([0.0, 1.0]) if loss == "bce" else
             st.floats(max(lo, -BIG), min(hi, BIG), allow_nan=False, exclude_min=lo > -BIG,
                       exclude_max=hi < BIG))
    return Config(x=tuple(draw(st.lists(finite, min_size=n, max_size=n))),
                  w=tuple(draw(st.lists(finite, min_size=n, max_size=n))), b=draw(finite), y=y,
                  lr=draw(st.floats(0, 10, allow_nan=False)), activation=act,
                  loss=loss).validated()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_the_step_view_shows_only_finite_numbers(cfg):
    step = cfg.step()
    shown = []
    for stage in range(LAST + 1):
        shown += stage_equations(step, cfg.act, cfg.loss_fn, stage)
    shown += [str(r["value"]) for r in graph_table(step, LAST)]
    fig = graph_figure(step, LAST)
    shown += [a.text for a in fig.layout.annotations]
    shown += [render_step(cfg, "markdown"), render_step(cfg, "latex")]
    for text in shown:
        assert not BAD.search(text), text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs(), st.integers(1, 6), st.sampled_from(["full", "sgd"]))
def test_training_on_extreme_data_stays_finite_or_says_why(cfg, m, batch):
    rng = np.random.default_rng(m)
    X = np.clip(np.array(cfg.x) * rng.uniform(-1, 1, size=(m, cfg.n)), -BIG, BIG)
    y = np.full(m, cfg.y)
    h = train(neuron(np.array(cfg.w), cfg.b, cfg.act), X, y, cfg.loss_fn,
              Descent(cfg.lr, 100, batch))
    for a in (h.w, h.b, h.loss, h.dL_dw, h.dL_db):
        assert np.all(np.isfinite(a))
    assert h.epochs_run == 100 or h.stopped  # stopped early only with a reason
    if h.stopped and h.epochs_run < 100:
        assert "epoch" in h.stopped
    spec = json.dumps(weights_figure(h).to_plotly_json()["layout"], default=str)
    assert not BAD.search(spec)


def test_an_overflowing_factor_is_not_multiplied_out():
    """Cross-entropy at z = 10⁶: ∂L/∂ŷ overflows on its own, so the chain rule stage shows
    ∂L/∂z = ŷ − y in one piece instead of an indeterminate "overflow · 0"."""
    cfg = Config(x=(1000.0, 1.0), w=(1000.0, 0.5), b=0.0, y=0.0, lr=0.1, activation="sigmoid",
                 loss="bce").validated()
    step = cfg.step()
    assert not np.isfinite(step.backward.dL_dyhat[0])  # the premise
    lines = stage_equations(step, cfg.act, cfg.loss_fn, 7)
    assert "overflow" not in " ".join(lines[1:])
    assert r"\hat{y} - y" in lines[0] and "1.0000 - 0.0000 = 1.0000" in lines[0]
    assert r"1.0000 \cdot 1000.0000 = 1000.0000" in lines[1]  # ∂L/∂w₁ = (ŷ − y)·x₁
    assert r"1.0000 \cdot 1 = 1.0000" in lines[-2]  # ∂L/∂b; then ∂L/∂xᵢ
    # Ordinary values keep the three factors written out
    doc = Config(x=(0.5, 0.3), w=(0.2, 0.4), b=0.1, y=1.0, lr=0.1, activation="sigmoid",
                 loss="bce").validated()
    first = stage_equations(doc.step(), doc.act, doc.loss_fn, 7)[0]
    assert r"(-1.7261) \cdot 0.2437 \cdot 0.5000 = -0.2103" in first


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_the_chain_rule_never_multiplies_an_overflow(cfg):
    step = cfg.step()
    chain = " ".join(stage_equations(step, cfg.act, cfg.loss_fn, 7))
    if np.all(np.isfinite(step.backward.dL_dw)):
        assert r"\text{overflow}" not in chain, chain
