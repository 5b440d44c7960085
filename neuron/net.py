r"""The one chain rule: ``forward``, ``backward`` and ``update`` of a layered network, on a batch.

A network is a list of layers. Layer l maps the n[l] values ``a[l]`` to n[l+1] values::

    z[l+1] = a[l] W[l]^T + b[l]       a[l+1] = act[l](z[l+1])       a[0] = x

``W[l]`` has shape (n[l+1], n[l]): ``W[l][j][i]`` is the weight from unit i of layer l to unit j
of layer l+1, as in PyTorch's ``Linear``. The per-sample loss is summed over the outputs, the
batch loss is the mean over the samples. Backward, from the loss to the inputs::

    dL_da[L]  = loss'(a[L], y)                 (per sample)
    da_dz[l]  = act'(z[l])                     (per sample)
    delta[l]  = dL_da[l] * da_dz[l]            dL/dz, per sample
    dL_da[l-1] = delta[l] W[l-1]               the sum over the units a value feeds
    dL_dW[l-1] = mean_k delta[l][k]^T a[l-1][k]      dL_db[l-1] = mean_k delta[l][k]

(layers counted 1..L for z, 0..L for a). After a sigmoid, cross-entropy's ``delta[L]`` is
``a[L] - y`` in one piece (:func:`fused`): exact where ``dL_da[L]`` alone overflows.

A single neuron is the network with no hidden layer and one output; :mod:`neuron.core` reads
the lesson's named factors (dL/dŷ, dŷ/dz, dL/dw, …) off these records. Training, the step
view, the gradient check and the CLI all go through here: there is no other chain rule.

Non-finite values: products go through NumPy's ``@`` (the CPU's BLAS), whose kernels may fuse
a multiply and an add (FMA), so an overflow can come out as ``inf`` on one CPU and ``nan`` on
another. :func:`_dot` therefore recomputes any product that is not finite elementwise, with
IEEE products and NumPy's own summation: the same ``inf`` and ``nan`` on every CPU. Finite
results may still differ across CPUs in the last bits (summation order), as any BLAS result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .activations import Activation
from .losses import Loss

Array = np.ndarray


def _frozen(a) -> Array:
    arr = np.array(a, dtype=np.float64)  # always a copy
    arr.setflags(write=False)
    return arr


def _dot(a: Array, b: Array) -> Array:
    """``a @ b``, except that a result with a non-finite entry is computed elementwise."""
    out = a @ b
    if np.isfinite(out).all():
        return out
    return np.sum(a[:, :, None] * b[None, :, :], axis=1)


@dataclass(frozen=True)
class Net:
    """The parameters and activations of a layered network (nothing else: no loss, no data)."""

    W: tuple[Array, ...]  # W[l]: (n[l+1], n[l])
    b: tuple[Array, ...]  # b[l]: (n[l+1],)
    acts: tuple[Activation, ...]  # one per layer

    @classmethod
    def of(cls, W, b, acts) -> Net:
        """A network from nested lists or arrays, its shapes checked; ``acts`` one per layer."""
        W = tuple(np.array(w, dtype=np.float64, ndmin=2) for w in W)
        b = tuple(np.array(v, dtype=np.float64, ndmin=1) for v in b)
        acts = tuple(acts)
        if not (len(W) == len(b) == len(acts) >= 1):
            raise ValueError(f"{len(W)} weight matrices, {len(b)} bias vectors and "
                             f"{len(acts)} activations: give one of each per layer")
        for l, (w, v) in enumerate(zip(W, b, strict=True)):
            if w.ndim != 2 or v.shape != (w.shape[0],):
                raise ValueError(f"layer {l + 1}: weights of shape {w.shape} and "
                                 f"{v.size} biases do not fit (one bias per unit)")
            if l and w.shape[1] != W[l - 1].shape[0]:
                raise ValueError(f"layer {l + 1} takes {w.shape[1]} inputs but layer {l} has "
                                 f"{W[l - 1].shape[0]} units")
        return cls(tuple(map(_frozen, W)), tuple(map(_frozen, b)), acts)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Units per layer, inputs first: (n[0], n[1], …, n[L])."""
        return (self.W[0].shape[1], *(w.shape[0] for w in self.W))

    @property
    def theta(self) -> Array:
        """Every parameter in one flat vector: each layer's W (row by row), then its b."""
        return np.concatenate([p.ravel() for w, b in zip(self.W, self.b, strict=True)
                               for p in (w, b)])

    def with_theta(self, theta) -> Net:
        """The same network with the parameters of a flat vector laid out as :attr:`theta`."""
        theta, W, b, at = np.asarray(theta, dtype=np.float64), [], [], 0
        for w in self.W:
            rows, cols = w.shape
            W.append(theta[at: at + rows * cols].reshape(rows, cols))
            b.append(theta[at + rows * cols: at + rows * (cols + 1)])
            at += rows * (cols + 1)
        return replace(self, W=tuple(map(_frozen, W)), b=tuple(map(_frozen, b)))


@dataclass(frozen=True)
class NetForward:
    """The forward pass of a batch: z per layer 1..L, a per layer 0..L (a[0] = X), the loss."""

    z: tuple[Array, ...]  # z[l-1]: (m, n[l]) for l = 1..L
    a: tuple[Array, ...]  # a[l]: (m, n[l]) for l = 0..L
    y: Array  # (m, n[L]) targets
    losses: Array  # (m,) per-sample loss, summed over the outputs
    loss: float  # mean over the samples


@dataclass(frozen=True)
class NetBackward:
    """Every factor of the chain rule, per sample, and the batch gradients (means)."""

    dL_da: tuple[Array, ...]  # dL_da[l]: (m, n[l]) for l = 0..L (dL_da[0] = dL/dx)
    da_dz: tuple[Array, ...]  # da_dz[l-1]: (m, n[l]) = act'(z), l = 1..L
    delta: tuple[Array, ...]  # delta[l-1]: (m, n[l]) = dL/dz, l = 1..L
    dL_dW: tuple[Array, ...]  # like Net.W: the mean over the batch
    dL_db: tuple[Array, ...]  # like Net.b


@dataclass(frozen=True)
class NetUpdate:
    """Gradient descent: the updated network, and the step that moved each parameter."""

    net: Net
    dW: tuple[Array, ...]  # -lr * dL_dW
    db: tuple[Array, ...]  # -lr * dL_db (zeros when the biases are kept)
    lr: float


def as_batch(X, Y, outputs: int | None = None) -> tuple[Array, Array]:
    """Inputs as an (m, n) float64 array, targets as (m, k); one sample may be given flat.

    With one output (``outputs == 1``) targets may be given as (m,) or a single number.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[None, :]
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim == 0 or (Y.ndim == 1 and (outputs == 1 or (outputs is None and
                                                         Y.size == X.shape[0]))):
        Y = Y.reshape(-1, 1)
    elif Y.ndim == 1:
        Y = Y[None, :]
    if X.ndim != 2 or Y.ndim != 2 or Y.shape[0] != X.shape[0]:
        raise ValueError(f"inputs of shape {X.shape} do not match targets of shape {Y.shape}")
    return X, Y


def fused(act: Activation, loss: Loss) -> bool:
    """Whether ∂L/∂z of the output layer is computed in one piece, as a − y.

    After a sigmoid, cross-entropy's ∂L/∂a = (a − y) / (a(1 − a)) and ∂a/∂z = a(1 − a)
    cancel exactly; the product stays finite where ∂L/∂a alone overflows (a rounded to 0 or 1).
    """
    return loss.requires == act.name == "sigmoid"


def forward(net: Net, X, Y, loss: Loss) -> NetForward:
    """Run the network on a batch (X: (m, n[0]), Y: (m, n[L])): every z, every a, the loss."""
    X, Y = as_batch(X, Y, net.W[-1].shape[0])
    if X.shape[1] != net.W[0].shape[1]:
        raise ValueError(f"{net.W[0].shape[1]} weights for {X.shape[1]} inputs: give one weight "
                         "per input")
    if Y.shape[1] != net.W[-1].shape[0]:
        raise ValueError(f"{Y.shape[1]} targets for {net.W[-1].shape[0]} outputs")
    with np.errstate(all="ignore"):
        return _forward(net, X, Y, loss)


def backward(net: Net, fwd: NetForward, loss: Loss, inputs: bool = True) -> NetBackward:
    """Every factor of the chain rule for the mean loss of ``fwd``'s batch, output to input.

    With ``inputs`` false ``dL_da[0]`` (∂L/∂x, which no parameter needs) is left out: None.
    """
    with np.errstate(all="ignore"):
        return _backward(net, fwd, loss, inputs)


def update(net: Net, bwd: NetBackward, lr: float, bias: bool = True) -> NetUpdate:
    """One gradient-descent step on every layer, all from the old weights' gradients:
    W ← W − lr·∂L/∂W and b ← b − lr·∂L/∂b (the biases kept as they are when ``bias`` is false).
    """
    with np.errstate(all="ignore"):
        return _update(net, bwd, float(lr), bias)


# The maths of the three verbs. Their callers have checked the shapes and silenced NumPy's
# floating-point warnings (overflow is reported, not warned about): the verbs above, and the
# training loop, which runs thousands of them inside one np.errstate.


def _forward(net: Net, X: Array, Y: Array, loss: Loss) -> NetForward:
    a, zs = [X], []
    for W, b, act in zip(net.W, net.b, net.acts, strict=True):
        z = _dot(a[-1], W.T) + b
        zs.append(z)
        a.append(act.fn(z))
    losses = loss.value(zs[-1], a[-1], Y).sum(axis=1)
    return NetForward(z=tuple(zs), a=tuple(a), y=Y, losses=losses,
                      loss=float(losses.sum()) / X.shape[0])


def _backward(net: Net, fwd: NetForward, loss: Loss, inputs: bool) -> NetBackward:
    L, m = len(net.W), fwd.a[0].shape[0]
    dL_da, da_dz, delta = [None] * (L + 1), [None] * L, [None] * L
    dL_dW, dL_db = [None] * L, [None] * L
    dL_da[L] = loss.der(fwd.z[-1], fwd.a[-1], fwd.y)
    for l in range(L - 1, -1, -1):  # layer l+1 (z[l], W[l]), from the output down
        act = net.acts[l]
        da_dz[l] = act.der(fwd.z[l], fwd.a[l + 1])
        if l == L - 1 and fused(act, loss):
            delta[l] = fwd.a[-1] - fwd.y
        else:
            delta[l] = dL_da[l + 1] * da_dz[l]
        dL_dW[l] = _dot(delta[l].T, fwd.a[l]) / m
        dL_db[l] = delta[l].sum(axis=0) / m
        if l or inputs:
            dL_da[l] = _dot(delta[l], net.W[l])
    return NetBackward(dL_da=tuple(dL_da), da_dz=tuple(da_dz), delta=tuple(delta),
                       dL_dW=tuple(dL_dW), dL_db=tuple(dL_db))


def _update(net: Net, bwd: NetBackward, lr: float, bias: bool = True) -> NetUpdate:
    dW = tuple(-lr * g for g in bwd.dL_dW)
    db = tuple(-lr * g if bias else np.zeros_like(g) for g in bwd.dL_db)
    W = tuple(w + d for w, d in zip(net.W, dW, strict=True))
    b = tuple(v + d for v, d in zip(net.b, db, strict=True))
    return NetUpdate(net=Net(W, b, net.acts), dW=dW, db=db, lr=lr)
