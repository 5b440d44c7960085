"""The command line: ``python -m neuron step`` and ``python -m neuron train``.

Every option of ``step`` defaults to the document's example. Bad arguments exit with status 2
and one line on stderr saying what is wrong.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import math
import os
import re
import sys
import unicodedata
from dataclasses import replace

import numpy as np

from . import datasets, netcli
from .activations import ACTIVATIONS
from .config import BY_NAME as FIELD
from .config import DEFAULT, check_lr
from .core import neuron
from .examples import EXAMPLES
from .losses import LOSSES, TRAIN_LOSSES
from .network import EXAMPLES as NET_EXAMPLES
from .report import FORMATS, json_safe, render_step
from .train import EPOCHS_MAX, Descent, init_weights, train

# Whatever starts with "-" and float() reads (-4e-1, -1E-5, -.5, -5., -inf, -nan) is a value,
# not an option; argparse alone only knows -4 and -0.4 (its ``_negative_number_matcher``).
_NEGATIVE_NUMBER = re.compile(r"^-(?:(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?"
                              r"|(?i:inf|infinity|nan))$")


# How a symbol is written where the output's encoding lacks it (PYTHONIOENCODING=cp1252 or
# ascii, a Windows console): by its ASCII name, never a UnicodeEncodeError.
_ASCII = {"η": "eta", "σ": "sigma", "ŷ": "y_hat", "∂": "d", "ᵢ": "_i", "←": "<-", "→": "->",
          "−": "-", "·": "*", "×": "x", "½": "1/2", "±": "+/-", "≈": "~", "≤": "<=", "≥": ">=",
          "…": "...", "′": "'", "α": "alpha", "β": "beta", "δ": "delta", "ε": "eps",
          "θ": "theta", "λ": "lambda", "Σ": "sum", "∑": "sum", "√": "sqrt", "∞": "inf",
          "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}
_SUPERSCRIPT = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+", strict=True))


def _ascii_names(err: UnicodeError):
    """Codec error handler: the characters the encoding lacks, by their ASCII names (10⁻⁵ as
    10^-5, ŷ as y_hat, é as e, anything else as ?)."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out, sup = [], False
    for c in err.object[err.start:err.end]:
        if c in _SUPERSCRIPT:
            out.append(("" if sup else "^") + _SUPERSCRIPT[c])
        else:
            plain = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
            out.append(_ASCII.get(c) or plain or "?")
        sup = c in _SUPERSCRIPT
    return "".join(out), err.end


codecs.register_error("neuron.ascii-names", _ascii_names)


def _write(stream, text: str) -> None:
    """Write ``text`` in the stream's encoding, a symbol it lacks by its ASCII name."""
    enc = getattr(stream, "encoding", None) or "utf-8"
    try:
        text = text.encode(enc, "neuron.ascii-names").decode(enc)
    except (LookupError, UnicodeError):
        text = text.encode("ascii", "neuron.ascii-names").decode("ascii")
    stream.write(text)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str):  # one clear line, exit status 2
        self.exit(2, f"{self.prog}: error: {message}\n")

    def _print_message(self, message: str, file=None) -> None:  # --help, usage, errors
        if message:
            with contextlib.suppress(AttributeError, OSError):  # as argparse: no stream
                _write(file or sys.stderr, message)


def _number(check):
    """An argparse ``type``: a finite float within the page's limits (``check``), else a
    refusal that argparse prefixes with the option's name ("argument --w: ...")."""
    def read(text: str) -> float:
        v = float(text)  # ValueError: argparse says "invalid float value: 'abc'"
        if not math.isfinite(v):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        try:
            return check(v)
        except ValueError as e:  # drop the page's field name; argparse names the option
            raise argparse.ArgumentTypeError(str(e).split(": ", 1)[-1]) from None
    read.__name__ = "float"
    return read


def _each(read):
    """An argparse ``type`` for one word of a list option: one value, or several separated
    by commas (``--x 0.5,0.3``, as the links write them), each read by ``read``."""
    def read_all(text: str) -> tuple[float, ...]:
        return tuple(read(t) for t in text.split(","))
    read_all.__name__ = "float"
    return read_all


class Listed(argparse.Action):
    """A list option's words (``--x 0.5 0.3`` or ``--x 0.5,0.3``, or both) as one flat list."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, [v for word in values for v in word])


# The limits are the field table's (neuron.config.FIELDS), as on the page and in a link.
_value = _number(FIELD["b"].check)  # |v| ≤ VALUE_MAX, as for x, w, b and y
_values = _each(_value)  # a list option's word
_lr = _number(FIELD["lr"].check)  # 0 ≤ η ≤ LR_MAX


_LOSS_HELP = "; ".join(f"{k}: {LOSSES[k].why}" for k in LOSSES)


def _common(p: argparse.ArgumentParser, losses, default=DEFAULT) -> None:
    """--b, --lr, --activation and --loss; ``default`` None: the example decides."""
    p.add_argument("--b", type=_value, help="bias")
    p.add_argument("--lr", type=_lr, default=default and default.lr, help="learning rate η")
    p.add_argument("--activation", choices=list(ACTIVATIONS),
                   default=default and default.activation)
    p.add_argument("--loss", choices=list(losses), default=default and default.loss,
                   help=_LOSS_HELP if len(losses) == len(LOSSES) else None)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m neuron",
                description="Backpropagation through one neuron, or a small network.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("step", help="print one full iteration (forward, backward, update)")
    s.add_argument("--example", choices=list(EXAMPLES), default=None,
                   help="start from an example (default: document, this project's source "
                        "note); the options given change it. `examples` lists them")
    s.add_argument("--x", type=_values, nargs="+", action=Listed, metavar="X",
                   help="inputs: 0.5 0.3 or 0.5,0.3")
    s.add_argument("--w", type=_values, nargs="+", action=Listed, metavar="W")
    s.add_argument("--y", type=_value, help="target")
    s.add_argument("--no-bias-update", action="store_true", help="keep the bias as it is")
    s.add_argument("--format", choices=FORMATS, default="text")
    _common(s, LOSSES, None)
    sub.add_parser("examples", help="list the worked examples and their sources")
    t = sub.add_parser("train", help="train on a dataset and print the history")
    src = t.add_mutually_exclusive_group()
    src.add_argument("--dataset", choices=list(datasets.DATASETS), default="example")
    src.add_argument("--data", metavar="FILE.csv", help="a CSV file (header row, numbers)")
    t.add_argument("--epochs", type=int, default=100, help=f"1 to {EPOCHS_MAX}")
    t.add_argument("--batch", default="full", help="full, sgd, or a mini-batch size")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--w", type=_values, nargs="+", action=Listed, metavar="W",
                   help="initial weights (default: the example's, else zeros)")
    t.add_argument("--init", choices=("zeros", "random"), default=None,
                   help="initial weights when --w is not given")
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.add_argument("--no-early-stop", action="store_true",
                   help="run through warning signs (swings, saturation); stop only on overflow")
    _common(t, TRAIN_LOSSES)
    netcli.add_commands(sub, _values, _lr)
    return p


def _step(a: argparse.Namespace) -> str:
    """The example's setup (the document's by default) with the options given put in; the
    source's printed numbers are compared when --example names one and nothing changed it."""
    ex = EXAMPLES[a.example or "document"]
    given = {"x": a.x and tuple(a.x), "w": a.w and tuple(a.w), "b": a.b, "y": a.y, "lr": a.lr,
             "activation": a.activation, "loss": a.loss,
             "update_bias": False if a.no_bias_update else None}
    cfg = replace(ex.config, **{k: v for k, v in given.items() if v is not None})
    if a.x is not None and a.w is None and len(a.x) != len(cfg.w):
        raise ValueError(f"--w: the example has {len(cfg.w)} weights for {len(a.x)} inputs; "
                         "give --w with one weight per input")
    shown = ex if a.example and cfg == ex.config and ex.published else None
    return render_step(cfg, a.format, shown)


def _examples(a: argparse.Namespace) -> str:
    """Every example with its source and convention, the network's last."""
    out = []
    for e in EXAMPLES.values():
        out.append(f"{e.name:<11} {e.title}")
        if e.source:
            out += [f"{'':<11}   {e.source}" + (f", {e.link}" if e.link else ""),
                    f"{'':<11}   {e.convention}"]
    for e in NET_EXAMPLES.values():
        out += [f"{e.name:<11} {e.title} (network: python -m neuron net --example {e.name})",
                f"{'':<11}   {e.source}" + (f", {e.link}" if e.link else "")]
    return "\n".join(out) + "\n"


def _bar(done: int, total: int) -> None:
    filled = round(30 * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] epoch {done}/{total}")
    if done == total:
        sys.stderr.write("\n")


def _train(a: argparse.Namespace) -> str:
    check_lr(a.lr)
    if a.data == "":  # "--data ''" used to fall back to the example unsaid
        raise ValueError("--data: the file name is empty; give the path of a CSV file")
    data = (datasets.load_csv(a.data) if a.data is not None
            else datasets.get_dataset(a.dataset, seed=a.seed))
    n = data.X.shape[1]
    if a.w is not None:
        w0, b0 = np.array(a.w), (0.0 if a.b is None else a.b)
    elif a.init is None and data.name == "example":
        w0, b0 = np.array(DEFAULT.w), DEFAULT.b
    else:
        w0, b0 = init_weights(n, a.init or "zeros", a.seed)
        b0 = b0 if a.b is None else a.b
    if len(w0) != n:
        raise ValueError(f"--w: {len(w0)} weights for {n} inputs; give one per input")
    show = a.format == "text" and a.epochs >= 1000 and sys.stderr.isatty()
    how = Descent(a.lr, a.epochs, a.batch, seed=a.seed, watch=not a.no_early_stop)
    h = train(neuron(w0, b0, ACTIVATIONS[a.activation]), data.X, data.y, LOSSES[a.loss], how,
              _bar if show else None)
    k = h.epochs_run
    if a.format == "json":
        out = {"config": {"dataset": a.data or a.dataset, "epochs": a.epochs, "batch": a.batch,
                          "seed": a.seed, "lr": a.lr, "activation": a.activation,
                          "loss": a.loss, "w0": list(map(float, w0)), "b0": float(b0)},
               "final": {"w": h.w[k].tolist(), "b": float(h.b[k]), "loss": float(h.loss[k])},
               "history": {"loss": h.loss[:k].tolist(), "w": h.w[:k].tolist(),
                           "b": h.b[:k].tolist()},
               "stopped": h.stopped}
        return json.dumps(json_safe(out), allow_nan=False) + "\n"  # beyond float64: null
    ws = ", ".join(f"{v:.4f}" for v in h.w[k])
    lines = [f"Trained {k} epochs on {data.name} (m = {data.X.shape[0]}, n = {n}), "
             f"batch {a.batch}, η = {a.lr:g}, {a.activation} + {a.loss}",
             f"loss: {h.loss[0]:.4f} -> {h.loss[k]:.4f}",
             f"final: w = ({ws}), b = {h.b[k]:.4f}"]
    if h.stopped:
        lines.append(f"stopped early: {h.stopped}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        out = {"step": _step, "train": _train, "examples": _examples, "net": netcli.net,
               "net-train": netcli.net_train}[args.command](args)
    except (ValueError, OSError) as e:
        _write(sys.stderr, f"python -m neuron {args.command}: error: {e}\n")
        return 2
    except KeyboardInterrupt:  # Ctrl-C during a long run: one line, the shell's status
        _write(sys.stderr, f"\npython -m neuron {args.command}: interrupted\n")
        return 130
    try:
        _write(sys.stdout, out)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (| head): stop quietly, as Python's docs say
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
