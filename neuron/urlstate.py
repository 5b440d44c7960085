"""The configuration in a link: parse and write URL query parameters, field by field.

A link such as ``?x=0.5,0.3&w=0.2,0.4&b=0.1&y=1&lr=0.01&act=sigmoid&loss=mse&iter=2&stage=3``
opens that setup at "Iteration 2 · Stage 3", counted as the page counts them. ``bias=0``
keeps the bias as it is (Mazur's convention; written only then). ``?example=cs231n`` opens
an example of :mod:`neuron.examples`; other parameters given with it change that example.
(Links written before ``iter`` carry ``it``, the number of iterations done, one less; they
still open.)
Parsing never raises: a parameter that is missing keeps its default, and one that is bad
keeps its default and adds a warning naming the parameter, so a link that is half right
still opens half of what it meant. Like TensorFlow Playground's ``state.ts``, a table of
fields drives both directions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .config import DEFAULT, FIELDS, Config
from .examples import EXAMPLES
from .stages import LAST

MAX_PARAM_CHARS = 400  # longer values are refused before they are parsed
IT_MAX = 10_000  # the step view's iteration counter


@dataclass(frozen=True)
class View:
    """Where in the walk-through the link points: the iteration and the stage in it."""

    it: int = 0
    stage: int = 0


START = View()  # iteration 0, stage 0

def _integer(text: str, lo: int, hi: int) -> int:
    if not text.strip().isdigit() or not lo <= int(text) <= hi:
        raise ValueError(f"{text!r} is not a whole number from {lo} to {hi}")
    return int(text)


def _example(text: str) -> str:
    if text not in EXAMPLES:
        raise ValueError(f"{text!r} is not one of {', '.join(EXAMPLES)}")
    return text


# The setup's keys come from the field table (neuron.config.FIELDS), with their parsing; the
# view's keys and the example's name are the link's own.
BY_KEY = {f.url: f for f in FIELDS}
VIEW_PARSERS = {
    "stage": lambda t: _integer(t, 0, LAST), "iter": lambda t: _integer(t, 1, IT_MAX + 1),
    "it": lambda t: _integer(t, 0, IT_MAX),  # older links: iterations done (iter - 1)
    "example": _example,
}
KEYS = set(BY_KEY) | set(VIEW_PARSERS)


def parse(params: Mapping[str, str], base: Config = DEFAULT) -> tuple[Config, View, list[str]]:
    """(config, view, warnings) from query parameters; bad fields fall back to ``base``."""
    warnings: list[str] = []
    good: dict[str, object] = {}
    unknown = [key for key in params if key not in KEYS]
    if unknown:
        warnings.append(_unknown(unknown))
    for key, raw in params.items():
        if key not in KEYS:
            continue
        text = str(raw)
        if len(text) > MAX_PARAM_CHARS:
            warnings.append(f"{key}: value longer than {MAX_PARAM_CHARS} characters ignored")
            continue
        try:
            if key in VIEW_PARSERS:
                good[key] = VIEW_PARSERS[key](text)
            else:
                good[key] = BY_KEY[key].parse(text)
        except ValueError as e:  # a field's message starts with its key; the view's do not
            said = str(e) if key in BY_KEY else f"{key}: {e}"
            warnings.append(f"{said}; using the default")
    if "example" in good:  # the example first; the link's other fields change it
        base = EXAMPLES[str(good["example"])].config
    fields = {BY_KEY[k].name: v for k, v in good.items() if k in BY_KEY}
    cfg = replace(base, **fields)
    if len(cfg.x) != len(cfg.w):  # keep x (it sets n) and fit w to it
        warnings.append(f"w: {len(cfg.w)} weights for {len(cfg.x)} inputs; using "
                        + ("the default weights" if len(base.w) == len(cfg.x) else "zeros"))
        cfg = replace(cfg, w=base.w if len(base.w) == len(cfg.x) else (0.0,) * len(cfg.x))
    try:
        cfg = cfg.validated()
    except ValueError as e:  # a combination that cannot work, e.g. bce with tanh
        warnings.append(f"{e}; using the default activation and loss")
        cfg = replace(cfg, activation=base.activation, loss=base.loss)
        try:
            cfg = cfg.validated()
        except ValueError as e2:
            warnings.append(f"{e2}; using the default setup")
            cfg = base
    done = int(good["iter"]) - 1 if "iter" in good else int(good.get("it", 0))
    return cfg, View(done, int(good.get("stage", 0))), warnings


UNKNOWN_LISTED, NAME_CHARS = 10, 30  # a warning names at most 10 unknown parameters, cut


def _unknown(keys: list[str]) -> str:
    """One warning for every unknown parameter: a link may carry hundreds (500 made 500)."""
    names = [repr(k if len(k) <= NAME_CHARS else k[:NAME_CHARS] + "…")
             for k in keys[:UNKNOWN_LISTED]]
    if len(keys) == 1:
        return f"unknown parameter {names[0]} ignored"
    more = len(keys) - len(names)
    return (f"{len(keys)} unknown parameters ignored: {', '.join(names)}"
            + (f" and {more} more" if more else ""))


def encode(cfg: Config, view: View = START) -> dict[str, str]:
    """Query parameters that :func:`parse` turns back into exactly ``cfg`` and ``view``: each
    field of the table, written as :meth:`Field.text` writes it (``bias`` only when it is
    off, so that links written before it stay the same), then the view."""
    out = {f.url: f.text(getattr(cfg, f.name)) for f in FIELDS
           if not (f.kind == "bool" and getattr(cfg, f.name) == f.default)}
    return out | {"iter": str(view.it + 1), "stage": str(view.stage)}


SETUP_MAX_BYTES = 20_000


def setup_json(cfg: Config, view: View = START) -> str:
    """The whole setup as a JSON document that :func:`parse_setup` restores exactly."""
    return json.dumps({"app": "backprop-lab", "version": 1, "params": encode(cfg, view)},
                      indent=2)


def parse_setup(raw: bytes) -> tuple[Config, View, list[str]]:
    """A setup saved by :func:`setup_json`; ``ValueError`` if it is not one."""
    if len(raw) > SETUP_MAX_BYTES:
        raise ValueError(f"the file is larger than {SETUP_MAX_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"the file is not JSON ({e})") from None
    except RecursionError:  # '[' * 10000 ...: nested deeper than Python's recursion limit
        raise ValueError("this is not a Backprop Lab setup (it is nested thousands of levels "
                         "deep)") from None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"this is not a Backprop Lab setup ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("params"), dict):
        raise ValueError('this is not a Backprop Lab setup (no "params" object)')
    params, warnings = {}, []
    for k, v in data["params"].items():
        if isinstance(v, list | dict):  # never str() them: a deep one exhausts the recursion
            warnings.append(f"{k}: {'a list' if isinstance(v, list) else 'an object'}, not a "
                            "value; using the default")
        else:
            params[k] = str(v)
    cfg, view, more = parse(params)
    return cfg, view, warnings + more
