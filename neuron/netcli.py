"""The network commands of the command line: ``net`` (one iteration) and ``net-train``.

``python -m neuron net`` starts from an example (``--example``, Mazur's 2-2-2 by default) and
takes every option given over it; a new ``--sizes`` without ``--W``/``--b`` draws seeded Xavier
weights and zero biases (``--seed``). ``python -m neuron net-train`` trains a network (2-4-1 on
XOR by default) and prints a summary or, with ``--format json``, ``final``, ``history`` and
``stopped``. Errors are ``ValueError``s with a message; :mod:`neuron.cli` turns them into
one line and exit status 2.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from . import datasets
from .activations import ACTIVATIONS
from .config import check_lr
from .net import Net
from .netreport import FORMATS, render_net
from .network import EXAMPLES, NET_LOSSES, NetSetup, check_net, parse_json_list, train_dict, xavier
from .report import json_safe
from .train import EPOCHS_MAX, Descent

EXAMPLE = "mazur"  # what `net` shows without --example


def _sizes(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(s) for s in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole numbers separated by commas, "
                                         "e.g. 2,2,2") from None


def _acts(text: str) -> tuple[str, ...]:
    names = tuple(s.strip() for s in text.split(","))
    for n in names:
        if n not in ACTIVATIONS:
            raise argparse.ArgumentTypeError(f"{n!r} is not one of {', '.join(ACTIVATIONS)}")
    return names


def add_commands(sub, numbers, rate) -> None:
    """Add ``net`` and ``net-train`` to the command line's subparsers (``numbers`` and
    ``rate``: how the command line reads one word of a list of values, ``0.5`` or
    ``0.5,0.3``, and a learning rate, the same for every command)."""
    from .cli import Listed
    n = sub.add_parser("net", help="one iteration of a network with hidden layers")
    n.add_argument("--example", choices=list(EXAMPLES), default=None,
                   help=f"start from a worked example (default: {EXAMPLE})")
    n.add_argument("--sizes", type=_sizes, help="units per layer, inputs first: 2,2,2")
    n.add_argument("--x", type=numbers, nargs="+", action=Listed, metavar="X")
    n.add_argument("--y", type=numbers, nargs="+", action=Listed, metavar="Y",
                   help="targets, one per output")
    n.add_argument("--W", help="JSON list of matrices W[l][j][i] (unit i of layer l to unit j "
                   "of layer l+1)")
    n.add_argument("--b", help="JSON list of bias vectors, one per layer")
    n.add_argument("--lr", type=rate, help="learning rate η")
    n.add_argument("--activation", type=_acts, help="one name, or one per layer: tanh,sigmoid")
    n.add_argument("--loss", choices=NET_LOSSES, help="mse: ½(a − y)² summed over the outputs; "
                   "se: without ½; bce: cross-entropy (sigmoid outputs)")
    n.add_argument("--no-bias-update", action="store_true", help="keep the biases as they are")
    n.add_argument("--seed", type=int, default=0, help="Xavier weights for new --sizes")
    n.add_argument("--format", choices=FORMATS, default="text")
    t = sub.add_parser("net-train", help="train a network with hidden layers")
    src = t.add_mutually_exclusive_group()
    src.add_argument("--dataset", choices=list(datasets.DATASETS), default="xor")
    src.add_argument("--data", metavar="FILE.csv", help="a CSV file (header row, numbers)")
    t.add_argument("--sizes", type=_sizes, default=(2, 4, 1))
    t.add_argument("--epochs", type=int, default=5000, help=f"1 to {EPOCHS_MAX}")
    t.add_argument("--lr", type=rate, default=2.0)
    t.add_argument("--batch", default="full", help="full, sgd, or a mini-batch size")
    t.add_argument("--seed", type=int, default=0, help="Xavier weights and the batch order")
    t.add_argument("--W")
    t.add_argument("--b")
    t.add_argument("--activation", type=_acts, default=("sigmoid",))
    t.add_argument("--loss", choices=NET_LOSSES, default="mse")
    t.add_argument("--no-early-stop", action="store_true",
                   help="run through warning signs (swings, saturation); stop only on overflow")
    t.add_argument("--format", choices=("text", "json"), default="text")


def _params(a: argparse.Namespace, sizes, W0=None, b0=None):
    """W and b from --W/--b, else the given ones, else seeded Xavier and zeros."""
    W, b = xavier(sizes, a.seed)
    W = parse_json_list("--W", a.W) if a.W is not None else (W0 if W0 is not None else W)
    b = parse_json_list("--b", a.b) if a.b is not None else (b0 if b0 is not None else b)
    return W, b


def net(a: argparse.Namespace) -> str:
    base = EXAMPLES[a.example or EXAMPLE].setup
    sizes = a.sizes or base.sizes
    same = tuple(sizes) == base.sizes
    W, b = _params(a, sizes, base.W if same else None, base.b if same else None)
    for name, given in (("x", a.x), ("y", a.y)):
        if given is None and not same:
            raise ValueError(f"--{name}: give {'inputs' if name == 'x' else 'targets'} for the "
                             f"new sizes {','.join(map(str, sizes))}")
    setup = NetSetup(sizes=sizes, W=W, b=b, acts=a.activation or base.acts,
                     x=tuple(a.x) if a.x else base.x, y=tuple(a.y) if a.y else base.y,
                     lr=base.lr if a.lr is None else a.lr, loss=a.loss or base.loss,
                     update_bias=base.update_bias and not a.no_bias_update)
    return render_net(setup, a.format)


def net_train(a: argparse.Namespace) -> str:
    check_lr(a.lr)
    data = datasets.load_csv(a.data) if a.data else datasets.get_dataset(a.dataset, seed=a.seed)
    X, Y = np.array(data.X), np.array(data.y)
    sizes = tuple(a.sizes)
    if sizes[0] != data.n:
        raise ValueError(f"--sizes: the data have {data.n} inputs, the network {sizes[0]}")
    if sizes[-1] != 1:
        raise ValueError(f"--sizes: the data have one target per sample, the network "
                         f"{sizes[-1]} outputs")
    W, b = _params(a, sizes)
    sizes, W, b, acts = check_net(sizes, W, b, a.activation, a.loss)
    network = Net.of(W, b, [ACTIVATIONS[name] for name in acts])
    how = Descent(a.lr, a.epochs, a.batch, seed=a.seed, watch=not a.no_early_stop)
    out = train_dict(network, X, Y, a.loss, how)
    config = {"sizes": list(sizes), "dataset": a.data or a.dataset, "epochs": a.epochs,
              "lr": a.lr, "batch": a.batch, "seed": a.seed, "activation": list(acts),
              "loss": a.loss, "W0": [np.asarray(w).tolist() for w in W],
              "b0": [list(v) for v in b]}
    if a.format == "json":
        return json.dumps(json_safe({"config": config, **out}), allow_nan=False) + "\n"
    f, hist = out["final"], out["history"]["loss"]
    lines = [f"Trained a {'-'.join(map(str, sizes))} network ({', '.join(acts)}) for "
             f"{out['epochs_run']} epochs on {data.name} (m = {data.m}), batch {a.batch}, "
             f"η = {a.lr:g}, loss {a.loss}",
             f"loss: {hist[0]:.4f} -> {f['loss']:.4f}",
             f"accuracy: {f['accuracy']:.0%} of the samples on their target's side of 0.5"]
    if out["stopped"]:
        lines.append(f"stopped early: {out['stopped']}")
    return "\n".join(lines) + "\n"
