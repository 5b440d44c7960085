r"""The single neuron's lesson: the factors the document names, read off the one chain rule.

The neuron is the network of :mod:`neuron.net` with no hidden layer and one output. Each verb
here runs that network's ``forward``, ``backward`` or ``update`` and names what it computed
as the document does::

    z = sum_i w_i x_i + b          y_hat = act(z)            L = loss(y_hat, y)
    dL_dyhat   = dL/d(y_hat)       dyhat_dz = d(y_hat)/dz
    dz_dw      = dz/dw_i = x_i     dz_db    = dz/db = 1
    dL_dz      = dL_dyhat * dyhat_dz
    dL_dw      = dL_dz * dz_dw     dL_db    = dL_dz * dz_db      dL_dx = dL_dz * w
    w <- w - lr * dL_dw            b <- b - lr * dL_db

On a batch of m samples ``X`` has shape (m, n) and ``y`` shape (m,). The batch loss is the
mean of the per-sample losses, so its gradient is the mean of the per-sample gradients:
``dL_dw = mean_k(dL_dz[k] * X[k])``. The per-sample factors stay available (arrays of
shape (m,) or (m, n)); a single sample is a batch of one.

Nothing is mutated: result arrays are read-only, so an app can keep a history of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import net as nn
from .activations import Activation
from .losses import Loss

Array = np.ndarray


def _frozen(a) -> Array:
    arr = np.array(a, dtype=np.float64)  # always a copy
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
    net: nn.Net = field(repr=False, compare=False)  # the one-layer network that ran
    layers: nn.NetForward = field(repr=False, compare=False)  # its pass, these values' source


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
    dL_dx: Array  # (m, n) dL/dx_i = dL_dz * w_i, per sample (what a layer below would receive)
    layers: nn.NetBackward = field(repr=False, compare=False)  # the pass these were read off


@dataclass(frozen=True)
class Update:
    """Gradient descent: the new parameters, and the step that moved them."""

    w: Array  # (n,) w - lr * dL_dw
    b: float  # b - lr * dL_db
    lr: float
    dw: Array  # (n,) -lr * dL_dw
    db: float  # -lr * dL_db (0 when the bias is kept)
    bias: bool = True  # whether the bias was updated (False: Mazur's convention)


def as_batch(X, y) -> tuple[Array, Array]:
    """Inputs as an (m, n) float64 array and targets as (m,); one sample may be given flat."""
    X, Y = nn.as_batch(X, np.atleast_1d(np.asarray(y, dtype=np.float64)), 1)
    return X, Y[:, 0]


def neuron(w, b: float, activation: Activation) -> nn.Net:
    """The single neuron as a network: one layer, one output."""
    return nn.Net.of([np.atleast_1d(np.asarray(w, dtype=np.float64))[None, :]], [[b]],
                     [activation])


def forward(w, b: float, X, y, activation: Activation, loss: Loss) -> Forward:
    """Run the neuron on a batch: z = X w + b, y_hat = act(z), per-sample and mean loss."""
    X, y = as_batch(X, y)
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (X.shape[1],):
        raise ValueError(f"{w.size} weights for {X.shape[1]} inputs: give one weight per input")
    net = neuron(w, b, activation)
    f = nn.forward(net, X, y, loss)
    return Forward(X=_frozen(X), y=_frozen(y), w=_frozen(w), b=float(b), z=_frozen(f.z[0][:, 0]),
                   y_hat=_frozen(f.a[1][:, 0]), losses=_frozen(f.losses), loss=f.loss, net=net,
                   layers=f)


def fused_dz(activation: Activation, loss: Loss) -> bool:
    """Whether ∂L/∂z is computed in one piece, as ŷ − y: cross-entropy after a sigmoid.

    ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) and ∂ŷ/∂z = ŷ(1 − ŷ) cancel exactly. The product stays
    finite where ∂L/∂ŷ alone overflows (ŷ rounded to 0 or 1, |z| beyond about 37 or 710).
    """
    return nn.fused(activation, loss)


def backward(fwd: Forward, activation: Activation, loss: Loss) -> Backward:
    """Every factor of the chain rule for the mean loss of ``fwd``'s batch."""
    if fwd.net.acts[0] != activation:
        raise ValueError(f"the forward pass ran {fwd.net.acts[0].label}, not {activation.label}")
    g = nn.backward(fwd.net, fwd.layers, loss)
    m = fwd.X.shape[0]
    return Backward(
        dL_dyhat=_frozen(g.dL_da[1][:, 0]), dyhat_dz=_frozen(g.da_dz[0][:, 0]), dz_dw=fwd.X,
        dz_db=_frozen(np.ones(m)), dL_dz=_frozen(g.delta[0][:, 0]),
        dL_dw=_frozen(g.dL_dW[0][0]), dL_db=float(g.dL_db[0][0]), dL_dx=_frozen(g.dL_da[0]),
        layers=g,
    )


def update(w, b: float, bwd: Backward, lr: float, update_bias: bool = True) -> Update:
    """One gradient-descent step: w <- w - lr dL/dw, b <- b - lr dL/db (b kept as it is when
    ``update_bias`` is false, as in Mazur's example)."""
    w = np.asarray(w, dtype=np.float64)
    net = nn.Net(W=(w[None, :],), b=(np.array([float(b)]),), acts=())  # the update needs no σ
    u = nn.update(net, bwd.layers, lr, update_bias)
    return Update(w=_frozen(u.net.W[0][0]), b=float(u.net.b[0][0]), lr=u.lr,
                  dw=_frozen(u.dW[0][0]), db=float(u.db[0][0]), bias=update_bias)


@dataclass(frozen=True)
class Step:
    """One full iteration: the forward pass, the backward pass and the update, and the
    activation and the loss they were computed with (what a view of the step needs)."""

    forward: Forward
    backward: Backward
    update: Update
    loss_fn: Loss = field(repr=False)

    @property
    def act(self) -> Activation:
        """The activation: the one of the network the forward pass ran."""
        return self.forward.net.acts[-1]


def step(w, b: float, X, y, activation: Activation, loss: Loss, lr: float,
         update_bias: bool = True) -> Step:
    """forward, backward and update in one call, for one sample or a batch.

    The arguments are the lesson's symbols, one each (w, b, x, y, σ, L, η, and whether b
    learns); the record that holds them is :class:`neuron.config.Config`, whose ``step()``
    is how the pages and the CLI call this."""
    loss.check(activation, y)
    fwd = forward(w, b, X, y, activation, loss)
    bwd = backward(fwd, activation, loss)
    return Step(fwd, bwd, update(w, b, bwd, lr, update_bias), loss)
