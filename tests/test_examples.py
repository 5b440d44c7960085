"""The library of worked examples: every published number against the computed one.

The expected lists below are the whole verdict of each example: a transcription error (a
printed number typed wrong) moves a label from one list to another and fails here.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from neuron.activations import SIGMOID
from neuron.config import Config
from neuron.core import neuron, step
from neuron.examples import EXAMPLES, LITERATURE, compare, example_of, preset_name, value_at
from neuron.losses import LOSSES, NONE, SE, TRAIN_LOSSES
from neuron.published import Published, agrees, row, summary
from neuron.train import Descent, train
from neuron.urlstate import encode, parse

VERDICTS = {  # example: (agree, slips of their own, follow from an earlier slip)
    "document": (["∂z/∂w₁", "∂z/∂w₂", "∂z/∂b", "new w₁", "new w₂", "new b"],
                 ["z", "∂L/∂w₂"], ["ŷ", "∂L/∂ŷ", "∂ŷ/∂z", "∂L/∂w₁", "∂L/∂b"]),
    "nielsen1": (["initial output"], [], []),
    "nielsen2": (["initial output"], [], []),
    "explainer": (["loss", "∂loss/∂w₀", "∂loss/∂b", "new w₀", "new b",
                   "loss after the update"], [], []),
    "cs231n": (["w0·x0 + w1·x1 + w2", "f (output)", "gradient at the output",
                "gradient on the dot product", "gradient on w0", "gradient on x0",
                "gradient on w1", "gradient on x1", "gradient on w2 (the bias)"], [], []),
    "micrograd": (["n", "o", "o.grad", "n.grad", "b.grad", "x1.grad", "w1.grad", "x2.grad",
                   "w2.grad"], [], []),
}


@pytest.mark.parametrize("name", list(VERDICTS))
def test_every_published_number_is_where_the_verdict_says(name):
    rows = compare(EXAMPLES[name])
    got = tuple([r["label"] for r in rows if r["status"] == s]
                for s in ("agrees", "slip", "follows"))
    assert got == tuple(VERDICTS[name])


def test_every_example_from_the_literature_is_in_the_verdicts():
    assert {e.name for e in LITERATURE} == set(VERDICTS)
    assert all(e.source and e.convention and e.published for e in LITERATURE)


def test_the_document_slip_names_the_number_it_comes_from():
    rows = {r["label"]: r for r in compare(EXAMPLES["document"])}
    assert rows["z"]["computed"] == "0.32" and "0.32" in rows["z"]["note"]
    assert rows["ŷ"]["computed"] == "0.5793"
    assert rows["ŷ"]["note"] == "follows from the printed z = 0.35 (the slip above)"
    assert rows["∂L/∂w₂"]["computed"] == "-0.0308" and "−0.0301" in rows["∂L/∂w₂"]["note"]


def test_by_hand_the_numbers_the_sources_print():
    # CS231n: dot = 2·(−1) + (−3)·(−2) − 3 = 1, f = σ(1), ddot = f(1 − f)
    s = EXAMPLES["cs231n"].config.step()
    f = 1 / (1 + math.exp(-1.0))
    assert s.forward.z[0] == 1.0 and s.forward.y_hat[0] == pytest.approx(f, abs=1e-15)
    ddot = (1 - f) * f
    np.testing.assert_allclose(s.backward.dL_dx[0], [2 * ddot, -3 * ddot], rtol=1e-14)
    np.testing.assert_allclose(s.backward.dL_dw, [-1 * ddot, -2 * ddot], rtol=1e-14)
    # Backprop Explainer: loss (2.1 − 4)² = 3.61, ∂/∂w = 2(2.1 − 4)(2.1) = −7.98
    e = EXAMPLES["explainer"].config.step()
    assert e.forward.loss == pytest.approx(3.61, abs=1e-12)
    assert e.backward.dL_dw[0] == pytest.approx(-7.98, abs=1e-12)
    # micrograd: tanh(n) = 1/√2 by the choice of b, so n.grad = 1 − o² = ½
    m = EXAMPLES["micrograd"].config.step()
    assert m.forward.y_hat[0] == pytest.approx(1 / math.sqrt(2), abs=1e-15)
    assert m.backward.dL_dz[0] == pytest.approx(0.5, abs=1e-15)


def test_agrees_is_half_a_unit_of_the_last_printed_digit():
    assert agrees(0.7349, "0.73") and not agrees(0.7351, "0.73")
    assert agrees(-0.19661, "-0.20") and not agrees(0.19661, "-0.20")
    assert not agrees(float("nan"), "0.5") and not agrees(float("inf"), "1")
    r = row(Published("v", "1.00", ()), 1.006)
    assert r["status"] == "slip" and r["computed"] == "1.01"
    assert "does not follow from the inputs" in r["note"]


def test_summary_counts_agreements_and_slips():
    assert summary(compare(EXAMPLES["cs231n"])) == \
        "All 9 printed numbers agree with the computed ones at the source's precision."
    assert summary(compare(EXAMPLES["document"])) == (
        "6 of 13 printed numbers agree. Slips: z, ∂L/∂w₂. 5 more follow from them: ŷ, "
        "∂L/∂ŷ, ∂ŷ/∂z, ∂L/∂w₁, ∂L/∂b.")


def test_value_at_reads_the_loss_after_the_update():
    cfg = EXAMPLES["explainer"].config
    after = value_at(cfg.step(), cfg, ("loss_after",))
    w, b = 1 - 0.01 * -7.98, 0 - 0.01 * -3.8
    assert after == pytest.approx((w * 2.1 + b - 4) ** 2, rel=1e-13)


def test_the_library_names_each_setup_and_custom_otherwise():
    for e in EXAMPLES.values():
        assert preset_name(e.config) == e.title and example_of(e.config) is e
    assert preset_name(Config(b=0.3)) == "Custom setup" and example_of(Config(b=0.3)) is None


# The conventions


def test_loss_none_backpropagates_from_the_output():
    s = step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, SIGMOID, NONE, 0.01)
    assert s.forward.loss == s.forward.y_hat[0]  # L = ŷ: the target plays no part
    assert s.backward.dL_dyhat[0] == 1.0
    assert s.backward.dL_dz[0] == s.backward.dyhat_dz[0]
    other = step([0.2, 0.4], 0.1, [0.5, 0.3], -7.0, SIGMOID, NONE, 0.01)
    assert other.backward.dL_dw.tolist() == s.backward.dL_dw.tolist()


def test_se_gradients_are_twice_mse():
    act = SIGMOID
    a = step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, act, SE, 0.01).backward
    b = step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, act, LOSSES["mse"], 0.01).backward
    np.testing.assert_array_equal(a.dL_dw, 2 * b.dL_dw)
    assert a.dL_db == 2 * b.dL_db


def test_no_bias_update_keeps_b_and_moves_w():
    s = Config(update_bias=False).step()
    assert s.update.b == 0.1 and s.update.db == 0.0
    assert s.update.w.tolist() == Config().step().update.w.tolist()


def test_training_refuses_the_loss_with_no_target():
    assert "none" not in TRAIN_LOSSES
    X, y = np.array([[0.0], [1.0]]), np.array([0.0, 1.0])
    act = SIGMOID
    with pytest.raises(ValueError, match="no target to learn from") as e:
        train(neuron(np.zeros(1), 0.0, act), X, y, NONE, Descent(0.1, 10))
    assert e.value.field == "loss"


# Links


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_a_link_opens_an_example(name):
    cfg, _, warnings = parse({"example": name})
    assert cfg == EXAMPLES[name].config and warnings == []


def test_a_link_changes_an_example_and_keeps_the_rest():
    cfg, _, _ = parse({"example": "cs231n", "lr": "0.5"})
    assert cfg.lr == 0.5 and cfg.loss == "none" and cfg.x == (-1.0, -2.0)


def test_an_unknown_example_is_named_and_the_default_kept():
    cfg, _, warnings = parse({"example": "<script>"})
    assert cfg == Config() and warnings and warnings[0].startswith("example: '<script>'")


def test_no_bias_update_travels_in_a_link_and_only_when_set():
    assert "bias" not in encode(Config())
    cfg = Config(update_bias=False)
    assert encode(cfg)["bias"] == "0" and parse(encode(cfg))[0] == cfg
    assert parse({"bias": "2"})[2] == ["bias: '2' is not 0 or 1; using the default"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_equation_of_every_example_is_clean_latex(name):
    """No control character (a "\\t" of "\\text" read as a tab once broke a line) and
    balanced braces, at every stage of every example, in each convention."""
    from neuron.equations import stage_equations
    from neuron.stages import LAST

    cfg = EXAMPLES[name].config
    for bias in (True, False):
        c = dataclasses.replace(cfg, update_bias=bias)
        step_ = c.step()
        for stage in range(LAST + 1):
            for line in stage_equations(step_, c.act, c.loss_fn, stage):
                assert not any(ord(ch) < 32 for ch in line), (stage, line)
                assert line.count("{") == line.count("}"), (stage, line)


def test_every_printed_number_has_the_pages_name():
    """Review: CS231n's "gradient on w0" sat beside a value the page calls ∂L/∂w₁, and
    Mazur's w5 is the graph's W2[1,1], with nothing linking them."""
    from neuron.examples import page_name
    from neuron.netreport import page_name as net_page_name
    from neuron.network import EXAMPLES as NETS

    for ex in EXAMPLES.values():
        for p in ex.published:
            assert page_name(p.path)
    assert [page_name(p.path) for p in EXAMPLES["micrograd"].published][:4] == [
        "z", "ŷ", "∂L/∂ŷ", "∂L/∂z"]
    for ex in NETS.values():
        for p in ex.published:
            assert net_page_name(p.path, len(ex.setup.sizes) - 1)
    names = {p.label: net_page_name(p.path, 2) for p in NETS["mazur"].published}
    assert names["w8+"] == "W2[2,2] ← (new)" and names["net_o1"] == "z of o₁"
    assert names["∂out_h1/∂net_h1"] == "σ′(z) of h1₁"


def test_a_number_that_follows_from_a_slip_says_so_once():
    """Review: the text read "follows from an earlier slip: follows from the printed z"."""
    from neuron.report import published_section

    for fmt in ("text", "markdown"):
        out = published_section(EXAMPLES["document"], fmt)
        line = next(ln for ln in out.splitlines() if "0.5866" in ln)
        assert line.count("follows") == 1, line
        assert "follows from the printed z = 0.35 (the slip above)" in line
        slip = next(ln for ln in out.splitlines() if "0.35 " in ln or "| 0.35 |" in ln)
        assert "slip: 0.2·0.5 + 0.4·0.3 + 0.1" in slip, slip
