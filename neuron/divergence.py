"""When training must stop: the rules that read the loss curve and the parameters.

:func:`divergence` says why training must stop after an epoch, or ``None``; :func:`suspect`
is the cheap test, run every epoch, that decides whether :func:`divergence` is asked at all.
Training stops when

* a value is not finite (the steps overshoot so far that the weights blow up);
* the loss rose in each of the last ``GROWTH_EPOCHS`` epochs to over ``GROWTH_FACTOR``
  times its start (every step overshoots the minimum by more than it corrects);
* the loss swings: it rose in ``SWING_RISES`` of the last ``SWING_EPOCHS`` epochs and its
  mean there is over ``SWING_FACTOR`` times its start (the steps jump across the valley);
* the output units saturated: with a bounded activation and the squared error, every
  sample's σ′(z) is below ``SATURATED``, some sample is still wrong by more than ``WRONG`` of
  the output range, and the loss changed by less than ``STALL`` in ``GROWTH_EPOCHS`` epochs
  (the gradient passes through σ′ ≈ 0, so learning has stopped). When some targets lie
  outside the activation's range, the stop says so (:func:`neuron.activations.out_of_range`)
  instead of blaming the step size.

The last three are warning signs: with ``watch`` false only the first rule applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import net as nn
from .activations import SATURATED, SIGMOID, Activation, out_of_range
from .losses import Loss

GROWTH_EPOCHS = 10  # consecutive rises of the loss that count as divergence...
GROWTH_FACTOR = 10.0  # ...once the loss is this many times its starting value
SWING_EPOCHS, SWING_RISES = 20, 5  # a loss that rose in 5 of the last 20 epochs...
SWING_FACTOR = 1.2  # ...and averaged 1.2 times its start there oscillates
STALL = 1e-3  # a loss that changed by less than this fraction in GROWTH_EPOCHS is stalled
WRONG = 0.25  # a prediction off by this fraction of the activation's range is wrong
CHECK_EVERY = 10  # the oscillation and saturation rules are checked every 10 epochs


@dataclass(frozen=True)
class Stop:
    """Why training stopped: a ``kind`` for code to test, a ``message`` for the student."""

    kind: str  # "overflow", "growth", "swing" or "saturation"
    message: str


@dataclass(frozen=True)
class Watch:
    """What the saturation rule needs besides the loss curve: the data, the loss, the net."""

    X: np.ndarray
    Y: np.ndarray
    loss: Loss
    net: nn.Net  # any network of the run's shape and activations (its parameters are replaced)


def divergence(first: float, recent, k: int, theta: np.ndarray, data: Watch | None = None,
               watch: bool = True) -> Stop | None:
    """Why training must stop after epoch k, or None.

    ``first`` is the loss at epoch 0, ``recent`` the losses of the last epochs up to k (at
    least ``SWING_EPOCHS + 1`` of them when there are), ``theta`` every parameter at epoch k.
    """
    last = float(recent[-1])
    if not (math.isfinite(last) and np.all(np.isfinite(theta))):
        return Stop("overflow", "Learning rate far too large (the numbers overflow): the values "
                    f"stopped being finite numbers at epoch {k}. Each step overshoots so far "
                    "that the weights blow up; the learning rate is too large for this data")
    if not watch:
        return None
    recent = np.asarray(recent, dtype=np.float64)
    g = GROWTH_EPOCHS
    if k >= g and last > GROWTH_FACTOR * max(first, 1e-12) and np.all(
            np.diff(recent[-(g + 1):]) > 0):
        return Stop("growth", f"Learning rate too large (the loss grows): it rose in each of "
                    f"the last {g} epochs and is now {last / first:.3g}× its starting value: "
                    "each step overshoots the minimum by more than it corrects (the step is "
                    "too large for the curvature); lower the learning rate")
    if k >= SWING_EPOCHS:
        window = recent[-(SWING_EPOCHS + 1):]
        rises, mean = int(np.sum(np.diff(window) > 0)), float(window[1:].mean())
        if rises >= SWING_RISES and mean > SWING_FACTOR * first and mean > 1e-9:
            return Stop("swing", "Learning rate too large (the loss swings): it has been "
                        f"jumping up and down (it rose in {rises} of the last {SWING_EPOCHS} "
                        f"epochs) and averaged {mean / first:.3g}× its starting value there: "
                        "each step jumps across the valley of the loss to a point higher up "
                        "the other side (the step is too large for the curvature); lower the "
                        "learning rate")
    if data is not None and k >= g and abs(last - recent[-(g + 1)]) <= STALL * last:
        return _saturated(k, last, theta, data)
    return None


def saturation_floor(act: Activation, loss: Loss, m: int) -> float:
    """The least loss at which the saturation rule can fire (inf: never): one sample wrong
    by WRONG of the range gives at least loss(WRONG·range)/m (½(WRONG·range)²/m for MSE)."""
    lo, hi = act.out_range
    if loss.requires or not (math.isfinite(lo) and math.isfinite(hi)):
        return math.inf  # cross-entropy after a sigmoid: ∂L/∂z = ŷ − y does not vanish
    off = np.array([WRONG * (hi - lo)])
    return float(loss.value(off, off, np.zeros(1))[0]) / m


def _saturated(k: int, last: float, theta: np.ndarray, data: Watch) -> Stop | None:
    act = data.net.acts[-1]
    if last < saturation_floor(act, data.loss, data.X.shape[0]):
        return None
    fwd = nn.forward(data.net.with_theta(theta), data.X, data.Y, data.loss)
    z, y_hat = fwd.z[-1], fwd.a[-1]
    slope = act.der(z, y_hat)
    lo, hi = act.out_range
    wrong = int(np.sum(np.any(np.abs(y_hat - fwd.y) > WRONG * (hi - lo), axis=1)))
    if not (wrong and np.all(slope < SATURATED)):
        return None
    sym, m = act.symbol, data.X.shape[0]
    if unreachable := out_of_range(act, data.Y):  # not the step size: the targets
        return Stop("saturation", f"Learning got stuck: learning stalled at epoch {k} with "
                    f"the loss at {last:.4g}, because the targets are outside what "
                    f"{act.label.lower()} can output. {unreachable} Chasing them pushed z "
                    f"into a flat tail of {act.label.lower()} (|z| ≥ {np.min(np.abs(z)):.3g}, "
                    f"where {sym}′ < {SATURATED:g}), where the gradient vanishes")
    return Stop("saturation", f"Learning got stuck (saturated units): learning stalled at "
                f"epoch {k}. Every sample's z is far out in a flat tail of {act.label.lower()} "
                f"(|z| ≥ {np.min(np.abs(z)):.3g}, where {sym}′ < {SATURATED:g}), so the "
                f"gradient, which passes through {sym}′, is almost zero, while {wrong} of {m} "
                f"sample{'s' if m != 1 else ''} {'are' if wrong != 1 else 'is'} still wrong "
                f"and the loss stays at {last:.4g}. Saturated units: a too large step (or too "
                "large initial weights) threw z out there; lower the learning rate or start "
                "from smaller weights" + (", or use binary cross-entropy, whose gradient ŷ − y "
                                          "does not vanish" if act.name == SIGMOID.name else ""))


def suspect(rises: int, loss_k: float, loss_0: float, total: float, k: int,
            floor: float) -> bool:
    """Whether :func:`divergence` might stop training: a cheap test that it then confirms.

    ``rises`` counts the epochs in a row whose loss rose; ``total`` is the loss plus every
    parameter, which is not finite if any of them is not (or if the sum overflows).
    Every CHECK_EVERY epochs, a loss above its start (a swing) or above ``floor`` (see
    :func:`saturation_floor`) is checked too.
    """
    grows = rises >= GROWTH_EPOCHS and loss_k > GROWTH_FACTOR * max(loss_0, 1e-12)
    slow = k % CHECK_EVERY == 0 and k >= GROWTH_EPOCHS and (loss_k > loss_0 or loss_k >= floor)
    return grows or slow or not math.isfinite(total)
