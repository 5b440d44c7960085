r"""The computation graph of a small network, stage by stage, every edge annotated.

    x₁ ──W1──▶ h1₁ ──W2──▶ o₁ ──▶ L
       ╲    ╱      ╲    ╱      ╱
    x₂ ──W1──▶ h1₂ ──W2──▶ o₂ ─╯

A column per layer (the inputs, each hidden layer, the outputs) and the loss; each unit is a
box showing z, a, ∂L/∂a and δ = ∂L/∂z as the stages (:mod:`neuron.netstages`) reveal them.
Each weight is an edge from unit i of layer l to unit j of layer l+1 labelled with the weight
and, once its layer's gradient stage is reached, ∂L/∂w; each output has an edge to the loss
labelled ∂L/∂o. Values flow right (green), gradients flow left: an edge whose gradient is
known is blue (positive, solid) or vermillion (negative, dashed) and the thicker the larger
|∂L/∂w| is (relative to the largest of the network). What the current stage computes glows
yellow; a followed weight (``focus``) gets a grey halo along every path from it to the loss,
and :func:`focus_chain` writes that chain rule out, a product along every path.

The layout depends only on the layer sizes and the width (never on the values or the stage):
every box, edge, label position, trace and shape is the same at every stage, only texts,
colours and visibility change, so Plotly's ``react`` redraws cheaply and nothing jumps. It is
computed once per (sizes, width) in nominal pixels (text sizes are fixed in pixels; the x
axis spans the figure's ``width`` ÷ ``scale``) and cached. Numbers on the figure are cut to
at most 7 characters (``-0.0822``, ``4.39e-4``); the hover text has them in full.

Edge labels sit on their edges over a background, at a point of the edge chosen so that no
label overlaps a box or another label (:func:`_geometry` searches the points of each gap's
edges together). Where every label of the network fits, every label is shown (Mazur's 2-2-2);
otherwise a gap's labels show during the stages that compute them if they fit together, and
a followed weight's label always; the rest is in the hover text, which a note on the figure
says. Built from plain dicts in one go (:func:`network_spec`), like :mod:`neuron.graph`.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field

import plotly.graph_objects as go

from .fmt import num, subscript, tex
from .graph import graph_template, graph_template_json
from .graphlayout import EM as _EM
from .graphlayout import TAG as _TAG
from .graphmodel import short_num as _short
from .net import fused
from .netreport import _unit, _w
from .netstages import known, stages
from .network import NetSetup
from .palette import PLAIN, SCALES, Look, Theme, theme

NODE_FONT, EDGE_FONT, TITLE_FONT, NOTE_FONT = 12, 12, 14, 11
LN, LE = 1.3 * NODE_FONT, 1.3 * EDGE_FONT  # line heights (Plotly's spacing)
TPAD, VPAD = 6, 4  # a box's side to its text; its top and bottom
UNIT_LINES = 5  # a unit's box: its name and bias b, z, a, ∂L/∂a and δ
BP = 2  # an edge label's border and padding
CLR_X, CLR_Y = 12, 4  # an edge label stays this far from a box (sides: the arrowheads)
MARGIN, PAD = 4, 6
GAP_MIN = 40  # the narrowest gap between two columns
AREA_MIN = 380  # the height of the units' area at least (few units: room for the labels)
CORRIDOR = 2 * LE + 2 * BP + 2 * CLR_Y + 8  # between two boxes: room for a label
LIMIT = 7  # the most characters of a number on the figure
WIDTHS = (480, 4000)  # the figure's width, in pixels
T_POINTS = sorted((0.15 + 0.025 * k for k in range(29)), key=lambda t: (abs(t - 0.5), t))
HOVER_T = (0.25, 0.5, 0.75)
SEARCH_STEPS = 300  # the placement search of one gap's labels gives up after this many
NONE = "rgba(0,0,0,0)"
HOT_LABEL = "rgba(250,244,170,0.95)"  # a label of this stage on a light page (dark: a border)
NOWHERE = "M-100,-100L-100,-100"  # an empty path: shapes keep their place in the list
_SP = "\u00a0" * 3
_MORE_EM = {"W": .944, "δ": .6, "σ": .62, "′": .25, "←": 1.0, "∂": .6, "Σ": .72, "ₖ": .42,
            "ⱼ": .3, "y": .5, "o": .556}
EM = {**_EM, **_MORE_EM}


def _px(text: str, size: float) -> float:
    """An estimate of the width in pixels of one line (markup removed; bold counted 5% wider)."""
    bold = "<b>" in text
    w = size * sum(EM.get(c, 0.667) for c in _TAG.sub("", text))
    return w * (1.05 if bold else 1.0)


def _width(text: str, size: float) -> float:
    return 1.03 * max(_px(line, size) for line in text.split("<br>"))


# The widest number a box or a label allows for: "-0.0000", or, when some number of the
# iteration is wider (an overflow, a number beyond ±10⁵), the widest that can be shown.
NUMBER = "-0.0000"
WIDE = max(("-123457", "-1.2e-7", "-overflow", "undefined"), key=lambda s: _px(s, 12))


def _wide(values) -> bool:
    """Whether some number shown on the figure is wider than :data:`NUMBER`."""
    most = _px(NUMBER, EDGE_FONT) + 0.01
    return any(_px(_n(v), EDGE_FONT) > most for v in values)


def _n(v: float) -> str:
    """A number on the figure: at most :data:`LIMIT` characters, never inf or nan."""
    return _short(float(v), LIMIT)


def _p(v: float) -> str:
    """A number in full (4 decimals) for a product written out, in parentheses if negative."""
    s = num(v)
    return f"({s})" if s.startswith("-") else s


# -- the layout: sizes and width only ------------------------------------------------------


@dataclass(frozen=True)
class _Geo:
    """Where everything is, in nominal pixels (x to the right, y up), for one network."""

    width: float  # the x axis: 0 … width
    height: float  # the figure's height (nominal; times scale on screen)
    boxes: dict  # node id -> (x0, y0, x1, y1)
    ends: dict  # edge id -> (x0, y0, x1, y1): tail (source) and head (destination)
    labels: dict  # edge id -> (cx, cy) of its label, or None: never labelled (hover only)
    full: frozenset  # gaps whose labels all fit together (shown at their stages)
    every: bool  # every label of the network fits: all are always shown
    named: dict  # edge id -> its label names the weight ("W2[1,1] = …"), else "w = …"
    top: float  # the heading's top
    note_y: float


def _node_ids(sizes) -> list[str]:
    return [f"u{l}.{j}" for l, n in enumerate(sizes) for j in range(n)] + ["L"]


def _edge_ids(sizes) -> list[tuple[str, int]]:
    """(edge id, gap) in drawing order: the weights layer by layer, then the outputs -> L."""
    out = [(f"w{l}.{j}.{i}", l) for l in range(len(sizes) - 1)
           for j in range(sizes[l + 1]) for i in range(sizes[l])]
    return out + [(f"o{k}", len(sizes) - 1) for k in range(sizes[-1])]


def _box_lines(sizes, l: int, number: str) -> list[str]:
    """The widest text of a box of layer l (len(sizes): the loss), for its size."""
    L = len(sizes) - 1
    if l == 0:
        return [f"<b>{_unit(0, j, L)[0]}</b> = {number}" for j in range(sizes[0])]
    if l > L:
        return [f"<b>L</b> = {number}"] + [f"y{subscript(str(k + 1))} = {number}"
                                            for k in range(sizes[-1])]
    return [f"<b>{_unit(l, sizes[l] - 1, L)[0]}</b>{_SP}b ← <b>{number}</b>"] + [
        f"{s} = {number}" for s in ("z", "a", "∂L/∂a", "δ")]


def _label_size(eid: str, sizes, named: bool, number: str) -> tuple[float, float]:
    """Width and height of an edge label's box at its widest."""
    if eid[0] == "o":
        k = int(eid[1:])
        text = f"∂L/∂o{subscript(str(k + 1))} = {number}"
        return _width(text, EDGE_FONT) + 2 * BP, LE + 2 * BP
    l, j, i = map(int, eid[1:].split("."))
    name = _w(l, j, i)[0] if named else "w"
    text = f"{name} ← {number}<br>∂L/∂w = {number}"
    return _width(text, EDGE_FONT) + 2 * BP, 2 * LE + 2 * BP


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _search(items: list, cands: dict, obstacles: list) -> dict | None:
    """A choice of one rectangle per item, none overlapping another or an obstacle; None if
    there is none (or the search takes more than :data:`SEARCH_STEPS` steps). Depth first,
    the item with the fewest choices left first, dropping the choices a pick rules out."""
    free = {k: [r for r in cands[k] if not any(_overlap(r, o) for o in obstacles)]
            for k in items}
    steps = 0

    def go_on(free: dict) -> dict | None:
        nonlocal steps
        if not free:
            return {}
        k = min(free, key=lambda k: (len(free[k]), k))
        for r in free[k]:
            steps += 1
            if steps > SEARCH_STEPS:
                return None
            rest = {o: [c for c in rs if not _overlap(r, c)] for o, rs in free.items() if o != k}
            if all(rest.values()):
                got = go_on(rest)
                if got is not None:
                    return {k: r, **got}
        return None

    return go_on(free) if all(free.values()) else None


def _crosses(r, e) -> bool:
    """Whether the segment ``e`` (x0, y0, x1, y1) passes through the rectangle ``r``."""
    x0, y0, x1, y1 = e
    t0, t1 = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - r[0]), (x1 - x0, r[2] - x0), (y0 - y1, y0 - r[1]),
                 (y1 - y0, r[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    return t0 < t1


@functools.lru_cache(maxsize=64)
def _geometry(sizes: tuple[int, ...], nominal: float, wide: bool) -> _Geo:
    """The layout of a network of ``sizes`` in ``nominal`` pixels of width, numbers up to
    :data:`WIDE` wide if ``wide`` (else :data:`NUMBER`). Cached: it is the same at every
    stage."""
    number = WIDE if wide else NUMBER
    width, plot_h, boxes, area_box = _boxes(sizes, nominal, number)
    ends = _ends(sizes, boxes)
    labels, named, full, gaps = _labels(sizes, number, boxes, ends, area_box)
    boxes = {k: tuple(round(c, 1) for c in b) for k, b in boxes.items()}
    ends = {k: tuple(round(c, 1) for c in e) for k, e in ends.items()}
    return _Geo(width=round(width, 1), height=round(plot_h + 2 * MARGIN, 1), boxes=boxes, ends=ends,
                labels=labels, full=frozenset(full), every=len(full) == len(gaps),
                named=named, top=plot_h - PAD, note_y=PAD)


def _boxes(sizes: tuple[int, ...], nominal: float, number: str):
    """(width, plot height, every unit's and the loss's box, the area the graph may use):
    the columns as wide as their texts, the gaps sharing the rest (the loss's fitting its
    labels), the units of a layer spread about the middle."""
    L = len(sizes) - 1
    cols = [_width("<br>".join(_box_lines(sizes, c, number)), NODE_FONT) + 2 * TPAD
            for c in range(L + 2)]
    heights = [LN + 2 * VPAD] + [UNIT_LINES * LN + 2 * VPAD] * L + [
        (1 + sizes[-1]) * LN + 2 * VPAD]
    inner = nominal - 2 * MARGIN
    room = inner - 2 * PAD - sum(cols)
    # the loss's gap fits its labels (while the others keep GAP_MIN); the rest share evenly
    last = max(_label_size(f"o{k}", sizes, True, number)[0] for k in range(sizes[-1]))
    last = min(max(room / (L + 1), last + 2 * CLR_X + 8), max(GAP_MIN, room - L * GAP_MIN))
    gap = max(GAP_MIN, (room - last) / L)
    width = max(inner, sum(cols) + L * gap + last + 2 * PAD)
    n_max = max(sizes)
    pitch = max(heights[1] + CORRIDOR, AREA_MIN / n_max)
    head = 1.3 * TITLE_FONT + LE + 8
    note = 1.3 * NOTE_FONT + 4
    area = n_max * pitch
    plot_h = PAD + note + area + head + PAD
    mid = PAD + note + area / 2
    left = [PAD]
    for k, c in enumerate(cols[:-1]):
        left.append(left[-1] + c + (gap if k < L else last))
    boxes = {}
    for l, n in enumerate(sizes):
        for j in range(n):
            y = mid + ((n - 1) / 2 - j) * pitch
            boxes[f"u{l}.{j}"] = (left[l], y - heights[l] / 2, left[l] + cols[l],
                                  y + heights[l] / 2)
    boxes["L"] = (left[-1], mid - heights[-1] / 2, left[-1] + cols[-1], mid + heights[-1] / 2)
    return width, plot_h, boxes, (0, PAD + note, width, PAD + note + area)


def _labels(sizes, number, boxes, ends, area_box):
    """Where each edge's label goes: (centres, named or not, the gaps where every label
    found a place, the edges by gap). Gap by gap from the loss's, each label on its edge,
    clear of the boxes, of the area's edges and of the labels already placed; a gap whose
    labels cannot all be placed with names tries them without, and failing that, its labels
    go each on its own (a followed weight's is shown alone)."""
    walls = [(b[0] - CLR_X, b[1] - CLR_Y, b[2] + CLR_X, b[3] + CLR_Y) for b in boxes.values()]
    gaps: dict[int, list[str]] = {}
    for eid, g in _edge_ids(sizes):
        gaps.setdefault(g, []).append(eid)
    gap_of = {eid: g for g, ids in gaps.items() for eid in ids}

    @functools.cache
    def candidates(eid: str, named: bool) -> list:
        """The label's possible rectangles along its edge, those crossed by the fewest other
        edges of its gap first, then those nearest the middle."""
        others = [ends[k] for k in gaps[gap_of[eid]] if k != eid]
        w, h = _label_size(eid, sizes, named, number)
        x0, y0, x1, y1 = ends[eid]
        out = []
        for t in T_POINTS:
            cx, cy = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            r = (cx - w / 2 - 2, cy - h / 2 - 2, cx + w / 2 + 2, cy + h / 2 + 2)  # 4 px apart
            if (r[0] >= area_box[0] and r[2] <= area_box[2] and r[1] >= area_box[1]
                    and r[3] <= area_box[3] and not any(_overlap(r, b) for b in walls)):
                out.append((sum(_crosses(r, e) for e in others), r))
        return [r for _, r in sorted(out, key=lambda c: c[0])]  # stable: t order kept

    placed, chosen, named, full = [], {}, {}, set()
    for g in sorted(gaps, reverse=True):  # the loss's gap first, then from the output down
        for nm in (True, False):
            got = _search(gaps[g], {k: candidates(k, nm) for k in gaps[g]}, placed)
            if got is not None:
                full.add(g)
                chosen.update(got)
                named.update(dict.fromkeys(got, nm))
                placed += got.values()
                break
    for g in gaps:  # the rest: each label on its own (a followed weight's), clear of those
        if g in full:
            continue
        for eid in gaps[g]:
            chosen[eid] = None
            for nm in (True, False):
                r = next((r for r in candidates(eid, nm)
                          if not any(_overlap(r, p) for p in placed)), None)
                if r is not None:
                    chosen[eid], named[eid] = r, nm
                    break
    labels = {k: None if r is None else (round((r[0] + r[2]) / 2, 1),
                                         round((r[1] + r[3]) / 2, 1))
              for k, r in chosen.items()}
    return labels, named, full, gaps


def _ends(sizes, boxes) -> dict:
    """Each edge's tail and head: on the sides of its boxes, spread over ports (the edge to
    the top unit leaves from the top port) so that arrowheads do not pile up."""
    L = len(sizes) - 1

    def port(box, k: int, n: int) -> float:  # the k-th of n ports on a side, top first
        spread = min(box[3] - box[1] - 10, 12 * (n - 1))
        return (box[1] + box[3]) / 2 + (spread / 2 - spread * k / (n - 1) if n > 1 else 0)

    ends = {}
    for eid, _ in _edge_ids(sizes):
        if eid[0] == "w":
            l, j, i = map(int, eid[1:].split("."))
            s, d = boxes[f"u{l}.{i}"], boxes[f"u{l + 1}.{j}"]
            ends[eid] = (s[2], port(s, j, sizes[l + 1]), d[0], port(d, i, sizes[l]))
        else:
            k = int(eid[1:])
            s, d = boxes[f"u{L}.{k}"], boxes["L"]
            ends[eid] = (s[2], port(s, 0, 1), d[0], port(d, k, sizes[-1]))
    return ends


# -- one iteration's numbers and what a stage has revealed --------------------------------


class _NetShown:
    """The numbers of one iteration (sample 0) and what ``stage`` has revealed of them."""

    def __init__(self, setup: NetSetup, stage: int,
                 hidden: frozenset[tuple[str, int]] = frozenset()):
        self.setup = setup
        self.net, fwd, bwd, upd = setup.step()
        self.L = L = len(self.net.W)
        self.stages = stages(L)
        if not 0 <= stage < len(self.stages):
            raise ValueError(f"stage must be between 0 and {len(self.stages) - 1}, not {stage}")
        self.hidden = frozenset(hidden)  # quiz mode: known, but shown as "?" until answered
        self.stage, self.known = stage, known(L, stage) - self.hidden
        self.sizes = setup.sizes
        self.a = [v[0].tolist() for v in fwd.a]  # a[l][j], l = 0..L
        self.z = [None] + [v[0].tolist() for v in fwd.z]  # z[l][j], l = 1..L
        self.dL_da = [None] + [v[0].tolist() for v in bwd.dL_da[1:]]
        self.da_dz = [None] + [v[0].tolist() for v in bwd.da_dz]
        self.delta = [None] + [v[0].tolist() for v in bwd.delta]
        self.W = [w.tolist() for w in self.net.W]  # W[l][j][i]
        self.b = [v.tolist() for v in self.net.b]
        self.gW = [g.tolist() for g in bwd.dL_dW]
        self.gb = [g.tolist() for g in bwd.dL_db]
        self.newW = [w.tolist() for w in upd.net.W]
        self.newb = [v.tolist() for v in upd.net.b]
        self.y, self.loss = list(setup.y), fwd.loss
        self.lossfn = setup.loss_fn
        self.fused = fused(self.net.acts[-1], self.lossfn)

    def has(self, what: str, l: int) -> bool:
        return (what, l) in self.known

    def when(self, what: str, l: int) -> str:
        """"not yet (stage s: title)" for a quantity not yet revealed."""
        if (what, l) in self.hidden:
            return "? (quiz mode: predict it first)"
        s = next(s for s in range(len(self.stages)) if (what, l) in known(self.L, s))
        return f"not yet (stage {s}: {self.stages[s].title})"

    def name(self, l: int, j: int) -> str:
        return _unit(l, j, self.L)[0]

    def numbers(self) -> list[float]:
        """Every number the figure may show (to choose the layout's number width)."""
        out = [self.loss, *self.y]
        for l in range(self.L + 1):
            out += self.a[l]
            if l:
                out += self.z[l] + self.dL_da[l] + self.delta[l]
        for l in range(self.L):
            for rows in (self.W[l], self.gW[l], self.newW[l]):
                for r in rows:
                    out += r
        return out


def _stage_items(v: _NetShown) -> tuple[set[str], set[str]]:
    """The nodes and edges that the current stage computes (they glow)."""
    s, L, sizes = v.stages[v.stage], v.L, v.sizes

    def units(l):
        return {f"u{l}.{j}" for j in range(sizes[l])}

    def weights(l):
        return {f"w{l}.{j}.{i}" for j in range(sizes[l + 1]) for i in range(sizes[l])}
    outs = {f"o{k}" for k in range(sizes[-1])}
    if s.kind == "start":
        return units(0) | {"L"}, set()
    if s.kind == "z":
        return units(s.layer), weights(s.layer - 1)
    if s.kind == "a":
        return units(s.layer), set()
    if s.kind == "loss":
        return {"L"}, outs
    if s.kind == "delta":
        return units(s.layer), outs if s.layer == L else weights(s.layer)
    if s.kind == "grad":
        return set(), weights(s.layer - 1)
    return set(), set().union(*(weights(l) for l in range(L)))


def _focus_items(sizes, focus) -> tuple[set[str], set[str]]:
    """The nodes and edges on the paths from weight ``focus`` = (l, j, i) to the loss."""
    if focus is None:
        return set(), set()
    l, j, i = focus
    L = len(sizes) - 1
    nodes = {f"u{l}.{i}", f"u{l + 1}.{j}", "L"}
    edges = {f"w{l}.{j}.{i}"} | {f"o{k}" for k in range(sizes[-1])}
    for m in range(l + 1, L):
        froms = [j] if m == l + 1 else range(sizes[m])
        edges |= {f"w{m}.{k}.{f}" for k in range(sizes[m + 1]) for f in froms}
        nodes |= {f"u{m + 1}.{k}" for k in range(sizes[m + 1])}
    return nodes, edges


def _check_focus(sizes, focus) -> tuple[int, int, int] | None:
    if focus is None:
        return None
    l, j, i = (int(f) for f in focus)
    if not (0 <= l < len(sizes) - 1 and 0 <= j < sizes[l + 1] and 0 <= i < sizes[l]):
        raise ValueError(f"focus: no weight W{l + 1}[{j + 1},{i + 1}] in a "
                         f"{'-'.join(map(str, sizes))} network")
    return l, j, i


# -- texts ---------------------------------------------------------------------------------


def _span(text: str, color: str) -> str:
    return f"<span style='color:{color}'>{text}</span>"


def _node_text(v: _NetShown, nid: str, t: Theme) -> str:
    if nid == "L":
        head = "<b>L</b>" + (f" = {_n(v.loss)}" if v.has("loss", v.L) else "")
        return "<br>".join([head] + [f"y{subscript(str(k + 1))} = {_n(y)}"
                                     for k, y in enumerate(v.y)])
    l, j = map(int, nid[1:].split("."))
    if l == 0:
        return f"<b>{v.name(0, j)}</b> = {_n(v.a[0][j])}"
    b, new_b = v.b[l - 1][j], v.newb[l - 1][j]  # the unit's bias: in z = W a + b
    lines = [f"<b>{v.name(l, j)}</b>{_SP}" + (f"b ← <b>{_n(new_b)}</b>"
                                             if v.has("update", 0) and new_b != b else
                                             f"b = {_n(b)}")]
    for sym, what, val in (("z", "z", v.z[l][j]), ("a", "a", v.a[l][j])):
        lines.append(f"{sym} = {_n(val)}" if v.has(what, l) else _span(sym, t.muted))
    for sym, what, val in (("∂L/∂a", "dL_da", v.dL_da[l][j]), ("δ", "delta", v.delta[l][j])):
        lines.append(_span(f"{sym} = {_n(val)}", t.sign(val)) if v.has(what, l)
                     else f"{sym} = ?" if (what, l) in v.hidden else _span(sym, t.muted))
    return "<br>".join(lines)


def _edge_text(v: _NetShown, eid: str, named: bool, t: Theme) -> str:
    if eid[0] == "o":
        k = int(eid[1:])
        sym = f"∂L/∂{v.name(v.L, k)}"
        g = v.dL_da[v.L][k]
        return (_span(f"{sym} = {_n(g)}", t.sign(g)) if v.has("dL_da", v.L) else f"{sym} = ?"
                if ("dL_da", v.L) in v.hidden else _span(sym, t.muted))
    l, j, i = map(int, eid[1:].split("."))
    name = _w(l, j, i)[0] if named else "w"
    line = (f"{name} ← <b>{_n(v.newW[l][j][i])}</b>" if v.has("update", 0)
            else f"{name} = {_n(v.W[l][j][i])}")
    if v.has("dL_dW", l + 1):
        g = v.gW[l][j][i]
        line += "<br>" + _span(f"∂L/∂w = {_n(g)}", t.sign(g))
    elif ("dL_dW", l + 1) in v.hidden:
        line += "<br>∂L/∂w = ?"
    return line


def _act_der(v: _NetShown, l: int) -> str:
    """The derivative of layer l's activation in terms of its output a."""
    return v.net.acts[l - 1].der_text.replace("ŷ", "a")


def _unit_hover(v: _NetShown, l: int, j: int) -> str:
    name, L, act = v.name(l, j), v.L, v.net.acts[l - 1]
    role = f"output {j + 1}" if l == L else f"hidden layer {l}, unit {j + 1}"
    out = [f"<b>{name}</b>: {role} ({act.label.lower()})"]
    prev = range(v.sizes[l - 1])
    terms = " + ".join(f"{_p(v.W[l - 1][j][i])}·{_p(v.a[l - 1][i])}" for i in prev)
    zf = (" + ".join(f"{_w(l - 1, j, i)[0]}·{v.name(l - 1, i)}" for i in prev)
          + f" + b{l}[{j + 1}]")
    out.append(f"z = {zf}<br>   = {terms} + {_p(v.b[l - 1][j])} = {num(v.z[l][j])}"
               if v.has("z", l) else f"z = {zf}: {v.when('z', l)}")
    out.append(f"a = {act.symbol}(z) = {act.symbol}({num(v.z[l][j])}) = {num(v.a[l][j])}"
               if v.has("a", l) else f"a = {act.symbol}(z): {v.when('a', l)}")
    if l == L:
        f = v.lossfn.der_text.replace("ŷ", name).replace("y", f"y{subscript(str(j + 1))}")
        nums = v.lossfn.der_text_sub.replace("<yhat>", _p(v.a[L][j])).replace(
            "<y>", _p(v.y[j]))
        g = f"∂L/∂{name} = {f} = {nums} = {num(v.dL_da[L][j])}"
    else:
        nxt = range(v.sizes[l + 1])
        g = (f"∂L/∂{name} = Σₖ δ({v.name(l + 1, 0)[:-1]}ₖ)·W{l + 1}[k,{j + 1}] = "
             + " + ".join(f"{_p(v.delta[l + 1][k])}·{_p(v.W[l][k][j])}" for k in nxt)
             + f" = {num(v.dL_da[l][j])}")
    ok = v.has("dL_da", l)
    out.append(g if ok else f"∂L/∂{name}: {v.when('dL_da', l)}")
    out.append(f"σ′: the slope of {act.symbol} at z, {_act_der(v, l)} = {num(v.da_dz[l][j])}"
               if ok else f"σ′(z) = {_act_der(v, l)}: {v.when('delta', l)}")
    if not ok:
        out.append(f"δ = ∂L/∂z = ∂L/∂a·σ′(z): {v.when('delta', l)}")
    elif l == L and v.fused:
        out.append(f"δ = ∂L/∂z = {name} − y (cross-entropy after a sigmoid: the factors "
                   f"cancel) = {num(v.delta[l][j])}")
    else:
        out.append(f"δ = ∂L/∂z = ∂L/∂a·σ′(z) = {_p(v.dL_da[l][j])}·{_p(v.da_dz[l][j])} = "
                   f"{num(v.delta[l][j])}")
    bt = f"b{l}[{j + 1}]"
    out.append(f"∂L/∂{bt} = δ = {num(v.gb[l - 1][j])}" if v.has("dL_dW", l)
               else f"∂L/∂{bt} = δ: {v.when('dL_dW', l)}")
    if v.has("update", 0):
        out.append(f"{bt} ← {num(v.newb[l - 1][j])} (kept: biases are not updated)"
                   if not v.setup.update_bias else
                   f"{bt} ← {num(v.b[l - 1][j])} − {num(v.setup.lr)}·{_p(v.gb[l - 1][j])} = "
                   f"{num(v.newb[l - 1][j])}")
    return "<br>".join(out)


def _edge_hover(v: _NetShown, eid: str) -> str:
    L = v.L
    if eid[0] == "o":
        k = int(eid[1:])
        name = v.name(L, k)
        out = [f"<b>{name} → L</b>: the output enters the loss with its target "
               f"y{subscript(str(k + 1))} = {num(v.y[k])}"]
        out.append(f"backward: ∂L/∂{name} = {num(v.dL_da[L][k])} flows back into {name}"
                   if v.has("dL_da", L) else f"∂L/∂{name}: {v.when('dL_da', L)}")
        return "<br>".join(out)
    l, j, i = map(int, eid[1:].split("."))
    wn, src, dst = _w(l, j, i)[0], v.name(l, i), v.name(l + 1, j)
    w, a = v.W[l][j][i], v.a[l][i]
    out = [f"<b>{wn} = {num(w)}</b>: the weight from {src} to {dst} (learned)"]
    out.append(f"forward: {wn}·{src} = {_p(w)}·{_p(a)} = {num(w * a)}, one term of z({dst})"
               if v.has("z", l + 1) else f"forward: {wn}·{src}, a term of z({dst}): "
               f"{v.when('z', l + 1)}")
    g = f"∂L/∂{wn} = δ({dst})·{src}"
    out.append(f"{g} = {_p(v.delta[l + 1][j])}·{_p(a)} = {num(v.gW[l][j][i])}"
               if v.has("dL_dW", l + 1) else f"{g}: {v.when('dL_dW', l + 1)}")
    if l:
        b = f"backward: δ({dst})·{wn}, one term of ∂L/∂{src}"
        out.append(f"{b} = {_p(v.delta[l + 1][j])}·{_p(w)} = {num(v.delta[l + 1][j] * w)}"
                   if v.has("dL_da", l) else f"{b}: {v.when('dL_da', l)}")
    if v.has("update", 0):
        out.append(f"update: {wn} ← {num(w)} − {num(v.setup.lr)}·{_p(v.gW[l][j][i])} = "
                   f"{num(v.newW[l][j][i])}")
    return "<br>".join(out)


def _loss_hover(v: _NetShown) -> str:
    fn, L = v.lossfn, v.L
    names = [v.name(L, k) for k in range(v.sizes[-1])]
    sym = " + ".join(fn.text.replace("ŷ", "\0").replace("y", f"y{subscript(str(k + 1))}")
                     .replace("\0", n) for k, n in enumerate(names))
    nums = " + ".join(fn.text_sub.replace("<yhat>", _p(v.a[L][k])).replace("<y>", _p(y))
                      for k, y in enumerate(v.y))
    out = [f"<b>L</b>: the loss, {fn.label.lower()} summed over the outputs",
           f"L = {sym}" + (f"<br>   = {nums} = {num(v.loss)}" if v.has("loss", L)
                           else f": {v.when('loss', L)}")]
    out += [f"y{subscript(str(k + 1))} = {num(y)}: the target of {names[k]} (data)"
            for k, y in enumerate(v.y)]
    return "<br>".join(out)


def _node_hover(v: _NetShown, nid: str) -> str:
    if nid == "L":
        return _loss_hover(v)
    l, j = map(int, nid[1:].split("."))
    if l == 0:
        return f"<b>{v.name(0, j)} = {num(v.a[0][j])}</b>: input {j + 1} (data, not learned)"
    return _unit_hover(v, l, j)


# -- the figure ----------------------------------------------------------------------------

def _edge_style(v: _NetShown, eid: str, t: Theme, ref: float, ref_o: float):
    """(colour, width, dash, arrow): arrow "fwd", "bwd" or None."""
    back = v.has("dL_da", v.L)
    if eid[0] == "o":
        k = int(eid[1:])
        if not back:
            return (t.forward, 2.2, "solid", "fwd") if v.has("loss", v.L) else (
                t.muted, 1.2, "solid", "fwd")
        g, r = v.dL_da[v.L][k], ref_o
    else:
        l, j, i = map(int, eid[1:].split("."))
        if not back:
            return (t.forward, 2.2, "solid", "fwd") if v.has("z", l + 1) else (
                t.muted, 1.2, "solid", "fwd")
        if not v.has("dL_dW", l + 1):  # the gradient can be computed once δ is known
            return ((t.backward, 1.8, "dot", "bwd") if v.has("delta", l + 1)
                    else (t.muted, 1.2, "dot", None))
        g, r = v.gW[l][j][i], ref
    if g == 0 or not math.isfinite(g):  # nothing flows back, or no size to draw
        return t.muted, 1.2, "solid", "bwd"
    return t.sign(g), 1.4 + 3.4 * min(1.0, abs(g) / r), "dash" if g < 0 else "solid", "bwd"


def _arrowhead(head, tail, color, width, scale):
    """A triangle marker whose tip touches ``head`` (x, y), pointing away from ``tail``."""
    (hx, hy), (tx, ty) = head, tail
    size = (7 + 1.2 * width) * scale
    angle = (270 - math.degrees(math.atan2(hy - ty, hx - tx))) % 360 - 180
    return hx, hy, round(angle, 1), round(size, 2), color, round(0.5 * size, 2)


def _largest(rows) -> float:
    return max([abs(g) for g in rows if math.isfinite(g)] + [1e-12])


def _rect(x0, y0, x1, y1) -> str:
    return f"M{x0:.1f},{y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}Z"


def _line(e) -> str:
    return f"M{e[0]:.1f},{e[1]:.1f}L{e[2]:.1f},{e[3]:.1f}"


def _heading(v: _NetShown, geo: _Geo, t: Theme, focus, scale: float, shown: dict) -> list[dict]:
    title = f"<b>Stage {v.stage}: {v.stages[v.stage].title}</b>"
    key = (f"{_span('━━▶', t.forward)} forward: values{_SP}{_span('◀━━ +', t.positive)}"
           f"\u00a0 {_span('◀╍╍ −', t.negative)} backward: gradients, thicker = larger{_SP}"
           f"{_span('◀┈┈', t.backward)} gradient not yet known{_SP}"
           f"{_span('▮', t.highlight)} this stage")
    if focus is not None:
        key += f"{_SP}{_span('▬', t.muted)} followed weight"
    if geo.every:
        notes = ["Hover a unit or an edge for its formula with the numbers."]
    else:
        notes = ["Edge labels: this stage's weights where they fit, and a followed weight's; "
                 "hover any edge or unit for its numbers.",
                 "Labels: this stage's where they fit; hover an edge or a unit for the rest."]
    if focus is not None and not shown.get(f"w{focus[0]}.{focus[1]}.{focus[2]}"):
        l, j, i = focus
        wn = _w(l, j, i)[0]
        got = f" · ∂L/∂w = {_n(v.gW[l][j][i])}" if v.has("dL_dW", l + 1) else ""
        val = (f"{wn} ← {_n(v.newW[l][j][i])}" if v.has("update", 0)
               else f"{wn} = {_n(v.W[l][j][i])}")
        head = f"<b>{val}{got}</b>"
        notes = [f"{head} (no room on its edge) · {n}" for n in notes] + [
            f"{head} · {n}" for n in notes]
    room = geo.width - 2 * PAD
    note = next((n for n in notes if _width(n, NOTE_FONT) <= room), notes[-1])
    return [
        dict(x=0, y=geo.top, xanchor="left", yanchor="top", text=title,
             font=dict(size=TITLE_FONT * scale), name="title"),
        dict(x=0, y=geo.top - 1.3 * TITLE_FONT - 4, xanchor="left", yanchor="top", text=key,
             name="key"),
        dict(x=0, y=geo.note_y, xanchor="left", yanchor="bottom", text=note, name="note",
             font=dict(size=NOTE_FONT * scale, color=t.muted)),
    ]


def network_spec(setup: NetSetup, stage: int, *, focus: tuple[int, int, int] | None = None,
                 look: Look = PLAIN, width: int = 1100,
                 hidden: frozenset[tuple[str, int]] = frozenset()) -> dict:
    """The computation graph of ``setup``'s network at ``stage`` (an index of
    :func:`neuron.netstages.stages`), as the figure's JSON data (``data`` and ``layout``).

    ``focus`` = (l, j, i) follows the weight ``W[l][j][i]`` (from unit i of layer l to unit j
    of layer l+1, counted from 0; ``W{l+1}[j+1,i+1]`` on the page): every path from its edge
    to the loss gets a grey halo, and its label is shown (:func:`focus_chain` writes the
    chain rule out). ``dark`` picks colours for a dark page; ``scale`` (1 to 2) enlarges text
    and lines for a projector. ``width`` is the width in pixels the figure will be drawn at
    (it fills its container; the layout is made for that width). The height depends only on
    the layer sizes and ``scale``. Hover a unit or an edge for its formula with the numbers.
    ``hidden`` (quiz mode) lists (quantity, layer) pairs of :func:`neuron.netstages.known`
    that the stage has computed but the page shows as "?" until the student has predicted
    them. The template is shared between calls: read it, do not change it.
    """
    dark, scale = look.dark, look.scale
    if not SCALES[0] <= scale <= SCALES[1]:
        raise ValueError(f"scale must be between {SCALES[0]} and {SCALES[1]}, got {scale}")
    if not WIDTHS[0] <= width <= WIDTHS[1]:
        raise ValueError(f"width must be between {WIDTHS[0]} and {WIDTHS[1]} pixels, not "
                         f"{width}")
    v = _NetShown(setup, stage, hidden)
    focus = _check_focus(v.sizes, focus)
    geo = _geometry(tuple(v.sizes), round(width / scale, 1), _wide(v.numbers()))
    c = _NetCanvas(v, geo, theme(dark), scale, focus, *_stage_items(v),
                   *_focus_items(v.sizes, focus))
    e = _net_edges(c)
    n = _net_units(c)
    anns = e.anns + n.anns + _heading(v, geo, c.t, focus, scale, e.shown)
    return dict(data=_net_data(c, e, n), layout=_net_layout(c, dark, _net_shapes(c, e, n, dark),
                                                            anns))


@dataclass(frozen=True)
class _NetCanvas:
    """What every part of one network drawing needs."""

    v: object  # _NetShown
    geo: object  # the geometry
    t: object  # the theme
    scale: float
    focus: tuple | None
    hot_n: set
    hot_e: set
    foc_n: set
    foc_e: set

    @property
    def fw(self) -> str | None:
        """The id of the followed weight's edge."""
        f = self.focus
        return f"w{f[0]}.{f[1]}.{f[2]}" if f else None


@dataclass
class _NetDrawn:
    anns: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    arrows: list = field(default_factory=list)
    hover: list = field(default_factory=list)
    shown: dict = field(default_factory=dict)
    rects: list = field(default_factory=list)
    glow: list = field(default_factory=list)
    halo: list = field(default_factory=list)
    units_hover: tuple = ((), (), ())


def _net_edges(c: _NetCanvas) -> _NetDrawn:
    """Every edge: its line, its two arrowheads (one drawn), its label and hover points."""
    v, geo, t, scale, out = c.v, c.geo, c.t, c.scale, _NetDrawn()
    ref = _largest([g for gl in v.gW for row in gl for g in row])
    ref_o = _largest(v.dL_da[v.L])
    edges = _edge_ids(v.sizes)
    out.shown = {eid: geo.labels[eid] is not None and (
        geo.every or eid == c.fw or (g in geo.full and eid in c.hot_e)) for eid, g in edges}
    edge_marker = dict(size=14 * scale, color=NONE, symbol="square")
    for eid, _ in edges:
        e = geo.ends[eid]
        color, lw, dash, arrow = _edge_style(v, eid, t, ref, ref_o)
        out.lines.append(dict(type="path", path=_line(e), name=f"edge:{eid}", layer="below",
                              fillcolor=NONE,
                              line=dict(color=color, width=lw * scale, dash=dash)))
        fwd = _arrowhead(e[2:4], e[0:2], color if arrow == "fwd" else NONE, lw, scale)
        bwd = _arrowhead(e[0:2], e[2:4], color if arrow == "bwd" else NONE, lw, scale)
        out.arrows += [fwd, bwd]
        pos = geo.labels[eid]
        hot, followed = eid in c.hot_e, eid == c.fw
        out.anns.append(dict(
            x=pos[0] if pos else (e[0] + e[2]) / 2, y=pos[1] if pos else (e[1] + e[3]) / 2,
            text=_edge_text(v, eid, geo.named.get(eid, True), t), xanchor="center",
            yanchor="middle", align="center", visible=out.shown[eid], name=f"edge:{eid}",
            bgcolor=(HOT_LABEL if hot and not t.dark else t.label_bg), borderpad=1,
            borderwidth=1, bordercolor=t.highlight if hot else t.text if followed else NONE))
        points = ([pos] if pos else []) + [
            (round(e[0] + k * (e[2] - e[0]), 1), round(e[1] + k * (e[3] - e[1]), 1))
            for k in HOVER_T]
        xs, ys = zip(*points, strict=True)
        out.hover.append(dict(type="scatter", x=xs, y=ys, hovertext=_edge_hover(v, eid),
                              mode="markers", name=f"edge:{eid}", marker=edge_marker,
                              hovertemplate="%{hovertext}<extra></extra>"))
    return out


def _net_units(c: _NetCanvas) -> _NetDrawn:
    """Every unit: its box (lit, or haloed when on the followed weight's paths), its text."""
    v, geo, t, scale, out = c.v, c.geo, c.t, c.scale, _NetDrawn()
    hx, hy, ht = [], [], []
    for nid in _node_ids(v.sizes):
        x0, y0, x1, y1 = geo.boxes[nid]
        hot = nid in c.hot_n
        if hot:
            out.glow.append(_rect(x0 - 5, y0 - 5, x1 + 5, y1 + 5))
        if nid in c.foc_n:
            out.halo.append(_rect(x0 - 9, y0 - 9, x1 + 9, y1 + 9))
        out.rects.append(dict(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, name=f"node:{nid}",
                              line=dict(color=t.highlight if hot else t.node_line,
                                        width=(2.5 if hot else 1) * scale)))
        out.anns.append(dict(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=_node_text(v, nid, t),
                             xanchor="center", yanchor="middle", align="center",
                             font=dict(size=NODE_FONT * scale), name=f"node:{nid}"))
        hx.append((x0 + x1) / 2)
        hy.append((y0 + y1) / 2)
        ht.append(_node_hover(v, nid))
    out.units_hover = (hx, hy, ht)
    return out


def _net_shapes(c: _NetCanvas, e: _NetDrawn, n: _NetDrawn, dark: bool) -> list[dict]:
    """The glow of what the stage computes, the halo of the followed weight, the edges, the
    boxes."""
    geo, t, scale, fw = c.geo, c.t, c.scale, c.fw
    halo = "rgba(128,128,128,0.28)" if dark else "rgba(110,110,110,0.22)"
    halo2 = "rgba(150,150,150,0.55)" if dark else "rgba(90,90,90,0.45)"
    return [
        dict(type="path", path="".join(n.glow) or NOWHERE, name="glow", layer="below",
             fillcolor=t.highlight_fill, line=dict(width=0)),
        dict(type="path", path="".join(_line(geo.ends[k]) for k in sorted(c.hot_e)) or NOWHERE,
             name="glow", layer="below", fillcolor=NONE,
             line=dict(color=t.highlight_fill, width=9 * scale)),
        dict(type="path", path="".join(n.halo) or NOWHERE, name="focus", layer="below",
             fillcolor=halo, line=dict(width=0)),
        dict(type="path", path="".join(_line(geo.ends[k]) for k in sorted(c.foc_e)) or NOWHERE,
             name="focus", layer="below", fillcolor=NONE,
             line=dict(color=halo, width=14 * scale)),
        dict(type="path", path=_line(geo.ends[fw]) if fw else NOWHERE, name="focus",
             layer="below", fillcolor=NONE, line=dict(color=halo2, width=18 * scale)),
        *e.lines, *n.rects,
    ]


def _net_data(c: _NetCanvas, e: _NetDrawn, n: _NetDrawn) -> list[dict]:
    """The arrowheads (one trace of rotated triangles), the units' and edges' hover points."""
    ax, ay, angle, size, color, standoff = zip(*e.arrows, strict=True)
    marker = dict(size=30 * c.scale, color=NONE, symbol="square")
    hx, hy, ht = n.units_hover
    return [
        dict(type="scatter", x=ax, y=ay, mode="markers", hoverinfo="skip", name="arrowheads",
             marker=dict(symbol="triangle-up", angle=angle, size=size, color=color,
                         line=dict(width=0), standoff=standoff, opacity=1)),
        dict(type="scatter", x=hx, y=hy, hovertext=ht,
             mode="markers", name="units", marker=marker,
             hovertemplate="%{hovertext}<extra></extra>"),
        *e.hover,
    ]


def _net_layout(c: _NetCanvas, dark: bool, shapes: list, anns: list) -> dict:
    geo, scale = c.geo, c.scale
    return dict(
        template=graph_template_json(dark, scale), height=round(geo.height * scale), autosize=True,
        showlegend=False, dragmode=False,
        margin=dict(l=MARGIN * scale, r=MARGIN * scale, t=MARGIN * scale, b=MARGIN * scale),
        hovermode="closest", hoverdistance=30,
        hoverlabel=dict(align="left", font=dict(size=13 * scale)),
        font=dict(color=c.t.text),
        modebar=dict(remove=["zoom", "pan", "select", "lasso", "zoomin", "zoomout",
                             "autoscale", "resetscale"]),
        xaxis=dict(range=[0, geo.width], visible=False, fixedrange=True),
        yaxis=dict(range=[0, geo.height - 2 * MARGIN], visible=False, fixedrange=True),
        shapes=shapes, annotations=anns,
    )


def network_figure(setup: NetSetup, stage: int, *, focus: tuple[int, int, int] | None = None,
                   look: Look = PLAIN, width: int = 1100) -> go.Figure:
    """:func:`network_spec` as a ``go.Figure`` (for a notebook: ``.show()``)."""
    dark, scale = look.dark, look.scale
    spec = network_spec(setup, stage, focus=focus, look=look, width=width)
    spec["layout"]["template"] = graph_template(dark, scale)  # an object, not the shared data
    return go.Figure(spec, _validate=False)


# -- one weight's chain rule, path by path -------------------------------------------------


@dataclass(frozen=True)
class Path:
    """One path from a weight's unit to the loss: its units (layer, unit) from the weight's
    destination to an output, and its local derivatives in order with their product."""

    units: tuple[tuple[int, int], ...]
    factors: tuple[tuple[str, str, float], ...]  # (text, LaTeX, value)
    value: float


@dataclass(frozen=True)
class Chain:
    """∂L/∂w of one weight as the sum over the paths to the loss, and the backward pass's."""

    weight: tuple[int, int, int]
    paths: tuple[Path, ...]
    delta: float  # the sum of the paths' products: δ of the weight's destination unit
    a: float  # the value at the weight's source unit
    grad: float  # delta · a: ∂L/∂w from the paths
    backward: float  # ∂L/∂w from the backward pass
    backward_delta: float


def chain_paths(setup: NetSetup, l: int, j: int, i: int) -> Chain:
    """The chain rule of weight ``W[l][j][i]`` (from unit i of layer l to unit j of layer
    l+1, from 0), written path by path: δ of unit j is the sum, over every path from it to
    an output, of the product of the local derivatives along it (each unit's σ′ at its z,
    each weight passed, and ∂L/∂o at the output; after a sigmoid with cross-entropy the
    output's σ′·∂L/∂o is o − y in one piece); ∂L/∂w = δ·aᵢ."""
    setup = setup.validated()
    v = _NetShown(setup, 0)
    l, j, i = _check_focus(v.sizes, (l, j, i))
    L, acts = v.L, v.net.acts
    paths = []
    routes = itertools.product(*(range(n) for n in v.sizes[l + 2:]))
    for route in routes:
        units = ((l + 1, j), *((l + 2 + k, u) for k, u in enumerate(route)))
        factors = []
        for k, (m, u) in enumerate(units):
            nt, nx = _unit(m, u, L)
            if m == L and v.fused:
                factors.append((f"({nt} − y{subscript(str(u + 1))})", f"({nx} - y_{{{u + 1}}})",
                                v.delta[L][u]))
            else:
                sym, sx = acts[m - 1].symbol, acts[m - 1].symbol_latex
                factors.append((f"{sym}′({nt})", rf"{sx}'(z_{{{nx}}})", v.da_dz[m][u]))
            if m == L:
                if not v.fused:
                    factors.append((f"∂L/∂{nt}", rf"\frac{{\partial L}}{{\partial {nx}}}",
                                    v.dL_da[L][u]))
            else:
                nxt = units[k + 1][1]
                wt, wx = _w(m, nxt, u)
                factors.append((wt, wx, v.W[m][nxt][u]))
        value = math.prod(f[2] for f in factors)
        paths.append(Path(units, tuple(factors), value))
    delta = math.fsum(p.value for p in paths)
    a = v.a[l][i]
    return Chain((l, j, i), tuple(paths), delta, a, delta * a, v.gW[l][j][i], v.delta[l + 1][j])


def focus_chain(setup: NetSetup, l: int, j: int, i: int) -> list[tuple[str, str]]:
    """The chain rule of weight ``W[l][j][i]`` with the numbers put in, as (plain text,
    LaTeX) lines: ∂L/∂w = δⱼ·aᵢ; δⱼ as the sum over the paths to the loss of the products of
    local derivatives (the general path, then each path with its numbers and value); the sum;
    and the check that it is the backward pass's ∂L/∂w."""
    ch = chain_paths(setup, l, j, i)
    L = len(setup.sizes) - 1
    (wt, wx), (dt, dx), (st, sx) = _w(l, j, i), _unit(l + 1, j, L), _unit(l, i, L)
    out = [(f"∂L/∂{wt} = δ({dt})·{st} = {_p(ch.delta)}·{_p(ch.a)} = {num(ch.grad)}",
            rf"\frac{{\partial L}}{{\partial {wx}}} = \delta_{{{dx}}} \cdot {sx} = "
            rf"{tex(ch.delta, paren=True)} \cdot {tex(ch.a, paren=True)} = {tex(ch.grad)}")]
    n = len(ch.paths)
    first = ch.paths[0]
    if n == 1:
        out.append((f"δ({dt}) = " + "·".join(f[0] for f in first.factors),
                    rf"\delta_{{{dx}}} = " + r" \cdot ".join(f[1] for f in first.factors)))
    else:
        out.append((f"δ({dt}) = the sum over the {n} paths from {dt} to L of the product of "
                    "the local derivatives along the path",
                    rf"\delta_{{{dx}}} = \sum_{{\text{{{n} paths }} {dx} \to L}} "
                    r"\prod_{\text{along the path}} \text{local derivative}"))
    for p in ch.paths:
        names = [_unit(m, u, L) for m, u in p.units]
        out.append((
            " → ".join(t for t, _ in names) + " → L: " + "·".join(f[0] for f in p.factors)
            + " = " + "·".join(_p(f[2]) for f in p.factors) + f" = {num(p.value)}",
            r" \to ".join(x for _, x in names) + r" \to L:\quad "
            + r" \cdot ".join(f[1] for f in p.factors) + " = "
            + r" \cdot ".join(tex(f[2], paren=True) for f in p.factors)
            + f" = {tex(p.value)}"))
    if n > 1:
        out.append((f"δ({dt}) = " + " + ".join(_p(p.value) for p in ch.paths)
                    + f" = {num(ch.delta)}",
                    rf"\delta_{{{dx}}} = " + " + ".join(tex(p.value, paren=True)
                                                         for p in ch.paths)
                    + f" = {tex(ch.delta)}"))
    out.append(_check_line(ch, wt, wx))
    return out


def _check_line(ch: Chain, wt: str, wx: str) -> tuple[str, str]:
    """The paths' ∂L/∂w against the backward pass's."""
    g, b = ch.grad, ch.backward
    if not (math.isfinite(g) and math.isfinite(b)):
        return (f"Check: the backward pass gives ∂L/∂{wt} = {num(b)}; a value that is not "
                "finite leaves nothing to compare",
                rf"\text{{Check: the backward pass gives }} \frac{{\partial L}}{{\partial {wx}}}"
                rf" = {tex(b)}")
    diff = abs(g - b)
    same = "the same" if diff == 0 else f"the same up to rounding ({diff:.1e} apart)"
    return (f"Check: the backward pass gives ∂L/∂{wt} = {num(b)}: {same}",
            rf"\text{{Check: the backward pass gives }} \frac{{\partial L}}{{\partial {wx}}}"
            rf" = {tex(b)}\text{{: {same}}}")
