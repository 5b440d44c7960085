"""Training across epochs: full batch, SGD or mini-batches, with the history kept compactly.

The history lives in preallocated NumPy arrays, one row per epoch:

* ``w[k]``, ``b[k]``: the parameters at the start of epoch k; the row after the last epoch
  run holds the final parameters (so ``w`` has ``epochs_run + 1`` rows).
* ``loss[k]``: the dataset's mean loss with ``w[k], b[k]`` (the final loss is ``loss[-1]``).
* ``dL_dw[k]``, ``dL_db[k]``: the full-dataset gradient at ``w[k], b[k]``. With full-batch
  descent this is exactly the step taken in epoch k; with SGD and mini-batches the epoch takes
  several smaller steps, one per batch, in an order shuffled each epoch by the seeded generator.

Training stops early, with the history kept up to there (up to the last epoch whose numbers
are all finite) and ``stopped`` saying why, when a
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

from .activations import ACTIVATIONS, LEAK, SATURATED, SIGMOID, Activation
from .core import as_batch, fused_dz
from .losses import BCE, MSE, Loss

EPOCHS_MAX = 5_000  # epochs per run
UPDATES_MAX = 1_000_000  # epochs x batches per epoch per run
GROWTH_EPOCHS = 10  # consecutive rises of the loss that count as divergence...
GROWTH_FACTOR = 10.0  # ...once the loss is this many times its starting value
SWING_EPOCHS, SWING_RISES = 20, 5  # a loss that rose in 5 of the last 20 epochs...
SWING_FACTOR = 1.2  # ...and averaged 1.2 times its start there oscillates
STALL = 1e-3  # a loss that changed by less than this fraction in GROWTH_EPOCHS is stalled
WRONG = 0.25  # a prediction off by this fraction of the activation's range is wrong
CHECK_EVERY = 10  # the oscillation and saturation rules are checked every 10 epochs
OVERFLOWED = "Learning rate far too large (the numbers overflow)"  # how that reason starts
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

    @property
    def overflowed(self) -> bool:
        """Stopped because numbers overflowed: going on could only repeat that."""
        return bool(self.stopped) and self.stopped.startswith(OVERFLOWED)

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
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e^{-|z|}, in place
    q = 1.0 + e
    y_hat = np.where(z >= 0, 1.0, e)
    y_hat /= q
    return y_hat, e / q ** 2


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
        m = X.shape[0]
        return 0.5 * float(d @ d) / m, (d * der) @ X / m, float(d @ der) / m
    else:  # with fused, sigmoid + cross-entropy: dL/dz = y_hat - y
        values = loss.value(z, y_hat, y)
        dL_dz = (y_hat - y) if fused else loss.der(z, y_hat, y) * der
    m = X.shape[0]
    return float(values.sum()) / m, dL_dz @ X / m, float(dL_dz.sum()) / m


def divergence(first: float, recent, k: int, w: np.ndarray, b: float,
               data: tuple | None = None, watch: bool = True) -> str | None:
    """Why training must stop after epoch k, or None.

    ``first`` is the loss at epoch 0 and ``recent`` the losses of the last epochs up to k
    (at least ``SWING_EPOCHS + 1`` of them when there are); ``data`` is (X, y, activation,
    loss) for the saturation rule. Training stops when

    * a value is not finite (the steps overshoot so far that the weights blow up);
    * the loss rose in each of the last ``GROWTH_EPOCHS`` epochs to over ``GROWTH_FACTOR``
      times its start (every step overshoots the minimum by more than it corrects);
    * the loss swings: it rose in ``SWING_RISES`` of the last ``SWING_EPOCHS`` epochs and its
      mean there is over ``SWING_FACTOR`` times its start (the steps jump across the valley);
    * the units saturated: with a bounded activation and the squared error, every sample's
      σ′(z) is below ``SATURATED``, some sample is still wrong by more than ``WRONG`` of the
      output range, and the loss changed by less than ``STALL`` in ``GROWTH_EPOCHS`` epochs
      (the gradient passes through σ′ ≈ 0, so learning has stopped).

    With ``watch`` false only the first rule applies (past it the numbers mean nothing).
    """
    last = float(recent[-1])
    if not (math.isfinite(last) and np.all(np.isfinite(w)) and math.isfinite(b)):
        return (f"{OVERFLOWED}: the values stopped being finite numbers at epoch {k}. Each "
                "step overshoots "
                "so far that the weights blow up; the learning rate is too large for this data")
    if not watch:
        return None
    recent = np.asarray(recent, dtype=np.float64)
    g = GROWTH_EPOCHS
    if k >= g and last > GROWTH_FACTOR * max(first, 1e-12) and np.all(
            np.diff(recent[-(g + 1):]) > 0):
        return (f"Learning rate too large (the loss grows): it rose in each of the last {g} "
                f"epochs and is now {last / first:.3g}× "
                "its starting value: each step overshoots the minimum by more than it corrects "
                "(the step is too large for the curvature); lower the learning rate")
    if k >= SWING_EPOCHS:
        window = recent[-(SWING_EPOCHS + 1):]
        rises, mean = int(np.sum(np.diff(window) > 0)), float(window[1:].mean())
        if rises >= SWING_RISES and mean > SWING_FACTOR * first and mean > 1e-9:
            return (f"Learning rate too large (the loss swings): it has been jumping up and "
                    f"down (it rose in {rises} of the last "
                    f"{SWING_EPOCHS} epochs) and averaged {mean / first:.3g}× its starting "
                    "value there: each step jumps across the valley of the loss to a point "
                    "higher up the other side (the step is too large for the curvature); "
                    "lower the learning rate")
    if data is not None and k >= g and abs(last - recent[-(g + 1)]) <= STALL * last:
        return _saturated(k, last, w, b, *data)
    return None


def _saturation_floor(act: Activation, loss: Loss, m: int) -> float:
    """The least loss at which the saturation rule can fire (inf: never): one sample wrong
    by WRONG of the range gives at least ½(WRONG·range)²/m."""
    lo, hi = act.out_range
    if loss.name == BCE.name or not (math.isfinite(lo) and math.isfinite(hi)):
        return math.inf  # BCE after a sigmoid: ∂L/∂z = ŷ − y does not vanish
    return 0.5 * (WRONG * (hi - lo)) ** 2 / m


def _saturated(k, last, w, b, X, y, act: Activation, loss: Loss) -> str | None:
    if last < _saturation_floor(act, loss, X.shape[0]):
        return None
    z = X @ np.asarray(w, dtype=np.float64) + b
    y_hat = act.fn(z)
    slope = act.der(z, y_hat)
    lo, hi = act.out_range
    wrong = int(np.sum(np.abs(y_hat - y) > WRONG * (hi - lo)))
    if not (wrong and np.all(slope < SATURATED)):
        return None
    sym, m = act.symbol, X.shape[0]
    return (f"Learning got stuck (saturated units): learning stalled at epoch {k}. Every "
            f"sample's z is far out in a flat tail of "
            f"{act.label.lower()} (|z| ≥ {np.min(np.abs(z)):.3g}, where {sym}′ < {SATURATED:g}), "
            f"so the gradient, which passes through {sym}′, is almost zero, while {wrong} of "
            f"{m} sample{'s' if m != 1 else ''} {'are' if wrong != 1 else 'is'} still wrong "
            f"and the loss stays at {last:.4g}. Saturated units: a too large step (or too "
            "large initial weights) threw z out there; lower the learning rate or start from "
            "smaller weights" + (", or use binary cross-entropy, whose gradient ŷ − y does "
                                 "not vanish" if act.name == SIGMOID.name else ""))


def _scalar_cost(rows: int, n: int) -> int:
    """The time of one gradient in Python floats, in units of about 0.04 µs (one multiply-add).

    Measured: some 12 units per row and 6 per feature besides one per number; NumPy's
    gradient takes about 250 units (10 µs) up to thousands of numbers.
    """
    return rows * (n + 12) + 6 * n


def _suspect(rises: int, loss_k: float, loss_0: float, total: float, k: int,
             floor: float) -> bool:
    """Whether :func:`divergence` might stop training: a cheap test that it then confirms.

    ``rises`` counts the epochs in a row whose loss rose; ``total`` is the loss plus the bias
    plus the weights, which is not finite if any of them is not (or if the sum overflows).
    Every CHECK_EVERY epochs, a loss above its start (a swing) or above ``floor`` (see
    :func:`_saturation_floor`) is checked too.
    """
    grows = rises >= GROWTH_EPOCHS and loss_k > GROWTH_FACTOR * max(loss_0, 1e-12)
    slow = k % CHECK_EVERY == 0 and k >= GROWTH_EPOCHS and (loss_k > loss_0 or loss_k >= floor)
    return grows or slow or not math.isfinite(total)


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


def _train_python(X, y, w0, b0, act, loss, point, lr, epochs, size, rng, progress, watch):
    """The loop of _train_numpy on lists of floats; the history is one tuple per epoch."""
    m, n = X.shape
    rows, ys, lr = X.tolist(), y.tolist(), float(lr)
    cols = [list(c) for c in zip(*rows, strict=True)]
    w, b = np.asarray(w0, dtype=np.float64).tolist(), float(b0)
    kept, stopped, rises, every = [], None, 0, max(1, epochs // 100)
    floor, data = _saturation_floor(act, loss, m), (X, y, act, loss)
    # With SGD or mini-batches on a large set, the epoch's record takes one NumPy pass:
    small, fused = _scalar_cost(m, n) <= SCALAR_MAX, fused_dz(act, loss)
    for k in range(epochs + 1):
        if small:
            value, gw, gb = _grad_py(w, b, rows, cols, ys, point)
        else:
            value, gw, gb = _grad(np.array(w), b, X, y, act, loss, fused)
            gw = gw.tolist()
        rises = rises + 1 if k and value > kept[-1][2] else 0
        kept.append((w, b, value, gw, gb))
        if _suspect(rises, value, kept[0][2], value + b + sum(w), k, floor):
            stopped = divergence(kept[0][2], [r[2] for r in kept[-SWING_EPOCHS - 1:]], k,
                                 np.array(w), b, data, watch)
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


def _train_numpy(X, y, w0, b0, act, loss, lr, epochs, size, rng, progress, watch):
    """Gradient descent in NumPy; the history's arrays (preallocated) and why it stopped."""
    m, n = X.shape
    fused = fused_dz(act, loss)
    W, B = np.empty((epochs + 1, n)), np.empty(epochs + 1)
    LOSS, GW, GB = np.empty(epochs + 1), np.empty((epochs + 1, n)), np.empty(epochs + 1)
    w, b = np.array(w0, dtype=np.float64), float(b0)
    stopped, k, rises = None, 0, 0
    every = max(1, epochs // 100)
    floor, data = _saturation_floor(act, loss, m), (X, y, act, loss)
    for k in range(epochs + 1):
        W[k], B[k] = w, b
        LOSS[k], GW[k], GB[k] = _grad(w, b, X, y, act, loss, fused)
        rises = rises + 1 if k and LOSS[k] > LOSS[k - 1] else 0
        if _suspect(rises, LOSS[k], LOSS[0], LOSS[k] + b + sum(w.tolist()), k, floor):
            stopped = divergence(LOSS[0], LOSS[max(0, k - SWING_EPOCHS): k + 1], k, w, b, data,
                                 watch)
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
          progress: Callable[[int, int], None] | None = None, watch: bool = True) -> History:
    """Gradient descent for ``epochs`` epochs; the history of every epoch is returned.

    Training stops early at the first sign of trouble (:func:`divergence`); with ``watch``
    false it goes on through swings and saturation and stops only on non-finite values.
    """
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
                                            size, rng, progress, watch)
        else:
            arrays, stopped = _train_numpy(X, y, w0, b0, activation, loss, lr, epochs, size,
                                           rng, progress, watch)
    # A run stopped by a non-finite value ends at the last epoch whose numbers are all finite
    # (the reason names the epoch that overflowed): nothing downstream shows inf or NaN.
    ok = np.isfinite(arrays[2]) & np.isfinite(arrays[1]) & np.isfinite(arrays[4])
    ok &= np.all(np.isfinite(arrays[0]), axis=1) & np.all(np.isfinite(arrays[3]), axis=1)
    if not ok.all():
        keep = max(1, int(np.argmin(ok)))
        arrays = [a[:keep] for a in arrays]
    for a in arrays:
        a.setflags(write=False)
    return History(*arrays, epochs_run=len(arrays[2]) - 1, stopped=stopped)
