"""What the graph of one neuron shows, node by node and edge by edge, stage by stage.

The model behind :mod:`neuron.graph`'s figure and :func:`graph_table`'s rows (which need no
Plotly): every node (an input, a weight, a product, the bias, z, ŷ, the target, the loss)
with its value, its gradient once the backward pass reaches it, its update; every edge with
its local derivative and the gradient that flows back along it. :class:`Shown` says which
of them a stage shows (:func:`neuron.stages.revealed`) and which quiz mode hides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activations import Activation
from .core import Step
from .fmt import DECIMALS, num, subscript
from .losses import Loss
from .stages import STAGES, revealed

STAGE_OF = {k: i for i, s in enumerate(STAGES) for k in s.reveals}


def sub(i: int) -> str:
    return subscript(str(i + 1))


def short_num(v: float, limit: int | None) -> str:
    """``num(v)``, shortened to at most ``limit`` characters by dropping digits."""
    s = num(v)
    if limit is None or len(s) <= limit or not math.isfinite(float(v)):
        return s
    v = float(v)
    if "e" not in s:
        for d in range(DECIMALS - 1, -1, -1):
            t = f"{v:.{d}f}"
            if len(t) <= limit:
                return t
    for d in range(DECIMALS - 1, -1, -1):
        mantissa, exp = f"{v:.{d}e}".split("e")
        t = f"{mantissa.rstrip('0').rstrip('.')}e{int(exp)}"
        if len(t) <= limit:
            break
    return t


@dataclass(frozen=True)
class Quantity:
    """One quantity: its symbol, its formula, its value and the key that reveals it."""

    symbol: str
    formula: str
    value: float
    key: str | None = None  # None: known from the start (data and parameters)
    const: bool = False  # the formula is the value ("1"): no decimals shown


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    meaning: str
    value: Quantity
    grad: Quantity | None = None
    new: Quantity | None = None
    mean: Quantity | None = None  # the batch mean of the gradient (batches only)


@dataclass(frozen=True)
class Edge:
    id: str
    src: str
    dst: str
    meaning: str
    local: Quantity | None  # the local derivative on the edge (None: no label)
    flow: Quantity | None  # the gradient that flows back along it (None: no backward flow)
    kind: str  # "x", "w" (into a product), "sum" (into z), "act", "loss" or "target"


class Shown:
    """What one stage shows: which keys are revealed, which are hidden; how long numbers are."""

    def __init__(self, stage: int, hidden: frozenset[str], limit: int | None = None):
        self.stage, self.shown, self.hidden = stage, revealed(stage), frozenset(hidden)
        self.limit = limit

    def state(self, q: Quantity) -> str:
        if q.key is None:
            return "known"
        if q.key not in self.shown:
            return "pending"
        return "hidden" if q.key in self.hidden else "known"

    def val(self, q: Quantity, full: bool = False) -> str:
        """The value as text: a number, "?" (hidden) or "" (not revealed yet)."""
        st = self.state(q)
        if st == "known":
            if q.const:
                return q.formula
            return num(q.value) if full else short_num(q.value, self.limit)
        return "?" if st == "hidden" else ""

    def eq(self, q: Quantity) -> str:
        """``symbol = formula = value`` as far as it is known."""
        v = self.val(q)
        if not v:
            return q.symbol
        if q.const or not q.formula:
            return f"{q.symbol} = {v}"
        return f"{q.symbol} = {q.formula} = {v}"

    def why(self, q: Quantity) -> str:
        """The value in full for hover text, saying when it will be known."""
        v = self.val(q, full=True)
        if v:
            return v
        s = STAGE_OF[q.key]
        return f"not yet (stage {s}: {STAGES[s].title})"


@dataclass(frozen=True)
class _Sample:
    """One sample of one iteration: the values every node and edge of its graph reads."""

    step: Step
    sample: int
    m: int  # samples in the batch
    dz: float  # this sample's ∂L/∂z
    g_w: np.ndarray  # this sample's ∂L/∂w (the batch's when it is alone)
    g_b: float
    prod: np.ndarray  # the products wᵢxᵢ

    def mean(self, symbol: str, value: float, key: str) -> Quantity | None:
        """The batch mean of a gradient (what the update uses), for a batch of several."""
        return (Quantity(symbol, f"mean over the {self.m} samples", value, key)
                if self.m > 1 else None)


def graph_model(step: Step, sample: int):
    """Every node and edge of the graph, with its quantities."""
    act, loss = step.act, step.loss_fn
    f, bw = step.forward, step.backward
    m, n = f.X.shape
    if not 0 <= sample < m:
        raise ValueError(f"sample must be between 0 and {m - 1}, got {sample}")
    x, dz = f.X[sample], float(bw.dL_dz[sample])
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run shows inf / nan
        prod = f.w * x
        g_w = bw.dL_dw if m == 1 else dz * x  # this sample's gradient
    s = _Sample(step, sample, m, dz, g_w, bw.dL_db if m == 1 else dz, prod)
    g_z = Quantity("∂L/∂z", "∂L/∂ŷ · ∂ŷ/∂z", dz, "dL_dz")
    nodes, edges = [], []
    for i in range(n):
        pair_nodes, pair_edges = _pair(s, i, g_z)
        nodes += pair_nodes
        edges += pair_edges
    tail_nodes, tail_edges = _tail(s, act, loss, g_z)
    return nodes + tail_nodes, edges + tail_edges


def _pair(s: _Sample, i: int, g_z: Quantity) -> tuple[list[Node], list[Edge]]:
    """Input i, its weight and their product, and the edges between them and into z."""
    f, bw, up = s.step.forward, s.step.backward, s.step.update
    x, w, dz = f.X[s.sample], f.w, s.dz
    k = sub(i)
    xi, wi, pi = f"x{k}", f"w{k}", f"w{k}x{k}"
    g_x = Quantity(f"∂L/∂x{k}", f"∂L/∂z · w{k}", bw.dL_dx[s.sample][i], "dL_dx")
    g_w = Quantity(f"∂L/∂{wi}", f"∂L/∂z · {xi}", s.g_w[i], "dL_dw")
    nodes = [
        Node(f"x{i}", xi, f"input {i + 1} (data, not learned; its gradient is what a layer "
             "below would receive)", Quantity(xi, "", x[i]), g_x),
        Node(f"w{i}", wi, f"weight {i + 1} (learned)", Quantity(wi, "", w[i]), g_w,
             Quantity(f"new {wi}", f"{wi} − η·∂L/∂{wi}", up.w[i], "w_new"),
             s.mean(f"∂L/∂{wi}", bw.dL_dw[i], "dL_dw")),
        Node(f"p{i}", pi, f"weighted input {i + 1}",
             Quantity(pi, f"{wi} · {xi}", s.prod[i], "z"),
             Quantity(f"∂L/∂({pi})", "∂L/∂z · 1", dz, "dL_dz")),
    ]
    edges = [
        Edge(f"x{i}-p{i}", f"x{i}", f"p{i}",
             f"how much {pi}, and so z, changes per unit of {xi} (the input is data, not "
             "learned: its gradient is what a layer below would receive)",
             Quantity(f"∂z/∂{xi}", wi, w[i], "dz_dw"), g_x, "x"),
        Edge(f"w{i}-p{i}", f"w{i}", f"p{i}",
             f"how much {pi}, and so z, changes per unit of {wi}: "
             f"∂z/∂{wi} = ∂z/∂({pi}) · ∂({pi})/∂{wi} = 1 · {xi}",
             Quantity(f"∂z/∂{wi}", xi, x[i], "dz_dw"), g_w, "w"),
        Edge(f"p{i}-z", f"p{i}", "z", f"z adds up the {pi}: one more {pi}, one more z",
             Quantity(f"∂z/∂({pi})", "1", 1.0, "dz_dw", const=True), g_z, "sum"),
    ]
    return nodes, edges


def _tail(s: _Sample, act: Activation, loss: Loss, g_z: Quantity
          ) -> tuple[list[Node], list[Edge]]:
    """The bias, z, ŷ, the target and the loss, and the edges between them."""
    f, bw, up, k = s.step.forward, s.step.backward, s.step.update, s.sample
    g_b = Quantity("∂L/∂b", "∂L/∂z · 1", s.g_b, "dL_db")
    dl_dyhat = Quantity("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[k], "dL_dyhat")
    nodes = [
        Node("b", "b", "the bias (learned)", Quantity("b", "", f.b), g_b,
             Quantity("new b", "b − η·∂L/∂b", up.b, "b_new"), s.mean("∂L/∂b", bw.dL_db, "dL_db")),
        Node("z", "z", "the weighted sum", Quantity("z", "Σ wᵢxᵢ + b", f.z[k], "z"), g_z),
        Node("yhat", "ŷ", f"the prediction, {act.label}(z)",
             Quantity("ŷ", f"{act.label}(z)", f.y_hat[k], "y_hat"), dl_dyhat),
        Node("y", "y", "the target (data)", Quantity("y", "", f.y[k])),
        Node("L", "L", f"the loss, {loss.label.lower()}",
             Quantity("L", loss.text, f.losses[k], "loss"),
             Quantity("∂L/∂L", "1", 1.0, None, const=True)),
    ]
    edges = [
        Edge("b-z", "b", "z", "z adds b: one more b, one more z",
             Quantity("∂z/∂b", "1", 1.0, "dz_db", const=True), g_b, "sum"),
        Edge("z-yhat", "z", "yhat", f"the slope of {act.label} at z",
             Quantity("∂ŷ/∂z", act.der_text, bw.dyhat_dz[k], "dyhat_dz"), g_z, "act"),
        Edge("yhat-L", "yhat", "L", f"the slope of the {loss.label.lower()} at ŷ",
             dl_dyhat, dl_dyhat, "loss"),
        Edge("y-L", "y", "L", "the target enters the loss", None, None, "target"),
    ]
    return nodes, edges


def stage_focus(stage: int, n: int) -> set[str]:
    """The nodes and edges that ``stage`` computes."""
    r = range(n)
    ws = {f"w{i}" for i in r} | {"b"}
    ps = {f"p{i}" for i in r}
    return [
        {f"x{i}" for i in r} | ws, ps | {"z"}, {"yhat"}, {"L"}, {"yhat", "yhat-L"},
        {"z-yhat"}, {f"w{i}-p{i}" for i in r} | {f"p{i}-z" for i in r} | {"b-z"},
        ws | ps | {"z"} | {f"x{i}" for i in r}, ws,
    ][stage]


def graph_table(step: Step, stage: int, *, sample: int = 0,
                hidden: frozenset[str] = frozenset()) -> list[dict]:
    """The graph as rows, for a screen reader: one row per value, gradient and edge.

    Each row has ``kind`` ("node", "gradient", "batch mean", "update" or "edge"), ``item``
    (the node, or the edge as "w₁ → w₁x₁"), ``symbol``, ``formula``, ``value`` (the number
    as text, in full, "?" when hidden, "" when not revealed yet), ``meaning`` and
    ``current`` (what this stage computes).
    """
    nodes, edges = graph_model(step, sample)
    v, focus = Shown(stage, hidden), stage_focus(stage, step.forward.X.shape[1])
    labels = {nd.id: nd.label for nd in nodes}
    rows = []

    def row(kind, item, q, meaning, current):
        rows.append(dict(kind=kind, item=item, symbol=q.symbol, formula=q.formula,
                         value=v.val(q), meaning=meaning, current=current))

    for nd in nodes:
        hot = nd.id in focus
        row("node", nd.label, nd.value, nd.meaning, hot and stage < STAGE_OF["dL_dyhat"])
        if nd.grad is not None:
            row("gradient", nd.label, nd.grad, f"gradient of the loss with respect to "
                f"{nd.label}", hot and STAGE_OF["dL_dyhat"] <= stage < STAGE_OF["w_new"])
        if nd.mean is not None:
            row("batch mean", nd.label, nd.mean, "the gradient of the batch's mean loss, "
                "which the update uses", False)
        if nd.new is not None:
            row("update", nd.label, nd.new, "the value after the gradient-descent step",
                hot and stage == STAGE_OF["w_new"])
    for e in edges:
        if e.local is not None:
            row("edge", f"{labels[e.src]} → {labels[e.dst]}", e.local, e.meaning,
                e.id in focus)
    return rows

