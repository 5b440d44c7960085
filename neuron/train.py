"""Training across epochs: full batch, SGD or mini-batches, with the history kept compactly.

Every step of training is the one chain rule of :mod:`neuron.net` (``forward``, ``backward``,
``update``), the same the step view shows stage by stage. The history lives in preallocated
NumPy arrays, one row per epoch, every parameter of the network in one flat row
(:attr:`neuron.net.Net.theta`: each layer's W row by row, then its b):

* ``theta[k]``: the parameters at the start of epoch k; the row after the last epoch run
  holds the final parameters (so ``theta`` has ``epochs_run + 1`` rows).
* ``loss[k]``: the dataset's mean loss with ``theta[k]`` (the final loss is ``loss[-1]``).
* ``grad[k]``: the full-dataset gradient at ``theta[k]``. With full-batch descent this is
  exactly the step taken in epoch k; with SGD and mini-batches the epoch takes several
  smaller steps, one per batch, in an order shuffled each epoch by the seeded generator.

For the single neuron (one layer, one output) ``w``, ``b``, ``dL_dw`` and ``dL_db`` read those
rows as the lesson names them. Training stops early, with the history kept up to there (up to
the last epoch whose numbers are all finite) and ``stopped`` saying why, when a value stops
being finite or the loss grows without bound (:mod:`neuron.divergence`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import net as nn
from .activations import Activation
from .divergence import SWING_EPOCHS, Watch, divergence, saturation_floor, suspect
from .errors import FieldError
from .losses import TRAIN_LOSSES, Loss

EPOCHS_MAX = 5_000  # epochs per run
UPDATES_MAX = 100_000  # updates per run (SGD on 100 samples: 1,000 epochs, a few seconds)


@dataclass(frozen=True)
class Descent:
    """How gradient descent runs: the learning rate η, the epochs, the batches and their
    seeded order, whether the biases learn, and whether a run stops at the first sign of
    trouble.

    ``batch`` is "full", "sgd" or a mini-batch size. With ``bias`` false the biases keep their
    values (Mazur's convention). With ``watch`` false a run goes on through swings and
    saturation and stops only on non-finite values (:mod:`neuron.divergence`).
    """

    lr: float
    epochs: int
    batch: str | int = "full"
    seed: int = 0
    bias: bool = True
    watch: bool = True


@dataclass(frozen=True)
class History:
    theta: np.ndarray  # (epochs_run + 1, P): every parameter, laid out as Net.theta
    grad: np.ndarray  # (epochs_run + 1, P): the full-dataset gradient, laid out alike
    loss: np.ndarray  # (epochs_run + 1,)
    sizes: tuple[int, ...]  # units per layer, inputs first: (n, 1) for the single neuron
    epochs_run: int
    stopped: str | None  # why training stopped early, or None
    acts: tuple[Activation, ...]  # the network's activation per layer: (σ,) for the neuron
    loss_fn: Loss  # the loss it was trained on
    stop_kind: str | None = None  # "overflow", "growth", "swing", "saturation" (divergence.Stop)

    @property
    def act(self) -> Activation:
        """The output layer's activation (the single neuron's)."""
        return self.acts[-1]

    @property
    def overflowed(self) -> bool:
        """Stopped because numbers overflowed: going on could only repeat that."""
        return self.stop_kind == "overflow"

    def _neuron(self, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if len(self.sizes) != 2 or self.sizes[1] != 1:
            raise ValueError(f"a network of sizes {self.sizes} has no single w and b")
        return a[:, :-1], a[:, -1]

    @property
    def w(self) -> np.ndarray:
        """The single neuron's weights per epoch, (epochs_run + 1, n)."""
        return self._neuron(self.theta)[0]

    @property
    def b(self) -> np.ndarray:
        return self._neuron(self.theta)[1]

    @property
    def dL_dw(self) -> np.ndarray:
        return self._neuron(self.grad)[0]

    @property
    def dL_db(self) -> np.ndarray:
        return self._neuron(self.grad)[1]

    def at(self, k: int) -> tuple[np.ndarray, float]:
        """The single neuron's (w, b) at the start of epoch k (k = epochs_run: the final ones)."""
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


def _store(row: np.ndarray, W, b) -> None:
    """Write a network's W and b (or their gradients) into one row, laid out as Net.theta."""
    at = 0
    for w, v in zip(W, b, strict=True):
        row[at: at + w.size] = w.ravel()
        row[at + w.size: at + w.size + v.size] = v
        at += w.size + v.size


def _step(net: nn.Net, X, Y, loss: Loss, lr: float, bias: bool = True) -> nn.Net:
    """One update from one batch: the network after it (∂L/∂x, which it does not need, skipped).

    The verbs of :mod:`neuron.net` without their checks and their np.errstate, which
    :func:`train` has done once for the whole run.
    """
    grads = nn._backward(net, nn._forward(net, X, Y, loss), loss, False)
    return nn._update(net, grads, lr, bias).net


def train(net: nn.Net, X, Y, loss: Loss, how: Descent,
          progress: Callable[[int, int], None] | None = None) -> History:
    """Gradient descent on ``net`` (a network, or the single neuron of
    :func:`neuron.core.neuron`) for ``how.epochs`` epochs; the history of every epoch.

    Training stops early at the first sign of trouble (:func:`neuron.divergence.divergence`)
    unless ``how.watch`` is false. ``progress(done, epochs)`` is called about 100 times.
    """
    X, Y = nn.as_batch(X, Y, net.sizes[-1])
    epochs, bias, watch = how.epochs, how.bias, how.watch
    size = _checked(net, X, Y, loss, epochs, how.batch)
    lr, m = float(how.lr), X.shape[0]
    rng = np.random.default_rng(how.seed)
    P = net.theta.size
    TH, G, LOSS = np.empty((epochs + 1, P)), np.empty((epochs + 1, P)), np.empty(epochs + 1)
    stop, k, rises, every = None, 0, 0, max(1, epochs // 100)
    floor, data = saturation_floor(net.acts[-1], loss, m), Watch(X, Y, loss, net)
    with np.errstate(all="ignore"):
        for k in range(epochs + 1):
            fwd = nn._forward(net, X, Y, loss)  # the record of epoch k (see _step)
            grads = nn._backward(net, fwd, loss, False)
            _store(TH[k], net.W, net.b)
            _store(G[k], grads.dL_dW, grads.dL_db)
            LOSS[k] = fwd.loss
            rises = rises + 1 if k and LOSS[k] > LOSS[k - 1] else 0
            if suspect(rises, LOSS[k], LOSS[0], LOSS[k] + sum(TH[k].tolist()), k, floor):
                stop = divergence(LOSS[0], LOSS[max(0, k - SWING_EPOCHS): k + 1], k, TH[k],
                                  data, watch)
            if stop or k == epochs:
                break
            if size == m:
                net = nn._update(net, grads, lr, bias).net
            else:
                order = rng.permutation(m)
                for start in range(0, m, size):
                    idx = order[start: start + size]
                    net = _step(net, X[idx], Y[idx], loss, lr, bias)
            if progress and (k + 1) % every == 0:
                progress(k + 1, epochs)
    return _history([TH[:k + 1], G[:k + 1], LOSS[:k + 1]], net, loss, stop)


def _checked(net: nn.Net, X, Y, loss: Loss, epochs: int, batch: str | int) -> int:
    """The batch size, once the data, the loss and the run's size are checked (``ValueError``
    saying what is wrong)."""
    nn.forward(net, X, Y, loss)  # checks the shapes, with a message
    loss.check(net.acts[-1], Y)
    if loss.name not in TRAIN_LOSSES:
        raise FieldError(f"loss: {loss.label} has no target to learn from; training needs "
                         f"one of {', '.join(TRAIN_LOSSES)}", "loss")
    m = X.shape[0]
    size = batch_size(batch, m)
    per_epoch = -(-m // size)
    if not 1 <= epochs <= EPOCHS_MAX:
        raise ValueError(f"epochs must be between 1 and {EPOCHS_MAX}, not {epochs}")
    if epochs * per_epoch > UPDATES_MAX:
        raise ValueError(f"{epochs:,} epochs × {per_epoch:,} updates per epoch exceed the "
                         f"cap of {UPDATES_MAX:,} updates; use fewer epochs or larger "
                         "batches")
    return size


def _history(arrays: list, net: nn.Net, loss: Loss, stop) -> History:
    """The run's parameters, gradients and losses as a read-only History. A run stopped by
    a non-finite value ends at the last epoch whose numbers are all finite (the reason names
    the epoch that overflowed): nothing downstream shows inf or NaN."""
    ok = np.isfinite(arrays[2]) & np.all(np.isfinite(arrays[0]), axis=1)
    ok &= np.all(np.isfinite(arrays[1]), axis=1)
    if not ok.all():
        arrays = [a[:max(1, int(np.argmin(ok)))] for a in arrays]
    arrays = [a.copy() for a in arrays]
    for a in arrays:
        a.setflags(write=False)
    return History(*arrays, sizes=net.sizes, epochs_run=len(arrays[2]) - 1,
                   stopped=stop.message if stop else None, acts=tuple(net.acts), loss_fn=loss,
                   stop_kind=stop.kind if stop else None)
