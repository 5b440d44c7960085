"""The fast path of training (Python floats for small batches) equals the NumPy path.

``neuron.train`` computes a small batch (``_scalar_cost <= SCALAR_MAX``) with Python floats and
``math``; setting ``SCALAR_MAX = 0`` forces the NumPy path, which is the reference. Both must
give the same history (to rounding: the sums are taken in another order), the same stops on
divergence with the same messages, and never a Python ``OverflowError``.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuron.train as T
from neuron.activations import ACTIVATIONS, SIGMOID, Activation
from neuron.datasets import logic_gate
from neuron.losses import BCE, LOSSES, MSE

PAIRS = [(a, loss) for a in ACTIVATIONS.values() for loss in LOSSES.values()
         if loss.requires in (None, a.name)]
IDS = [f"{a.name}-{loss.name}" for a, loss in PAIRS]
EXTREME = [0.0, -0.0, 1e-300, -1e-300, 0.3, -0.3, 1.0, -1.0, 36.0, -36.0, 709.0, -709.0,
           746.0, -746.0, 1e300, -1e300, math.inf, -math.inf, math.nan]


def _rng_data(m, n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    return X, (X @ rng.normal(size=n) > 0).astype(float)


GATE = logic_gate("and")
DATA = {  # name: (X, y, w0, b0)
    "document": (np.array([[0.5, 0.3]]), np.array([1.0]), np.array([0.2, 0.4]), 0.1),
    "and": (np.array(GATE.X), np.array(GATE.y), np.array([0.2, -0.1]), 0.05),
    "random 12x3": (*_rng_data(12, 3), np.full(3, 0.1), -0.2),
}


def numpy_path(monkeypatch, *args, **kw) -> T.History:
    with monkeypatch.context() as mp:
        mp.setattr(T, "SCALAR_MAX", 0)
        return T.train(*args, **kw)


def assert_same(fast: T.History, ref: T.History, rtol=1e-12) -> None:
    assert fast.epochs_run == ref.epochs_run
    assert fast.stopped == ref.stopped
    for name in ("w", "b", "loss", "dL_dw", "dL_db"):
        a, r = getattr(fast, name), getattr(ref, name)
        assert a.shape == r.shape and a.dtype == r.dtype == np.float64
        assert not a.flags.writeable
        scale = np.nanmax(np.abs(r[np.isfinite(r)]), initial=1.0)
        np.testing.assert_allclose(a, r, rtol=rtol, atol=1e-15 * scale, equal_nan=True,
                                   err_msg=name)


# -- the scalar twins, value by value --------------------------------------------------------


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_scalar_activations_equal_numpy_ones(name):
    act = ACTIVATIONS[name]
    z = np.array(EXTREME)
    with np.errstate(all="ignore"):
        y_hat = act.fn(z)
        der = act.der(z, y_hat)
    got = np.array([T._ACT_PY[name](float(v)) for v in z])
    np.testing.assert_allclose(got[:, 0], y_hat, rtol=1e-15, atol=0, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], der, rtol=1e-15, atol=0, equal_nan=True)


@settings(max_examples=300, deadline=None)
@given(z=st.floats(allow_nan=True, allow_infinity=True), y=st.sampled_from([0.0, 0.3, 1.0]))
def test_pointwise_functions_equal_numpy_for_any_float(z, y):
    zz, yy = np.array([z]), np.array([y])
    for act, loss in PAIRS:
        with np.errstate(all="ignore"):
            y_hat = act.fn(zz)
            value = loss.value(zz, y_hat, yy)
            dz = (y_hat - yy) if loss is BCE else loss.der(zz, y_hat, yy) * act.der(zz, y_hat)
        got = T._pointwise(act, loss)(z, y)  # never raises
        np.testing.assert_allclose(got, [value[0], dz[0]], rtol=1e-14, atol=1e-300,
                                   equal_nan=True, err_msg=f"{act.name}-{loss.name} at {z}")


def test_only_registered_pairs_have_a_fast_path():
    assert all(T._pointwise(a, loss) is not None for a, loss in PAIRS)
    own = Activation(**{**SIGMOID.__dict__, "name": "sigmoid"})  # equal, but not the same
    assert T._pointwise(own, MSE) is None
    assert T._pointwise(ACTIVATIONS["tanh"], BCE) is None


# -- whole runs: the same history as the NumPy path ------------------------------------------


@pytest.mark.parametrize(("act", "loss"), PAIRS, ids=IDS)
@pytest.mark.parametrize("data", list(DATA))
@pytest.mark.parametrize("batch", ["full", "sgd", 3])
def test_training_equals_numpy_path(monkeypatch, act, loss, data, batch):
    X, y, w0, b0 = DATA[data]
    args = (X, y, w0, b0, act, loss, 0.3, 120, batch)
    fast = T.train(*args, seed=5)
    assert_same(fast, numpy_path(monkeypatch, *args, seed=5))


def test_the_fast_path_is_taken_only_for_small_batches(monkeypatch):
    calls = []
    real = T._train_python
    monkeypatch.setattr(T, "_train_python", lambda *a: calls.append(a) or real(*a))
    X, y = _rng_data(40, 2)
    assert T._scalar_cost(12, 3) <= T.SCALAR_MAX < T._scalar_cost(40, 2)
    T.train(X[:4], y[:4], [0, 0], 0, SIGMOID, MSE, 0.1, 3)
    T.train(X, y, [0, 0], 0, SIGMOID, MSE, 0.1, 3, "sgd")  # one row per update
    T.train(X, y, [0, 0], 0, SIGMOID, MSE, 0.1, 3)  # 40 rows: NumPy
    assert len(calls) == 2
    with pytest.raises(ValueError):  # a w0 of the wrong shape fails as before, in NumPy
        T.train(X[:4], y[:4], [0, 0, 0], 0, SIGMOID, MSE, 0.1, 3)


@pytest.mark.parametrize(("act", "loss"), PAIRS, ids=IDS)
@pytest.mark.parametrize("batch", ["sgd", 7])
def test_sgd_on_a_large_set_records_in_numpy_and_steps_in_floats(monkeypatch, act, loss,
                                                                   batch):
    X, y = _rng_data(300, 3, seed=2)
    args = (X, y, [0.1, -0.2, 0.3], 0.0, act, loss, 0.05, 4, batch)
    assert_same(T.train(*args, seed=1), numpy_path(monkeypatch, *args, seed=1))


def test_progress_is_reported_alike(monkeypatch):
    X, y, w0, b0 = DATA["and"]
    fast, ref = [], []
    T.train(X, y, w0, b0, SIGMOID, BCE, 0.5, 250, progress=lambda k, e: fast.append((k, e)))
    numpy_path(monkeypatch, X, y, w0, b0, SIGMOID, BCE, 0.5, 250,
               progress=lambda k, e: ref.append((k, e)))
    assert fast == ref and len(fast) == 125


# -- divergence, overflow, infinities and NaN ------------------------------------------------


@pytest.mark.parametrize(("act", "loss"), PAIRS, ids=IDS)
@pytest.mark.parametrize("lr", [1e3, 1e200])
@pytest.mark.parametrize("batch", ["full", "sgd"])
def test_divergence_and_overflow_stop_alike(monkeypatch, act, loss, lr, batch):
    # (A step only somewhat too large, such as 5 here, can make the weights wander
    # chaotically without diverging; then a difference of one rounding in w0 grows to 1e-10
    # in 25 epochs on the NumPy path alone, so such runs cannot be compared to 1e-12.)
    X, y, w0, b0 = DATA["and"]
    args = (X * 3.0, y, w0, b0, act, loss, lr, 400, batch)
    fast = T.train(*args)  # no OverflowError, whatever the values become
    assert_same(fast, numpy_path(monkeypatch, *args))


@pytest.mark.parametrize(("act", "loss"), PAIRS, ids=IDS)
@pytest.mark.parametrize(("X", "w0", "b0"), [
    ([[1e300, -1e300]], [1e300, 1e300], 0.0),  # z overflows to inf at once
    ([[1e3, -1e3]], [1e3, 1e3], 1e308),
    ([[math.inf, 1.0]], [0.5, 0.5], 0.0),  # non-finite inputs
    ([[1.0, 2.0]], [math.nan, 0.0], 0.0),  # non-finite start
    ([[1.0, 2.0]], [0.0, 0.0], -math.inf),
])
def test_non_finite_values_stop_alike(monkeypatch, act, loss, X, w0, b0):
    args = (np.array(X), [1.0], w0, b0, act, loss, 10.0, 50)
    assert_same(T.train(*args), numpy_path(monkeypatch, *args))


def test_overflow_is_reported_on_the_fast_path(monkeypatch):
    args = ([[1e3, -1e3]], [1.0], [1e3, 1e3], 0.0, ACTIVATIONS["linear"], MSE, 10.0, 500)
    h = T.train(*args)
    assert h.stopped is not None and h.epochs_run < 500
    assert_same(h, numpy_path(monkeypatch, *args))


def test_growth_is_reported_with_the_same_message(monkeypatch):
    X, y, _, _ = DATA["and"]
    args = (X, y, [0.0, 0.0], 0.0, ACTIVATIONS["linear"], MSE, 5.0, 1000)
    fast = T.train(*args)
    assert "rose in each of the last 10 epochs" in fast.stopped
    assert_same(fast, numpy_path(monkeypatch, *args))
