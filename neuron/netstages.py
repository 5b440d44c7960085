"""The stages of one iteration through a network, and what each one has revealed.

A network of L layers walks through 4L + 3 stages (11 for Mazur's 2-2-2)::

    0           inputs and parameters
    1 … 2L      layer l's z, then its a (the forward pass, layer by layer)
    2L + 1      the loss
    2L + 2      the output layer's δ = ∂L/∂a ⊙ σ′(z)
    …           each hidden layer's δ, from the top down: ∂L/∂h as the sum over the weights
                the unit feeds, times σ′(z)
    …           each layer's ∂L/∂W and ∂L/∂b, from the output layer down
    4L + 2      the update of every weight and bias, from the old weights' gradients

Each :class:`NetStage` is one record: its key, title, the layer it is about, and the
quantities known once it is reached (:func:`known`), which the graph, the equations and the
quiz read. Layers are counted as in :mod:`neuron.net`: z and δ of layers 1..L, a of 0..L.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class NetStage:
    key: str  # "start", "z1", "a1", …, "loss", "delta2", "delta1", "grad2", "grad1", "update"
    title: str
    layer: int  # the layer it is about (0: none)
    kind: str  # "start", "z", "a", "loss", "delta", "grad", "update"


@cache
def stages(L: int) -> tuple[NetStage, ...]:
    """The stages of one iteration of an L-layer network, in order."""
    if L < 1:
        raise ValueError(f"a network has at least one layer, not {L}")

    def name(l: int) -> str:
        return "the output layer" if l == L else f"hidden layer {l}"
    out = [NetStage("start", "Inputs and parameters", 0, "start")]
    for l in range(1, L + 1):
        out.append(NetStage(f"z{l}", f"Weighted sums z of {name(l)}", l, "z"))
        out.append(NetStage(f"a{l}", f"Activations a of {name(l)}", l, "a"))
    out.append(NetStage("loss", "The loss", L, "loss"))
    out.append(NetStage(f"delta{L}", "δ of the output layer: ∂L/∂a · σ′(z)", L, "delta"))
    for l in range(L - 1, 0, -1):
        out.append(NetStage(f"delta{l}", f"δ of hidden layer {l}: the error sent back through "
                            "the weights, summed", l, "delta"))
    for l in range(L, 0, -1):
        out.append(NetStage(f"grad{l}", f"Gradients ∂L/∂W and ∂L/∂b of {name(l)}", l, "grad"))
    out.append(NetStage("update", "The update: every weight with the old weights' gradients",
                        0, "update"))
    return tuple(out)


def known(L: int, stage: int) -> frozenset[tuple[str, int]]:
    """What is known at ``stage`` (index into :func:`stages`): pairs (quantity, layer) with
    quantities "z", "a" (layers 1..L; a of layer 0, the inputs, is always known), "loss",
    "dL_da" and "delta" (layers 1..L), "dL_dW" (layers 1..L, with dL_db), "update"."""
    got: set[tuple[str, int]] = {("a", 0)}
    for s in stages(L)[1: stage + 1]:
        if s.kind in ("z", "a"):
            got.add((s.kind, s.layer))
        elif s.kind == "loss":
            got.add(("loss", L))
        elif s.kind == "delta":
            got |= {("dL_da", s.layer), ("delta", s.layer)}
        elif s.kind == "grad":
            got.add(("dL_dW", s.layer))
        elif s.kind == "update":
            got.add(("update", 0))
    return frozenset(got)
