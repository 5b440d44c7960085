"""The one chain rule (neuron.net): finite differences on random networks, Mazur's published
example, the single neuron read off it, and non-finite values that do not depend on the CPU."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from neuron import core
from neuron import net as nn
from neuron.activations import ACTIVATIONS, SIGMOID
from neuron.core import neuron
from neuron.losses import BCE, LOSSES, MSE
from neuron.train import Descent, train

H = 1e-6
PAIRS = [(a, loss) for a in ACTIVATIONS for loss in LOSSES
         if LOSSES[loss].requires in (None, a)]


@st.composite
def problems(draw):
    """A random network of 1-3 layers, a batch for it, and a loss its output layer allows."""
    L = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 4)) for _ in range(L)] + [draw(st.integers(1, 2))]
    out_act, loss = draw(st.sampled_from(PAIRS))
    acts = [ACTIVATIONS[draw(st.sampled_from(list(ACTIVATIONS)))] for _ in range(L - 1)]
    acts.append(ACTIVATIONS[out_act])
    m = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    W = [rng.uniform(-1.5, 1.5, (sizes[l + 1], sizes[l])) for l in range(L)]
    b = [rng.uniform(-1, 1, sizes[l + 1]) for l in range(L)]
    X = rng.uniform(-2, 2, (m, sizes[0]))
    Y = rng.uniform(0, 1, (m, sizes[-1])) if loss == "bce" else rng.uniform(-2, 2, (m, sizes[-1]))
    return nn.Net.of(W, b, acts), X, Y, LOSSES[loss]


def _central(f, x: np.ndarray) -> np.ndarray:
    """Central differences of the scalar function f at every entry of x."""
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = H
        g[i] = (f(x + e) - f(x - e)) / (2 * H)
    return g


def _close(analytic, numeric):
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_gradient_matches_central_differences(problem):
    net, X, Y, loss = problem
    fwd = nn.forward(net, X, Y, loss)
    # ReLU's kink: a finite difference across z = 0 measures neither side's slope
    assume(all(np.min(np.abs(z)) > 1e-3 for z in fwd.z))
    g = nn.backward(net, fwd, loss)
    for l in range(len(net.W)):
        def loss_with_W(W, l=l):
            return nn.forward(nn.Net(net.W[:l] + (W,) + net.W[l + 1:], net.b, net.acts), X, Y,
                              loss).loss

        def loss_with_b(b, l=l):
            return nn.forward(nn.Net(net.W, net.b[:l] + (b,) + net.b[l + 1:], net.acts), X, Y,
                              loss).loss
        _close(g.dL_dW[l], _central(loss_with_W, net.W[l]))
        _close(g.dL_db[l], _central(loss_with_b, net.b[l]))
    # dL_da[0] is per sample: the gradient of that sample's own loss with respect to its x
    for k in range(X.shape[0]):
        def loss_of_x(x, k=k):
            return nn.forward(net, x[None, :], Y[k:k + 1], loss).loss
        _close(g.dL_da[0][k], _central(loss_of_x, X[k]))


@settings(max_examples=100, deadline=None)
@given(problems())
def test_factors_multiply_as_the_chain_rule_says(problem):
    net, X, Y, loss = problem
    fwd = nn.forward(net, X, Y, loss)
    g = nn.backward(net, fwd, loss)
    m, L = X.shape[0], len(net.W)
    for l in range(L):
        if not (l == L - 1 and nn.fused(net.acts[l], loss)):
            np.testing.assert_allclose(g.delta[l], g.dL_da[l + 1] * g.da_dz[l], rtol=1e-12)
        # gradients add at forks: each input of a layer collects from every unit it feeds
        np.testing.assert_allclose(g.dL_da[l], g.delta[l] @ net.W[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(g.dL_dW[l], g.delta[l].T @ fwd.a[l] / m, rtol=1e-10,
                                   atol=1e-14)
    np.testing.assert_allclose(fwd.losses, loss.value(fwd.z[-1], fwd.a[-1], fwd.y).sum(axis=1))


def mazur() -> nn.Net:
    """Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network."""
    return nn.Net.of([[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
                     [[0.35, 0.35], [0.60, 0.60]], [SIGMOID, SIGMOID])


def test_mazurs_published_numbers():
    # His loss is the squared error with ½, summed over the outputs; his biases are not updated.
    net, x, y = mazur(), [0.05, 0.10], [0.01, 0.99]
    fwd = nn.forward(net, x, y, MSE)
    np.testing.assert_allclose(fwd.a[1][0], [0.593269992, 0.596884378], atol=5e-10)
    np.testing.assert_allclose(fwd.a[2][0], [0.75136507, 0.772928465], atol=5e-9)
    assert fwd.loss == pytest.approx(0.298371109, abs=5e-10)
    g = nn.backward(net, fwd, MSE)
    assert g.dL_dW[1][0][0] == pytest.approx(0.082167041, abs=5e-10)  # ∂E/∂w5
    new = nn.update(net, g, 0.5, bias=False).net
    np.testing.assert_allclose(new.W[1].ravel(), [0.35891648, 0.408666186, 0.511301270,
                                                  0.561370121], atol=5e-9)
    np.testing.assert_allclose(new.W[0].ravel(), [0.149780716, 0.19956143, 0.24975114,
                                                  0.29950229], atol=5e-9)
    np.testing.assert_array_equal(new.b[0], net.b[0])  # kept, as in his post
    # every weight moved with the gradient of the old weights, not of the updated output layer
    np.testing.assert_allclose(new.W[0], net.W[0] - 0.5 * g.dL_dW[0], rtol=1e-15)


def test_the_single_neuron_is_read_off_the_network():
    w, b, x, y = [0.2, 0.4], 0.1, [0.5, 0.3], 1.0
    st_ = core.step(w, b, x, y, SIGMOID, MSE, 0.01)
    net = core.neuron(w, b, SIGMOID)
    fwd = nn.forward(net, x, y, MSE)
    g = nn.backward(net, fwd, MSE)
    assert st_.forward.z[0] == fwd.z[0][0, 0] and st_.forward.y_hat[0] == fwd.a[1][0, 0]
    assert st_.backward.dL_dyhat[0] == g.dL_da[1][0, 0]
    assert st_.backward.dyhat_dz[0] == g.da_dz[0][0, 0]
    assert st_.backward.dL_dz[0] == g.delta[0][0, 0]
    np.testing.assert_array_equal(st_.backward.dL_dw, g.dL_dW[0][0])
    assert st_.backward.dL_db == g.dL_db[0][0]
    np.testing.assert_allclose(st_.backward.dL_dx[0], st_.backward.dL_dz[0] * np.array(w))
    np.testing.assert_array_equal(st_.update.w, nn.update(net, g, 0.01).net.W[0][0])


def test_training_takes_the_steps_of_the_one_chain_rule():
    """Full batch on a 2-3-1 network: each history row is the previous one's update."""
    rng = np.random.default_rng(4)
    net = nn.Net.of([rng.normal(size=(3, 2)), rng.normal(size=(1, 3))],
                    [np.zeros(3), np.zeros(1)], [ACTIVATIONS["tanh"], SIGMOID])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
    Y = np.array([0, 1, 1, 0.0])
    h = train(net, X, Y, BCE, Descent(0.5, 20))
    assert h.sizes == (2, 3, 1) and h.theta.shape == (21, 13)
    for k in range(20):
        now = net.with_theta(h.theta[k])
        g = nn.backward(now, nn.forward(now, X, Y, BCE), BCE)
        after = nn.update(now, g, 0.5).net
        np.testing.assert_array_equal(h.theta[k + 1], after.theta)
        assert h.loss[k] == nn.forward(now, X, Y, BCE).loss
    with pytest.raises(ValueError, match="no single w and b"):
        _ = h.w


def test_a_product_that_overflows_is_nan_on_every_cpu():
    # 1e300·1e300 − 1e300·1e300 is inf − inf = nan in IEEE arithmetic; a BLAS kernel that
    # fuses the multiply and the add (FMA) returns inf instead. _dot never asks BLAS then.
    a = np.array([[1e300, -1e300]])
    with np.errstate(all="ignore"):
        assert np.isnan(nn._dot(a, np.array([[1e300], [1e300]]))[0, 0])
        assert nn._dot(a, np.array([[1e300], [-1e300]]))[0, 0] == np.inf
    for name in ACTIVATIONS:
        h = train(neuron([1e300, 1e300], 0.0, ACTIVATIONS[name]), a, [1.0], MSE, Descent(0.1, 50))
        assert h.overflowed and h.epochs_run == 0, name


def test_shapes_are_checked_with_a_message():
    with pytest.raises(ValueError, match="layer 2 takes 3 inputs but layer 1 has 2 units"):
        nn.Net.of([np.zeros((2, 2)), np.zeros((1, 3))], [np.zeros(2), np.zeros(1)],
                  [SIGMOID, SIGMOID])
    with pytest.raises(ValueError, match="one bias per unit"):
        nn.Net.of([np.zeros((2, 2))], [np.zeros(3)], [SIGMOID])
    with pytest.raises(ValueError, match="give one of each per layer"):
        nn.Net.of([np.zeros((2, 2))], [np.zeros(2)], [SIGMOID, SIGMOID])
    with pytest.raises(ValueError, match="2 targets for 1 outputs"):
        nn.forward(core.neuron([1.0], 0.0, SIGMOID), [[1.0]], [[1.0, 0.0]], MSE)


def test_theta_round_trips():
    net = mazur()
    assert net.sizes == (2, 2, 2)
    np.testing.assert_array_equal(net.theta, [0.15, 0.2, 0.25, 0.3, 0.35, 0.35,
                                              0.4, 0.45, 0.5, 0.55, 0.6, 0.6])
    again = net.with_theta(net.theta * 2)
    np.testing.assert_array_equal(again.W[1], net.W[1] * 2)
    assert again.acts == net.acts


def test_training_can_keep_the_biases():
    """Mazur's convention in training: every bias keeps its value, every weight moves."""
    net = nn.Net.of([[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
                    [[0.35, 0.35], [0.6, 0.6]], [SIGMOID, SIGMOID])
    for batch in ("full", "sgd"):
        h = train(net, [[0.05, 0.1], [0.2, 0.3]], [[0.01, 0.99], [0.5, 0.5]], MSE,
                  Descent(0.5, 30, batch, bias=False))
        biases = [4, 5, 10, 11]  # where b1 and b2 sit in theta
        np.testing.assert_array_equal(h.theta[-1][biases], h.theta[0][biases])
        assert not np.allclose(h.theta[-1][:4], h.theta[0][:4])
