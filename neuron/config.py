"""All defaults and limits in one place, and the validated configuration of one neuron.

:class:`Config` is what the step view, the command line and the share link all carry. Its
defaults are the document's worked example. ``Config(...).validated()`` returns the same
config or raises ``ValueError`` with a message a student can act on.

The limits are for what a person types. A later iteration of the step view, a
:class:`Reached` config, carries the w and b that gradient descent computed: they may pass
±VALUE_MAX, overflow or become NaN when the descent diverges, and are shown as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .activations import ACTIVATIONS, Activation, get_activation
from .core import Step, step
from .errors import FieldError
from .fields import Field
from .losses import LOSSES, Loss, get_loss

N_MIN, N_MAX = 1, 8  # inputs of the neuron
VALUE_MAX = 1e6  # largest |x|, |w|, |b|, |y| accepted
LR_MAX = 100.0  # largest learning rate accepted


@dataclass(frozen=True, kw_only=True)  # named fields only: Config(x=..., w=..., ...)
class Config:
    """One neuron, one sample, one learning rate: the document's example by default."""

    x: tuple[float, ...] = (0.5, 0.3)
    w: tuple[float, ...] = (0.2, 0.4)
    b: float = 0.1
    y: float = 1.0
    lr: float = 0.01
    activation: str = "sigmoid"
    loss: str = "mse"
    update_bias: bool = True  # False: the bias keeps its value (Mazur's convention)

    @property
    def n(self) -> int:
        return len(self.x)

    @property
    def act(self) -> Activation:
        return get_activation(self.activation)

    @property
    def loss_fn(self) -> Loss:
        return get_loss(self.loss)

    def validated(self) -> Config:
        """This config, if every field is usable (each checked by its entry of
        :data:`FIELDS`, then w against x and the loss against the activation); else
        :class:`FieldError` (a ``ValueError``) naming the field."""
        cfg = replace(self, **{f.name: f.check(getattr(self, f.name)) for f in FIELDS})
        if len(cfg.w) != cfg.n:
            raise FieldError(f"w: {len(cfg.w)} weights for {cfg.n} inputs; give one per input",
                             "w")
        cfg.loss_fn.check(cfg.act, cfg.y)
        return cfg

    def step(self) -> Step:
        """One full iteration (forward, backward, update) of this config."""
        return step(self.w, self.b, self.x, self.y, self.act, self.loss_fn, self.lr,
                    self.update_bias)


@dataclass(frozen=True, kw_only=True)
class Reached(Config):
    """An iteration the step view has reached: the typed setup (x, y, η, activation, loss)
    with the w and b that gradient descent computed from it.

    :meth:`validated` checks the typed fields as :class:`Config` does, but not the size of w
    and b: a diverging descent takes them past ±VALUE_MAX, then past float64 (overflow, then
    NaN), and refusing them would take the exports and the share link away exactly when
    there is something to show. :meth:`beyond_typing` names them.
    """

    def validated(self) -> Reached:
        typed = Config(x=self.x, w=(0.0,) * len(self.w), b=0.0, y=self.y, lr=self.lr,
                       activation=self.activation, loss=self.loss,
                       update_bias=self.update_bias).validated()
        return replace(self, x=typed.x, y=typed.y, lr=typed.lr,
                       w=tuple(map(float, self.w)), b=float(self.b))

    def beyond_typing(self) -> dict[str, float]:
        """The parameters, by name (w1, ..., b), that no one could type: beyond ±VALUE_MAX
        or not finite."""
        params = {f"w{i + 1}": float(v) for i, v in enumerate(self.w)} | {"b": float(self.b)}
        return {k: v for k, v in params.items() if not math.isfinite(v) or abs(v) > VALUE_MAX}


def check_value(name: str, v: float) -> float:
    """``v`` if it is a finite number within ±VALUE_MAX, else :class:`FieldError` (a
    ``ValueError``) naming ``name``."""
    if not math.isfinite(v):
        raise FieldError(f"{name}: {v} is not a finite number", name)
    if abs(v) > VALUE_MAX:
        raise FieldError(f"{name}: {v:g} is too large; use values between ±{VALUE_MAX:g}", name)
    return v


def check_lr(lr: float) -> float:
    """``lr`` if it is a usable learning rate, else :class:`FieldError` naming η."""
    if not math.isfinite(lr) or not 0.0 <= lr <= LR_MAX:
        raise FieldError(f"η: the learning rate must be between 0 and {LR_MAX:g}, not {lr:g}",
                         "η")
    return lr


def _float(name: str, v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        raise FieldError(f"{name}: {str(v)[:30]!r} is not a number", name) from None


def typed_value(name: str, v) -> float:
    """A number a person typed (x, w, b, y; a network's too): a float, finite, within
    ±VALUE_MAX; else :class:`FieldError` naming ``name``."""
    return check_value(name, _float(name, v))


def _value(name: str):
    return lambda v: typed_value(name, v)


def _inputs(values) -> tuple[float, ...]:
    xs = tuple(values)
    if not N_MIN <= len(xs) <= N_MAX:
        raise FieldError(f"x: the neuron takes {N_MIN} to {N_MAX} inputs, not {len(xs)}", "x")
    return tuple(map(_value("x"), xs))


def _choice(field: str, choices):
    def check(value: str) -> str:
        if value not in choices:
            raise FieldError(f"{field}: unknown {field} {str(value)[:30]!r}; choose one of "
                             f"{', '.join(choices)}", field)
        return value
    return check


# The step view's settings, each described once: the sidebar's widgets take their labels and
# help from here, Config.validated its checks, neuron.urlstate the link's keys and parsing,
# the command line its limits (tests/test_fields.py reads the table).
FIELDS: tuple[Field, ...] = (
    Field("x", "x", "vector", (0.5, 0.3), "x", "The inputs: data, not learned.",
          lo=-VALUE_MAX, hi=VALUE_MAX, size=(N_MIN, N_MAX), checker=_inputs),
    Field("w", "w", "vector", (0.2, 0.4), "w", "The weights, one per input: learned.",
          lo=-VALUE_MAX, hi=VALUE_MAX, size=(N_MIN, N_MAX),
          checker=lambda ws: tuple(map(_value("w"), ws))),
    Field("b", "bias b", "float", 0.1, "b", "Learned, like the weights.", lo=-VALUE_MAX,
          hi=VALUE_MAX, symbol="b", checker=_value("b")),
    Field("y", "target y", "float", 1.0, "y", "What the neuron should output.",
          lo=-VALUE_MAX, hi=VALUE_MAX, symbol="y", checker=_value("y")),
    Field("lr", "learning rate η", "float", 0.01, "lr", "The size of each update's step.",
          lo=0.0, hi=LR_MAX, symbol="η", checker=lambda v: check_lr(_float("η", v))),
    Field("activation", "Activation σ", "choice", "sigmoid", "act", "",
          tuple(ACTIVATIONS), symbol="activation",
          checker=_choice("activation", tuple(ACTIVATIONS))),
    Field("loss", "Loss L", "choice", "mse", "loss", "", tuple(LOSSES), symbol="loss",
          checker=_choice("loss", tuple(LOSSES))),
    Field("update_bias", "Update the bias", "bool", True, "bias",
          "Off: b keeps its value at every update, as in Mazur's example (its biases are "
          "never updated)."),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

DEFAULT = Config()  # the document's example; the library of examples: neuron.examples
