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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import Activation
from .core import as_batch
from .losses import Loss

EPOCHS_MAX = 5_000  # epochs per run
UPDATES_MAX = 1_000_000  # epochs x batches per epoch per run
GROWTH_EPOCHS = 10  # consecutive rises of the loss that count as divergence...
GROWTH_FACTOR = 10.0  # ...once the loss is this many times its starting value


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


def _grad(w, b, X, y, act: Activation, loss: Loss, fused: bool):
    """Mean loss and gradient of a batch: the chain rule of core.backward, without the record."""
    z = X @ w + b
    y_hat = act.fn(z)
    dL_dz = (y_hat - y) if fused else loss.der(z, y_hat, y) * act.der(z, y_hat)
    m = X.shape[0]
    return float(np.mean(loss.value(z, y_hat, y))), dL_dz @ X / m, float(np.sum(dL_dz)) / m


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
    fused = loss.requires == activation.name == "sigmoid"
    rng = np.random.default_rng(seed)
    W, B = np.empty((epochs + 1, n)), np.empty(epochs + 1)
    LOSS, GW, GB = np.empty(epochs + 1), np.empty((epochs + 1, n)), np.empty(epochs + 1)
    w, b = np.array(w0, dtype=np.float64), float(b0)
    stopped, k = None, 0
    every = max(1, epochs // 100)
    with np.errstate(all="ignore"):
        for k in range(epochs + 1):
            W[k], B[k] = w, b
            LOSS[k], GW[k], GB[k] = _grad(w, b, X, y, activation, loss, fused)
            stopped = divergence(LOSS, k, w, b)
            if stopped or k == epochs:
                break
            if size == m:
                w, b = w - lr * GW[k], b - lr * GB[k]
            else:
                order = rng.permutation(m)
                for start in range(0, m, size):
                    idx = order[start: start + size]
                    _, gw, gb = _grad(w, b, X[idx], y[idx], activation, loss, fused)
                    w, b = w - lr * gw, b - lr * gb
            if progress and (k + 1) % every == 0:
                progress(k + 1, epochs)
    rows = k + 1
    arrays = [a[:rows].copy() for a in (W, B, LOSS, GW, GB)]
    for a in arrays:
        a.setflags(write=False)
    return History(*arrays, epochs_run=rows - 1, stopped=stopped)
