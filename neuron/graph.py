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
one by one, and without Plotly's property validation (another ~10 times; the tests validate
it): node boxes are rect shapes (named ``node:<id>``), edges of one style share one path
shape, labels are annotations (``node:<id>``, ``edge:<id>``) whose common settings sit in
the figure's template, arrowheads are one trace of rotated triangles, and the hover text
lives on two invisible marker traces.

Width: text sizes are fixed in pixels while the x axis stretches to the container, so the
layout is computed, in nominal pixels, to fit :data:`MIN_WIDTH` (820 px: the main area of a
1280 px window with Streamlit's sidebar open) and only gains room when wider. Box widths
follow an estimate of their text (every number counted at least as wide as ``-0.0000``, so
the layout does not move from stage to stage), the edge labels of the inputs sit above and
below the products' boxes rather than between the columns, and the two-line labels of
z → ŷ (above) and ŷ → L (below) may reach over the boxes' tops and bottoms. Should the
widest texts still not fit (values like ``-123456.7890``), numbers on the figure are
shortened step by step (``-123456.8``, ``-123457``, ``-1.2e5``); the hover text and
:func:`graph_table` always give them in full. Arrowheads keep touching the boxes at any
width: each sits on the box's side, moved back by a ``standoff`` in pixels.

The graph is drawn for one ``sample`` of a batch, so its gradients are that sample's
(∂Lₖ/∂wᵢ); the update of a batch uses their mean, which the hover text and the table give.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from .core import Step
from .graphlayout import (
    CLEAR,
    CLEAR_MID,
    EDGE_FONT,
    KEY,
    LGAP,
    LINE,
    MARGIN,
    MIN_WIDTH,
    NODE_FONT,
    NONE,
    PAD,
    SP,
    TITLE_FONT,
    VPAD,
    Layout,
    fit_layout,
    mid_text,
    node_text,
    px,
    stage_title,
)
from .graphmodel import STAGE_OF, Edge, Node, Shown, graph_model, graph_table, stage_focus
from .palette import PLAIN, SCALES, Look, Theme, template, theme

__all__ = ["MIN_WIDTH", "STAGE_OF", "graph_figure", "graph_spec", "graph_table",
           "graph_template", "graph_template_json"]

def _node_hover(nd: Node, v: Shown) -> str:
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


def _edge_hover(e: Edge, v: Shown) -> str:
    if e.local is None:
        return e.meaning
    q = e.local
    out = [f"<b>{q.symbol} = {q.formula}</b>", e.meaning]
    if not q.const:
        out.append(f"{q.symbol} = {v.why(q)}")
    if e.flow is not None and v.stage >= STAGE_OF["dL_dyhat"]:
        out.append(f"backward, gradient through this edge: {e.flow.symbol} = {v.why(e.flow)}")
    return "<br>".join(out)


def _edge_style(e: Edge, v: Shown, t: Theme, ref: float, done: bool):
    """(colour, width, dash, arrow) where arrow is "fwd", "bwd" or None."""
    if v.stage < STAGE_OF["dL_dyhat"]:
        return (t.forward, 2.2, "solid", "fwd") if done else (t.muted, 1.2, "solid", "fwd")
    if e.flow is None or v.state(e.local) == "pending":
        return t.muted, 1.2, "solid", None
    if v.state(e.flow) != "known":
        return t.backward, 2.2, "dot", "bwd"
    f = float(e.flow.value)
    if f == 0 or not math.isfinite(f):  # nothing flows back (a dead ReLU, x = 0), or an
        return t.muted, 1.2, "solid", "bwd"  # overflow: no size to draw; neither sign
    width = 1.5 + 3 * min(1.0, abs(f) / ref)
    return t.sign(f), width, ("dash" if f < 0 else "solid"), "bwd"


def _arrow(head, tail, color, width, scale):
    """An arrowhead (a rotated triangle marker) touching ``head`` (x, y), coming from
    ``tail``.

    The marker sits on (hx, hy) and is moved back by a standoff in pixels, so that its tip
    touches the point however far the x axis is stretched.
    """
    (hx, hy), (tx, ty) = head, tail
    size = (10 + 1.6 * width) * scale
    angle = (270 - math.degrees(math.atan2(hy - ty, hx - tx))) % 360 - 180  # in [-180, 180)
    return hx, hy, angle, size, color, 0.5 * size


def _ends(e: Edge, boxes) -> tuple[float, float, float, float]:
    """Tail x, y and head x, y of an edge (forward direction)."""
    s, d = boxes[e.src], boxes[e.dst]
    if e.kind == "target":
        x = (s[0] + s[2]) / 2
        return x, s[1], x, d[3]
    dy = {"x": 8, "w": -8}.get(e.kind, 0)
    return s[2], (s[1] + s[3]) / 2, d[0], (d[1] + d[3]) / 2 + dy


def _edge_label(e: Edge, v: Shown, t: Theme, focus: bool, lay: Layout, boxes):
    """The label annotation of an edge, and the point where its hover text sits."""
    q, (_, y0, x1, y1) = e.local, boxes[e.src]
    if e.kind in ("act", "loss"):
        text = mid_text(q, v, lay.split[e.id])
        d = boxes[e.dst]
        x = (x1 + d[0]) / 2
        if e.kind == "act":  # above the boxes
            y, ya, hy = y1 + CLEAR_MID, "bottom", y1 + CLEAR_MID + LINE
        else:  # below them
            y, ya, hy = y0 - CLEAR_MID, "top", y0 - CLEAR_MID - LINE
        xa, hx = "center", x
    else:
        text = v.eq(q)
        p = boxes[e.dst]
        x, xa = x1 + LGAP + 1, "left"
        hx = x + px(text, EDGE_FONT) / 2
        if e.kind == "x":  # over the top of the product's box
            y, ya, hy = p[3] + CLEAR, "bottom", p[3] + CLEAR + LINE / 2
        elif e.kind == "w":  # under its bottom
            y, ya, hy = p[1] - CLEAR, "top", p[1] - CLEAR - LINE / 2
        else:  # above the line into z
            y, ya, hy = (y0 + y1) / 2 + 2, "bottom", (y0 + y1) / 2 + 2 + LINE / 2
    ann = dict(x=x, y=y, text=text, xanchor=xa, yanchor=ya, align="center",
               name=f"edge:{e.id}")
    if not v.val(q):
        ann["font"] = dict(color=t.muted)
    if focus:
        ann.update(bgcolor=t.highlight_fill, bordercolor=t.highlight, borderwidth=1,
                   borderpad=1)
    return ann, (hx, hy)


def _key(t: Theme, lay: Layout, scale: float, heading: str, staged: bool):
    """The title (``heading``, HTML) and the colour key; without a stage (``staged`` false)
    every gradient is known and nothing is "this stage", so the key says less."""
    key = KEY.format(fwd=t.forward, pos=t.positive, neg=t.negative, bwd=t.backward,
                     hi=t.highlight)
    if not staged:
        key = key[: key.index(f"{SP}<span style='color:{t.backward}'>")]
    top = lay.plot_h - VPAD
    title = dict(x=0, y=top - 1.3 * TITLE_FONT / 2, yanchor="middle", xanchor="left",
                 text=heading, font=dict(size=TITLE_FONT * scale))
    if lay.key_below:
        line = dict(x=0, y=top - 1.3 * TITLE_FONT - 2, yanchor="top", xanchor="left")
    else:
        line = dict(x=lay.width, y=title["y"], yanchor="middle", xanchor="right")
    return [title, dict(line, text=key)]


def _build(step, stage, sample, hidden):
    nodes, edges = graph_model(step, sample)
    m, n = step.forward.X.shape
    lay = fit_layout(nodes, edges, n, m)
    v = Shown(stage, hidden, lay.limit)
    return nodes, edges, lay, v, stage_focus(stage, n)


def _rect_path(x0, y0, x1, y1) -> str:
    return f"M{x0:.1f},{y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}Z"


def _edge_path(e: Edge, ends, bus: float) -> tuple[str, tuple, tuple]:
    """The SVG path of an edge, and the points its forward and backward arrows come from."""
    x0, y0, x1, y1 = ends
    if e.kind != "sum":
        return f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}", (x0, y0), (x1, y1)
    path = f"M{x0:.1f},{y0:.1f}H{bus:.1f}V{y1:.1f}H{x1:.1f}"
    return path, (bus, y1), (bus, y0)


def _path(path: str, name: str, **style) -> dict:
    return dict(type="path", path=path, name=name, **style)


@functools.lru_cache(maxsize=16)
def graph_template_json(dark: bool, scale: float) -> dict:
    """:func:`graph_template` as plain JSON data, built once (shared: never mutate it)."""
    return graph_template(dark, scale).to_plotly_json()


@functools.lru_cache(maxsize=16)
def graph_template(dark: bool, scale: float) -> go.layout.Template:
    """The app's template plus this figure's defaults, which keeps every item small."""
    t = theme(dark)
    tpl = go.layout.Template(pio.templates[template(dark)])
    tpl.layout.update(
        annotationdefaults=dict(xref="x", yref="y", showarrow=False, align="left",
                                font=dict(size=EDGE_FONT * scale, color=t.text)),
        shapedefaults=dict(xref="x", yref="y", layer="below", fillcolor=t.node_fill,
                           line=dict(color=t.node_line, width=1)),
    )
    return tpl


def graph_figure(step: Step, stage: int, *, sample: int = 0, hidden: frozenset[str] = frozenset(),
                 look: Look = PLAIN,
                 heading: str | None = None) -> go.Figure:
    """The computation graph as a Plotly figure; see :func:`graph_spec` for the arguments."""
    dark, scale = look.dark, look.scale
    spec = graph_spec(step, stage, sample=sample, hidden=hidden, look=look,
                      heading=heading)
    spec["layout"]["template"] = graph_template(dark, scale)  # an object, not the shared data
    # Plotly's validation of every property would take 4 ms more; the figure is the same
    # without it (tests/test_figures.py validates it in full).
    return go.Figure(spec, _validate=False)


def graph_spec(step: Step, stage: int, *, sample: int = 0, hidden: frozenset[str] = frozenset(),
               look: Look = PLAIN, heading: str | None = None) -> dict:
    """The computation graph of one neuron for one sample of ``step``, at ``stage``.

    ``hidden`` holds quantity keys shown as "?" even once revealed (quiz mode); ``look.dark``
    picks colours for a dark page. Hover a node or an edge for an explanation. The figure
    has no width: it fills its container, from :data:`MIN_WIDTH` pixels up.

    ``look.scale`` (:data:`SCALES`, 1 to 2) enlarges text, lines, arrowheads and the height
    together, for a projector; the container then needs ``scale`` × :data:`MIN_WIDTH`
    pixels. Only pixel sizes change: the layout is the same, in nominal pixels.

    ``heading`` replaces the stage's title (e.g. "Stage 7: Chain rule …"), and drops the
    highlight of what the stage computes: for a graph that shows a state, not a stage (the
    training page's graph at an epoch). It should be no wider than the stage titles.

    The result is the figure's JSON data (``data`` and ``layout``), ready for
    ``plotly.io.to_json``; :func:`graph_figure` wraps it in a ``go.Figure``. Its template
    is shared between calls: read it, do not change it.
    """
    dark, scale = look.dark, look.scale
    if not SCALES[0] <= scale <= SCALES[1]:
        raise ValueError(f"scale must be between {SCALES[0]} and {SCALES[1]}, got {scale}")
    nodes, edges, lay, v, focus = _build(step, stage, sample, hidden)
    c = _Canvas(v, theme(dark), lay, lay.boxes(), set() if heading is not None else focus,
                scale)
    e = _draw_edges(edges, {nd.id: nd for nd in nodes}, c)
    n = _draw_nodes(nodes, c)
    title = (stage_title(stage, step.forward.X.shape[0], sample) if heading is None else
             f"<b>{heading}</b>")
    anns = e.anns + n.anns + _key(c.t, lay, scale, title, staged=heading is None)
    return dict(data=_traces(e, n, scale),
                layout=_layout(c, dark, _shapes(c, e, n, dark) + n.rects, anns))


@dataclass(frozen=True)
class _Canvas:
    """What every part of one drawing needs: what is shown, the colours, where things go,
    what this stage computes, the size."""

    v: Shown
    t: Theme
    lay: Layout
    boxes: dict
    focus: set
    scale: float


@dataclass
class _Drawn:
    """The parts of the figure drawn from the edges or from the nodes."""

    anns: list = field(default_factory=list)
    glow: list = field(default_factory=list)  # SVG paths of what this stage computes
    hover: list = field(default_factory=list)  # (x, y, text) of each hover point
    arrows: list = field(default_factory=list)
    styles: dict = field(default_factory=dict)  # edges of one style share one path shape
    rects: list = field(default_factory=list)


def _draw_edges(edges, by_id: dict, c: _Canvas) -> _Drawn:
    """Every edge: its path (grouped by style), arrowhead, label, glow and hover point."""
    v, scale, out = c.v, c.scale, _Drawn()
    flows = [abs(float(e.flow.value)) for e in edges
             if e.flow is not None and v.state(e.flow) == "known"]
    ref = max([f for f in flows if f < float("inf")] + [1e-12])
    for e in edges:
        color, lw, dash, arrow = _edge_style(
            e, v, c.t, ref, v.state(by_id[e.dst].value) != "pending")
        ends = _ends(e, c.boxes)
        path, into_head, into_tail = _edge_path(e, ends, c.lay.bus)
        out.styles.setdefault((color, lw * scale, dash), []).append(path)
        if arrow == "fwd":
            out.arrows.append(_arrow(ends[2:], into_head, color, lw, scale))
        elif arrow == "bwd":
            out.arrows.append(_arrow(ends[:2], into_tail, color, lw, scale))
        if e.id in c.focus:
            out.glow.append(path)
        if e.local is None:
            hx, hy = (ends[0] + ends[2]) / 2, (ends[1] + ends[3]) / 2
        else:
            ann, (hx, hy) = _edge_label(e, v, c.t, e.id in c.focus, c.lay, c.boxes)
            out.anns.append(ann)
        out.hover.append((hx, hy, _edge_hover(e, v)))
    return out


def _draw_nodes(nodes, c: _Canvas) -> _Drawn:
    """Every node: its box (lit when this stage computes it), its text and hover point."""
    out = _Drawn()
    for nd in nodes:
        x0, y0, x1, y1 = c.boxes[nd.id]
        hot = nd.id in c.focus
        if hot:
            out.glow.append(_rect_path(x0 - 5, y0 - 5, x1 + 5, y1 + 5))
        out.rects.append(dict(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, name=f"node:{nd.id}"))
        if hot:
            out.rects[-1]["line"] = dict(color=c.t.highlight, width=2.5 * c.scale)
        out.anns.append(dict(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=node_text(nd, c.v, c.t),
                             xanchor="center", yanchor="middle", align="center",
                             font=dict(size=NODE_FONT * c.scale), name=f"node:{nd.id}"))
        out.hover.append(((x0 + x1) / 2, (y0 + y1) / 2, _node_hover(nd, c.v)))
    return out


def _shapes(c: _Canvas, e: _Drawn, n: _Drawn, dark: bool) -> list[dict]:
    """The shaded bands, the glow of what this stage computes, the edges' paths."""
    band = "rgba(128,128,128,0.07)" if dark else "rgba(128,128,128,0.06)"
    bands = c.lay.bands()
    shapes = [_path("".join(_rect_path(*b) for b in bands), "bands", fillcolor=band,
                    line=dict(width=0))] if bands else []
    if n.glow:
        shapes.append(_path("".join(n.glow), "glow", fillcolor=c.t.highlight_fill,
                            line=dict(width=0)))
    if e.glow:
        shapes.append(_path("".join(e.glow), "glow", fillcolor=NONE,
                            line=dict(color=c.t.highlight_fill, width=12 * c.scale)))
    return shapes + [_path("".join(p), "edges", fillcolor=NONE,
                           line=dict(color=col, width=w, dash=d))
                     for (col, w, d), p in e.styles.items()]


def _traces(e: _Drawn, n: _Drawn, scale: float) -> list[dict]:
    """The arrowheads (one trace of rotated triangles) and the two hover traces."""
    marker = dict(size=30 * scale, color="rgba(0,0,0,0)", symbol="square")
    data = [dict(type="scatter", x=x, y=y, hovertext=h, mode="markers", marker=marker,
                 hovertemplate="%{hovertext}<extra></extra>", name=name)
            for (x, y, h), name in ((zip(*n.hover, strict=True), "nodes"),
                                    (zip(*e.hover, strict=True), "edges"))]
    arrows = e.arrows
    ax, ay, angle, size, color, standoff = zip(*arrows, strict=True) if arrows else ((),) * 6
    data.insert(0, dict(type="scatter", x=ax, y=ay, mode="markers", hoverinfo="skip",
                        name="arrowheads", marker=dict(symbol="triangle-up", angle=angle,
                                                       size=size, color=color, line=dict(width=0),
                                                       standoff=standoff, opacity=1)))
    return data


def _layout(c: _Canvas, dark: bool, shapes: list, anns: list) -> dict:
    scale, lay = c.scale, c.lay
    return dict(
        template=graph_template_json(dark, scale), height=round(lay.height * scale), autosize=True,
        showlegend=False, dragmode=False,
        margin=dict(l=MARGIN * scale, r=MARGIN * scale, t=MARGIN * scale, b=MARGIN * scale),
        hovermode="closest", hoverdistance=40,
        hoverlabel=dict(align="left", font=dict(size=13 * scale)),
        font=dict(color=c.t.text),
        modebar=dict(remove=["zoom", "pan", "select", "lasso", "zoomin", "zoomout",
                             "autoscale", "resetscale"]),
        xaxis=dict(range=[-PAD, lay.width + PAD], visible=False, fixedrange=True),
        yaxis=dict(range=[0, lay.plot_h], visible=False, fixedrange=True),
        shapes=shapes, annotations=anns,
    )


