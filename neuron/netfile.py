"""The network page's setup file: the whole setup, iteration and stage, saved and restored.

The file is JSON that a person can read and edit::

    {"app": "backprop-lab", "page": "network", "version": 1,
     "setup": {"sizes": [2, 2, 2], "W": [...], "b": [...], "acts": [...], "x": [...],
               "y": [...], "lr": 0.5, "loss": "mse", "bias": false},
     "iteration": 1, "stage": 0}

``setup`` is :func:`neuron.network.setup_json`'s record (the link's ``net``), checked by the
same code; ``iteration`` (from 1) and ``stage`` by the link's rules, a bad one said in a
warning and replaced by 1 and 0. A file that is too large, not JSON, the step view's setup
file or no setup at all is refused with a ``ValueError`` saying which.
"""

from __future__ import annotations

import json

from .network import EXAMPLES, NetSetup, parse_link, parse_setup_json, setup_json

FILE_MAX_BYTES = 20_000  # a 4-4-4-2 network's file, every number in full, is about 2.5 KB
KEYS = {"app", "page", "version", "setup", "iteration", "stage"}


def setup_file(setup: NetSetup, iteration: int = 1, stage: int = 0) -> str:
    """The file that :func:`parse_setup_file` restores to ``setup`` at ``iteration`` (from 1)
    and ``stage``."""
    fields = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}"  # one line per field
                         for k, v in json.loads(setup_json(setup)).items())
    return (f'{{\n  "app": "backprop-lab", "page": "network", "version": 1,\n  "setup": {{\n'
            f'{fields}\n  }},\n  "iteration": {int(iteration)}, "stage": {int(stage)}\n}}\n')


def example_of(setup: NetSetup) -> str:
    """The example ``setup`` is, or "custom"."""
    return next((n for n, e in EXAMPLES.items() if e.setup.validated() == setup), "custom")


def parse_setup_file(raw: bytes) -> tuple[NetSetup, str, int, int, list[str]]:
    """(setup, example or "custom", iteration from 1, stage, warnings) from a setup file;
    ``ValueError`` with the reason when it is not a usable network setup file."""
    if len(raw) > FILE_MAX_BYTES:
        raise ValueError(f"the file is larger than {FILE_MAX_BYTES:,} bytes; a network's "
                         "setup file is a few KB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("the file is not JSON: choose a setup file saved with "
                         "\"Setup (JSON)\" on this page") from None
    except RecursionError:  # '[' * 10000 ...
        raise ValueError("this is not a network setup file (it is nested thousands of levels "
                         "deep)") from None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"this is not a network setup file ({e})") from None
    if not isinstance(data, dict) or data.get("app") != "backprop-lab":
        raise ValueError("this is not a Backprop Lab setup file (no \"app\": \"backprop-lab\")")
    if data.get("page") != "network" and "params" in data:
        raise ValueError("this is the step view's setup file (one neuron): restore it on the "
                         "Step by step page, under Export & share")
    if data.get("page") != "network" or not isinstance(data.get("setup"), dict):
        raise ValueError("this is not a network setup file (no \"page\": \"network\" and "
                         "\"setup\" object)")
    try:
        setup = parse_setup_json(json.dumps(data["setup"]))
    except ValueError as e:
        raise ValueError("setup: " + str(e).removeprefix("net: ")) from None
    view, warnings = {}, []
    for key, name in (("iter", "iteration"), ("stage", "stage")):
        v = data.get(name, 1 if name == "iteration" else 0)
        if isinstance(v, bool) or not isinstance(v, int | str):
            warnings.append(f"{name}: not a whole number")
        else:
            view[key] = str(v)[:40]
    _, _, it, stage, more = parse_link({"net": setup_json(setup), **view})
    warnings += [w.replace("iter:", "iteration:", 1) for w in more]
    extra = sorted(k for k in data if k not in KEYS)
    if extra:
        warnings.append("unknown field" + ("s " if len(extra) > 1 else " ")
                        + ", ".join(repr(k[:30]) for k in extra[:10]) + " ignored")
    return setup, example_of(setup), it, stage, warnings
