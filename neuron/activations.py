r"""Activation functions: each one its function, its derivative and the LaTeX of both.

Every activation is a small frozen :class:`Activation`; :data:`ACTIVATIONS` is the registry
that feeds the app's select box, the URL state and the command line alike.

The derivative takes ``z`` (and ``y_hat = fn(z)``, already computed by the forward pass) so
that the sigmoid can use the document's form :math:`\sigma'(z) = \hat y (1 - \hat y)` without
losing precision: it is evaluated as :math:`e^{-|z|} / (1 + e^{-|z|})^2`, which equals
:math:`\hat y (1 - \hat y)` exactly in real arithmetic but stays accurate when
:math:`\hat y` rounds to 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .fmt import tex

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """One activation function with everything the simulator shows about it.

    Attributes
    ----------
    name, label : registry key (``"leaky_relu"``) and human name (``"Leaky ReLU"``).
    fn : ``fn(z) -> y_hat``, elementwise, float64.
    der : ``der(z, y_hat) -> dy_hat/dz``, elementwise.
    latex, der_latex : the function and its derivative as LaTeX equations.
    fn_sub : LaTeX template of the function's right-hand side: ``<z>`` is replaced by the
        value of z (in parentheses when negative), ``<z!>`` by the bare value.
    der_sub : the same for the derivative, with ``<yhat>`` for the activation's output.
    der_text : the derivative in plain Unicode, for figure labels (Plotly has no LaTeX there).
    out_range : the closed range of values ``fn`` can reach (used to warn about targets).
    """

    name: str
    label: str
    fn: Callable[[Array], Array]
    der: Callable[[Array, Array], Array]
    latex: str
    der_latex: str
    fn_sub: str
    der_sub: str
    der_text: str
    out_range: tuple[float, float]
    der_text_sub: str = ""  # der_text with "<yhat>" / "<z>" placeholders, if it has numbers
    symbol: str = "σ"  # plain-text name of the function in "ŷ = σ(z)"
    symbol_latex: str = r"\sigma"

    def fn_at(self, z: float) -> str:
        """LaTeX of the function's right-hand side with the value of z put in."""
        s = self.fn_sub.replace("<z!>", tex(z))
        return s.replace("<z>", tex(z, paren=True))

    def der_at(self, z: float, y_hat: float) -> str:
        """LaTeX of the derivative's right-hand side with z and y_hat put in."""
        s = self.der_sub.replace("<z!>", tex(z)).replace("<z>", tex(z, paren=True))
        return s.replace("<yhat>", tex(y_hat, paren=True))


def _sigmoid(z: Array) -> Array:
    r""":math:`\sigma(z) = 1/(1+e^{-z})`, computed without overflow for any finite z."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_der(z: Array, y_hat: Array) -> Array:
    r""":math:`\sigma'(z) = \hat y (1-\hat y) = e^{-|z|}/(1+e^{-|z|})^2` (symmetric in z)."""
    e = np.exp(-np.abs(np.asarray(z, dtype=np.float64)))
    return e / (1.0 + e) ** 2


def _tanh_der(z: Array, y_hat: Array) -> Array:
    r""":math:`\tanh'(z) = 1 - \tanh^2 z`, as :math:`(1 - t)(1 + t)`: exact near saturation."""
    t = np.asarray(y_hat, dtype=np.float64)
    return (1.0 - t) * (1.0 + t)


LEAK = 0.01  # slope of leaky ReLU for z <= 0 (PyTorch's default negative_slope)
SATURATED = 0.02  # a derivative below this counts as saturated: learning slows

SIGMOID = Activation(
    name="sigmoid",
    label="Sigmoid",
    fn=_sigmoid,
    der=_sigmoid_der,
    latex=r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    der_latex=r"\sigma'(z) = \hat{y}\,(1 - \hat{y})",
    fn_sub=r"\frac{1}{1 + e^{-<z>}}",
    der_sub=r"<yhat> \cdot (1 - <yhat>)",
    der_text="ŷ(1 − ŷ)",
    der_text_sub="<yhat>·(1 − <yhat>)",
    out_range=(0.0, 1.0),
)
TANH = Activation(
    name="tanh",
    label="Tanh",
    fn=lambda z: np.tanh(np.asarray(z, dtype=np.float64)),
    der=_tanh_der,
    latex=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    der_latex=r"\tanh'(z) = 1 - \hat{y}^{2}",
    fn_sub=r"\tanh(<z!>)",
    der_sub=r"1 - <yhat>^{2}",
    der_text="1 − ŷ²",
    der_text_sub="1 − <yhat>²",
    out_range=(-1.0, 1.0),
    symbol="tanh",
    symbol_latex=r"\tanh",
)
RELU = Activation(
    name="relu",
    label="ReLU",
    fn=lambda z: np.maximum(np.asarray(z, dtype=np.float64), 0.0),
    der=lambda z, y_hat: np.where(np.asarray(z) > 0, 1.0, 0.0),
    latex=r"\operatorname{ReLU}(z) = \max(0,\, z)",
    der_latex=r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
    fn_sub=r"\max(0,\, <z!>)",
    der_sub=r"\begin{cases} 1 & \text{if } <z!> > 0 \\ 0 & \text{otherwise} \end{cases}",
    der_text="1 if z > 0 else 0",
    out_range=(0.0, np.inf),
    symbol="ReLU",
    symbol_latex=r"\operatorname{ReLU}",
)
LEAKY_RELU = Activation(
    name="leaky_relu",
    label="Leaky ReLU",
    fn=lambda z: np.where(np.asarray(z) > 0, z, LEAK * np.asarray(z, dtype=np.float64)),
    der=lambda z, y_hat: np.where(np.asarray(z) > 0, 1.0, LEAK),
    latex=r"\operatorname{LReLU}(z) = \begin{cases} z & z > 0 \\ 0.01\,z & z \le 0 \end{cases}",
    der_latex=r"\operatorname{LReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0.01 & z \le 0 \end{cases}",
    fn_sub=(r"\begin{cases} <z> & \text{if } <z!> > 0 \\ 0.01 \cdot <z> & \text{otherwise}"
            r" \end{cases}"),
    der_sub=r"\begin{cases} 1 & \text{if } <z!> > 0 \\ 0.01 & \text{otherwise} \end{cases}",
    der_text="1 if z > 0 else 0.01",
    out_range=(-np.inf, np.inf),
    symbol="LReLU",
    symbol_latex=r"\operatorname{LReLU}",
)
LINEAR = Activation(
    name="linear",
    label="Linear (identity)",
    fn=lambda z: np.asarray(z, dtype=np.float64) + 0.0,
    der=lambda z, y_hat: np.ones_like(np.asarray(z, dtype=np.float64)),
    latex=r"\operatorname{id}(z) = z",
    der_latex=r"\operatorname{id}'(z) = 1",
    fn_sub=r"<z!>",
    der_sub=r"1",
    der_text="1",
    out_range=(-np.inf, np.inf),
    symbol="id",
    symbol_latex=r"\operatorname{id}",
)

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (SIGMOID, TANH, RELU, LEAKY_RELU, LINEAR)
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name; ``ValueError`` naming the choices if unknown."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None


def _bound(v: float) -> str:
    return "∞" if v == np.inf else "−∞" if v == -np.inf else f"{v:g}".replace("-", "−")


def out_of_range(act: Activation, y) -> str | None:
    """Why ŷ can never reach some targets: they lie outside ``act.out_range``; ``None`` if
    every target is within it. One message for the step view's single y and for a dataset.

    No learning rate, initial weights or number of epochs can help there: the loss has a
    floor above zero, and chasing the targets drives a bounded activation into its flat tails.
    """
    y = np.atleast_1d(np.asarray(y, dtype=np.float64)).ravel()
    lo, hi = act.out_range
    out = y[(y < lo) | (y > hi)]
    if not out.size:
        return None
    ends = "(" if lo == -np.inf else "["
    ends = f"{ends}{_bound(lo)}, {_bound(hi)}{')' if hi == np.inf else ']'}"
    if y.size == 1:
        what = f"y = {_bound(float(y[0]))}"
    else:
        span = (f"{_bound(out.min())}" if out.min() == out.max()
                else f"between {_bound(out.min())} and {_bound(out.max())}")
        what = f"{out.size:,} of the {y.size:,} targets ({span})"
    fix = ("choose the linear activation, whose output is any number, or rescale the targets "
           f"into {ends}")
    return (f"{act.label} outputs values in {ends}, so ŷ can never reach {what}: the loss "
            f"cannot go to zero, and no learning rate changes that. To fit them, {fix}.")
