"""The network page's numbers as a table, layer by layer: for a screen reader, and for
students who read a table more easily than a graph.

One row per quantity and layer: the inputs x; for each layer its z, a, ∂L/∂a, σ′(z), δ, its
bias b and ∂L/∂b, then for each unit j the row of weights W[j,·] into it, their gradients
and, at the update, their new values; the targets y and the loss. The columns ``unit 1`` …
hold one value per unit of the layer (for a row of weights, per unit of the layer below,
which the row's name says). A value not computed yet is empty, one that quiz mode hides
until it is predicted is "?"; ``this stage`` marks the rows the current stage computes.
"""

from __future__ import annotations

from .fmt import num
from .netreport import _unit
from .netstages import known
from .network import NetSetup

CURRENT = "◀ computed now"


def stage_table(setup: NetSetup, stage: int, hidden: frozenset[tuple[str, int]] = frozenset(),
                it=None) -> list[dict]:
    """The rows of the table at ``stage`` (an index of :func:`neuron.netstages.stages`);
    ``hidden`` as :func:`neuron.netgraph.network_spec`'s; ``it`` is ``setup.step()`` if
    already computed. Every row has the keys ``layer``, ``quantity``, ``unit 1`` … ``unit N``
    (N the widest layer) and ``this stage``."""
    net, fwd, bwd, upd = it or setup.step()
    sizes, L = setup.sizes, len(setup.sizes) - 1
    now = known(L, stage)
    new = now - (known(L, stage - 1) if stage else frozenset())
    cols = [f"unit {k + 1}" for k in range(max(sizes))]
    rows: list[dict] = []

    def row(layer: str, quantity: str, values, what: tuple[str, int] | None) -> None:
        if what is None or what in now and what not in hidden:
            cells = [num(float(v)) for v in values]
        else:
            cells = ["?" if what in hidden else ""] * len(values)
        rows.append({"layer": layer, "quantity": quantity}
                    | dict(zip(cols, cells + [""] * (len(cols) - len(cells)), strict=True))
                    | {"this stage": CURRENT if what in new else ""})

    row("0: inputs", "x", fwd.a[0][0], None)
    for l in range(1, L + 1):
        name = f"{l}: {'output' if l == L else 'hidden'}"
        row(name, "z = W a + b", fwd.z[l - 1][0], ("z", l))
        row(name, f"a = {net.acts[l - 1].symbol}(z)", fwd.a[l][0], ("a", l))
        row(name, "∂L/∂a", bwd.dL_da[l][0], ("dL_da", l))
        row(name, f"{net.acts[l - 1].symbol}′(z)", bwd.da_dz[l - 1][0], ("delta", l))
        row(name, "δ = ∂L/∂z", bwd.delta[l - 1][0], ("delta", l))
        row(name, "b", net.b[l - 1], None)
        row(name, "∂L/∂b = δ", bwd.dL_db[l - 1], ("dL_dW", l))
        for j in range(sizes[l]):
            into = f"W{l}[{j + 1},·]: into {_unit(l, j, L)[0]}, from each unit of layer {l - 1}"
            row(name, into, net.W[l - 1][j], None)
            row(name, f"∂L/∂{into}", bwd.dL_dW[l - 1][j], ("dL_dW", l))
        for j in range(sizes[l]):
            row(name, f"new W{l}[{j + 1},·]", upd.net.W[l - 1][j], ("update", 0))
        row(name, "new b", upd.net.b[l - 1], ("update", 0))
    row("loss", "y (targets)", setup.y, None)
    row("loss", "L (the loss)", [fwd.loss], ("loss", L))
    return rows
