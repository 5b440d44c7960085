"""The computation graph of one neuron, drawn like a textbook figure, left to right.

    x₁ ─┐
        ├─ w₁x₁ ─┐
    w₁ ─┘        ├─ z ── ŷ ── L ── y
    ...     b ───┘

Every node shows its value once the forward pass has computed it and, in the backward
pass, its gradient ∂L/∂(node); every edge carries its local derivative. Values appear
stage by stage (:func:`neuron.stages.revealed`); a quantity key in ``hidden`` shows as
``?`` (quiz mode). :func:`graph_table` gives the same information as rows, for a screen
reader.

The figure is built in one go from plain dicts, which is ~10 times faster than adding items
one by one: node boxes are rect shapes (named ``node:<id>``), edges of one style share one
path shape, labels are annotations (``node:<id>``, ``edge:<id>``) whose common settings sit
in the figure's template, arrowheads are one trace of rotated triangles, and the hover text
lives on two invisible marker traces. Text sizes are fixed in pixels, so the figure wants
about 1100 px of width (the x axis stretches to any width above that).

The graph is drawn for one ``sample`` of a batch, so its gradients are that sample's
(∂Lₖ/∂wᵢ); the update of a batch uses their mean, which the hover text and the table give.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from .activations import Activation
from .core import Step
from .fmt import num
from .losses import Loss
from .palette import Theme, template, theme
from .stages import STAGES, revealed

NODE_FONT, EDGE_FONT = 13, 12
H1, H2 = 24, 44  # box heights: one line, two lines
# column widths and the gaps between them, in nominal pixels (the x axis stretches)
COLS = (162, 144, 116, 116, 100)
GAP_IN, GAP_SUM = 140, 110  # gaps: parameters -> products, products -> z
BUS = 18  # the products meet on a vertical line this far left of z
MARGIN, PAD = 6, 8
NONE = "rgba(0,0,0,0)"
STAGE_OF = {k: i for i, s in enumerate(STAGES) for k in s.reveals}
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i: int) -> str:
    return str(i + 1).translate(_SUB)


@dataclass(frozen=True)
class _Q:
    """One quantity: its symbol, its formula, its value and the key that reveals it."""

    symbol: str
    formula: str
    value: float
    key: str | None = None  # None: known from the start (data and parameters)
    const: bool = False  # the formula is the value ("1"): no decimals shown


@dataclass(frozen=True)
class _Node:
    id: str
    label: str
    meaning: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    value: _Q
    grad: _Q | None = None
    new: _Q | None = None
    mean: _Q | None = None  # the batch mean of the gradient (batches only)


@dataclass(frozen=True)
class _Edge:
    id: str
    src: str
    dst: str
    meaning: str
    local: _Q | None  # the local derivative on the edge (None: no label)
    flow: _Q | None  # the gradient that flows back along it (None: no backward flow)
    ends: tuple[float, float, float, float]  # tail x, y, head x, y (forward direction)
    place: str  # where the label goes: "above", "below" or "mid" (two lines)
    bus: float | None = None  # x of the vertical line where the terms of the sum meet


class _View:
    """What one stage shows: which keys are revealed, which are hidden."""

    def __init__(self, stage: int, hidden: frozenset[str]):
        self.stage, self.shown, self.hidden = stage, revealed(stage), frozenset(hidden)

    def state(self, q: _Q) -> str:
        if q.key is None:
            return "known"
        if q.key not in self.shown:
            return "pending"
        return "hidden" if q.key in self.hidden else "known"

    def val(self, q: _Q) -> str:
        """The value as text: a number, "?" (hidden) or "" (not revealed yet)."""
        st = self.state(q)
        if st == "known":
            return q.formula if q.const else num(q.value)
        return "?" if st == "hidden" else ""

    def eq(self, q: _Q) -> str:
        """``symbol = formula = value`` as far as it is known."""
        v = self.val(q)
        if not v:
            return q.symbol
        if q.const or not q.formula:
            return f"{q.symbol} = {v}"
        return f"{q.symbol} = {q.formula} = {v}"

    def why(self, q: _Q) -> str:
        """The value for hover text, saying when it will be known."""
        v = self.val(q)
        if v:
            return v
        s = STAGE_OF[q.key]
        return f"not yet (stage {s}: {STAGES[s].title})"


def _est(text: str, size: int = EDGE_FONT) -> float:
    """A rough width in pixels of one line of text."""
    return 0.46 * size * len(text)


def _geometry(n: int, gaps: tuple[float, float]):
    """Every node's box, the plot's nominal width and height, and the figure's height."""
    height = max(420, min(800, 140 + 82 * n))
    plot_h = height - 2 * MARGIN
    s = min(120.0, (plot_h - 2 * PAD - 92) / (n - 0.5))  # from one pair to the next
    top = plot_h - (plot_h - s * (n - 0.5) - 92) / 2 - 36  # the first pair's centre
    x0 = [0.0]
    for w, gap in zip(COLS[:-1], (GAP_IN, GAP_SUM, *gaps), strict=True):
        x0.append(x0[-1] + w + gap)
    cx = [x + w / 2 for x, w in zip(x0, COLS, strict=True)]
    pos = {}
    for i in range(n):
        c = top - s * i
        pos[f"x{i}"] = (cx[0], c + 24, COLS[0], H1)
        pos[f"w{i}"] = (cx[0], c - 15, COLS[0], H2)
        pos[f"p{i}"] = (cx[1], c - 7, COLS[1], H2)
    pos["b"] = (cx[1], top - s * (n - 0.5) - 34, COLS[1], H2)
    mid = (pos["p0"][1] + pos["b"][1]) / 2
    pos["z"] = (cx[2], mid, COLS[2], H2)
    pos["yhat"] = (cx[3], mid, COLS[3], H2)
    pos["L"] = (cx[4], mid, COLS[4], H2)
    pos["y"] = (cx[4], mid + 84, COLS[4], H1)
    boxes = {k: (x - w / 2, y - h / 2, x + w / 2, y + h / 2) for k, (x, y, w, h) in pos.items()}
    bands = [(-PAD / 2, c - s / 2, x0[1] + COLS[1] + PAD / 2, c + s / 2)
             for i in range(1, n, 2) for c in [top - s * i + 1]]
    return boxes, bands, x0[-1] + COLS[-1], plot_h, height


def _model(step: Step, act: Activation, loss: Loss, sample: int):
    """Every node and edge of the graph, with its quantities and its place."""
    f, bw, up = step.forward, step.backward, step.update
    m, n = f.X.shape
    if not 0 <= sample < m:
        raise ValueError(f"sample must be between 0 and {m - 1}, got {sample}")
    x, w = f.X[sample], f.w
    dz = float(bw.dL_dz[sample])
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run shows inf / nan
        prod = w * x
        g_w = bw.dL_dw if m == 1 else dz * x  # this sample's gradient
    g_b = bw.dL_db if m == 1 else dz

    def mean(symbol, value, key):
        return _Q(symbol, f"mean over the {m} samples", value, key) if m > 1 else None

    gaps = tuple(max(100.0, _est(f"{s} = {t}") + 30) for s, t in
                 (("∂ŷ/∂z", act.der_text), ("∂L/∂ŷ", loss.der_text)))
    boxes, bands, width, plot_h, height = _geometry(n, gaps)
    g_z = _Q("∂L/∂z", "∂L/∂ŷ · ∂ŷ/∂z", dz, "dL_dz")
    nodes, edges = [], []

    def right(k):
        b = boxes[k]
        return b[2], (b[1] + b[3]) / 2

    def left(k, dy=0.0):
        b = boxes[k]
        return b[0], (b[1] + b[3]) / 2 + dy

    bus = boxes["z"][0] - BUS
    for i in range(n):
        s = _sub(i)
        xi, wi, pi = f"x{s}", f"w{s}", f"w{s}x{s}"
        nodes += [
            _Node(f"x{i}", xi, f"input {i + 1} (data, not learned)", boxes[f"x{i}"],
                  _Q(xi, "", x[i])),
            _Node(f"w{i}", wi, f"weight {i + 1} (learned)", boxes[f"w{i}"], _Q(wi, "", w[i]),
                  _Q(f"∂L/∂{wi}", f"∂L/∂z · {xi}", g_w[i], "dL_dw"),
                  _Q(f"new {wi}", f"{wi} − η·∂L/∂{wi}", up.w[i], "w_new"),
                  mean(f"∂L/∂{wi}", bw.dL_dw[i], "dL_dw")),
            _Node(f"p{i}", pi, f"weighted input {i + 1}", boxes[f"p{i}"],
                  _Q(pi, f"{wi} · {xi}", prod[i], "z"),
                  _Q(f"∂L/∂({pi})", "∂L/∂z · 1", dz, "dL_dz")),
        ]
        edges += [
            _Edge(f"x{i}-p{i}", f"x{i}", f"p{i}",
                  f"how much {pi}, and so z, changes per unit of {xi} (the input is data: "
                  f"no gradient is needed for it)", _Q(f"∂z/∂{xi}", wi, w[i], "dz_dw"), None,
                  (*right(f"x{i}"), *left(f"p{i}", 8)), "above"),
            _Edge(f"w{i}-p{i}", f"w{i}", f"p{i}",
                  f"how much {pi}, and so z, changes per unit of {wi}: "
                  f"∂z/∂{wi} = ∂z/∂({pi}) · ∂({pi})/∂{wi} = 1 · {xi}",
                  _Q(f"∂z/∂{wi}", xi, x[i], "dz_dw"),
                  _Q(f"∂L/∂{wi}", f"∂L/∂z · {xi}", g_w[i], "dL_dw"),
                  (*right(f"w{i}"), *left(f"p{i}", -8)), "below"),
            _Edge(f"p{i}-z", f"p{i}", "z", f"z adds up the {pi}: one more {pi}, one more z",
                  _Q(f"∂z/∂({pi})", "1", 1.0, "dz_dw", const=True), g_z,
                  (*right(f"p{i}"), *left("z")), "above", bus),
        ]
    nodes += [
        _Node("b", "b", "the bias (learned)", boxes["b"], _Q("b", "", f.b),
              _Q("∂L/∂b", "∂L/∂z · 1", g_b, "dL_db"),
              _Q("new b", "b − η·∂L/∂b", up.b, "b_new"), mean("∂L/∂b", bw.dL_db, "dL_db")),
        _Node("z", "z", "the weighted sum", boxes["z"],
              _Q("z", "Σ wᵢxᵢ + b", f.z[sample], "z"), g_z),
        _Node("yhat", "ŷ", f"the prediction, {act.label}(z)", boxes["yhat"],
              _Q("ŷ", f"{act.label}(z)", f.y_hat[sample], "y_hat"),
              _Q("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[sample], "dL_dyhat")),
        _Node("y", "y", "the target (data)", boxes["y"], _Q("y", "", f.y[sample])),
        _Node("L", "L", f"the loss, {loss.label.lower()}", boxes["L"],
              _Q("L", f"{loss.label}(ŷ, y)", f.losses[sample], "loss"),
              _Q("∂L/∂L", "1", 1.0, None, const=True)),
    ]
    yb = boxes["y"]
    edges += [
        _Edge("b-z", "b", "z", "z adds b: one more b, one more z",
              _Q("∂z/∂b", "1", 1.0, "dz_db", const=True),
              _Q("∂L/∂b", "∂L/∂z · 1", g_b, "dL_db"), (*right("b"), *left("z")), "above", bus),
        _Edge("z-yhat", "z", "yhat", f"the slope of {act.label} at z",
              _Q("∂ŷ/∂z", act.der_text, bw.dyhat_dz[sample], "dyhat_dz"), g_z,
              (*right("z"), *left("yhat")), "mid"),
        _Edge("yhat-L", "yhat", "L", f"the slope of the {loss.label.lower()} at ŷ",
              _Q("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[sample], "dL_dyhat"),
              _Q("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[sample], "dL_dyhat"),
              (*right("yhat"), *left("L")), "mid"),
        _Edge("y-L", "y", "L", "the target enters the loss", None, None,
              ((yb[0] + yb[2]) / 2, yb[1], (yb[0] + yb[2]) / 2, boxes["L"][3]), ""),
    ]
    return nodes, edges, bands, width, plot_h, height


def _focus(stage: int, n: int) -> set[str]:
    """The nodes and edges that ``stage`` computes."""
    r = range(n)
    ws = {f"w{i}" for i in r} | {"b"}
    ps = {f"p{i}" for i in r}
    return [
        {f"x{i}" for i in r} | ws, ps | {"z"}, {"yhat"}, {"L"}, {"yhat", "yhat-L"},
        {"z-yhat"}, {f"w{i}-p{i}" for i in r} | {f"p{i}-z" for i in r} | {"b-z"},
        ws | ps | {"z"}, ws,
    ][stage]


def _node_text(nd: _Node, v: _View, t: Theme) -> str:
    val = v.val(nd.value)
    head = f"<b>{nd.label}</b>" + (f" = {val}" if val else "")
    if nd.new is not None and v.val(nd.new):
        head += f" → <b>{v.val(nd.new)}</b>"
    if nd.grad is None or v.stage < STAGE_OF["dL_dyhat"]:
        return head
    g, st = v.val(nd.grad), v.state(nd.grad)
    color = t.muted if st == "pending" else (
        t.sign(nd.grad.value) if st == "known" and not nd.grad.const else t.text)
    line = f"{nd.grad.symbol} = {g}" if g else nd.grad.symbol
    return f"{head}<br><span style='color:{color}'>{line}</span>"


def _node_hover(nd: _Node, v: _View) -> str:
    q = nd.value
    rhs = f"{q.symbol} = {q.formula} = " if q.formula else f"{q.symbol} = "
    out = [f"<b>{nd.label}</b>: {nd.meaning}", rhs + v.why(q)]
    if nd.grad is not None:
        g = nd.grad
        out.append(f"{g.symbol} = {g.formula}" + ("" if g.const else f" = {v.why(g)}"))
    if nd.mean is not None:
        out.append(f"batch mean {nd.mean.symbol}, used by the update = {v.why(nd.mean)}")
    if nd.new is not None:
        out.append(f"update: {nd.new.formula} = {v.why(nd.new)}")
    return "<br>".join(out)


def _edge_hover(e: _Edge, v: _View) -> str:
    if e.local is None:
        return e.meaning
    q = e.local
    out = [f"<b>{q.symbol} = {q.formula}</b>", e.meaning]
    if not q.const:
        out.append(f"{q.symbol} = {v.why(q)}")
    if e.flow is not None and v.stage >= STAGE_OF["dL_dyhat"]:
        out.append(f"backward, gradient through this edge: {e.flow.symbol} = {v.why(e.flow)}")
    return "<br>".join(out)


def _edge_style(e: _Edge, v: _View, t: Theme, ref: float, done: bool):
    """(colour, width, dash, arrow) where arrow is "fwd", "bwd" or None."""
    if v.stage < STAGE_OF["dL_dyhat"]:
        return (t.forward, 2.2, "solid", "fwd") if done else (t.muted, 1.2, "solid", "fwd")
    if e.flow is None or v.state(e.local) == "pending":
        return t.muted, 1.2, "solid", None
    if v.state(e.flow) != "known":
        return t.backward, 2.2, "dot", "bwd"
    f = float(e.flow.value)
    width = 1.5 + 3 * min(1.0, abs(f) / ref)
    return t.sign(f), width, ("dash" if f < 0 else "solid"), "bwd"


def _arrow(hx, hy, tx, ty, color, width):
    """An arrowhead (a rotated triangle marker) touching (hx, hy), coming from (tx, ty)."""
    dx, dy = hx - tx, hy - ty
    d = max(math.hypot(dx, dy), 1e-9)
    size = 10 + 1.6 * width
    back = 0.52 * size / d  # the tip of a triangle marker is size/2 from its centre
    return (hx - dx * back, hy - dy * back, 90 - math.degrees(math.atan2(dy, dx)), size, color)


def _edge_label(e: _Edge, v: _View, t: Theme, focus: bool):
    """The label annotation of an edge, and the point where its hover text sits."""
    x0, y0, x1, y1 = e.ends
    q = e.local
    if e.place == "mid":
        val = v.val(q)
        text = f"{q.symbol} = {q.formula}<br>= {val}" if val else q.symbol
        x, y, ya, ys = (x0 + x1) / 2, (y0 + y1) / 2, "bottom", 4
    else:
        if e.bus is None:  # a sloping line: clear its higher half
            x, y, rise = (x0 + x1) / 2, (y0 + y1) / 2, abs(y1 - y0) / 2
        else:
            x, y, rise = (x0 + e.bus) / 2, y0, 0.0
        text = v.eq(q)
        ya, ys = ("bottom", 2 + rise) if e.place == "above" else ("top", -2 - rise)
    ann = dict(x=x, y=y, text=text, xanchor="center", yanchor=ya, yshift=ys, align="center",
               name=f"edge:{e.id}")
    if not v.val(q):
        ann["font"] = dict(color=t.muted)
    if focus:
        ann.update(bgcolor=t.highlight_fill, bordercolor=t.highlight, borderwidth=1,
                   borderpad=2)
    return ann, (x, y + ys + (7 if ya == "bottom" else -7))


def _key(t: Theme, stage: int, m: int, sample: int, width: float, top: float):
    key = (f"<span style='color:{t.forward}'>━━▶</span> forward: values    "
           f"<span style='color:{t.positive}'>◀━━ +</span> "
           f"<span style='color:{t.negative}'>◀╍╍ −</span> backward: gradients, "
           f"thicker = larger    "
           f"<span style='color:{t.highlight}'>▮</span> this stage")
    title = f"<b>Stage {stage}: {STAGES[stage].title}</b>"
    if m > 1:
        title += f"  ·  sample {sample + 1} of {m}"
    common = dict(x=width, yanchor="top", xanchor="right")
    return [dict(common, y=top, text=title, font=dict(size=NODE_FONT + 1)),
            dict(common, y=top - 24, text=key)]


def _build(step, activation, loss, stage, sample, hidden):
    nodes, edges, bands, width, plot_h, height = _model(step, activation, loss, sample)
    v = _View(stage, hidden)
    focus = _focus(stage, step.forward.X.shape[1])
    return nodes, edges, bands, width, plot_h, height, v, focus


def _rect_path(x0, y0, x1, y1) -> str:
    return f"M{x0:.1f},{y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}Z"


def _edge_path(e: _Edge) -> tuple[str, tuple, tuple]:
    """The SVG path of an edge, and the points its forward and backward arrows come from."""
    x0, y0, x1, y1 = e.ends
    if e.bus is None:
        return f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}", (x0, y0), (x1, y1)
    path = f"M{x0:.1f},{y0:.1f}H{e.bus:.1f}V{y1:.1f}H{x1:.1f}"
    return path, (e.bus, y1), (e.bus, y0)


def _path(path: str, name: str, **style) -> dict:
    return dict(type="path", path=path, name=name, **style)


@functools.cache
def _template(dark: bool) -> go.layout.Template:
    """The app's template plus this figure's defaults, which keeps every item small."""
    t = theme(dark)
    tpl = go.layout.Template(pio.templates[template(dark)])
    tpl.layout.update(
        annotationdefaults=dict(xref="x", yref="y", showarrow=False, align="left",
                                font=dict(size=EDGE_FONT, color=t.text)),
        shapedefaults=dict(xref="x", yref="y", layer="below", fillcolor=t.node_fill,
                           line=dict(color=t.node_line, width=1)),
    )
    return tpl


def graph_figure(step: Step, activation: Activation, loss: Loss, stage: int, *,
                 sample: int = 0, hidden: frozenset[str] = frozenset(),
                 dark: bool = False) -> go.Figure:
    """The computation graph of one neuron for one sample of ``step``, at ``stage``.

    ``hidden`` holds quantity keys shown as "?" even once revealed (quiz mode); ``dark``
    picks colours for a dark page. Hover a node or an edge for an explanation.
    """
    nodes, edges, bands, width, plot_h, height, v, focus = _build(
        step, activation, loss, stage, sample, hidden)
    t = theme(dark)
    by_id = {nd.id: nd for nd in nodes}
    flows = [abs(float(e.flow.value)) for e in edges
             if e.flow is not None and v.state(e.flow) == "known"]
    ref = max([f for f in flows if f < float("inf")] + [1e-12])
    styles: dict[tuple, list[str]] = {}  # edges of one style share one path shape
    glow_e, glow_n, boxes, anns, arrows = [], [], [], [], []
    hover_e, hover_n = [], []  # (x, y, text) of each hover point
    for e in edges:
        color, lw, dash, arrow = _edge_style(
            e, v, t, ref, v.state(by_id[e.dst].value) != "pending")
        path, into_head, into_tail = _edge_path(e)
        styles.setdefault((color, lw, dash), []).append(path)
        if arrow == "fwd":
            arrows.append(_arrow(*e.ends[2:], *into_head, color, lw))
        elif arrow == "bwd":
            arrows.append(_arrow(*e.ends[:2], *into_tail, color, lw))
        if e.id in focus:
            glow_e.append(path)
        if e.local is None:
            hx, hy = (e.ends[0] + e.ends[2]) / 2, (e.ends[1] + e.ends[3]) / 2
        else:
            ann, (hx, hy) = _edge_label(e, v, t, e.id in focus)
            anns.append(ann)
        hover_e.append((hx, hy, _edge_hover(e, v)))
    for nd in nodes:
        x0, y0, x1, y1 = nd.box
        hot = nd.id in focus
        if hot:
            glow_n.append(_rect_path(x0 - 5, y0 - 5, x1 + 5, y1 + 5))
        boxes.append(dict(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, name=f"node:{nd.id}"))
        if hot:
            boxes[-1]["line"] = dict(color=t.highlight, width=2.5)
        anns.append(dict(x=x0 + 8, y=(y0 + y1) / 2, text=_node_text(nd, v, t),
                         xanchor="left", yanchor="middle", font=dict(size=NODE_FONT),
                         name=f"node:{nd.id}"))
        hover_n.append(((x0 + x1) / 2, (y0 + y1) / 2, _node_hover(nd, v)))
    band = "rgba(128,128,128,0.07)" if dark else "rgba(128,128,128,0.06)"
    shapes = [_path("".join(_rect_path(*b) for b in bands), "bands", fillcolor=band,
                    line=dict(width=0))] if bands else []
    if glow_n:
        shapes.append(_path("".join(glow_n), "glow", fillcolor=t.highlight_fill,
                            line=dict(width=0)))
    if glow_e:
        shapes.append(_path("".join(glow_e), "glow", fillcolor=NONE,
                            line=dict(color=t.highlight_fill, width=12)))
    shapes += [_path("".join(p), "edges", fillcolor=NONE, line=dict(color=c, width=w, dash=d))
               for (c, w, d), p in styles.items()]
    anns += _key(t, stage, step.forward.X.shape[0], sample, width, plot_h - 24)
    marker = dict(size=30, color="rgba(0,0,0,0)", symbol="square")
    data = [dict(type="scatter", x=x, y=y, hovertext=h, mode="markers", marker=marker,
                 hovertemplate="%{hovertext}<extra></extra>", name=name)
            for (x, y, h), name in ((zip(*hover_n, strict=True), "nodes"),
                                    (zip(*hover_e, strict=True), "edges"))]
    ax, ay, angle, size, color = zip(*arrows, strict=True) if arrows else ((),) * 5
    data.insert(0, dict(type="scatter", x=ax, y=ay, mode="markers", hoverinfo="skip",
                        name="arrowheads", marker=dict(symbol="triangle-up", angle=angle,
                                                       size=size, color=color, line_width=0,
                                                       opacity=1)))
    layout = dict(
        template=_template(dark), height=height, showlegend=False, dragmode=False,
        margin=dict(l=MARGIN, r=MARGIN, t=MARGIN, b=MARGIN), hovermode="closest",
        hoverdistance=40, hoverlabel=dict(align="left"), font=dict(color=t.text),
        modebar=dict(remove=["zoom", "pan", "select", "lasso", "zoomin", "zoomout",
                             "autoscale", "resetscale"]),
        xaxis=dict(range=[-PAD, width + PAD], visible=False, fixedrange=True),
        yaxis=dict(range=[0, plot_h], visible=False, fixedrange=True),
        shapes=shapes + boxes, annotations=anns,
    )
    return go.Figure(dict(data=data, layout=layout))


def graph_table(step: Step, activation: Activation, loss: Loss, stage: int, *,
                sample: int = 0, hidden: frozenset[str] = frozenset()) -> list[dict]:
    """The graph as rows, for a screen reader: one row per value, gradient and edge.

    Each row has ``kind`` ("node", "gradient", "batch mean", "update" or "edge"), ``item``
    (the node, or the edge as "w₁ → w₁x₁"), ``symbol``, ``formula``, ``value`` (the number
    as text, "?" when hidden, "" when not revealed yet), ``meaning`` and ``current`` (what
    this stage computes).
    """
    nodes, edges, _, _, _, _, v, focus = _build(step, activation, loss, stage, sample, hidden)
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
