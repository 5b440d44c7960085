"""The step view's library: worked examples from the literature, each in its own convention,
with the numbers its source prints; then a few setups of this project's own (demos).

Each entry is a :class:`NeuronExample`: a :class:`Config` that reproduces the source (its
loss convention, whether the bias is updated), where the source is (author, title,
section, link), and the numbers it prints, transcribed by hand as printed, with their
rounding. :func:`compare` puts each beside the computed value at the source's precision
(:mod:`neuron.published`). Mazur's 2-2-2 network lives on the network page
(:data:`neuron.network.EXAMPLES`).

The sources were read in their published form (the CS231n notes' repository, the
Backprop Explainer's repository, the micrograd lecture's notebook and its graph labels
``data %.4f | grad %.4f``, Nielsen's chapter 3) and every number was checked twice against
them. ``python -m neuron examples`` lists the library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from .config import DEFAULT, Config
from .core import Step, forward
from .fmt import subscript
from .published import Published, row

# The page's name for each kind of value a source prints (see page_name).
_NAMES = {"z": "z", "y_hat": "ŷ", "dL_dyhat": "∂L/∂ŷ", "dyhat_dz": "∂ŷ/∂z", "dz_db": "∂z/∂b",
          "dL_dz": "∂L/∂z", "dL_db": "∂L/∂b", "b_new": "b ← (new)", "loss": "L",
          "loss_after": "L after the update", "dz_dw": "∂z/∂w{}", "dL_dw": "∂L/∂w{}",
          "dL_dx": "∂L/∂x{}", "w_new": "w{} ← (new)"}


def page_name(path: tuple) -> str:
    """The page's name for the value at a published number's ``path``: CS231n's "gradient on
    w0" is ∂L/∂w₁ here (the page counts from 1), micrograd's "n.grad" is ∂L/∂z."""
    name = _NAMES[path[0]]
    return name.format(subscript(str(path[1] + 1))) if len(path) > 1 else name

CUSTOM = "Custom setup"  # what the example box says when the setup is none of the library's


@dataclass(frozen=True)
class NeuronExample:
    """One entry of the library."""

    name: str  # its key in a link (?example=NAME) and on the command line
    title: str  # in the example box
    config: Config
    source: str = ""  # author, title, section; empty for this project's own demos
    link: str = ""
    convention: str = ""  # one line: what is particular to how the source computes
    published: tuple[Published, ...] = ()
    variant: Config | None = None  # the setup with an earlier slip put in (see published)
    because: str = ""  # that slip, as "the printed z = 0.35 (…)"
    note: str = ""


def _p(*rows) -> tuple[Published, ...]:
    return tuple(Published(*r) for r in rows)


LITERATURE: tuple[NeuronExample, ...] = (
    NeuronExample(
        "document", "Document example", DEFAULT,
        "Backpropagation of Simple Neural Network (this project's source note), \"Example\"",
        "", "½ squared error, sigmoid, the bias updated.",
        _p(("z", "0.35", ("z",),
            "0.2·0.5 + 0.4·0.3 + 0.1 = 0.1 + 0.12 + 0.1 = 0.32; every later number of the "
            "text is computed from its 0.35"),
           ("ŷ", "0.5866", ("y_hat",)),
           ("∂L/∂ŷ", "-0.4134", ("dL_dyhat",)),
           ("∂ŷ/∂z", "0.2425", ("dyhat_dz",)),
           ("∂z/∂w₁", "0.5", ("dz_dw", 0)),
           ("∂z/∂w₂", "0.3", ("dz_dw", 1)),
           ("∂z/∂b", "1", ("dz_db",)),
           ("∂L/∂w₁", "-0.0501", ("dL_dw", 0)),
           ("∂L/∂w₂", "-0.0300", ("dL_dw", 1),
            "even from the text's own numbers, −0.4134 · 0.2425 · 0.3 = −0.030075 rounds to "
            "−0.0301 (the last digit was cut, not rounded)"),
           ("∂L/∂b", "-0.1002", ("dL_db",)),
           ("new w₁", "0.2005", ("w_new", 0)),
           ("new w₂", "0.4003", ("w_new", 1)),
           ("new b", "0.1010", ("b_new",))),
        replace(DEFAULT, b=0.13), "the printed z = 0.35 (the slip above)",
        "The updated w₁, w₂ and b still agree: η = 0.01 makes the steps too small for the "
        "slips to show at four decimals."),
    NeuronExample(
        "nielsen1", "Nielsen ch. 3: w = 0.6, b = 0.9",
        Config(x=(1.0,), w=(0.6,), b=0.9, y=0.0, lr=0.15),
        "Michael Nielsen, Neural Networks and Deep Learning, ch. 3, \"The cross-entropy cost "
        "function\"", "http://neuralnetworksanddeeplearning.com/chap3.html",
        "½ squared error (the quadratic cost), input 1, target 0, η = 0.15. With cross-entropy "
        "he uses η = 0.005.",
        _p(("initial output", "0.82", ("y_hat",)))),
    NeuronExample(
        "nielsen2", "Nielsen ch. 3: w = 2, b = 2",
        Config(x=(1.0,), w=(2.0,), b=2.0, y=0.0, lr=0.15),
        "Michael Nielsen, Neural Networks and Deep Learning, ch. 3, \"The cross-entropy cost "
        "function\"", "http://neuralnetworksanddeeplearning.com/chap3.html",
        "The same neuron started badly wrong: σ′(z) is small at z = 4, so the quadratic cost "
        "learns slowly at first (try the cross-entropy loss).",
        _p(("initial output", "0.98", ("y_hat",)))),
    NeuronExample(
        "explainer", "Backprop Explainer: linear",
        Config(x=(2.1,), w=(1.0,), b=0.0, y=4.0, lr=0.01, activation="linear", loss="se"),
        "Donny Bertucci and Minsuk Kahng, Backprop Explainer, \"Backpropagation on One "
        "Neuron\", Concrete Example", "https://xnought.github.io/backprop-explainer/",
        "Squared error without ½, so ∂loss/∂ŷ = 2(ŷ − y); neuron(x) = w₀x + b, no activation.",
        _p(("loss", "3.61", ("loss",)),
           ("∂loss/∂w₀", "-7.98", ("dL_dw", 0)),
           ("∂loss/∂b", "-3.8", ("dL_db",)),
           ("new w₀", "1.0798", ("w_new", 0)),
           ("new b", "0.038", ("b_new",)),
           ("loss after the update", "2.87", ("loss_after",)))),
    NeuronExample(
        "cs231n", "CS231n: sigmoid neuron",
        Config(x=(-1.0, -2.0), w=(2.0, -3.0), b=-3.0, y=0.0, lr=0.01, loss="none"),
        "Stanford CS231n course notes, \"Backpropagation, Intuitions\", Modularity: Sigmoid "
        "example", "https://cs231n.github.io/optimization-2/#sigmoid",
        "No loss: the gradients of the neuron's output f itself (∂f/∂f = 1). The notes call "
        "the bias w₂ and stop at the gradients; η = 0.01 is this tool's.",
        _p(("w0·x0 + w1·x1 + w2", "1.00", ("z",)),
           ("f (output)", "0.73", ("y_hat",)),
           ("gradient at the output", "1.00", ("dL_dyhat",)),
           ("gradient on the dot product", "0.20", ("dL_dz",)),
           ("gradient on w0", "-0.20", ("dL_dw", 0)),
           ("gradient on x0", "0.39", ("dL_dx", 0)),
           ("gradient on w1", "-0.39", ("dL_dw", 1)),
           ("gradient on x1", "-0.59", ("dL_dx", 1)),
           ("gradient on w2 (the bias)", "0.20", ("dL_db",)))),
    NeuronExample(
        "micrograd", "micrograd: tanh neuron",
        Config(x=(2.0, 0.0), w=(-3.0, 1.0), b=6.8813735870195432, y=0.0, lr=0.01,
               activation="tanh", loss="none"),
        "Andrej Karpathy, \"The spelled-out intro to neural networks and backpropagation: "
        "building micrograd\" (lecture and notebook), the neuron o = tanh(x1·w1 + x2·w2 + b)",
        "https://github.com/karpathy/nn-zero-to-hero/tree/master/lectures/micrograd",
        "No loss: o.backward() starts from o.grad = 1. b = 6.8813735870195432 makes n = 0.8814 "
        "and o = 1/√2, so 1 − o² = 0.5; η = 0.01 is the step the lecture uses later.",
        _p(("n", "0.8814", ("z",)),
           ("o", "0.7071", ("y_hat",)),
           ("o.grad", "1.0000", ("dL_dyhat",)),
           ("n.grad", "0.5000", ("dL_dz",)),
           ("b.grad", "0.5000", ("dL_db",)),
           ("x1.grad", "-1.5000", ("dL_dx", 0)),
           ("w1.grad", "1.0000", ("dL_dw", 0)),
           ("x2.grad", "0.5000", ("dL_dx", 1)),
           ("w2.grad", "0.0000", ("dL_dw", 1)))),
)

# This project's own setups: each shows something worth seeing.
DEMOS: tuple[NeuronExample, ...] = (
    NeuronExample("saturated", "Saturated sigmoid (slow learning)",
                  Config(x=(3.0, 2.5), w=(1.5, 1.2), b=0.5, y=0.0, lr=0.5)),
    NeuronExample("bce", "Cross-entropy (no slowdown)",
                  Config(x=(3.0, 2.5), w=(1.5, 1.2), b=0.5, y=0.0, lr=0.5, loss="bce")),
    NeuronExample("dead-relu", "Dead ReLU (zero gradient)",
                  Config(x=(0.5, 0.3), w=(-0.6, -0.4), b=-0.1, y=1.0, lr=0.1,
                         activation="relu")),
    NeuronExample("tanh", "Tanh, negative target",
                  Config(x=(0.5, -1.0, 0.8), w=(0.3, 0.2, -0.5), b=0.0, y=-0.5, lr=0.1,
                         activation="tanh")),
    NeuronExample("regression", "Linear regression, one input",
                  Config(x=(2.0,), w=(0.5,), b=0.0, y=3.0, lr=0.05, activation="linear")),
)

EXAMPLES: dict[str, NeuronExample] = {e.name: e for e in LITERATURE + DEMOS}
PRESETS: dict[str, Config] = {e.title: e.config for e in LITERATURE + DEMOS}  # by title
BY_TITLE: dict[str, NeuronExample] = {e.title: e for e in LITERATURE + DEMOS}


def preset_name(cfg: Config) -> str:
    """The title of the library entry ``cfg`` is, or CUSTOM once it differs from every one."""
    return next((e.title for e in LITERATURE + DEMOS if e.config == cfg), CUSTOM)


def example_of(cfg: Config) -> NeuronExample | None:
    """The library entry whose setup ``cfg`` is, if any."""
    return BY_TITLE.get(preset_name(cfg))


def value_at(step: Step, cfg: Config, path: tuple) -> float:
    """The computed value a published number stands for (``path`` names it: a field of
    the step's forward, backward or update, an index for a vector, or ``loss_after``, the
    loss of the updated parameters on the same sample)."""
    key, *index = path
    if key == "loss_after":
        u = step.update
        return forward(u.w, u.b, cfg.x, cfg.y, cfg.act, cfg.loss_fn).loss
    f, g, u = step.forward, step.backward, step.update
    table = {"z": f.z[0], "y_hat": f.y_hat[0], "loss": f.loss, "dL_dyhat": g.dL_dyhat[0],
             "dyhat_dz": g.dyhat_dz[0], "dz_db": g.dz_db[0], "dL_dz": g.dL_dz[0],
             "dL_db": g.dL_db, "b_new": u.b}
    vectors = {"dz_dw": g.dz_dw[0], "dL_dw": g.dL_dw, "dL_dx": g.dL_dx[0], "w_new": u.w}
    return float(vectors[key][index[0]] if key in vectors else table[key])


def compare(example: NeuronExample) -> list[dict]:
    """Each number the source prints beside the computed one (:func:`neuron.published.row`);
    an example is a constant, so its comparison is computed once."""
    return [dict(r) for r in _compared(example)]


@functools.lru_cache(maxsize=16)
def _compared(example: NeuronExample) -> tuple[tuple, ...]:
    return tuple(tuple(r.items()) for r in _compare(example))


def _compare(example: NeuronExample) -> list[dict]:
    cfg = example.config.validated()
    step = cfg.step()
    alt = example.variant.validated().step() if example.variant is not None else None
    return [row(p, value_at(step, cfg, p.path),
                None if alt is None else value_at(alt, example.variant, p.path),
                example.because) for p in example.published]
