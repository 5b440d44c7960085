"""Small networks with hidden layers: their setup, examples, and one iteration as data.

:class:`NetSetup` is what ``python -m neuron net`` (and, later, the network page) carries: the
layer sizes, every weight and bias, an activation per layer, the loss, the learning rate,
whether the biases are updated, and one sample. ``NetSetup(...).validated()`` returns it or
raises ``ValueError`` naming the field. The maths is :mod:`neuron.net`'s, the one chain rule.

Conventions: ``W[l][j][i]`` is the weight from unit i of layer l to unit j of layer l+1 (as
PyTorch's ``Linear``); the loss of a sample is summed over its outputs, a batch's is the mean
over its samples.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, replace

import numpy as np

from . import net as nn
from .activations import get_activation
from .config import LR_MAX, typed_value
from .losses import LOSSES, get_loss
from .published import Published, row

INPUTS_MAX, HIDDEN_MAX, OUTPUTS_MAX = 4, 4, 2  # units per layer
HIDDEN_LAYERS_MAX = 2
NET_LOSSES = ("mse", "se", "bce")  # summed over the outputs


@dataclass(frozen=True)
class NetSetup:
    """A network, one sample and a learning rate: everything one iteration needs."""

    sizes: tuple[int, ...]  # units per layer, inputs first: (2, 2, 2)
    W: tuple  # W[l]: n[l+1] rows of n[l] weights (nested tuples)
    b: tuple  # b[l]: n[l+1] biases
    acts: tuple[str, ...]  # one activation name per layer
    x: tuple[float, ...]
    y: tuple[float, ...]
    lr: float = 0.5
    loss: str = "mse"
    update_bias: bool = True

    @property
    def net(self) -> nn.Net:
        return nn.Net.of(self.W, self.b, [get_activation(a) for a in self.acts])

    @property
    def loss_fn(self):
        return get_loss(self.loss)

    def validated(self) -> NetSetup:
        """This setup, if every field is usable; else ``ValueError`` naming the field."""
        sizes, W, b, acts = check_net(self.sizes, self.W, self.b, self.acts, self.loss)
        x = _numbers("x", self.x, sizes[0])
        y = _numbers("y", self.y, sizes[-1])
        lr = float(self.lr)
        if not math.isfinite(lr) or not 0.0 <= lr <= LR_MAX:
            raise ValueError(f"lr: the learning rate must be between 0 and {LR_MAX:g}, not {lr:g}")
        setup = replace(self, sizes=sizes, W=W, b=b, acts=acts, x=x, y=y, lr=lr,
                        update_bias=bool(self.update_bias))
        setup.loss_fn.check(get_activation(acts[-1]), np.array(y))
        return setup

    def step(self) -> tuple[nn.Net, nn.NetForward, nn.NetBackward, nn.NetUpdate]:
        """One iteration on the sample: the network, its forward and backward pass, the update."""
        net, loss = self.net, self.loss_fn
        fwd = nn.forward(net, [self.x], [self.y], loss)
        bwd = nn.backward(net, fwd, loss)
        return net, fwd, bwd, nn.update(net, bwd, self.lr, bias=self.update_bias)


def check_net(sizes, W, b, acts, loss: str) -> tuple:
    """(sizes, W, b, acts) checked against the limits and each other; ``ValueError`` naming
    the field. One activation name stands for every layer."""
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    acts = tuple(acts)
    if len(acts) == 1:
        acts = acts * L
    if len(acts) != L:
        raise ValueError(f"activation: {len(acts)} names for {L} layers; give one name, or one "
                         "per layer")
    for a in acts:
        get_activation(a)
    if loss not in NET_LOSSES:
        raise ValueError(f"loss: choose one of {', '.join(NET_LOSSES)}, not {loss!r}")
    return sizes, _matrices(W, sizes), _vectors(b, sizes), acts


def check_sizes(sizes) -> tuple[int, ...]:
    """Layer sizes within the limits: 1–4 inputs, 0–2 hidden layers of 1–4, 1–2 outputs."""
    sizes = tuple(int(s) for s in sizes)
    if not 2 <= len(sizes) <= HIDDEN_LAYERS_MAX + 2:
        raise ValueError(f"sizes: give the inputs, 0 to {HIDDEN_LAYERS_MAX} hidden layers and "
                         f"the outputs, e.g. 2,2,2; not {','.join(map(str, sizes))}")
    limits = [("inputs", INPUTS_MAX)] + [("hidden units", HIDDEN_MAX)] * (len(sizes) - 2) + [
        ("outputs", OUTPUTS_MAX)]
    for n, (what, most) in zip(sizes, limits, strict=True):
        if not 1 <= n <= most:
            raise ValueError(f"sizes: 1 to {most} {what} per layer, not {n}")
    return sizes


_number = typed_value  # the step view's check of a typed number, the same messages


def _numbers(name: str, values, n: int) -> tuple[float, ...]:
    values = tuple(values) if isinstance(values, list | tuple | np.ndarray) else (values,)
    if len(values) != n:
        raise ValueError(f"{name}: {len(values)} values for {n} units; give {n}")
    return tuple(_number(name, v) for v in values)


def _matrices(W, sizes) -> tuple:
    if not isinstance(W, list | tuple) or len(W) != len(sizes) - 1:
        raise ValueError(f"W: give {len(sizes) - 1} matrices, one per layer")
    out = []
    for l, rows in enumerate(W):
        if not isinstance(rows, list | tuple | np.ndarray) or len(rows) != sizes[l + 1]:
            raise ValueError(f"W[{l}]: give {sizes[l + 1]} rows (one per unit of layer {l + 1}) "
                             f"of {sizes[l]} weights")
        out.append(tuple(_numbers(f"W[{l}][{j}]", r, sizes[l]) for j, r in enumerate(rows)))
    return tuple(out)


def _vectors(b, sizes) -> tuple:
    if not isinstance(b, list | tuple) or len(b) != len(sizes) - 1:
        raise ValueError(f"b: give {len(sizes) - 1} vectors, one per layer")
    return tuple(_numbers(f"b[{l}]", v, sizes[l + 1]) for l, v in enumerate(b))


def parse_json_list(name: str, text: str, max_chars: int = 20_000):
    """A JSON list from a command line or a link: ``ValueError`` naming the field if it is not."""
    if len(text) > max_chars:
        raise ValueError(f"{name}: longer than {max_chars:,} characters")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError(f"{name}: not a JSON list such as [[0.1, 0.2]]") from None
    if not isinstance(data, list):
        raise ValueError(f"{name}: not a JSON list such as [[0.1, 0.2]]")
    return data


def xavier(sizes, seed: int = 0) -> tuple[list, list]:
    """Seeded Xavier (Glorot) uniform weights, U(±√(6 / (n_in + n_out))), and zero biases."""
    rng = np.random.default_rng(seed)
    W = [rng.uniform(-1, 1, (sizes[l + 1], sizes[l])) * math.sqrt(6 / (sizes[l] + sizes[l + 1]))
         for l in range(len(sizes) - 1)]
    return [w.tolist() for w in W], [[0.0] * n for n in sizes[1:]]


@dataclass(frozen=True)
class Example:
    """A worked example from a text: its setup, where it comes from, what it prints."""

    name: str
    title: str
    source: str  # author, title, section
    link: str
    setup: NetSetup
    note: str = ""
    published: tuple[Published, ...] = ()


EXAMPLES: dict[str, Example] = {e.name: e for e in (
    Example(
        "mazur", "Mazur's 2-2-2 network",
        "Matt Mazur, \"A Step by Step Backpropagation Example\" (2015)",
        "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/",
        NetSetup(sizes=(2, 2, 2), W=(((0.15, 0.20), (0.25, 0.30)), ((0.40, 0.45), (0.50, 0.55))),
                 b=((0.35, 0.35), (0.60, 0.60)), acts=("sigmoid", "sigmoid"), x=(0.05, 0.10),
                 y=(0.01, 0.99), lr=0.5, loss="mse", update_bias=False),
        "One bias per layer shared by its units (b1 = 0.35, b2 = 0.60), never updated; the loss "
        "is ½-squared error summed over the two outputs.",
        # As printed in the post (checked twice against it); his w5..w8 are W[1], w1..w4 W[0].
        tuple(Published(*p) for p in (
            ("out_h1", "0.593269992", ("forward", "a", 1, 0)),
            ("out_h2", "0.596884378", ("forward", "a", 1, 1)),
            ("net_o1", "1.105905967", ("forward", "z", 1, 0)),
            ("out_o1", "0.75136507", ("forward", "a", 2, 0)),
            ("out_o2", "0.772928465", ("forward", "a", 2, 1)),
            ("E_total", "0.298371109", ("forward", "loss")),
            ("∂E_total/∂out_o1", "0.74136507", ("backward", "dL_da", 2, 0)),
            ("∂out_o1/∂net_o1", "0.186815602", ("da_dz", 1, 0)),
            ("∂E_total/∂w5", "0.082167041", ("backward", "dL_dW", 1, 0, 0)),
            ("w5+", "0.35891648", ("update", "W", 1, 0, 0)),
            ("w6+", "0.408666186", ("update", "W", 1, 0, 1)),
            ("w7+", "0.511301270", ("update", "W", 1, 1, 0)),
            ("w8+", "0.561370121", ("update", "W", 1, 1, 1)),
            ("∂E_total/∂out_h1", "0.036350306", ("backward", "dL_da", 1, 0)),
            ("∂out_h1/∂net_h1", "0.241300709", ("da_dz", 0, 0)),
            ("∂E_total/∂w1", "0.000438568", ("backward", "dL_dW", 0, 0, 0)),
            ("w1+", "0.149780716", ("update", "W", 0, 0, 0)),
            ("w2+", "0.19956143", ("update", "W", 0, 0, 1)),
            ("w3+", "0.24975114", ("update", "W", 0, 1, 0)),
            ("w4+", "0.29950229", ("update", "W", 0, 1, 1)),
            ("E_total after the first update", "0.291027924", ("after",),
             "It follows when the hidden layer's δ is computed with the already updated "
             "output weights w5+…w8+ (that gives 0.291027924): the update order his own worked "
             "steps for w1…w4 avoid. With the old weights, as the chain rule and his w1+…w4+ "
             "have it, the error after the update is 0.291027774."),
        ))),
    Example(
        "xor", "XOR with 2-2-1",
        "A 2-2-1 sigmoid network whose weights solve XOR (hand-set: OR and NAND units, then AND)",
        "",
        NetSetup(sizes=(2, 2, 1), W=(((6.0, 6.0), (-6.0, -6.0)), ((8.0, 8.0),)),
                 b=((-3.0, 9.0), (-12.0,)), acts=("sigmoid", "sigmoid"), x=(1.0, 0.0), y=(1.0,),
                 lr=0.5, loss="mse")),
    Example(
        "2-4-1", "A 2-4-1 network", "Xavier-initialised (seed 0), tanh hidden units",
        "",
        NetSetup(sizes=(2, 4, 1), W=tuple(xavier((2, 4, 1), 0)[0]), b=((0.0,) * 4, (0.0,)),
                 acts=("tanh", "sigmoid"), x=(1.0, 0.0), y=(1.0,), lr=0.5, loss="mse")),
    Example(
        "neuron", "The single neuron",
        "This project's source text: the document's worked example (no hidden layer)", "",
        NetSetup(sizes=(2, 1), W=(((0.2, 0.4),),), b=((0.1,),), acts=("sigmoid",),
                 x=(0.5, 0.3), y=(1.0,), lr=0.01, loss="mse")),
)}


def _l(arrays) -> list:
    return [np.asarray(a).tolist() for a in arrays]


def step_dict(setup: NetSetup) -> dict:
    """One iteration as plain data, full precision (the ``net --format json`` contract)."""
    setup = setup.validated()
    _, fwd, bwd, upd = setup.step()
    return {
        "config": {"sizes": list(setup.sizes), "W": _l(setup.W), "b": _l(setup.b),
                   "activation": list(setup.acts), "loss": setup.loss, "lr": setup.lr,
                   "update_bias": setup.update_bias, "x": list(setup.x), "y": list(setup.y)},
        "forward": {"z": [z[0].tolist() for z in fwd.z], "a": [a[0].tolist() for a in fwd.a],
                    "loss": fwd.loss},
        "backward": {"dL_da": [d[0].tolist() for d in bwd.dL_da],
                     "delta": [d[0].tolist() for d in bwd.delta],
                     "dL_dW": _l(bwd.dL_dW), "dL_db": _l(bwd.dL_db)},
        "update": {"W": _l(upd.net.W), "b": _l(upd.net.b)},
    }


def accuracy(net: nn.Net, X, Y) -> float:
    """The fraction of samples whose every output is on its target's side of 0.5."""
    fwd = nn.forward(net, X, Y, LOSSES["mse"])
    return float(np.mean(np.all((fwd.a[-1] - 0.5) * (fwd.y - 0.5) > 0, axis=1)))


def _layers(sizes) -> list[tuple[int, int]]:
    """Where each layer's W sits in a row of Net.theta: (start, stop)."""
    out, at = [], 0
    for l in range(len(sizes) - 1):
        out.append((at, at + sizes[l + 1] * sizes[l]))
        at += sizes[l + 1] * (sizes[l] + 1)
    return out


def train_dict(net: nn.Net, X, Y, loss_name: str, how) -> dict:
    """Train (``how``: a :class:`neuron.train.Descent`) and summarise, as the ``net-train
    --format json`` contract has it without its config: ``final`` {W, b, loss, accuracy},
    ``history`` {loss, grad_norm}, ``stopped``.

    ``history.loss[k]`` is the mean loss at the start of epoch k (k = 0 … epochs_run);
    ``history.grad_norm[k][l]`` the size ‖∂L/∂W‖ of layer l+1's weight gradient there.
    """
    from .train import train  # (loaded when first used)

    h = train(net, X, Y, get_loss(loss_name), how)
    final = net.with_theta(h.theta[-1])
    norms = [np.linalg.norm(h.grad[:, a:b], axis=1) for a, b in _layers(h.sizes)]
    return {
        "final": {"W": _l(final.W), "b": _l(final.b), "loss": float(h.loss[-1]),
                  "accuracy": accuracy(final, X, Y)},
        "history": {"loss": h.loss.tolist(), "grad_norm": np.column_stack(norms).tolist()},
        "epochs_run": h.epochs_run, "stopped": h.stopped,
    }


def computed(setup: NetSetup, path: tuple) -> float:
    """The computed value at ``path`` of a :class:`Published` number."""
    setup = setup.validated()
    if path[0] == "after":  # the loss of the updated network on the same sample
        upd = setup.step()[3]
        return nn.forward(upd.net, [setup.x], [setup.y], setup.loss_fn).loss
    if path[0] == "da_dz":  # σ′ of a unit (not part of the JSON contract)
        return float(setup.step()[2].da_dz[path[1]][0][path[2]])
    data = step_dict(setup)
    for p in path:
        data = data[p]
    return float(data)


def compare(example: Example) -> list[dict]:
    """Each printed number beside the computed one at the source's own precision
    (:func:`neuron.published.row`: ``agrees``, or ``note`` says why it does not). An example
    is a constant: its comparison is computed once (4 ms for Mazur's, once per click before)."""
    return [dict(r) for r in _compared(example)]


@functools.lru_cache(maxsize=8)
def _compared(example: Example) -> tuple[tuple, ...]:
    return tuple(tuple(row(p, computed(example.setup, p.path)).items())
                 for p in example.published)


LINK_MAX_CHARS = 4000  # a network link's setup (4-4-4-2 with 6 decimals is about 1,500)


def setup_json(setup: NetSetup) -> str:
    """The setup as compact JSON (a link's ``net`` parameter, the page's setup file)."""
    return json.dumps({"sizes": list(setup.sizes), "W": _l(setup.W), "b": _l(setup.b),
                       "acts": list(setup.acts), "x": list(setup.x), "y": list(setup.y),
                       "lr": setup.lr, "loss": setup.loss, "bias": setup.update_bias},
                      separators=(",", ":"))


def parse_setup_json(text: str) -> NetSetup:
    """A setup from :func:`setup_json`'s text; ``ValueError`` naming what is wrong."""
    if len(text) > LINK_MAX_CHARS:
        raise ValueError(f"net: longer than {LINK_MAX_CHARS:,} characters")
    try:
        d = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("net: not a network setup (not JSON)") from None
    keys = {"sizes", "W", "b", "acts", "x", "y", "lr", "loss", "bias"}
    if not isinstance(d, dict) or set(d) != keys:
        raise ValueError("net: not a network setup (it needs exactly " + ", ".join(sorted(keys))
                         + ")")
    if not isinstance(d["sizes"], list) or not all(isinstance(s, int) for s in d["sizes"]):
        raise ValueError("net: sizes must be a list of whole numbers")
    if not isinstance(d["acts"], list) or not all(isinstance(a, str) for a in d["acts"]):
        raise ValueError("net: acts must be a list of activation names")
    if not isinstance(d["loss"], str) or not isinstance(d["bias"], bool):
        raise ValueError("net: loss must be a name and bias true or false")
    return NetSetup(sizes=tuple(d["sizes"]), W=d["W"], b=d["b"], acts=tuple(d["acts"]),
                    x=d["x"], y=d["y"], lr=d["lr"], loss=d["loss"],
                    update_bias=d["bias"]).validated()


def link(setup: NetSetup, example: str, iteration: int, stage: int) -> dict[str, str]:
    """Query parameters that reopen the network page at this iteration (from 1) and stage."""
    out = {"page": "network"}
    if example in EXAMPLES and EXAMPLES[example].setup.validated() == setup:
        out["example"] = example
    else:
        out["net"] = setup_json(setup)
    return out | {"iter": str(iteration), "stage": str(stage)}


def parse_link(params) -> tuple[NetSetup, str, int, int, list[str]]:
    """(setup, example or "custom", iteration from 1, stage, warnings) from a network link;
    a bad field is said in a warning and falls back to Mazur's example, iteration 1, stage 0."""
    from .netstages import stages

    warnings, example = [], "mazur"
    setup = EXAMPLES["mazur"].setup.validated()
    if "net" in params:
        try:
            setup, example = parse_setup_json(str(params["net"])), "custom"
        except ValueError as e:
            warnings.append(f"{e}; showing Mazur's example")
    elif "example" in params:
        name = str(params["example"])
        if name in EXAMPLES:
            setup, example = EXAMPLES[name].setup.validated(), name
        else:
            warnings.append(f"example: {name[:30]!r} is not one of {', '.join(EXAMPLES)}; "
                            "showing Mazur's example")
    last = len(stages(len(setup.sizes) - 1)) - 1
    values = {}
    for key, lo, hi in (("iter", 1, 10_001), ("stage", 0, last)):
        text = str(params.get(key, lo))
        try:
            v = int(text)
            if not lo <= v <= hi:
                raise ValueError
            values[key] = v
        except ValueError:
            warnings.append(f"{key}: {text[:30]!r} is not a whole number from {lo} to {hi}")
            values[key] = lo
    extra = sorted(set(params) - {"page", "net", "example", "iter", "stage"})
    if extra:
        warnings.append(f"unknown parameter{'s' if len(extra) > 1 else ''} "
                        + ", ".join(repr(k[:30]) for k in extra[:10]) + " ignored")
    return setup, example, values["iter"], values["stage"], warnings
