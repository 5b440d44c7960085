"""Training and its history: equal to a hand-rolled loop, reproducible, stopped on divergence."""

from functools import partial

import numpy as np
import pytest

from neuron.activations import ACTIVATIONS, SIGMOID
from neuron.core import neuron, step
from neuron.losses import BCE, MSE
from neuron.train import EPOCHS_MAX, UPDATES_MAX, Descent, batch_size, init_weights, train

GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
AND_Y = np.array([0.0, 0.0, 0.0, 1.0])


def test_full_batch_equals_hand_rolled_loop():
    w, b = np.array([0.2, -0.1]), 0.05
    h = train(neuron(w, b, SIGMOID), GATE_X, AND_Y, MSE, Descent(0.5, 50))
    assert h.epochs_run == 50 and h.stopped is None
    assert h.w.shape == (51, 2) and h.loss.shape == (51,)
    for k in range(50):
        s = step(w, b, GATE_X, AND_Y, SIGMOID, MSE, 0.5)
        np.testing.assert_allclose(h.w[k], w, rtol=1e-13)
        assert h.b[k] == pytest.approx(b, rel=1e-13)
        assert h.loss[k] == pytest.approx(s.forward.loss, rel=1e-13)
        np.testing.assert_allclose(h.dL_dw[k], s.backward.dL_dw, rtol=1e-12)
        w, b = s.update.w, s.update.b
    np.testing.assert_allclose(h.w[50], w, rtol=1e-13)


def test_single_epoch_on_document_example_matches_step():
    h = train(neuron([0.2, 0.4], 0.1, SIGMOID), [0.5, 0.3], [1.0], MSE, Descent(0.01, 1))
    np.testing.assert_allclose(h.w[1], [0.2005126095, 0.4003075657], atol=1e-10)
    assert h.b[1] == pytest.approx(0.1010252190, abs=1e-10)


def test_sgd_is_reproducible_by_seed_and_differs_across_seeds():
    run = partial(train, neuron([0.0, 0.0], 0.0, SIGMOID), GATE_X, AND_Y, BCE)
    a, b, c = (run(Descent(0.5, 30, "sgd", seed=s)) for s in (1, 1, 2))
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.allclose(a.w, c.w)


def test_sgd_takes_one_update_per_sample_in_a_shuffled_order():
    w, b = np.zeros(2), 0.0
    h = train(neuron(w, b, SIGMOID), GATE_X, AND_Y, MSE, Descent(0.3, 1, "sgd", seed=7))
    order = np.random.default_rng(7).permutation(4)
    for k in order:
        s = step(w, b, GATE_X[k], AND_Y[k], SIGMOID, MSE, 0.3)
        w, b = s.update.w, s.update.b
    np.testing.assert_allclose(h.w[1], w, rtol=1e-13)


def test_minibatch_of_two_and_batch_sizes():
    h = train(neuron([0.0, 0.0], 0.0, SIGMOID), GATE_X, AND_Y, BCE, Descent(0.5, 200, 2, seed=0))
    assert h.loss[-1] < 0.3 * h.loss[0]
    assert [batch_size(v, 4) for v in ("full", "sgd", 2, "3", 99)] == [4, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="at least 1"):
        batch_size(0, 4)
    with pytest.raises(ValueError, match="'full', 'sgd'"):
        batch_size("huge", 4)


def test_learns_and_gate():
    h = train(neuron([0.0, 0.0], 0.0, SIGMOID), GATE_X, AND_Y, BCE, Descent(1.0, 2000))
    y_hat = SIGMOID.fn(GATE_X @ h.w[-1] + h.b[-1])
    assert np.all((y_hat > 0.5) == (AND_Y == 1))


def test_divergence_stops_early_and_keeps_history():
    h = train(neuron([0.0, 0.0], 0.0, ACTIVATIONS["linear"]), GATE_X, AND_Y, MSE,
              Descent(5.0, 1000))
    assert h.stopped and "rose in each of the last 10 epochs" in h.stopped
    assert h.epochs_run < 20 and h.w.shape[0] == h.epochs_run + 1
    assert np.all(np.isfinite(h.loss))


TANH, OR_Y = ACTIVATIONS["tanh"], np.array([0.0, 1.0, 1.0, 1.0])


def test_saturated_units_stop_with_the_reason():
    """tanh + squared error, η = 20 on AND: the first steps throw every z into tanh's flat
    tails with some samples wrong, and the loss stops moving."""
    h = train(neuron([0.0, 0.0], 0.0, TANH), GATE_X, AND_Y, MSE, Descent(20.0, 1000))
    assert h.stopped and "learning stalled" in h.stopped and "Saturated units" in h.stopped
    k = h.epochs_run
    assert 10 <= k <= 30 and h.w.shape[0] == k + 1  # the history up to there is kept
    z = GATE_X @ h.w[k] + h.b[k]  # checked independently of the rule's own code
    slope = 1 - np.tanh(z) ** 2
    assert np.all(slope < 0.02)
    assert np.sum(np.abs(np.tanh(z) - AND_Y) > 0.5) == int(h.stopped.split(" of 4")[0][-1])
    assert abs(h.loss[k] - h.loss[k - 10]) <= 1e-3 * h.loss[k]
    assert f"|z| ≥ {np.min(np.abs(z)):.3g}" in h.stopped


def test_a_swinging_loss_stops_with_the_reason():
    """tanh, η = 5 on AND: the loss jumps between 0.07 and 0.35 and never settles."""
    h = train(neuron([0.0, 0.0], 0.0, TANH), GATE_X, AND_Y, MSE, Descent(5.0, 1000))
    assert h.stopped and "jumping up and down" in h.stopped
    k = h.epochs_run
    window = h.loss[k - 20: k + 1]
    rises = int(np.sum(np.diff(window) > 0))
    assert rises >= 5 and f"rose in {rises} of the last 20" in h.stopped
    assert window[1:].mean() > 1.2 * h.loss[0]


def test_watch_off_trains_through_a_stall():
    """The stop is a pause, not a verdict: OR with tanh at η = 5 sits saturated on a plateau
    for a while, then learns; with watch=False it runs all its epochs and gets there."""
    stopped = train(neuron([0.0, 0.0], 0.0, TANH), GATE_X, OR_Y, MSE, Descent(5.0, 1000))
    assert stopped.stopped and "learning stalled" in stopped.stopped
    h = train(neuron([0.0, 0.0], 0.0, TANH), GATE_X, OR_Y, MSE, Descent(5.0, 1000, watch=False))
    assert h.stopped is None and h.epochs_run == 1000 and h.loss[-1] < 1e-3
    np.testing.assert_array_equal(h.loss[:stopped.epochs_run + 1], stopped.loss)
    # only non-finite values still stop it
    X = np.array([[1e3, -1e3]])
    h = train(neuron([1e3, 1e3], 0.0, ACTIVATIONS["linear"]), X, [1.0], MSE,
              Descent(10.0, 500, watch=False))
    assert h.stopped and "finite" in h.stopped


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("loss", [MSE, BCE])
@pytest.mark.parametrize("lr", [0.1, 1.0, 5.0, 100.0])
def test_no_false_alarm_where_sigmoid_learns(gate, loss, lr):
    """Sigmoid on a separable gate learns at any of these rates; converged outputs are
    saturated too, but right, which is not a stall."""
    from neuron.datasets import logic_gate
    d = logic_gate(gate)
    h = train(neuron([0.0, 0.0], 0.0, SIGMOID), d.X, d.y, loss, Descent(lr, 2000))
    assert h.stopped is None and h.epochs_run == 2000
    y_hat = SIGMOID.fn(d.X @ h.w[-1] + h.b[-1])
    assert np.all((y_hat > 0.5) == (d.y == 1))


def test_bce_never_reports_saturation():
    """After a sigmoid, cross-entropy's ∂L/∂z = ŷ − y does not vanish in the tails."""
    h = train(neuron([30.0, 30.0], -5.0, SIGMOID), GATE_X, AND_Y, BCE, Descent(0.01, 300))
    assert h.stopped is None
    h = train(neuron([30.0, 30.0], -5.0, SIGMOID), GATE_X, AND_Y, MSE, Descent(0.01, 300))
    assert h.stopped and "learning stalled" in h.stopped  # the same start, squared error


def test_overflow_is_reported_as_divergence():
    X = np.array([[1e3, -1e3]])
    h = train(neuron([1e3, 1e3], 0.0, ACTIVATIONS["linear"]), X, [1.0], MSE, Descent(10.0, 500))
    assert h.stopped is not None and h.epochs_run < 500


def test_caps_are_enforced():
    with pytest.raises(ValueError, match=f"between 1 and {EPOCHS_MAX}"):
        train(neuron([0, 0], 0, SIGMOID), GATE_X, AND_Y, MSE, Descent(0.1, EPOCHS_MAX + 1))
    X = np.zeros((1000, 1))
    with pytest.raises(ValueError, match=f"{UPDATES_MAX:,}"):
        train(neuron([0], 0, SIGMOID), X, np.zeros(1000), MSE, Descent(0.1, 1001, "sgd"))


def test_init_weights():
    w, b = init_weights(3, "zeros")
    assert w.tolist() == [0, 0, 0] and b == 0
    w1, b1 = init_weights(3, "random", seed=4)
    w2, b2 = init_weights(3, "random", seed=4)
    assert w1.tolist() == w2.tolist() and b1 == b2 and np.all(np.abs(w1) <= 0.5)
    with pytest.raises(ValueError):
        init_weights(3, "ones")
