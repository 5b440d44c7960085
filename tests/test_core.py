"""The neuron's maths: the document's example by hand, and every gradient by finite differences."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from neuron.activations import ACTIVATIONS, SIGMOID
from neuron.config import DEFAULT, Config
from neuron.core import backward, forward, step
from neuron.gradcheck import gradient_check
from neuron.losses import BCE, LOSSES, MSE

PAIRS = [(a, loss) for a in ACTIVATIONS.values() for loss in LOSSES.values()
         if loss.requires in (None, a.name)]


def test_document_example_every_number_by_hand():
    # Worked out by hand with math.exp, independently of neuron/: x = (0.5, 0.3),
    # w = (0.2, 0.4), b = 0.1, y = 1, eta = 0.01. The document prints z = 0.35, but
    # 0.2*0.5 + 0.4*0.3 + 0.1 = 0.1 + 0.12 + 0.1 = 0.32; its later numbers follow from 0.35.
    z = 0.2 * 0.5 + 0.4 * 0.3 + 0.1
    y_hat = 1 / (1 + math.exp(-z))
    s = DEFAULT.step()
    f, g, u = s.forward, s.backward, s.update
    assert f.z[0] == pytest.approx(0.32, abs=1e-15)
    assert f.y_hat[0] == pytest.approx(0.5793242521487495, rel=1e-14)
    assert f.y_hat[0] == pytest.approx(y_hat, rel=1e-14)
    assert f.loss == pytest.approx(0.5 * (y_hat - 1) ** 2, rel=1e-14)
    assert f.loss == pytest.approx(0.0884840424, abs=1e-10)
    assert g.dL_dyhat[0] == pytest.approx(-0.4206757479, abs=1e-10)
    assert g.dyhat_dz[0] == pytest.approx(0.2437076630, abs=1e-10)
    assert g.dyhat_dz[0] == pytest.approx(y_hat * (1 - y_hat), rel=1e-13)
    assert g.dz_dw[0].tolist() == [0.5, 0.3]
    assert g.dz_db[0] == 1.0
    assert g.dL_dz[0] == pytest.approx(-0.1025219034, abs=1e-10)
    assert g.dL_dw == pytest.approx([-0.0512609517, -0.0307565710], abs=1e-10)
    assert g.dL_db == pytest.approx(-0.1025219034, abs=1e-10)
    assert u.w == pytest.approx([0.2005126095, 0.4003075657], abs=1e-10)
    assert u.b == pytest.approx(0.1010252190, abs=1e-10)


def test_document_arithmetic_slip_is_not_copied():
    assert DEFAULT.step().forward.z[0] != pytest.approx(0.35, abs=1e-3)
    # The document's backward numbers are consistent with z = 0.35: sigma(0.35) = 0.5866.
    assert 1 / (1 + math.exp(-0.35)) == pytest.approx(0.5866, abs=5e-5)


def test_results_are_frozen():
    s = DEFAULT.step()
    with pytest.raises(ValueError):
        s.forward.z[0] = 1.0
    with pytest.raises(AttributeError):
        s.update.b = 3.0  # type: ignore[misc]


@pytest.mark.parametrize("z", [-1000.0, -745.0, -40.0, 0.0, 40.0, 745.0, 1000.0])
def test_sigmoid_is_stable(z):
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        y = SIGMOID.fn(np.array([z]))[0]
        d = SIGMOID.der(np.array([z]), np.array([y]))[0]
    assert 0.0 <= y <= 1.0 and 0.0 <= d <= 0.25
    assert SIGMOID.fn(np.array([-z]))[0] == pytest.approx(1 - y, abs=1e-16)


def test_bce_stable_at_saturation():
    f = forward([1.0], 0.0, [[800.0]], [0.0], SIGMOID, BCE)
    assert f.loss == pytest.approx(800.0)  # softplus(800) - 0
    g = backward(f, SIGMOID, BCE)
    assert g.dL_dz[0] == pytest.approx(1.0) and g.dL_dw[0] == pytest.approx(800.0)
    f = forward([1.0], 0.0, [[-40.0]], [1.0], SIGMOID, BCE)
    assert f.loss == pytest.approx(40.0, rel=1e-12)


def test_activation_conventions_at_zero():
    z = np.zeros(1)
    assert ACTIVATIONS["relu"].der(z, z)[0] == 0.0
    assert ACTIVATIONS["leaky_relu"].der(z, z)[0] == 0.01
    assert ACTIVATIONS["leaky_relu"].fn(np.array([-2.0]))[0] == -0.02


def test_bce_needs_sigmoid_and_targets_in_range():
    with pytest.raises(ValueError, match="needs the sigmoid activation"):
        Config(activation="tanh", loss="bce").validated()
    with pytest.raises(ValueError, match="between 0 and 1"):
        Config(loss="bce", y=1.5).validated()


@pytest.mark.parametrize("bad, match", [
    (dict(x=(), w=()), "1 to 8 inputs"),
    (dict(x=(1.0,) * 9, w=(1.0,) * 9), "1 to 8 inputs"),
    (dict(w=(1.0,)), "1 weights for 2 inputs"),
    (dict(b=float("nan")), "b: nan is not a finite"),
    (dict(y=1e300), "too large"),
    (dict(lr=-1.0), "learning rate"),
    (dict(lr=1e6), "learning rate"),
    (dict(activation="softmax"), "unknown activation"),
])
def test_config_refuses_bad_values(bad, match):
    with pytest.raises(ValueError, match=match):
        Config(**{**DEFAULT.__dict__, **bad}).validated()


def _numeric_grad(fn, theta, h=1e-6):
    out = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        out[i] = (fn(theta + e) - fn(theta - e)) / (2 * h)
    return out


floats = st.floats(-3, 3, allow_nan=False)


@st.composite
def problems(draw):
    act, loss = draw(st.sampled_from(PAIRS))
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 5))
    X = np.array(draw(st.lists(floats, min_size=m * n, max_size=m * n))).reshape(m, n)
    w = np.array(draw(st.lists(floats, min_size=n, max_size=n)))
    b = draw(floats)
    lo, hi = (0.0, 1.0) if loss is BCE or act is SIGMOID else (-3.0, 3.0)
    y = np.array(draw(st.lists(st.floats(lo, hi), min_size=m, max_size=m)))
    return act, loss, X, w, b, y


@settings(max_examples=300, deadline=None)
@given(problems())
def test_gradients_match_central_differences(p):
    act, loss, X, w, b, y = p
    z = X @ w + b
    assume(act.name not in ("relu", "leaky_relu") or np.all(np.abs(z) > 1e-3))
    fwd = forward(w, b, X, y, act, loss)
    g = backward(fwd, act, loss)
    theta = np.append(w, b)
    numeric = _numeric_grad(lambda t: forward(t[:-1], t[-1], X, y, act, loss).loss, theta)
    np.testing.assert_allclose(np.append(g.dL_dw, g.dL_db), numeric, rtol=1e-5, atol=1e-7)
    # each factor on its own, too
    dz = _numeric_grad(lambda t: act.fn(t)[0], z[:1])
    np.testing.assert_allclose(g.dyhat_dz[0], dz[0], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(g.dz_dw, X)
    np.testing.assert_allclose(g.dL_dz, g.dL_dyhat * g.dyhat_dz, rtol=1e-9, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_gradient_check_agrees(p):
    act, loss, X, w, b, y = p
    assume(act.name not in ("relu", "leaky_relu") or np.all(np.abs(X @ w + b) > 1e-3))
    gc = gradient_check(step(w, b, X, y, act, loss, 0.1))
    assert gc.passed, gc
    assert gc.noise < 1e-5


def test_gradient_check_catches_a_wrong_gradient():
    import dataclasses
    wrong = dataclasses.replace(SIGMOID, der=lambda z, y_hat: 2 * y_hat * (1 - y_hat))
    gc = gradient_check(step([0.2, 0.4], 0.1, [0.5, 0.3], 1.0, wrong, MSE, 0.1))
    assert not gc.passed and np.all(gc.rel_error > 0.1)


@settings(max_examples=200, deadline=None)
@given(problems())
def test_small_step_decreases_convex_loss(p):
    _, _, X, w, b, y = p
    for act, loss, yy in ((ACTIVATIONS["linear"], MSE, y), (SIGMOID, BCE, np.clip(y, 0, 1))):
        s = step(w, b, X, yy, act, loss, lr=1e-4)
        gnorm = np.sum(s.backward.dL_dw ** 2) + s.backward.dL_db ** 2
        assume(gnorm > 1e-6)
        after = forward(s.update.w, s.update.b, X, yy, act, loss).loss
        assert after < s.forward.loss


def test_batch_gradient_is_mean_of_per_sample_gradients():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    w, b = np.array([0.3, -0.2]), 0.1
    g = backward(forward(w, b, X, y, SIGMOID, MSE), SIGMOID, MSE)
    singles = [backward(forward(w, b, X[k], y[k], SIGMOID, MSE), SIGMOID, MSE) for k in range(4)]
    assert g.dL_dw == pytest.approx(np.mean([s.dL_dw for s in singles], axis=0), rel=1e-14)
    assert g.dL_db == pytest.approx(np.mean([s.dL_db for s in singles]), rel=1e-14)
    assert g.dL_dz == pytest.approx([s.dL_dz[0] for s in singles], rel=1e-14)
