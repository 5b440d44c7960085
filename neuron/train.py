"""Training across epochs: full batch, SGD or mini-batches, with the history kept compactly.

The history lives in preallocated NumPy arrays, one row per epoch:

* ``w[k]``, ``b[k]``: the parameters at the start of epoch k; the row after the last epoch
  run holds the final parameters (so ``w`` has ``epochs_run + 1`` rows).
* ``loss[k]``: the dataset's mean loss with ``w[k], b[k]`` (the final loss is ``loss[-1]``).
* ``dL_dw[k]``, ``dL_db[k]``: the full-dataset gradient at ``w[k], b[k]``. With full-batch
  descent this is exactly the step taken in epoch k; with SGD and mini-batches the epoch takes
  several smaller steps, one per batch, in an order shuffled each epoch by the seeded generator.

Training stops early, with the history kept up to there and ``stopped`` saying why, when a
value stops being finite or the loss grows without bound (see :func:`divergence`).

Speed: NumPy costs about a microsecond per call whatever the size, some 10 µs per gradient,
which dominates the tiny batches of a classroom (one sample, a logic gate). A batch that is
cheaper in Python floats (:func:`_scalar_cost`) is therefore computed with floats and
:mod:`math` (:func:`_train_python`): the same formulas in the same order as
:mod:`neuron.activations` and :mod:`neuron.losses`, so the history equals the NumPy path's to
rounding (``tests/test_train_fast.py``). Larger batches, and activations or losses that are
not the registries' own, take the NumPy path.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from operator import mul

import numpy as np

from .activations import ACTIVATIONS, LEAK, SIGMOID, Activation
from .core import as_batch
from .losses import BCE, MSE, Loss

EPOCHS_MAX = 5_000  # epochs per run
UPDATES_MAX = 1_000_000  # epochs x batches per epoch per run
GROWTH_EPOCHS = 10  # consecutive rises of the loss that count as divergence...
GROWTH_FACTOR = 10.0  # ...once the loss is this many times its starting value
SCALAR_MAX = 250  # batches whose _scalar_cost is at most this skip NumPy (0: never)


@dataclass(frozen=True)
class History:
    w: np.ndarray  # (epochs_run + 1, n)
    b: np.ndarray  # (epochs_run + 1,)
    loss: np.ndarray  # (epochs_run + 1,)
    dL_dw: np.ndarray  # (epochs_run + 1, n)
    dL_db: np.ndarray  # (epochs_run + 1,)
    epochs_run: int
    stopped: str | None  # why training stopped early, or None

    def at(self, k: int) -> tuple[np.ndarray, float]:
        """The parameters (w, b) at the start of epoch k (k = epochs_run: the final ones)."""
        return self.w[k], float(self.b[k])


def batch_size(batch: str | int, m: int) -> int:
    """Samples per update for ``"full"``, ``"sgd"`` or a mini-batch size (capped at m)."""
    if batch == "full":
        return m
    if batch == "sgd":
        return 1
    try:
        size = int(batch)
    except (TypeError, ValueError):
        raise ValueError(f"batch must be 'full', 'sgd' or a whole number, not {batch!r}") from None
    if size < 1:
        raise ValueError(f"the mini-batch size must be at least 1, not {size}")
    return min(size, m)


def init_weights(n: int, how: str = "zeros", seed: int = 0, scale: float = 0.5):
    """Initial (w, b): ``"zeros"`` or ``"random"`` (uniform in ±scale from the seed)."""
    if how == "zeros":
        return np.zeros(n), 0.0
    if how == "random":
        rng = np.random.default_rng(seed)
        theta = rng.uniform(-scale, scale, n + 1)
        return theta[:n], float(theta[n])
    raise ValueError(f"initial weights must be 'zeros' or 'random', not {how!r}")


def _sigmoid_with_der(z: np.ndarray):
    """SIGMOID.fn(z) and SIGMOID.der(z, ·) from one exp: the same operations, so the same bits."""
    e = np.exp(-np.abs(z))
    q = 1.0 + e
    return np.where(z >= 0, 1.0, e) / q, e / q ** 2


def _grad(w, b, X, y, act: Activation, loss: Loss, fused: bool):
    """Mean loss and gradient of a batch: the chain rule of core.backward, without the record.

    Bit for bit the activation's and the loss's own functions, with shared work: the
    sigmoid's exp serves its derivative too, and MSE's ``y_hat - y`` its derivative.
    """
    z = X @ w
    z += b
    if act is SIGMOID and not fused:
        y_hat, der = _sigmoid_with_der(z)
    else:
        y_hat = act.fn(z)
        der = None if fused else act.der(z, y_hat)
    if loss is MSE:
        d = y_hat - y
        values, dL_dz = 0.5 * d ** 2, d * der
    else:  # with fused, sigmoid + cross-entropy: dL/dz = y_hat - y
        values = loss.value(z, y_hat, y)
        dL_dz = (y_hat - y) if fused else loss.der(z, y_hat, y) * der
    m = X.shape[0]
    return float(values.sum()) / m, dL_dz @ X / m, float(dL_dz.sum()) / m


def divergence(loss: np.ndarray, k: int, w: np.ndarray, b: float) -> str | None:
    """Why training must stop after row k of the history, or None."""
    if not (np.isfinite(loss[k]) and np.all(np.isfinite(w)) and np.isfinite(b)):
        return (f"the values stopped being finite numbers at epoch {k}: each step overshoots "
                "so far that the weights blow up; the learning rate is too large for this data")
    g = GROWTH_EPOCHS
    if k >= g and loss[k] > GROWTH_FACTOR * max(loss[0], 1e-12) and np.all(
            np.diff(loss[k - g: k + 1]) > 0):
        return (f"the loss rose in each of the last {g} epochs and is now {loss[k] / loss[0]:.3g}× "
                "its starting value: each step overshoots the minimum by more than it corrects "
                "(the step is too large for the curvature); lower the learning rate")
    return None


def _scalar_cost(rows: int, n: int) -> int:
    """The time of one gradient in Python floats, in units of about 0.04 µs (one multiply-add).

    Measured: some 12 units per row and 6 per feature besides one per number; NumPy's
    gradient takes about 250 units (10 µs) up to thousands of numbers.
    """
    return rows * (n + 12) + 6 * n


def _suspect(rises: int, loss_k: float, loss_0: float, total: float) -> bool:
    """Whether :func:`divergence` might stop training: a cheap test that it then confirms.

    ``rises`` counts the epochs in a row whose loss rose; ``total`` is the loss plus the bias
    plus the weights, which is not finite if any of them is not (or if the sum overflows).
    """
    grows = rises >= GROWTH_EPOCHS and loss_k > GROWTH_FACTOR * max(loss_0, 1e-12)
    return grows or not math.isfinite(total)


# -- the fast path: Python floats for small batches ------------------------------------------
# Each function below is its NumPy twin in neuron.activations / neuron.losses, operation for
# operation, on one float. None raises: math.exp only ever sees -|z| <= 0 (or NaN), squares
# are d * d (float ** raises OverflowError), and every denominator is at least 1 or m.


def _sigmoid_py(z: float) -> tuple[float, float]:
    e = math.exp(-z if z >= 0 else z)  # e^{-|z|}; NaN stays NaN
    q = 1.0 + e
    return (1.0 / q if z >= 0 else e / q), e / (q * q)


def _tanh_py(z: float) -> tuple[float, float]:
    t = math.tanh(z)
    return t, (1.0 - t) * (1.0 + t)


_ACT_PY = {  # name: z -> (y_hat, dy_hat/dz)
    "sigmoid": _sigmoid_py,
    "tanh": _tanh_py,
    "relu": lambda z: (max(z, 0.0), 1.0 if z > 0 else 0.0),  # max keeps a NaN z, as NumPy
    "leaky_relu": lambda z: ((z if z > 0 else LEAK * z), 1.0 if z > 0 else LEAK),
    "linear": lambda z: (z + 0.0, 1.0),
}


def _bce_sigmoid_py(z: float, y: float) -> tuple[float, float]:
    """Cross-entropy from the logit, softplus(z) - y z, and dL/dz = y_hat - y."""
    e = math.exp(-z if z >= 0 else z)
    y_hat = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    return max(z, 0.0) + math.log1p(e) - y * z, y_hat - y


def _pointwise(act: Activation, loss: Loss):
    """(z, y) -> (per-sample loss, dL/dz) on floats, or None if the pair has no Python twin."""
    if loss is BCE and act is SIGMOID:
        return _bce_sigmoid_py
    act_py = _ACT_PY.get(act.name) if act is ACTIVATIONS.get(act.name) else None
    if loss is not MSE or act_py is None:
        return None

    def mse(z: float, y: float) -> tuple[float, float]:
        y_hat, der = act_py(z)
        d = y_hat - y
        return 0.5 * (d * d), d * der
    return mse


def _grad_py(w: list, b: float, rows: list, cols, ys: list, point):
    """_grad on Python floats: rows of X, its columns, the targets and _pointwise's function."""
    total, dzs = 0.0, []
    for r, t in zip(rows, ys, strict=False):  # (strict costs time)
        value, dz = point(sum(map(mul, r, w)) + b, t)
        total += value
        dzs.append(dz)
    m = len(dzs)
    return total / m, [sum(map(mul, dzs, c)) / m for c in cols], sum(dzs) / m


def _train_python(X, y, w0, b0, act, loss, point, lr, epochs, size, rng, progress):
    """The loop of _train_numpy on lists of floats; the history is one tuple per epoch."""
    m, n = X.shape
    rows, ys, lr = X.tolist(), y.tolist(), float(lr)
    cols = [list(c) for c in zip(*rows, strict=True)]
    w, b = np.asarray(w0, dtype=np.float64).tolist(), float(b0)
    kept, stopped, rises, every = [], None, 0, max(1, epochs // 100)
    # With SGD or mini-batches on a large set, the epoch's record takes one NumPy pass:
    small, fused = _scalar_cost(m, n) <= SCALAR_MAX, loss.requires == act.name == "sigmoid"
    for k in range(epochs + 1):
        if small:
            value, gw, gb = _grad_py(w, b, rows, cols, ys, point)
        else:
            value, gw, gb = _grad(np.array(w), b, X, y, act, loss, fused)
            gw = gw.tolist()
        rises = rises + 1 if k and value > kept[-1][2] else 0
        kept.append((w, b, value, gw, gb))
        if _suspect(rises, value, kept[0][2], value + b + sum(w)):
            stopped = divergence(np.array([r[2] for r in kept]), k, np.array(w), b)
        if stopped or k == epochs:
            break
        if size == m:
            w, b = [v - lr * g for v, g in zip(w, gw, strict=False)], b - lr * gb
        else:
            order = rng.permutation(m).tolist()
            for start in range(0, m, size):
                r = [rows[i] for i in order[start: start + size]]
                t = [ys[i] for i in order[start: start + size]]
                _, gw, gb = _grad_py(w, b, r, zip(*r, strict=True), t, point)
                w, b = [v - lr * g for v, g in zip(w, gw, strict=False)], b - lr * gb
        if progress and (k + 1) % every == 0:
            progress(k + 1, epochs)
    return [np.array(a, dtype=np.float64) for a in zip(*kept, strict=True)], stopped


# -- training -----------------------------------------------------------------------------


def _train_numpy(X, y, w0, b0, act, loss, lr, epochs, size, rng, progress):
    """Gradient descent in NumPy; the history's arrays (preallocated) and why it stopped."""
    m, n = X.shape
    fused = loss.requires == act.name == "sigmoid"
    W, B = np.empty((epochs + 1, n)), np.empty(epochs + 1)
    LOSS, GW, GB = np.empty(epochs + 1), np.empty((epochs + 1, n)), np.empty(epochs + 1)
    w, b = np.array(w0, dtype=np.float64), float(b0)
    stopped, k, rises = None, 0, 0
    every = max(1, epochs // 100)
    for k in range(epochs + 1):
        W[k], B[k] = w, b
        LOSS[k], GW[k], GB[k] = _grad(w, b, X, y, act, loss, fused)
        rises = rises + 1 if k and LOSS[k] > LOSS[k - 1] else 0
        if _suspect(rises, LOSS[k], LOSS[0], LOSS[k] + b + sum(w.tolist())):
            stopped = divergence(LOSS, k, w, b)
        if stopped or k == epochs:
            break
        if size == m:
            w, b = w - lr * GW[k], b - lr * GB[k]
        else:
            order = rng.permutation(m)
            for start in range(0, m, size):
                idx = order[start: start + size]
                _, gw, gb = _grad(w, b, X[idx], y[idx], act, loss, fused)
                w, b = w - lr * gw, b - lr * gb
        if progress and (k + 1) % every == 0:
            progress(k + 1, epochs)
    return [a[:k + 1].copy() for a in (W, B, LOSS, GW, GB)], stopped


def train(X, y, w0, b0: float, activation: Activation, loss: Loss, lr: float, epochs: int,
          batch: str | int = "full", seed: int = 0,
          progress: Callable[[int, int], None] | None = None) -> History:
    """Gradient descent for ``epochs`` epochs; the history of every epoch is returned."""
    X, y = as_batch(X, y)
    loss.check(activation, y)
    m, n = X.shape
    size = batch_size(batch, m)
    per_epoch = -(-m // size)
    if not 1 <= epochs <= EPOCHS_MAX:
        raise ValueError(f"epochs must be between 1 and {EPOCHS_MAX}, not {epochs}")
    if epochs * per_epoch > UPDATES_MAX:
        raise ValueError(f"{epochs} epochs of {per_epoch} updates exceed the cap of "
                         f"{UPDATES_MAX:,} updates; use fewer epochs or larger batches")
    rng = np.random.default_rng(seed)
    point = _pointwise(activation, loss)
    with np.errstate(all="ignore"):  # (a w0 of the wrong shape fails in NumPy's X @ w)
        if point and _scalar_cost(size, n) <= SCALAR_MAX and np.shape(w0) == (n,):
            arrays, stopped = _train_python(X, y, w0, b0, activation, loss, point, lr, epochs,
                                            size, rng, progress)
        else:
            arrays, stopped = _train_numpy(X, y, w0, b0, activation, loss, lr, epochs, size,
                                           rng, progress)
    for a in arrays:
        a.setflags(write=False)
    return History(*arrays, epochs_run=len(arrays[2]) - 1, stopped=stopped)
