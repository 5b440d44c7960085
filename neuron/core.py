r"""The neuron: ``forward``, ``backward`` and ``update`` as pure functions.

Each verb returns a frozen result whose fields are named for the factor of the chain rule
they hold, as the document names them::

    z = sum_i w_i x_i + b          y_hat = act(z)            L = loss(y_hat, y)
    dL_dyhat   = dL/d(y_hat)       dyhat_dz = d(y_hat)/dz
    dz_dw      = dz/dw_i = x_i     dz_db    = dz/db = 1
    dL_dz      = dL_dyhat * dyhat_dz
    dL_dw      = dL_dz * dz_dw     dL_db    = dL_dz * dz_db
    w <- w - lr * dL_dw            b <- b - lr * dL_db

On a batch of m samples ``X`` has shape (m, n) and ``y`` shape (m,). The batch loss is the
mean of the per-sample losses, so its gradient is the mean of the per-sample gradients:
``dL_dw = mean_k(dL_dz[k] * X[k])``. The per-sample factors stay available (arrays of
shape (m,) or (m, n)); a single sample is a batch of one.

Nothing is mutated: result arrays are read-only, so an app can keep a history of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Activation
from .losses import Loss

Array = np.ndarray


def _frozen(a, dtype=np.float64) -> Array:
    arr = np.array(a, dtype=dtype)  # always a copy
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class Forward:
    """The forward pass: inputs, parameters, and per-sample z, y_hat and loss."""

    X: Array  # (m, n) inputs
    y: Array  # (m,) targets
    w: Array  # (n,) weights used
    b: float  # bias used
    z: Array  # (m,) weighted sums
    y_hat: Array  # (m,) predictions
    losses: Array  # (m,) per-sample losses
    loss: float  # mean loss


@dataclass(frozen=True)
class Backward:
    """The backward pass: every chain-rule factor, per sample, and the batch gradients."""

    dL_dyhat: Array  # (m,) dL/d(y_hat), per sample
    dyhat_dz: Array  # (m,) d(y_hat)/dz, per sample
    dz_dw: Array  # (m, n) dz/dw_i = x_i
    dz_db: Array  # (m,) dz/db = 1
    dL_dz: Array  # (m,) dL/dz = dL_dyhat * dyhat_dz, per sample
    dL_dw: Array  # (n,) gradient of the mean loss
    dL_db: float  # gradient of the mean loss


@dataclass(frozen=True)
class Update:
    """Gradient descent: the new parameters, and the step that moved them."""

    w: Array  # (n,) w - lr * dL_dw
    b: float  # b - lr * dL_db
    lr: float
    dw: Array  # (n,) -lr * dL_dw
    db: float  # -lr * dL_db


def as_batch(X, y) -> tuple[Array, Array]:
    """Inputs as an (m, n) float64 array and targets as (m,); one sample may be given flat."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[None, :]
    y = np.atleast_1d(np.asarray(y, dtype=np.float64))
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"inputs of shape {X.shape} do not match targets of shape {y.shape}")
    return X, y


def forward(w, b: float, X, y, activation: Activation, loss: Loss) -> Forward:
    """Run the neuron on a batch: z = X w + b, y_hat = act(z), per-sample and mean loss."""
    X, y = as_batch(X, y)
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (X.shape[1],):
        raise ValueError(f"{w.size} weights for {X.shape[1]} inputs: give one weight per input")
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w + float(b)
        y_hat = activation.fn(z)
        losses = loss.value(z, y_hat, y)
    return Forward(
        X=_frozen(X), y=_frozen(y), w=_frozen(w), b=float(b), z=_frozen(z),
        y_hat=_frozen(y_hat), losses=_frozen(losses), loss=float(np.mean(losses)),
    )


def fused_dz(activation: Activation, loss: Loss) -> bool:
    """Whether ∂L/∂z is computed in one piece, as ŷ − y: cross-entropy after a sigmoid.

    ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) and ∂ŷ/∂z = ŷ(1 − ŷ) cancel exactly. The product stays
    finite where ∂L/∂ŷ alone overflows (ŷ rounded to 0 or 1, |z| beyond about 37 or 710).
    """
    return loss.requires == activation.name == "sigmoid"


def backward(fwd: Forward, activation: Activation, loss: Loss) -> Backward:
    """Every factor of the chain rule for the mean loss of ``fwd``'s batch."""
    m = fwd.X.shape[0]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        dL_dyhat = loss.der(fwd.z, fwd.y_hat, fwd.y)
        dyhat_dz = activation.der(fwd.z, fwd.y_hat)
        dL_dz = fwd.y_hat - fwd.y if fused_dz(activation, loss) else dL_dyhat * dyhat_dz
        dL_dw = dL_dz @ fwd.X / m
        dL_db = float(np.sum(dL_dz) / m)
    return Backward(
        dL_dyhat=_frozen(dL_dyhat), dyhat_dz=_frozen(dyhat_dz), dz_dw=fwd.X,
        dz_db=_frozen(np.ones(m)), dL_dz=_frozen(dL_dz), dL_dw=_frozen(dL_dw), dL_db=dL_db,
    )


def update(w, b: float, bwd: Backward, lr: float) -> Update:
    """One gradient-descent step: w <- w - lr dL/dw, b <- b - lr dL/db."""
    with np.errstate(over="ignore", invalid="ignore"):
        dw = -float(lr) * bwd.dL_dw
        db = -float(lr) * bwd.dL_db
        return Update(w=_frozen(np.asarray(w) + dw), b=float(b) + db, lr=float(lr),
                      dw=_frozen(dw), db=float(db))


@dataclass(frozen=True)
class Step:
    """One full iteration: the forward pass, the backward pass and the update."""

    forward: Forward
    backward: Backward
    update: Update


def step(w, b: float, X, y, activation: Activation, loss: Loss, lr: float) -> Step:
    """forward, backward and update in one call, for one sample or a batch."""
    loss.check(activation, y)
    fwd = forward(w, b, X, y, activation, loss)
    bwd = backward(fwd, activation, loss)
    return Step(fwd, bwd, update(w, b, bwd, lr))
