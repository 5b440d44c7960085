r"""Loss functions: each one its function, its derivative and the LaTeX of both.

A :class:`Loss` works per sample. ``value(z, y_hat, y)`` takes z as well as
:math:`\hat y` so that binary cross-entropy can be computed from the logit, which is exact
where :math:`\log \hat y` would round to ``log(0) = -inf``:

.. math:: -[y\log\sigma(z) + (1-y)\log(1-\sigma(z))] = \operatorname{softplus}(z) - y z,

with :math:`\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})`.

:data:`LOSSES` is the registry that feeds the select box, the URL state and the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import SIGMOID, Activation
from .errors import FieldError
from .fmt import tex

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """One per-sample loss function with its derivative with respect to y_hat.

    Attributes
    ----------
    value : ``value(z, y_hat, y) -> L`` per sample.
    der : ``der(z, y_hat, y) -> dL/dy_hat`` per sample.
    latex, der_latex : the loss and its derivative as LaTeX equations.
    sub, der_sub : LaTeX templates of the right-hand sides with ``<yhat>`` and ``<y>``.
    der_text : the derivative in plain Unicode, for figure labels.
    requires : the only activation this loss may be paired with, or ``None``.
    why : one line for the place where the loss is chosen: who uses it and what it does to
        the gradient (the factor 2, or none).
    """

    name: str
    label: str
    value: Callable[[Array, Array, Array], Array]
    der: Callable[[Array, Array, Array], Array]
    latex: str
    der_latex: str
    sub: str
    der_sub: str
    der_text: str
    text: str  # the loss in plain Unicode
    text_sub: str  # ...with "<yhat>" and "<y>" placeholders
    der_text_sub: str
    why: str = ""
    requires: str | None = None

    def at(self, template: str, y_hat: float, y: float) -> str:
        """Put the numbers into one of this loss's LaTeX templates."""
        s = template.replace("<yhat>", tex(y_hat, paren=True))
        return s.replace("<y>", tex(y, paren=True))

    def check(self, activation: Activation, y: Array | float | None = None) -> None:
        """Raise :class:`FieldError` (a ``ValueError``) naming "loss" if this loss cannot
        follow ``activation``, or "y" if it cannot take the targets y."""
        if self.requires and activation.name != self.requires:
            raise FieldError(
                f"{self.label} needs the {self.requires} activation (its output must be a "
                f"probability in (0, 1)); {activation.label} was chosen", "loss")
        if self.name == "bce" and y is not None:
            yy = np.asarray(y, dtype=np.float64)
            if np.any((yy < 0) | (yy > 1)):
                raise FieldError("y: binary cross-entropy needs every target y between 0 and 1",
                                 "y")


def _softplus(z: Array) -> Array:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _bce_value(z: Array, y_hat: Array, y: Array) -> Array:
    z = np.asarray(z, dtype=np.float64)
    return _softplus(z) - y * z


def _bce_der(z: Array, y_hat: Array, y: Array) -> Array:
    # (y_hat - y) / (y_hat (1 - y_hat)); the denominator is sigma'(z), evaluated stably.
    with np.errstate(divide="ignore", over="ignore"):
        return (y_hat - y) / SIGMOID.der(z, y_hat)


MSE = Loss(
    name="mse",
    label="Half squared error ½(ŷ − y)²",  # a batch takes its mean over the samples
    value=lambda z, y_hat, y: 0.5 * (y_hat - y) ** 2,
    der=lambda z, y_hat, y: y_hat - y,
    latex=r"L = \frac{1}{2}(\hat{y} - y)^{2}",
    der_latex=r"\frac{\partial L}{\partial \hat{y}} = \hat{y} - y",
    sub=r"\frac{1}{2}(<yhat> - <y>)^{2}",
    der_sub=r"<yhat> - <y>",
    der_text="ŷ − y",
    text="½(ŷ − y)²",
    text_sub="½(<yhat> − <y>)²",
    der_text_sub="<yhat> − <y>",
    why="½(ŷ − y)²: the ½ cancels the 2 of the derivative, so ∂L/∂ŷ = ŷ − y (this project's "
        "document, Nielsen, Mazur).",
)
SE = Loss(
    name="se",
    label="Squared error (ŷ − y)²",
    value=lambda z, y_hat, y: (y_hat - y) ** 2,
    der=lambda z, y_hat, y: 2.0 * (y_hat - y),
    latex=r"L = (\hat{y} - y)^{2}",
    der_latex=r"\frac{\partial L}{\partial \hat{y}} = 2(\hat{y} - y)",
    sub=r"(<yhat> - <y>)^{2}",
    der_sub=r"2 \cdot (<yhat> - <y>)",
    der_text="2(ŷ − y)",
    text="(ŷ − y)²",
    text_sub="(<yhat> − <y>)²",
    der_text_sub="2·(<yhat> − <y>)",
    why="(ŷ − y)² without ½: ∂L/∂ŷ = 2(ŷ − y), so every gradient is twice the mse one "
        "(3Blue1Brown, Backprop Explainer).",
)
BCE = Loss(
    name="bce",
    label="Binary cross-entropy",
    value=_bce_value,
    der=_bce_der,
    latex=r"L = -\left[y \log \hat{y} + (1 - y)\log(1 - \hat{y})\right]",
    der_latex=r"\frac{\partial L}{\partial \hat{y}} = \frac{\hat{y} - y}{\hat{y}(1 - \hat{y})}",
    sub=r"-\left[<y> \log <yhat> + (1 - <y>)\log(1 - <yhat>)\right]",
    der_sub=r"\frac{<yhat> - <y>}{<yhat> \cdot (1 - <yhat>)}",
    der_text="(ŷ − y) / (ŷ(1 − ŷ))",
    text="−[y·log ŷ + (1 − y)·log(1 − ŷ)]",
    text_sub="−[<y>·log <yhat> + (1 − <y>)·log(1 − <yhat>)]",
    der_text_sub="(<yhat> − <y>) / (<yhat>·(1 − <yhat>))",
    why="Cross-entropy after a sigmoid: ∂L/∂z = ŷ − y, the sigmoid's slope cancels, so a "
        "saturated neuron still learns (Nielsen ch. 3).",
    requires="sigmoid",
)
NONE = Loss(
    name="none",
    label="None: the output itself",
    value=lambda z, y_hat, y: np.array(y_hat, dtype=np.float64),
    der=lambda z, y_hat, y: np.ones_like(np.asarray(y_hat, dtype=np.float64)),
    latex=r"L = \hat{y}",
    der_latex=r"\frac{\partial L}{\partial \hat{y}} = 1",
    sub=r"<yhat>",
    der_sub=r"1",
    der_text="1",
    text="ŷ",
    text_sub="<yhat>",
    der_text_sub="1",
    why="No loss: the gradients of the output ŷ itself (∂L/∂ŷ = 1), as CS231n's circuits and "
        "micrograd do; the target y is not used, and nothing can be trained on it.",
)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (MSE, SE, BCE, NONE)}
TRAIN_LOSSES = ("mse", "se", "bce")  # what training can minimise: "none" has no target


def get_loss(name: str) -> Loss:
    """Look a loss up by name; ``ValueError`` naming the choices if unknown."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None
