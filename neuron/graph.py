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
import re
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from .activations import Activation
from .core import Step
from .fmt import DECIMALS, num, subscript
from .losses import Loss
from .palette import LIGHT, SCALES, Theme, template, theme
from .stages import LAST, STAGES, revealed

NODE_FONT, EDGE_FONT, TITLE_FONT = 13, 12, 14
LINE = 1.3 * EDGE_FONT  # the height of one line of an edge label (Plotly's line spacing)
H1, H2 = 24, 40  # box heights: one line, two lines
TPAD = 6  # from a box's side to its text
G_IN, G_ROW, BUS = 40, 38, 10  # gaps: x, w -> products; z -> ŷ -> L; the bus -> z
LGAP = 5  # from a box to the edge label beside it (and from that label to the bus)
CLEAR, CLEAR_MID = 6, 8  # from a box to an edge label above or below it, past its glow
XO, WO = 28, 16  # a pair's x box sits XO above its centre, its w box WO below
BO, YO = 66, 74  # b's centre below the last pair's; y's centre above L's
S_MAX = 110  # the largest step from one pair to the next
MARGIN, PAD, VPAD = 4, 6, 6
MIN_WIDTH = 820  # the narrowest container the layout is made for, in pixels
BUDGET = MIN_WIDTH - 2 * MARGIN - 2 * PAD  # the nominal width that has to fit in it
LIMITS = (None, 9, 8, 7, 6)  # the longest number shown, tried in turn until the layout fits
NONE = "rgba(0,0,0,0)"
STAGE_OF = {k: i for i, s in enumerate(STAGES) for k in s.reveals}
_SP = "\u00a0" * 3  # SVG text collapses plain spaces
KEY = (f"<span style='color:{{fwd}}'>━━▶</span> forward: values{_SP}"
       f"<span style='color:{{pos}}'>◀━━ +</span>\u00a0 <span style='color:{{neg}}'>◀╍╍ −</span> "
       f"backward: gradients, thicker = larger{_SP}<span style='color:{{bwd}}'>◀┈┈</span> "
       f"gradient not yet known{_SP}<span style='color:{{hi}}'>▮</span> this stage")
def _sub(i: int) -> str:
    return subscript(str(i + 1))


# -- text widths --------------------------------------------------------------------------
# Advance widths in em of Arial's metrics (Liberation Sans, Helvetica and Arimo share them;
# Segoe UI and Roboto are close, Source Sans is narrower): an estimate on the safe side.
_EM = {c: w for chars, w in (
    ("0123456789abdeghnopquL?_$#", .556), (".,:;/ \u00a0·ᵢ'!|", .278), ("ilj", .222),
    ("ftr()[]-", .333), ("=+−<>×", .584), ("₀₁₂₃₄₅₆₇₈₉", .42), ("cksvxyzŷ∂", .5),
    ("mw", .833), ("→", 1.0), ("━╍┈", .602), ("▶◀", .769), ("▮", .55), ("Σ", .618),
) for c in chars}
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"-?(?:inf|nan|[0-9]+(?:\.[0-9]+)?e[+-]?[0-9]+|[0-9]+\.[0-9]+)|\?")
_STD = "-0.0000"  # every number is given at least this width


def _px(text: str, size: float) -> float:
    """A width in pixels of one line of plain text."""
    return size * sum(_EM.get(c, 0.667) for c in text)


def _text_px(text: str, size: float, numbers: bool = False) -> float:
    """The width of the widest line of a text with markup, plus 3% for bold parts.

    With ``numbers``, each number with decimals (or "?") counts at least as wide as
    ``-0.0000``; a constant such as the 1 of ∂z/∂b = 1 does not.
    """
    widest = 0.0
    std = _px(_STD, size)
    for line in text.split("<br>"):
        plain = _TAG.sub("", line)
        w = _px(plain, size)
        if numbers:
            w += sum(max(0.0, std - _px(m.group(), size)) for m in _NUMBER.finditer(plain))
        widest = max(widest, w)
    return 1.03 * widest


def _short(v: float, limit: int | None) -> str:
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
    kind: str  # "x", "w" (into a product), "sum" (into z), "act", "loss" or "target"


class _View:
    """What one stage shows: which keys are revealed, which are hidden; how long numbers are."""

    def __init__(self, stage: int, hidden: frozenset[str], limit: int | None = None):
        self.stage, self.shown, self.hidden = stage, revealed(stage), frozenset(hidden)
        self.limit = limit

    def state(self, q: _Q) -> str:
        if q.key is None:
            return "known"
        if q.key not in self.shown:
            return "pending"
        return "hidden" if q.key in self.hidden else "known"

    def val(self, q: _Q, full: bool = False) -> str:
        """The value as text: a number, "?" (hidden) or "" (not revealed yet)."""
        st = self.state(q)
        if st == "known":
            if q.const:
                return q.formula
            return num(q.value) if full else _short(q.value, self.limit)
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
        """The value in full for hover text, saying when it will be known."""
        v = self.val(q, full=True)
        if v:
            return v
        s = STAGE_OF[q.key]
        return f"not yet (stage {s}: {STAGES[s].title})"


def _model(step: Step, act: Activation, loss: Loss, sample: int):
    """Every node and edge of the graph, with its quantities."""
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

    g_z = _Q("∂L/∂z", "∂L/∂ŷ · ∂ŷ/∂z", dz, "dL_dz")
    g_x = [_Q(f"∂L/∂x{_sub(i)}", f"∂L/∂z · w{_sub(i)}", bw.dL_dx[sample][i], "dL_dx")
           for i in range(n)]
    nodes, edges = [], []
    for i in range(n):
        s = _sub(i)
        xi, wi, pi = f"x{s}", f"w{s}", f"w{s}x{s}"
        nodes += [
            _Node(f"x{i}", xi, f"input {i + 1} (data, not learned; its gradient is what a "
                  "layer below would receive)", _Q(xi, "", x[i]), g_x[i]),
            _Node(f"w{i}", wi, f"weight {i + 1} (learned)", _Q(wi, "", w[i]),
                  _Q(f"∂L/∂{wi}", f"∂L/∂z · {xi}", g_w[i], "dL_dw"),
                  _Q(f"new {wi}", f"{wi} − η·∂L/∂{wi}", up.w[i], "w_new"),
                  mean(f"∂L/∂{wi}", bw.dL_dw[i], "dL_dw")),
            _Node(f"p{i}", pi, f"weighted input {i + 1}", _Q(pi, f"{wi} · {xi}", prod[i], "z"),
                  _Q(f"∂L/∂({pi})", "∂L/∂z · 1", dz, "dL_dz")),
        ]
        edges += [
            _Edge(f"x{i}-p{i}", f"x{i}", f"p{i}",
                  f"how much {pi}, and so z, changes per unit of {xi} (the input is data, "
                  "not learned: its gradient is what a layer below would receive)",
                  _Q(f"∂z/∂{xi}", wi, w[i], "dz_dw"), g_x[i], "x"),
            _Edge(f"w{i}-p{i}", f"w{i}", f"p{i}",
                  f"how much {pi}, and so z, changes per unit of {wi}: "
                  f"∂z/∂{wi} = ∂z/∂({pi}) · ∂({pi})/∂{wi} = 1 · {xi}",
                  _Q(f"∂z/∂{wi}", xi, x[i], "dz_dw"),
                  _Q(f"∂L/∂{wi}", f"∂L/∂z · {xi}", g_w[i], "dL_dw"), "w"),
            _Edge(f"p{i}-z", f"p{i}", "z", f"z adds up the {pi}: one more {pi}, one more z",
                  _Q(f"∂z/∂({pi})", "1", 1.0, "dz_dw", const=True), g_z, "sum"),
        ]
    nodes += [
        _Node("b", "b", "the bias (learned)", _Q("b", "", f.b),
              _Q("∂L/∂b", "∂L/∂z · 1", g_b, "dL_db"),
              _Q("new b", "b − η·∂L/∂b", up.b, "b_new"), mean("∂L/∂b", bw.dL_db, "dL_db")),
        _Node("z", "z", "the weighted sum", _Q("z", "Σ wᵢxᵢ + b", f.z[sample], "z"), g_z),
        _Node("yhat", "ŷ", f"the prediction, {act.label}(z)",
              _Q("ŷ", f"{act.label}(z)", f.y_hat[sample], "y_hat"),
              _Q("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[sample], "dL_dyhat")),
        _Node("y", "y", "the target (data)", _Q("y", "", f.y[sample])),
        _Node("L", "L", f"the loss, {loss.label.lower()}",
              _Q("L", f"{loss.label}(ŷ, y)", f.losses[sample], "loss"),
              _Q("∂L/∂L", "1", 1.0, None, const=True)),
    ]
    dl_dyhat = _Q("∂L/∂ŷ", loss.der_text, bw.dL_dyhat[sample], "dL_dyhat")
    edges += [
        _Edge("b-z", "b", "z", "z adds b: one more b, one more z",
              _Q("∂z/∂b", "1", 1.0, "dz_db", const=True),
              _Q("∂L/∂b", "∂L/∂z · 1", g_b, "dL_db"), "sum"),
        _Edge("z-yhat", "z", "yhat", f"the slope of {act.label} at z",
              _Q("∂ŷ/∂z", act.der_text, bw.dyhat_dz[sample], "dyhat_dz"), g_z, "act"),
        _Edge("yhat-L", "yhat", "L", f"the slope of the {loss.label.lower()} at ŷ",
              dl_dyhat, dl_dyhat, "loss"),
        _Edge("y-L", "y", "L", "the target enters the loss", None, None, "target"),
    ]
    return nodes, edges


def _mid_text(q: _Q, v: _View, split: bool) -> str:
    """The label of z → ŷ or ŷ → L: symbol and formula, then "= value" on its own line."""
    val = v.val(q)
    if not val:
        return q.symbol
    head = f"{q.symbol} =<br>{q.formula}" if split else f"{q.symbol} = {q.formula}"
    return f"{head}<br>= {val}"


def _title(stage: int, m: int, sample: int) -> str:
    title = f"<b>Stage {stage}: {STAGES[stage].title}</b>"
    return title + (f"  ·  sample {sample + 1} of {m}" if m > 1 else "")


class _Layout:
    """Where everything goes, in nominal pixels (x to the right, y up from the bottom)."""

    def __init__(self, nodes: list[_Node], edges: list[_Edge], n: int, m: int, limit):
        self.limit = limit
        fv = _View(LAST, frozenset(), limit)  # every value shown: the widest texts
        by = {nd.id: nd for nd in nodes}

        def wide(*ids):
            return max(_text_px(_node_text(by[k], fv, LIGHT), NODE_FONT, True)
                       for k in ids) + 2 * TPAD

        r = range(n)
        c0 = wide(*(f"x{i}" for i in r), *(f"w{i}" for i in r))
        c1 = wide(*(f"p{i}" for i in r))
        self.b_width = max(c1, wide("b"))  # centred under the products, may be wider
        sums = {e.src: _text_px(fv.eq(e.local), EDGE_FONT) for e in edges if e.kind == "sum"}
        left = [0.0, c0 + G_IN]
        self.bus = max(left[1] + c1 + LGAP + max(sums[f"p{i}"] for i in r),
                       left[1] + (c1 + self.b_width) / 2 + LGAP + sums["b"]) + 2 * LGAP
        widths = (c0, c1, wide("z"), wide("yhat"), wide("L", "y"))
        left += [self.bus + BUS]
        left += [left[2] + widths[2] + G_ROW]
        left += [left[3] + widths[3] + G_ROW]
        # the labels of z -> ŷ (above) and ŷ -> L (below) may reach over the boxes
        self.split, mids = {}, {e.kind: e for e in edges if e.kind in ("act", "loss")}
        for kind, col in (("act", 2), ("loss", 3)):
            room = self._room(kind, left, widths, col)
            for split in (False, True):
                lw = _text_px(_mid_text(mids[kind].local, fv, split), EDGE_FONT)
                if lw / 2 <= room(split):
                    break
            self.split[mids[kind].id] = split
            extra = max(0.0, lw / 2 - room(split))
            for k in range(col + 1, 5):  # too long even so: widen the gap
                left[k] += extra
        self.left, self.widths = left, widths
        self.width = left[4] + widths[4]
        # the heading: the title, and the key on its right or on a line of its own
        titles = max(_text_px(_title(s, m, m - 1), TITLE_FONT) for s in range(LAST + 1))
        key = _text_px(KEY, EDGE_FONT)
        self.key_below = titles + key + 24 > self.width
        self.head = 1.3 * TITLE_FONT + (LINE + 2 if self.key_below else 0)
        self._vertical(n)

    def _room(self, kind, left, widths, col):
        """How far the label of z -> ŷ or ŷ -> L may reach either side of its gap's middle."""
        mid = (left[col] + widths[col] + left[col + 1]) / 2
        lc = left[4] + widths[4] / 2  # y -> L runs down L's middle
        if kind == "act":  # above, between the bus and y -> L (the box y if 3 lines)
            return lambda split: min(mid - self.bus - LGAP,
                                     (left[4] - LGAP if split else lc - LGAP) - mid)
        return lambda split: min(mid - self.bus - LGAP, left[4] + widths[4] + PAD - mid)

    def _vertical(self, n: int) -> None:
        """Heights: the pairs S_MAX apart while that fits 160 + 84n (up to 820) pixels; a
        small n gets only the height it fills."""
        x_top = H2 / 2 + CLEAR + LINE  # the top of a pair's x label, above its centre
        extra = 2 * MARGIN + 2 * VPAD + self.head + 6

        def extent(s: float) -> tuple[float, float, float]:
            cb = -s * (n - 1) - BO  # with the first pair's centre at 0
            mid = cb / 2
            top = max(x_top, XO + H2 / 2, mid + YO + H1 / 2)
            return cb, top, min(cb - H2 / 2, mid - H2 / 2 - CLEAR_MID - 2 * LINE)

        _, top, bottom = extent(S_MAX)
        self.height = math.ceil(min(820, 160 + 84 * n, extra + top - bottom))
        self.plot_h = self.height - 2 * MARGIN
        avail = self.plot_h - 2 * VPAD - self.head - 6
        s = S_MAX if n == 1 else min(S_MAX, (avail - x_top - BO - H2 / 2) / (n - 1))
        cb, top, bottom = extent(s)
        mid = cb / 2
        dy = VPAD + (avail - (top - bottom)) / 2 - bottom  # centred below the heading
        self.s, self.cs, self.cb, self.mid = s, [dy - s * i for i in range(n)], cb + dy, mid + dy

    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """Every node's box: x0, y0, x1, y1."""
        lx, wd = self.left, self.widths
        pos = {}
        for i, c in enumerate(self.cs):
            pos[f"x{i}"] = (0, c + XO, H2)  # two lines: xᵢ, then ∂L/∂xᵢ
            pos[f"w{i}"] = (0, c - WO, H2)
            pos[f"p{i}"] = (1, c, H2)
        pos["b"] = (1, self.cb, H2)
        pos["z"], pos["yhat"], pos["L"] = (2, self.mid, H2), (3, self.mid, H2), (4, self.mid, H2)
        pos["y"] = (4, self.mid + YO, H1)
        out = {k: (lx[col], y - h / 2, lx[col] + wd[col], y + h / 2)
               for k, (col, y, h) in pos.items()}
        c, half = lx[1] + wd[1] / 2, self.b_width / 2
        out["b"] = (c - half, self.cb - H2 / 2, c + half, self.cb + H2 / 2)
        return out

    def bands(self) -> list[tuple[float, float, float, float]]:
        """The shaded bands behind every second pair of inputs."""
        right = self.left[1] + self.widths[1] + PAD / 2
        return [(-PAD / 2, c - self.s / 2, right, c + self.s / 2)
                for c in self.cs[1::2]]


def _fit(nodes, edges, n, m) -> _Layout:
    """The layout with the longest numbers that fit the budget."""
    for limit in LIMITS:
        lay = _Layout(nodes, edges, n, m, limit)
        if lay.width <= BUDGET:
            break
    return lay


def _focus(stage: int, n: int) -> set[str]:
    """The nodes and edges that ``stage`` computes."""
    r = range(n)
    ws = {f"w{i}" for i in r} | {"b"}
    ps = {f"p{i}" for i in r}
    return [
        {f"x{i}" for i in r} | ws, ps | {"z"}, {"yhat"}, {"L"}, {"yhat", "yhat-L"},
        {"z-yhat"}, {f"w{i}-p{i}" for i in r} | {f"p{i}-z" for i in r} | {"b-z"},
        ws | ps | {"z"} | {f"x{i}" for i in r}, ws,
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
    if f == 0 or not math.isfinite(f):  # nothing flows back (a dead ReLU, x = 0), or an
        return t.muted, 1.2, "solid", "bwd"  # overflow: no size to draw; neither sign
    width = 1.5 + 3 * min(1.0, abs(f) / ref)
    return t.sign(f), width, ("dash" if f < 0 else "solid"), "bwd"


def _arrow(hx, hy, tx, ty, color, width, scale):
    """An arrowhead (a rotated triangle marker) touching (hx, hy), coming from (tx, ty).

    The marker sits on (hx, hy) and is moved back by a standoff in pixels, so that its tip
    touches the point however far the x axis is stretched.
    """
    size = (10 + 1.6 * width) * scale
    angle = (270 - math.degrees(math.atan2(hy - ty, hx - tx))) % 360 - 180  # in [-180, 180)
    return hx, hy, angle, size, color, 0.5 * size


def _ends(e: _Edge, boxes) -> tuple[float, float, float, float]:
    """Tail x, y and head x, y of an edge (forward direction)."""
    s, d = boxes[e.src], boxes[e.dst]
    if e.kind == "target":
        x = (s[0] + s[2]) / 2
        return x, s[1], x, d[3]
    dy = {"x": 8, "w": -8}.get(e.kind, 0)
    return s[2], (s[1] + s[3]) / 2, d[0], (d[1] + d[3]) / 2 + dy


def _edge_label(e: _Edge, v: _View, t: Theme, focus: bool, lay: _Layout, boxes):
    """The label annotation of an edge, and the point where its hover text sits."""
    q, (_, y0, x1, y1) = e.local, boxes[e.src]
    if e.kind in ("act", "loss"):
        text = _mid_text(q, v, lay.split[e.id])
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
        hx = x + _px(text, EDGE_FONT) / 2
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


def _key(t: Theme, stage: int, m: int, sample: int, lay: _Layout, scale: float,
         heading: str | None = None):
    key = KEY.format(fwd=t.forward, pos=t.positive, neg=t.negative, bwd=t.backward,
                     hi=t.highlight)
    if heading is not None:  # no stage: every gradient known, no "this stage" highlight
        key = key[: key.index(f"{_SP}<span style='color:{t.backward}'>")]
    top = lay.plot_h - VPAD
    title = dict(x=0, y=top - 1.3 * TITLE_FONT / 2, yanchor="middle", xanchor="left",
                 text=_title(stage, m, sample) if heading is None else f"<b>{heading}</b>",
                 font=dict(size=TITLE_FONT * scale))
    if lay.key_below:
        line = dict(x=0, y=top - 1.3 * TITLE_FONT - 2, yanchor="top", xanchor="left")
    else:
        line = dict(x=lay.width, y=title["y"], yanchor="middle", xanchor="right")
    return [title, dict(line, text=key)]


def _build(step, activation, loss, stage, sample, hidden):
    nodes, edges = _model(step, activation, loss, sample)
    m, n = step.forward.X.shape
    lay = _fit(nodes, edges, n, m)
    v = _View(stage, hidden, lay.limit)
    return nodes, edges, lay, v, _focus(stage, n)


def _rect_path(x0, y0, x1, y1) -> str:
    return f"M{x0:.1f},{y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}Z"


def _edge_path(e: _Edge, ends, bus: float) -> tuple[str, tuple, tuple]:
    """The SVG path of an edge, and the points its forward and backward arrows come from."""
    x0, y0, x1, y1 = ends
    if e.kind != "sum":
        return f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}", (x0, y0), (x1, y1)
    path = f"M{x0:.1f},{y0:.1f}H{bus:.1f}V{y1:.1f}H{x1:.1f}"
    return path, (bus, y1), (bus, y0)


def _path(path: str, name: str, **style) -> dict:
    return dict(type="path", path=path, name=name, **style)


@functools.lru_cache(maxsize=16)
def _template_json(dark: bool, scale: float) -> dict:
    """:func:`_template` as plain JSON data, built once (shared: never mutate it)."""
    return _template(dark, scale).to_plotly_json()


@functools.lru_cache(maxsize=16)
def _template(dark: bool, scale: float) -> go.layout.Template:
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


def graph_figure(step: Step, activation: Activation, loss: Loss, stage: int, *,
                 sample: int = 0, hidden: frozenset[str] = frozenset(),
                 dark: bool = False, scale: float = 1.0,
                 heading: str | None = None) -> go.Figure:
    """The computation graph as a Plotly figure; see :func:`graph_spec` for the arguments."""
    spec = graph_spec(step, activation, loss, stage, sample=sample, hidden=hidden, dark=dark,
                      scale=scale, heading=heading)
    spec["layout"]["template"] = _template(dark, scale)  # an object, not the shared data
    # Plotly's validation of every property would take 4 ms more; the figure is the same
    # without it (tests/test_figures.py validates it in full).
    return go.Figure(spec, _validate=False)


def graph_spec(step: Step, activation: Activation, loss: Loss, stage: int, *,
               sample: int = 0, hidden: frozenset[str] = frozenset(),
               dark: bool = False, scale: float = 1.0, heading: str | None = None) -> dict:
    """The computation graph of one neuron for one sample of ``step``, at ``stage``.

    ``hidden`` holds quantity keys shown as "?" even once revealed (quiz mode); ``dark``
    picks colours for a dark page. Hover a node or an edge for an explanation. The figure
    has no width: it fills its container, from :data:`MIN_WIDTH` pixels up.

    ``scale`` (:data:`SCALES`, 1 to 2) enlarges text, lines, arrowheads and the height
    together, for a projector; the container then needs ``scale`` × :data:`MIN_WIDTH`
    pixels. Only pixel sizes change: the layout is the same, in nominal pixels.

    ``heading`` replaces the stage's title (e.g. "Stage 7: Chain rule …"), and drops the
    highlight of what the stage computes: for a graph that shows a state, not a stage (the
    training page's graph at an epoch). It should be no wider than the stage titles.

    The result is the figure's JSON data (``data`` and ``layout``), ready for
    ``plotly.io.to_json``; :func:`graph_figure` wraps it in a ``go.Figure``. Its template
    is shared between calls: read it, do not change it.
    """
    if not SCALES[0] <= scale <= SCALES[1]:
        raise ValueError(f"scale must be between {SCALES[0]} and {SCALES[1]}, got {scale}")
    nodes, edges, lay, v, focus = _build(step, activation, loss, stage, sample, hidden)
    if heading is not None:
        focus = set()
    t = theme(dark)
    by_id = {nd.id: nd for nd in nodes}
    boxes = lay.boxes()
    flows = [abs(float(e.flow.value)) for e in edges
             if e.flow is not None and v.state(e.flow) == "known"]
    ref = max([f for f in flows if f < float("inf")] + [1e-12])
    styles: dict[tuple, list[str]] = {}  # edges of one style share one path shape
    glow_e, glow_n, rects, anns, arrows = [], [], [], [], []
    hover_e, hover_n = [], []  # (x, y, text) of each hover point
    for e in edges:
        color, lw, dash, arrow = _edge_style(
            e, v, t, ref, v.state(by_id[e.dst].value) != "pending")
        ends = _ends(e, boxes)
        path, into_head, into_tail = _edge_path(e, ends, lay.bus)
        styles.setdefault((color, lw * scale, dash), []).append(path)
        if arrow == "fwd":
            arrows.append(_arrow(*ends[2:], *into_head, color, lw, scale))
        elif arrow == "bwd":
            arrows.append(_arrow(*ends[:2], *into_tail, color, lw, scale))
        if e.id in focus:
            glow_e.append(path)
        if e.local is None:
            hx, hy = (ends[0] + ends[2]) / 2, (ends[1] + ends[3]) / 2
        else:
            ann, (hx, hy) = _edge_label(e, v, t, e.id in focus, lay, boxes)
            anns.append(ann)
        hover_e.append((hx, hy, _edge_hover(e, v)))
    for nd in nodes:
        x0, y0, x1, y1 = boxes[nd.id]
        hot = nd.id in focus
        if hot:
            glow_n.append(_rect_path(x0 - 5, y0 - 5, x1 + 5, y1 + 5))
        rects.append(dict(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, name=f"node:{nd.id}"))
        if hot:
            rects[-1]["line"] = dict(color=t.highlight, width=2.5 * scale)
        anns.append(dict(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=_node_text(nd, v, t),
                         xanchor="center", yanchor="middle", align="center",
                         font=dict(size=NODE_FONT * scale), name=f"node:{nd.id}"))
        hover_n.append(((x0 + x1) / 2, (y0 + y1) / 2, _node_hover(nd, v)))
    band = "rgba(128,128,128,0.07)" if dark else "rgba(128,128,128,0.06)"
    bands = lay.bands()
    shapes = [_path("".join(_rect_path(*b) for b in bands), "bands", fillcolor=band,
                    line=dict(width=0))] if bands else []
    if glow_n:
        shapes.append(_path("".join(glow_n), "glow", fillcolor=t.highlight_fill,
                            line=dict(width=0)))
    if glow_e:
        shapes.append(_path("".join(glow_e), "glow", fillcolor=NONE,
                            line=dict(color=t.highlight_fill, width=12 * scale)))
    shapes += [_path("".join(p), "edges", fillcolor=NONE, line=dict(color=c, width=w, dash=d))
               for (c, w, d), p in styles.items()]
    anns += _key(t, stage, step.forward.X.shape[0], sample, lay, scale, heading)
    marker = dict(size=30 * scale, color="rgba(0,0,0,0)", symbol="square")
    data = [dict(type="scatter", x=x, y=y, hovertext=h, mode="markers", marker=marker,
                 hovertemplate="%{hovertext}<extra></extra>", name=name)
            for (x, y, h), name in ((zip(*hover_n, strict=True), "nodes"),
                                    (zip(*hover_e, strict=True), "edges"))]
    ax, ay, angle, size, color, standoff = zip(*arrows, strict=True) if arrows else ((),) * 6
    data.insert(0, dict(type="scatter", x=ax, y=ay, mode="markers", hoverinfo="skip",
                        name="arrowheads", marker=dict(symbol="triangle-up", angle=angle,
                                                       size=size, color=color, line=dict(width=0),
                                                       standoff=standoff, opacity=1)))
    layout = dict(
        template=_template_json(dark, scale), height=round(lay.height * scale), autosize=True,
        showlegend=False, dragmode=False,
        margin=dict(l=MARGIN * scale, r=MARGIN * scale, t=MARGIN * scale, b=MARGIN * scale),
        hovermode="closest", hoverdistance=40,
        hoverlabel=dict(align="left", font=dict(size=13 * scale)),
        font=dict(color=t.text),
        modebar=dict(remove=["zoom", "pan", "select", "lasso", "zoomin", "zoomout",
                             "autoscale", "resetscale"]),
        xaxis=dict(range=[-PAD, lay.width + PAD], visible=False, fixedrange=True),
        yaxis=dict(range=[0, lay.plot_h], visible=False, fixedrange=True),
        shapes=shapes + rects, annotations=anns,
    )
    return dict(data=data, layout=layout)


def graph_table(step: Step, activation: Activation, loss: Loss, stage: int, *,
                sample: int = 0, hidden: frozenset[str] = frozenset()) -> list[dict]:
    """The graph as rows, for a screen reader: one row per value, gradient and edge.

    Each row has ``kind`` ("node", "gradient", "batch mean", "update" or "edge"), ``item``
    (the node, or the edge as "w₁ → w₁x₁"), ``symbol``, ``formula``, ``value`` (the number
    as text, in full, "?" when hidden, "" when not revealed yet), ``meaning`` and
    ``current`` (what this stage computes).
    """
    nodes, edges = _model(step, activation, loss, sample)
    v, focus = _View(stage, hidden), _focus(stage, step.forward.X.shape[1])
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
