"""Where the graph of one neuron puts everything, in nominal pixels, from its texts' widths.

Text sizes are fixed in pixels while the figure stretches to its container, so the layout is
computed to fit :data:`MIN_WIDTH` (820 px: the main area of a 1280 px window with
Streamlit's sidebar open). Box widths follow an estimate of their text (:func:`text_px`:
Arial's advance widths, every number counted at least as wide as ``-0.0000`` so that the
layout does not move from stage to stage); numbers are shortened step by step
(:data:`LIMITS`) only if the widest texts still do not fit. :mod:`neuron.netgraph` measures
its texts the same way.
"""

from __future__ import annotations

import math
import re

from .graphmodel import STAGE_OF, Edge, Node, Quantity, Shown
from .palette import LIGHT, Theme
from .stages import LAST, STAGES

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
SP = "\u00a0" * 3  # SVG text collapses plain spaces
KEY = (f"<span style='color:{{fwd}}'>━━▶</span> forward: values{SP}"
       f"<span style='color:{{pos}}'>◀━━ +</span>\u00a0 <span style='color:{{neg}}'>◀╍╍ −</span> "
       f"backward: gradients, thicker = larger{SP}<span style='color:{{bwd}}'>◀┈┈</span> "
       f"gradient not yet known{SP}<span style='color:{{hi}}'>▮</span> this stage")

# -- text widths --------------------------------------------------------------------------
# Advance widths in em of Arial's metrics (Liberation Sans, Helvetica and Arimo share them;
# Segoe UI and Roboto are close, Source Sans is narrower): an estimate on the safe side.
EM = {c: w for chars, w in (
    ("0123456789abdeghnopquL?_$#", .556), (".,:;/ \u00a0·ᵢ'!|", .278), ("ilj", .222),
    ("ftr()[]-", .333), ("=+−<>×", .584), ("₀₁₂₃₄₅₆₇₈₉", .42), ("cksvxyzŷ∂", .5),
    ("mw", .833), ("→", 1.0), ("━╍┈", .602), ("▶◀", .769), ("▮", .55), ("Σ", .618),
) for c in chars}
TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"-?(?:inf|nan|[0-9]+(?:\.[0-9]+)?e[+-]?[0-9]+|[0-9]+\.[0-9]+)|\?")
_STD = "-0.0000"  # every number is given at least this width


def px(text: str, size: float) -> float:
    """A width in pixels of one line of plain text."""
    return size * sum(EM.get(c, 0.667) for c in text)


def text_px(text: str, size: float, numbers: bool = False) -> float:
    """The width of the widest line of a text with markup, plus 3% for bold parts.

    With ``numbers``, each number with decimals (or "?") counts at least as wide as
    ``-0.0000``; a constant such as the 1 of ∂z/∂b = 1 does not.
    """
    widest = 0.0
    std = px(_STD, size)
    for line in text.split("<br>"):
        plain = TAG.sub("", line)
        w = px(plain, size)
        if numbers:
            w += sum(max(0.0, std - px(m.group(), size)) for m in _NUMBER.finditer(plain))
        widest = max(widest, w)
    return 1.03 * widest


def mid_text(q: Quantity, v: Shown, split: bool) -> str:
    """The label of z → ŷ or ŷ → L: symbol and formula, then "= value" on its own line."""
    val = v.val(q)
    if not val:
        return q.symbol
    head = f"{q.symbol} =<br>{q.formula}" if split else f"{q.symbol} = {q.formula}"
    return f"{head}<br>= {val}"


def stage_title(stage: int, m: int, sample: int) -> str:
    title = f"<b>Stage {stage}: {STAGES[stage].title}</b>"
    return title + (f"  ·  sample {sample + 1} of {m}" if m > 1 else "")


class Layout:
    """Where everything goes, in nominal pixels (x to the right, y up from the bottom)."""

    def __init__(self, nodes: list[Node], edges: list[Edge], n: int, m: int, limit):
        self.limit = limit
        fv = Shown(LAST, frozenset(), limit)  # every value shown: the widest texts
        by = {nd.id: nd for nd in nodes}

        def wide(*ids):
            return max(text_px(node_text(by[k], fv, LIGHT), NODE_FONT, True)
                       for k in ids) + 2 * TPAD

        r = range(n)
        c0 = wide(*(f"x{i}" for i in r), *(f"w{i}" for i in r))
        c1 = wide(*(f"p{i}" for i in r))
        self.b_width = max(c1, wide("b"))  # centred under the products, may be wider
        sums = {e.src: text_px(fv.eq(e.local), EDGE_FONT) for e in edges if e.kind == "sum"}
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
                lw = text_px(mid_text(mids[kind].local, fv, split), EDGE_FONT)
                if lw / 2 <= room(split):
                    break
            self.split[mids[kind].id] = split
            extra = max(0.0, lw / 2 - room(split))
            for k in range(col + 1, 5):  # too long even so: widen the gap
                left[k] += extra
        self.left, self.widths = left, widths
        self.width = left[4] + widths[4]
        # the heading: the title, and the key on its right or on a line of its own
        titles = max(text_px(stage_title(s, m, m - 1), TITLE_FONT) for s in range(LAST + 1))
        key = text_px(KEY, EDGE_FONT)
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


def fit_layout(nodes, edges, n, m) -> Layout:
    """The layout with the longest numbers that fit the budget."""
    for limit in LIMITS:
        lay = Layout(nodes, edges, n, m, limit)
        if lay.width <= BUDGET:
            break
    return lay


def node_text(nd: Node, v: Shown, t: Theme) -> str:
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


