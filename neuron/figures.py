"""Figures of training across iterations: weights, loss landscape, decision boundary, activation.

Each ``*_figure`` returns a :class:`plotly.graph_objects.Figure` built in one go from plain
dicts (``go.Figure(dict(data=..., layout=..., frames=...))``), which is about ten times faster
than adding traces, shapes or annotations one by one. Backgrounds are transparent; ``dark``
picks text and grid colours for Streamlit's dark page (``#0e1117``) instead of its white one.
Colours are the Okabe–Ito set of :mod:`neuron.palette`, and wherever a difference matters it
is shown by line style or marker symbol as well as by colour. Every figure works in a
notebook with ``fig.show()``.

What is sent to the browser does not grow with the number of epochs: every line is drawn
through at most :data:`LINE_POINTS` rows of the history chosen by :func:`sample_rows`, and
the replay animations (Plotly ``frames`` with a Play/Pause button and a slider to scrub)
have at most :data:`MAX_FRAMES` frames (:data:`BOUNDARY_FRAMES` for the decision boundary,
whose frames each carry a whole map of ŷ). Over a map, what moves is a layout shape, never a
scatter trace: see :func:`_dot` for the plotly.js behaviour this avoids.

:func:`xor_evidence` gives the numbers (no figure) that show one neuron cannot learn XOR.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import get_colorscale

from .activations import SATURATED, SIGMOID, Activation
from .fmt import num, subscript
from .losses import Loss
from .palette import (
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SCALES,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    Theme,
    template,
    theme,
)
from .train import History

LINE_POINTS = 200  # rows of the history drawn per line
MAX_FRAMES = 100  # frames of a replay animation
BOUNDARY_FRAMES = 25  # frames of the decision-boundary replay
FRAME_GRID = 28  # the boundary replay's maps of ŷ are FRAME_GRID x FRAME_GRID (float32)
MAX_MARKERS = 2_000  # samples drawn as markers; more are thinned evenly
CHUNK = 500_000  # most values of z per block of the landscape (4 MB: cache-sized, faster)
FONT, SMALL, TITLE = 13, 12, 14  # font sizes in px
VIRIDIS = tuple(map(tuple, get_colorscale("Viridis")))  # spelt out: figures skip validation

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# One colour per parameter; the bias b always gets the text colour.
_PARAM_LIGHT = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE)
_PARAM_DARK = (SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW, BLUE)
# ŷ maps: tints of the negative (vermillion / orange) and positive (blue) colours, neutral
# in the middle at the decision threshold.
_DIVERGING_LIGHT = ("#eaa477", "#f7f7f7", "#80b6dc")
_DIVERGING_DARK = ("#8a4a12", "#1a1d24", "#1f5f8a")
_NOHOVER = "skip"


# -- shared helpers -----------------------------------------------------------------------


def sample_rows(n_rows: int, max_points: int = LINE_POINTS) -> np.ndarray:
    """Sorted unique row indices, evenly spaced, always including 0 and ``n_rows - 1``."""
    if n_rows < 1 or max_points < 2:
        raise ValueError(f"need at least one row and two points, not {n_rows} and {max_points}")
    if n_rows <= max_points:
        return np.arange(n_rows)
    return np.unique(np.linspace(0, n_rows - 1, max_points).round().astype(int))


def _frame_rows(n_rows: int, max_frames: int, keep: int) -> np.ndarray:
    """At most ``max_frames`` evenly spaced rows, one of them ``keep``."""
    return np.union1d(sample_rows(n_rows, max_frames - 1), [keep]).astype(int)


def _row(n_rows: int, k: int | None, what: str) -> int:
    """A row index of the history: None means the last one, negative counts from the end."""
    if k is None:
        return n_rows - 1
    k = int(k)
    if not -n_rows <= k < n_rows:
        raise ValueError(f"{what} must be an epoch between 0 and {n_rows - 1}, not {k}")
    return k % n_rows


def param_names(n: int) -> list[str]:
    """Names of θ = (w₁, …, wₙ, b)."""
    return [subscript(f"w{i + 1}") for i in range(n)] + ["b"]


def _minus(s: str) -> str:
    return s.replace("-", "−")


def _clean(a) -> np.ndarray:
    """Float64 copy with infinities as NaN (Plotly leaves a gap)."""
    a = np.array(a, dtype=np.float64)
    a[~np.isfinite(a)] = np.nan
    return a


def _line(a) -> np.ndarray:
    """Values of a line as float32 (half the bytes; far finer than a pixel), inf as NaN;
    float64 when a value lies beyond float32's range (a blown-up run), so the line goes on."""
    a = _clean(a)
    if np.nanmax(np.abs(a), initial=0.0) > 1e38:
        return a
    return a.astype(np.float32)


def _span(values, pad: float = 0.06, least: float = 0.5) -> list[float]:
    """[lo, hi] around the finite values, padded by ``pad`` of the span (at least ``least``)."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return [-1.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    d = max(pad * (hi - lo), least if hi == lo else 0.0)
    return [lo - d, hi + d]


def _style(dark: bool, scale: float = 1.0) -> dict:
    """Colours of the chrome (text, grid, buttons) for a light or a dark page, and the font
    sizes in pixels, multiplied by ``scale`` (presenter mode: 1 to 2)."""
    if not SCALES[0] <= scale <= SCALES[1]:
        raise ValueError(f"scale must be between {SCALES[0]} and {SCALES[1]}, got {scale}")
    t = theme(dark)
    return dict(
        k=scale, font=FONT * scale, small=SMALL * scale, title=TITLE * scale,
        t=t, text=t.text, muted=t.muted,
        grid="rgba(230,232,235,0.13)" if dark else "rgba(31,35,40,0.10)",
        zero="rgba(230,232,235,0.35)" if dark else "rgba(31,35,40,0.30)",
        button="#262730" if dark else "#f0f2f6", border="#4b4f5c" if dark else "#c4c8d0",
        hover="#262730" if dark else "#ffffff",
        outline=t.background,
    )


def _axis(s: dict, title: str = "", **kw) -> dict:
    return dict(title=dict(text=title, font=dict(size=s["font"]), standoff=6 * s["k"]),
                showgrid=True, gridcolor=s["grid"], zeroline=False, zerolinecolor=s["zero"],
                linecolor=s["muted"], tickfont=dict(size=s["small"]), automargin=True) | kw


def _layout(s: dict, dark: bool, **kw) -> dict:
    """The layout every figure shares; ``kw`` adds or overrides entries. The height and
    the margins are given at scale 1 and multiplied by the style's scale here."""
    base = dict(
        template=pio.templates[template(dark)],  # the object: a name needs validation
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font=dict(size=s["font"], color=s["text"]),
        hoverlabel=dict(bgcolor=s["hover"], font=dict(size=s["font"], color=s["text"])),
        # Legends sit at the top left, under any title: the mode bar appears at the top right.
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                    bgcolor="rgba(0,0,0,0)", font=dict(size=s["small"])),
        margin=dict(l=10, r=10, t=40, b=10),
    )
    out = base | kw
    out["margin"] = {side: round(v * s["k"]) for side, v in out["margin"].items()}
    if "height" in out:
        out["height"] = round(out["height"] * s["k"])
    return out


def _title(s: dict, text: str, sub: str = "") -> dict:
    """A title at the top left, with an optional smaller subtitle (may contain <br>)."""
    title = dict(text=text, x=0, xref="paper", xanchor="left", y=1, yref="container",
                 yanchor="top", pad=dict(t=8 * s["k"], l=4), font=dict(size=s["title"]))
    if sub:
        title["subtitle"] = dict(text=sub, font=dict(size=s["small"]))
    return title


def _player(s: dict, names: list[str], active: int, *, redraw: bool = False,
            duration: int = 60, prefix: str = "epoch ") -> dict:
    """``updatemenus`` (Play/Pause) and ``sliders`` (one step per frame) under the plot.

    Both sit in the bottom margin (give the layout ``margin.b`` of about 80 px): the buttons
    on the left, the slider beside them showing "epoch k" above its rail. The slider follows
    the animation because each step animates to the frame of the same name.
    """
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": redraw},
             "transition": {"duration": 0}}
    play = {"frame": {"duration": duration, "redraw": redraw}, "fromcurrent": True,
            "transition": {"duration": 0}}
    chrome = dict(bgcolor=s["button"], bordercolor=s["border"], borderwidth=1)
    menu = dict(
        type="buttons", direction="left", showactive=False, x=0, xanchor="left", y=0,
        yanchor="top", pad=dict(t=44 * s["k"], r=0, l=0, b=0),
        font=dict(size=s["small"], color=s["text"]),
        buttons=[dict(label="▶ Play", method="animate", args=[None, play]),
                 dict(label="❚❚ Pause", method="animate", args=[[None], still])], **chrome)
    slider = dict(
        active=active, x=0.19, xanchor="left", len=0.81, y=0, yanchor="top",
        pad=dict(t=22 * s["k"], b=0, l=0, r=0), ticklen=0, minorticklen=0,
        tickcolor="rgba(0,0,0,0)",
        font=dict(size=1, color="rgba(0,0,0,0)"),  # 100 tick labels would overlap: hidden
        currentvalue=dict(prefix=prefix, visible=True, xanchor="left", offset=6,
                          font=dict(size=s["font"], color=s["text"])),
        activebgcolor=s["t"].highlight, transition=dict(duration=0),
        steps=[dict(label=n, method="animate", args=[[n], still]) for n in names], **chrome)
    return dict(updatemenus=[menu], sliders=[slider])


def _dot(x: float, y: float, color: str, name: str, size: int = 15) -> dict:
    """A round marker drawn as a layout shape: ``size`` px wide, centred on (x, y).

    The replays of the maps move shapes, not scatter points: when a frame moves a scatter
    trace, plotly.js takes every heat map and contour map off the plot until the replay
    stops (only scatter traces can be "transitioned"; plotly.js#4491). Frames that change
    only shapes and non-scatter traces are drawn whole, so the map stays.
    """
    r = size / 2
    shown = bool(np.isfinite(x) and np.isfinite(y))
    return dict(type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
                xanchor=float(x) if shown else 0.0, yanchor=float(y) if shown else 0.0,
                x0=-r, x1=r, y0=-r, y1=r, layer="above", visible=shown, fillcolor=color,
                line=dict(color="#ffffff", width=2), name=name, showlegend=True)


def _figure(data: list, layout: dict, frames: list | None = None) -> go.Figure:
    """The figure, without Plotly's property validation (several ms for a figure of 100
    frames; tests/test_figures.py builds each figure validated too and compares)."""
    return go.Figure(dict(data=data, layout=layout, frames=frames or []), _validate=False)


def _colors(n_params: int, dark: bool, t: Theme) -> list[str]:
    cycle = _PARAM_DARK if dark else _PARAM_LIGHT
    return [cycle[j % len(cycle)] for j in range(n_params - 1)] + [t.text]


def _marker_size(m: int) -> int:
    """Markers shrink as the samples get more numerous."""
    return 14 if m <= 20 else 10 if m <= 300 else 6


def _dash(j: int) -> str:
    """Dash style of parameter j: with the colour cycle, no two of 42 parameters look alike."""
    return DASHES[(j + j // len(DASHES)) % len(DASHES)]


def _thin(m: int, most: int = MAX_MARKERS) -> np.ndarray:
    """Indices of at most ``most`` of m samples, evenly strided."""
    return np.arange(m) if m <= most else np.linspace(0, m - 1, most).round().astype(int)


# -- 1. weights and loss over the epochs --------------------------------------------------


def log_ticks(lo: float, hi: float, most: int = 8, values: bool = True) -> dict:
    """Ticks at the powers of ten between 10^lo and 10^hi, all labelled in one notation.

    Plotly's own labels mix notations on a long log axis ("1B" beside "1e+18"); these are
    plain numbers (0.01, 1, 100) when every one fits in a few digits, else powers of ten
    (10⁻⁶ … 10¹⁸). ``values``: tick positions as the values (a log axis) or as their
    exponents (a colour bar over log₁₀ of the values).
    """
    k = np.arange(math.ceil(lo), math.floor(hi) + 1)
    k = k[:: max(1, -(-k.size // most))]
    plain = k.size and k.min() >= -3 and k.max() <= 4
    text = [f"{10.0 ** e:g}" if plain else "10" + str(int(e)).translate(_SUPERSCRIPT)
            for e in k]
    return dict(tickvals=[float(10.0 ** e if values else e) for e in k], ticktext=text)


def weights_figure(history: History, *, current: int | None = None,
                   dark: bool = False, scale: float = 1.0) -> go.Figure:
    """Each weight wᵢ and the bias b (top) and the loss (bottom) against the epoch.

    Every parameter has its own colour and dash style. A cursor and a point on every line
    mark the epoch ``current`` (default: the last); the Play button replays the run by moving
    them along (at most :data:`MAX_FRAMES` frames) and the slider scrubs through it. The loss
    axis is logarithmic when the loss spans more than two decades.
    """
    s = _style(dark, scale)
    theta = np.column_stack([history.w, history.b])
    n_rows, n_par = theta.shape
    k0 = _row(n_rows, current, "current")
    loss = _clean(history.loss)
    rows = sample_rows(n_rows)
    names, colors = param_names(n_par - 1), _colors(n_par, dark, s["t"])
    top = _span(theta)
    pos = loss[np.isfinite(loss) & (loss > 0)]
    log = pos.size > 1 and pos.size == np.isfinite(loss).sum() and pos.max() > 100 * pos.min()
    loss_ticks = {}
    if log:
        lr = [np.log10(pos.min()) - 0.1, np.log10(pos.max()) + 0.1]
        bottom = [10 ** lr[0], 10 ** lr[1]]
        loss_ticks = log_ticks(*lr)
    else:
        lr = bottom = _span(loss, least=0.05)

    x = rows.astype(np.int32)  # lines are for the eye: int32 epochs, float32 values
    lines = [dict(type="scatter", mode="lines", x=x, y=_line(theta[rows, j]), name=names[j],
                  xaxis="x", yaxis="y", line=dict(color=colors[j], width=2,
                                                   dash=_dash(j)),
                  hovertemplate=f"{names[j]} = %{{y:.4f}}<extra></extra>")
             for j in range(n_par)]
    lines.append(dict(type="scatter", mode="lines", x=x, y=_line(loss[rows]), name="loss",
                      xaxis="x2", yaxis="y2", showlegend=False,
                      line=dict(color=s["text"], width=2),
                      hovertemplate="loss = %{y:.5g}<extra></extra>"))

    def markers(k: int) -> list[dict]:
        return [dict(x=[k] * n_par, y=_clean(theta[k]).tolist()), dict(x=[k], y=[loss[k]]),
                dict(x=[k, k]), dict(x=[k, k])]

    first = markers(k0)
    first[2]["y"], first[3]["y"] = top, bottom  # the cursors' ends stay put
    pt = dict(type="scatter", mode="markers", hoverinfo=_NOHOVER, showlegend=False)
    cursor = dict(type="scatter", mode="lines", hoverinfo=_NOHOVER, showlegend=False,
                  line=dict(color=s["muted"], width=1.5, dash="dot"))
    data = [*lines,
            pt | first[0] | dict(xaxis="x", yaxis="y", marker=dict(
                color=colors, size=10, line=dict(color=s["outline"], width=1.5))),
            pt | first[1] | dict(xaxis="x2", yaxis="y2", marker=dict(
                color=s["text"], size=10, line=dict(color=s["outline"], width=1.5))),
            cursor | first[2] | dict(xaxis="x", yaxis="y"),
            cursor | first[3] | dict(xaxis="x2", yaxis="y2")]
    moving = list(range(n_par + 1, n_par + 5))
    frows = _frame_rows(n_rows, MAX_FRAMES, k0)
    frames = [dict(name=str(k), data=markers(int(k)), traces=moving) for k in frows]
    last = max(n_rows - 1, 1)
    xr = [-0.015 * last, 1.015 * last]  # room for the markers at both ends
    layout = _layout(
        s, dark, height=480, hovermode="x unified", margin=dict(l=10, r=10, t=36, b=84),
        xaxis=_axis(s, domain=[0, 1], anchor="y", range=xr, showticklabels=False),
        xaxis2=_axis(s, "epoch", domain=[0, 1], anchor="y2", range=xr, matches="x"),
        yaxis=_axis(s, "weights and bias", domain=[0.42, 1], range=top, zeroline=True),
        yaxis2=_axis(s, "loss (log)" if log else "loss", domain=[0, 0.33], range=lr,
                     type="log" if log else "linear", **loss_ticks),
        **_player(s, [str(k) for k in frows], int(np.searchsorted(frows, k0))),
    )
    return _figure(data, layout, frames)


# -- 2. the loss landscape over two parameters --------------------------------------------


def _loss_grid(X, y, activation: Activation, loss: Loss, theta: np.ndarray, p: int, q: int,
               a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Mean loss with θ_p = a[i], θ_q = c[j], the rest of θ fixed: shape (len(c), len(a)).

    Vectorised: z has shape (rows, len(a), m), in blocks of rows small enough that no block
    holds more than :data:`CHUNK` values.
    """
    m, n = X.shape
    cols = np.column_stack([X, np.ones(m)])  # dz/dθ: x₁ … xₙ, then 1 for b
    fixed = theta.copy()
    fixed[[p, q]] = 0.0
    base = cols @ fixed  # z without θ_p and θ_q
    za = a[:, None] * cols[:, p]  # (G, m)
    out = np.empty((c.size, a.size))
    step = max(1, CHUNK // max(1, a.size * m))
    with np.errstate(all="ignore"):
        for j in range(0, c.size, step):
            z = base + za[None] + c[j:j + step, None, None] * cols[:, q]
            out[j:j + step] = loss.value(z, activation.fn(z), y).mean(axis=-1)
    return out


def _held_text(theta_k: np.ndarray, names: list[str], p: int, q: int, k: int) -> str:
    held = [f"{names[i]} = {_minus(num(v))}" for i, v in enumerate(theta_k) if i not in (p, q)]
    if not held:
        return f"no other parameters (θ has only {names[p]} and {names[q]})"
    lines = [", ".join(held[i:i + 4]) for i in range(0, len(held), 4)]
    return f"other parameters held at epoch {k}: " + ",<br>".join(lines)


def landscape_figure(X, y, activation: Activation, loss: Loss, history: History, *,
                     params: tuple[int, int] = (0, 1), at: int | None = None, grid: int = 60,
                     dark: bool = False, scale: float = 1.0) -> go.Figure:
    """The mean loss over two parameters of θ = (w₁, …, wₙ, b) as a contour map, with the path.

    ``params`` are indices into θ (for one input, (0, 1) is w₁ and b). The other parameters
    are held at their values at epoch ``at`` (default: the last), as the title states: the
    map is a slice of the loss through that epoch. The path of gradient descent is drawn on
    it (start: square, end: star), and the Play button moves a point along it.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    s = _style(dark, scale)
    theta_all = np.column_stack([history.w, history.b])
    n_rows, n_par = theta_all.shape
    p, q = (int(i) for i in params)
    if p == q or not (0 <= p < n_par and 0 <= q < n_par):
        raise ValueError(f"params must be two different indices between 0 and {n_par - 1} "
                         f"(θ = w₁ … wₙ, b), not {tuple(params)}")
    k_at = _row(n_rows, at, "at")
    names = param_names(n_par - 1)
    path = theta_all[:, [p, q]]
    ok = np.all(np.isfinite(path), axis=1)
    xr, yr = _span(path[ok, 0], pad=0.2), _span(path[ok, 1], pad=0.2)
    a, c = np.linspace(*xr, grid), np.linspace(*yr, grid)
    L = _loss_grid(X, y, activation, loss, theta_all[k_at], p, q, a, c)
    contour, log = _loss_contour(L, a, c, f"{names[p]} = %{{x:.4f}}<br>{names[q]} = %{{y:.4f}}", s)

    rows = sample_rows(n_rows)
    rows = rows[ok[rows]]
    ends = np.flatnonzero(ok)[[0, -1]] if ok.any() else np.array([0, 0])
    frows = _frame_rows(n_rows, MAX_FRAMES, k_at)
    outline = dict(color="#000000", width=1.5)
    point = dict(type="scatter", mode="markers", hoverinfo=_NOHOVER)
    data = [
        contour,
        # The path: a line in the text colour on a halo of the page's colour, so that it
        # reads on every colour of the map and in the legend.
        dict(type="scatter", mode="lines", x=path[rows, 0], y=path[rows, 1], showlegend=False,
             hoverinfo=_NOHOVER, line=dict(color=s["outline"], width=6)),
        dict(type="scatter", mode="lines+markers", x=path[rows, 0], y=path[rows, 1],
             name="gradient descent", line=dict(color=s["text"], width=2),
             marker=dict(size=4, color=s["text"]), customdata=rows,
             hovertemplate=f"epoch %{{customdata}}<br>{names[p]} = %{{x:.4f}}<br>"
                           f"{names[q]} = %{{y:.4f}}<extra></extra>"),
        point | dict(x=path[ends[:1], 0], y=path[ends[:1], 1], name=f"start (epoch {ends[0]})",
                     marker=dict(symbol="square", size=13, color=ORANGE, line=outline)),
        point | dict(x=path[ends[1:], 0], y=path[ends[1:], 1], name=f"end (epoch {ends[1]})",
                     marker=dict(symbol="star", size=19, color=YELLOW, line=outline)),
    ]

    def replay(k: int) -> dict:
        return _dot(path[k, 0], path[k, 1], REDDISH_PURPLE, name="replay")

    frames = [dict(name=str(k), layout=dict(shapes=[replay(k)])) for k in frows]
    sub = _held_text(theta_all[k_at], names, p, q, k_at)
    extra = 16 * sub.count("<br>")
    layout = _layout(
        s, dark, height=520 + extra, margin=dict(l=10, r=10, t=86 + extra, b=84),
        title=_title(s, f"Mean loss{' (log scale)' if log else ''} over {names[p]} and "
                     f"{names[q]}", sub),
        xaxis=_axis(s, names[p], range=xr, showgrid=False),
        yaxis=_axis(s, names[q], range=yr, showgrid=False),
        shapes=[replay(k_at)],
        meta=dict(at=k_at, params=[p, q], log=log,
                  held={names[i]: float(v) for i, v in enumerate(theta_all[k_at])
                        if i not in (p, q)}),
        **_player(s, [str(k) for k in frows], int(np.searchsorted(frows, k_at)), redraw=True,
                  duration=80),
    )
    return _figure(data, layout, frames)


def _loss_contour(L: np.ndarray, a, c, hover: str, s: dict) -> tuple[dict, bool]:
    """The contour trace of a loss grid, and whether it is drawn on a log scale.

    When the finite losses span more than two decades the map shows log₁₀(loss), so that the
    levels are evenly spaced in ratio (the valley keeps its detail); the loss itself is then
    in ``customdata`` for the hover text and the colour bar is labelled in loss values.
    The levels stop at the 95th percentile, so a few huge values do not flatten the rest.
    """
    finite = L[np.isfinite(L)]
    log = bool(finite.size and finite.min() > 0 and finite.max() > 100 * finite.min())
    with np.errstate(all="ignore"):
        Z = np.log10(L) if log else L
    zf = Z[np.isfinite(Z)]
    lo = float(zf.min()) if zf.size else 0.0
    hi = float(np.quantile(zf, 0.95)) if zf.size else 1.0
    hi = hi if hi > lo else lo + 1.0
    bar = dict(title=dict(text="mean loss", side="right", font=dict(size=s["font"])),
               thickness=12 * s["k"], len=0.9, tickfont=dict(size=s["small"]),
               tickformat=".4~g")
    trace = dict(type="contour", x=a, y=c, z=Z, colorscale=VIRIDIS, zmin=lo, zmax=hi,
                 contours=dict(start=lo, end=hi, size=(hi - lo) / 16, coloring="fill"),
                 line=dict(width=0.5, color="rgba(0,0,0,0.35)"), colorbar=bar,
                 hovertemplate=hover + "<br>loss = %{z:.5g}<extra></extra>")
    if log:
        if np.floor(hi) - np.ceil(lo) >= 2:  # three powers of ten or more
            bar |= log_ticks(lo, hi, values=False)
        else:
            ticks = np.linspace(lo, hi, 4)
            bar |= dict(tickvals=ticks.tolist(), ticktext=[f"{10 ** v:.2g}" for v in ticks])
        trace |= dict(customdata=L, hovertemplate=hover + "<br>loss = %{customdata:.5g}"
                                                          "<extra></extra>")
    return trace, log


# -- 3. the decision boundary in the input plane ------------------------------------------


def decision_threshold(activation: Activation, y=None) -> float:
    """Where ŷ splits the two classes: the midpoint of two target values if y has exactly two,
    else the middle of a bounded output (0.5 for the sigmoid, 0 for tanh), 0.5 for ReLU and
    0 for the unbounded activations."""
    if y is not None:
        values = np.unique(np.asarray(y, dtype=np.float64))
        if values.size == 2:
            return float(values.mean())
    lo, hi = activation.out_range
    if np.isfinite(lo) and np.isfinite(hi):
        return (lo + hi) / 2
    return 0.5 if lo == 0 else 0.0


def _z_at(activation: Activation, level: float) -> float | None:
    """The z where ŷ = act(z) first reaches ``level`` (bisection; act is non-decreasing)."""
    lo, hi = -60.0, 60.0
    if activation.fn(np.array(lo)) >= level or activation.fn(np.array(hi)) < level:
        return None
    for _ in range(80):
        mid = (lo + hi) / 2
        if activation.fn(np.array(mid)) >= level:
            hi = mid
        else:
            lo = mid
    return hi


def _segment(w, b: float, z_star: float | None, box,
             scale: tuple[float, float] = (1.0, 1.0)) -> tuple[list, list]:
    """The part of the line w₁x₁ + w₂x₂ + b = z* inside the box (x0, x1, y0, y1), the box and
    the line's ends in the axes' units ``scale`` (:func:`plane_scale`)."""
    if z_star is None or not np.all(np.isfinite([*w, b])):
        return [], []
    m = max(scale)  # the line's equation divided by m, so that no coefficient overflows
    (w1, w2), rhs = (w[0] * (scale[0] / m), w[1] * (scale[1] / m)), (z_star - b) / m
    x0, x1, y0, y1 = box
    pts = []
    with np.errstate(over="ignore", invalid="ignore"):  # a tiny wᵢ: an end far outside
        if w2 != 0:
            pts += [(x, (rhs - w1 * x) / w2) for x in (x0, x1)]
        if w1 != 0:
            pts += [((rhs - w2 * yv) / w1, yv) for yv in (y0, y1)]
    eps = 1e-9 * max(x1 - x0, y1 - y0)
    inside = sorted({(px, py) for px, py in pts
                     if x0 - eps <= px <= x1 + eps and y0 - eps <= py <= y1 + eps})
    if len(inside) < 2:
        return [], []
    (ax, ay), (bx, by) = inside[0], inside[-1]
    return [ax, bx], [ay, by]


def _yhat_map(activation: Activation, w, b: float, xr, yr, g: int,
              scale: tuple[float, float] = (1.0, 1.0)) -> dict:
    """ŷ on a g x g grid over the box xr x yr (in the axes' units ``scale``), as the heat
    map's x0, dx, y0, dy and z. A point beyond float64 (a window around samples near
    ±1.8·10³⁰⁸) has z = ±inf there, so ŷ is the activation's limit, or a gap in the map.

    z is compacted as a line's values are (:func:`_line`: float32, ŷ to 7 digits, unless
    some value is beyond float32 and the map would go blank); the grid is x0 + i·dx,
    y0 + j·dy, so no coordinate arrays are sent.
    """
    gx, gy = np.linspace(*xr, g), np.linspace(*yr, g)
    with np.errstate(all="ignore"):
        z = _line(activation.fn(w[0] * gx[None, :] * scale[0] + w[1] * gy[:, None] * scale[1]
                                + b))
    return dict(x0=xr[0], dx=gx[1] - gx[0], y0=yr[0], dy=gy[1] - gy[0], z=z)


def plane_scale(X) -> tuple[float, float]:
    """The units of the boundary figure's two axes: 1, or for an input beyond float32's range
    (the markers are float32) a power of ten, so that samples near ±1.8·10³⁰⁸, whose window
    would span more than float64 holds, are drawn too. The axes say it (:func:`_unit`)."""
    X = np.asarray(X, dtype=np.float64)
    out = []
    for j in range(2):
        big = float(np.max(np.abs(X[:, j]), initial=0.0))
        out.append(10.0 ** math.floor(math.log10(big)) if 3e38 < big < math.inf else 1.0)
    return out[0], out[1]


def _unit(scale: float) -> str:
    """`` × 10³⁰⁸`` for a scale of 1e308, or nothing."""
    if scale == 1.0:
        return ""
    return " × 10" + str(round(math.log10(scale))).translate(_SUPERSCRIPT)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def boundary_window(X) -> tuple[float, float, float, float]:
    """The part of the input plane the boundary figure shows: (x₁ from, to, x₂ from, to), in
    units of :func:`plane_scale`."""
    X = np.asarray(X, dtype=np.float64) / np.array(plane_scale(X))
    return (*_span(X[:, 0], pad=0.3, least=0.5), *_span(X[:, 1], pad=0.3, least=0.5))


def boundary_note(X, y, activation: Activation, w, b: float) -> str | None:
    """Why the boundary figure shows no line at parameters (w, b), or None when it shows one.

    The line ŷ = threshold can lie outside the window around the samples (one sample, or a
    neuron that gives every sample the same class), or not exist at all (an activation that
    never reaches the threshold, weights beyond float64).
    """
    thr = decision_threshold(activation, y)
    z_star, box, scale = _z_at(activation, thr), boundary_window(X), plane_scale(X)
    if _segment(w, b, z_star, box, scale)[0]:
        return None
    if not np.all(np.isfinite([*w, b])):
        return "The weights are beyond float64 here, so there is no line to draw."
    centre = np.array([(box[0] + box[1]) / 2, (box[2] + box[3]) / 2])
    with np.errstate(all="ignore"):
        side = float(activation.fn(np.array([centre[0] * w[0] * scale[0]
                                             + centre[1] * w[1] * scale[1] + b]))[0])
    where = "above" if side > thr else "below"
    return (f"The boundary (ŷ = {thr:g}) lies outside this window: ŷ is {where} {thr:g} "
            f"everywhere in it, so the neuron puts every point shown on the same side.")


def boundary_figure(X, y, activation: Activation, history: History, *, at: int | None = None,
                    grid: int = 80, dark: bool = False, scale: float = 1.0) -> go.Figure:
    """The neuron's output ŷ over the plane of two inputs, the samples on top, and the boundary.

    The heat map is ŷ = act(w₁x₁ + w₂x₂ + b) at epoch ``at`` (default: the last), its colours
    diverging around the decision threshold (:func:`decision_threshold`), which is drawn as a
    line; the samples are marked by class with different symbols. The Play button replays how
    the boundary moved over at most :data:`BOUNDARY_FRAMES` epochs; to keep the figure small
    the maps are float32 and the replay's are :data:`FRAME_GRID` points a side (drawn
    smoothed). The boundary line is exact: the line w₁x₁ + w₂x₂ + b = z* where act(z*)
    reaches the threshold.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"the decision boundary is drawn for exactly two inputs, not "
                         f"{X.shape[1] if X.ndim == 2 else X.ndim}")
    s, t = _style(dark, scale), theme(dark)
    n_rows = history.w.shape[0]
    k_at = _row(n_rows, at, "at")
    thr = decision_threshold(activation, y)
    z_star = _z_at(activation, thr)
    box, scale = boundary_window(X), plane_scale(X)
    units = _unit(scale[0]), _unit(scale[1])
    xr, yr = list(box[:2]), list(box[2:])
    frows = _frame_rows(n_rows, BOUNDARY_FRAMES, k_at)
    g = min(grid, FRAME_GRID)
    maps = [_yhat_map(activation, history.w[k], history.b[k], xr, yr, g, scale)
            for k in frows]
    lo, hi = activation.out_range
    if np.isfinite(lo) and np.isfinite(hi):
        half = max(thr - lo, hi - thr)
    else:
        dev = np.abs(np.concatenate([m_["z"].ravel() for m_ in maps]) - thr)
        dev = dev[np.isfinite(dev)]
        half = float(np.quantile(dev, 0.98)) if dev.size else 1.0
        half = half if half > 0 else 1.0
    low, mid, high = _DIVERGING_DARK if dark else _DIVERGING_LIGHT
    colors = [[0, low], [0.5, mid], [1, high]]
    hover = (f"x₁ = %{{x:.3f}}{units[0]}<br>x₂ = %{{y:.3f}}{units[1]}<br>ŷ = %{{z:.4f}}"
             "<extra></extra>")
    heat = dict(type="heatmap", **_yhat_map(activation, history.w[k_at], history.b[k_at], xr,
                                            yr, grid, scale),
                zmin=thr - half, zmax=thr + half, colorscale=colors, zsmooth="best",
                hovertemplate=hover,
                colorbar=dict(title=dict(text="ŷ", side="top", font=dict(size=s["font"])),
                              thickness=12 * s["k"], len=0.9, tickfont=dict(size=s["small"])))

    def boundary(k: int) -> dict:
        """The line ŷ = threshold at epoch k, as a shape (see _dot for why not a trace)."""
        xs, ys = _segment(history.w[k], history.b[k], z_star, box, scale)
        ends = dict(x0=xs[0], x1=xs[1], y0=ys[0], y1=ys[1]) if xs else dict(
            x0=xr[0], x1=xr[0], y0=yr[0], y1=yr[0], visible=False)
        return dict(type="line", xref="x", yref="y", layer="above", name=f"boundary ŷ = {thr:g}",
                    showlegend=True, line=dict(color=s["text"], width=3), **ends)

    data = [heat, *_class_traces(X / np.array(scale), y, thr, t, s, units)]
    frames = [dict(name=str(k), traces=[0], data=[dict(type="heatmap", **maps[i])],
                   layout=dict(shapes=[boundary(k)]))
              for i, k in enumerate(frows)]
    shown = _thin(X.shape[0]).size
    note = "" if shown == X.shape[0] else f" ({shown:,} of {X.shape[0]:,} samples shown)"
    layout = _layout(
        s, dark, height=520, margin=dict(l=10, r=10, t=62, b=84),
        title=_title(s, f"ŷ = {activation.symbol}(w₁x₁ + w₂x₂ + b){note}"),
        xaxis=_axis(s, "x₁" + units[0], range=xr, showgrid=False),
        yaxis=_axis(s, "x₂" + units[1], range=yr, showgrid=False),
        shapes=[boundary(k_at)], meta=dict(threshold=thr, at=k_at),
        **_player(s, [str(k) for k in frows], int(np.searchsorted(frows, k_at)), redraw=True,
                  duration=150),
    )
    return _figure(data, layout, frames)


def _class_traces(X, y, thr: float, t: Theme, s: dict,
                  units: tuple[str, str] = ("", "")) -> list[dict]:
    """The samples: below the threshold as crosses, at or above it as circles (X in the
    figure's unit, said in the hover text)."""
    idx = _thin(X.shape[0])
    values = np.unique(y)
    two = values.size <= 2
    out = []
    for above, symbol, color in ((False, "x", t.negative), (True, "circle", t.positive)):
        sel = idx[(y[idx] >= thr) == above]
        if not sel.size:
            continue
        label = f"y ≥ {thr:g}" if above else f"y < {thr:g}"
        name = f"y = {y[sel[0]]:g}" if two else label
        xy = X[sel].astype(np.float32)  # for the eye: half the bytes
        out.append(dict(type="scatter", mode="markers", x=xy[:, 0], y=xy[:, 1], name=name,
                        hovertemplate=f"x₁ = %{{x:.3f}}{units[0]}<br>"
                                      f"x₂ = %{{y:.3f}}{units[1]}",
                        marker=dict(symbol=symbol, size=_marker_size(X.shape[0]),
                                    color=color, line=dict(color=s["outline"], width=1.5))))
    return out


# -- 4. the activation and its derivative -------------------------------------------------


def _intervals(mask: np.ndarray, zs: np.ndarray) -> list[tuple[float, float]]:
    """The [start, end] z ranges where ``mask`` holds, on the sorted grid zs."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(int), 0]))
    return [(float(zs[i]), float(zs[j - 1])) for i, j in zip(edges[::2], edges[1::2],
                                                              strict=True)]


def activation_figure(activation: Activation, z_values, *, dark: bool = False,
                      scale: float = 1.0) -> go.Figure:
    """The activation ŷ = act(z) (top) and its derivative (bottom), the z of each sample on both.

    z runs over [−6, 6], wider if a value of z lies outside. Where the derivative is below
    :data:`SATURATED` (for the sigmoid |z| > 3.9, where σ′ < 0.02) the band is shaded and
    labelled: the gradient that flows back through the neuron is tiny there, so learning
    slows. For a bounded activation the derivative's maximum (σ′ ≤ 0.25) is marked as well.
    """
    s, t = _style(dark, scale), theme(dark)
    zv = np.atleast_1d(np.asarray(z_values, dtype=np.float64)).ravel()
    fin = zv[np.isfinite(zv)]
    lo = min(-6.0, float(fin.min()) - 0.5) if fin.size else -6.0
    hi = max(6.0, float(fin.max()) + 0.5) if fin.size else 6.0
    zs = np.union1d(np.linspace(lo, hi, 601), [0.0])
    with np.errstate(all="ignore"):
        ys = activation.fn(zs)
        ds = activation.der(zs, ys)
        shown = fin[_thin(fin.size)]
        y_pts = activation.fn(shown)
        d_pts = activation.der(shown, y_pts)
        d_all = activation.der(fin, activation.fn(fin))
    sym = activation.symbol
    bounded = all(np.isfinite(activation.out_range))
    slow = _intervals(ds < SATURATED, zs)
    n_slow = int(np.sum(d_all < SATURATED))
    word = "saturated: learning slows" if bounded else (
        f"{sym}′ = {ds[0]:g}: " + ("no learning" if ds[0] == 0 else "learning slows"))
    shapes = [dict(type="rect", xref="x", yref="paper", x0=a, x1=b, y0=0, y1=1, layer="below",
                   line=dict(width=0), fillcolor="rgba(230,159,0,0.16)") for a, b in slow]
    # The labels go in the derivative's panel, whose curve runs along the bottom there.
    notes = [dict(xref="x", yref="y2 domain", x=(a + b) / 2, y=0.55, yanchor="middle",
                  text=word.replace(": ", ":<br>"), showarrow=False,
                  font=dict(size=s["small"], color=s["text"])) for a, b in slow]
    if bounded:
        top = float(np.max(ds))
        shapes.append(dict(type="line", xref="paper", yref="y2", x0=0, x1=1, y0=top, y1=top,
                           line=dict(color=s["muted"], width=1.5, dash="dash")))
        notes.append(dict(xref="paper", yref="y2", x=1, y=top, xanchor="right",
                          yanchor="bottom", showarrow=False,
                          font=dict(size=s["small"], color=s["text"]),
                          text=f"{sym}′ ≤ {top:.4g} everywhere"))
    pts = dict(type="scatter", mode="markers", showlegend=False,
               marker=dict(symbol="circle", size=_marker_size(shown.size) - 1,
                           color=t.highlight if dark else VERMILLION,
                           line=dict(color=s["outline"], width=1)))
    data = [
        dict(type="scatter", mode="lines", x=_line(zs), y=_line(ys), name=f"{sym}(z)",
             xaxis="x", yaxis="y",
             line=dict(color=t.forward, width=2.5),
             hovertemplate=f"z = %{{x:.3f}}<br>{sym}(z) = %{{y:.4f}}<extra></extra>"),
        dict(type="scatter", mode="lines", x=_line(zs), y=_line(ds), name=f"{sym}′(z)", xaxis="x2",
             yaxis="y2", line=dict(color=t.backward, width=2.5, dash="dash"),
             hovertemplate=f"z = %{{x:.3f}}<br>{sym}′(z) = %{{y:.4f}}<extra></extra>"),
        pts | dict(x=_line(shown), y=_line(y_pts), xaxis="x", yaxis="y", name="samples' z",
                   hovertemplate="z = %{x:.4f}<br>ŷ = %{y:.4f}<extra>sample</extra>"),
        pts | dict(x=_line(shown), y=_line(d_pts), xaxis="x2", yaxis="y2",
                   name="samples' z (derivative)",
                   hovertemplate=f"z = %{{x:.4f}}<br>{sym}′ = %{{y:.4f}}<extra>sample</extra>"),
    ]
    plural = "s" if fin.size != 1 else ""
    count = f"dots: the z of each of the {fin.size} sample{plural}" if fin.size != 1 else \
        "dot: the z of the one sample"
    if slow:
        count += (f"; {'none' if n_slow == 0 else n_slow} of them in the shaded bands "
                  f"({sym}′ < {SATURATED:g})")
    layout = _layout(
        s, dark, height=480, margin=dict(l=10, r=10, t=86, b=10), shapes=shapes,
        annotations=notes, hovermode="closest",
        title=_title(s, f"{activation.label}: {sym}(z) and its derivative {sym}′(z)", count),
        xaxis=_axis(s, domain=[0, 1], anchor="y", range=[lo, hi], showticklabels=False),
        xaxis2=_axis(s, "z", domain=[0, 1], anchor="y2", range=[lo, hi], matches="x"),
        yaxis=_axis(s, f"ŷ = {sym}(z)", domain=[0.53, 1], zeroline=True),
        yaxis2=_axis(s, f"{sym}′(z)", domain=[0, 0.45], zeroline=True),
    )
    return _figure(data, layout)


# -- 5. the evidence that one neuron cannot learn XOR -------------------------------------


def accuracy_history(X, y, history: History, activation: Activation = SIGMOID) -> np.ndarray:
    """Fraction of samples on the right side of the threshold, at every row of the history.

    Predictions are ŷ ≥ threshold (:func:`decision_threshold`), targets y ≥ threshold. As the
    activation never decreases, ŷ ≥ threshold exactly where z ≥ z*, so only z is computed, in
    blocks of rows of at most about 2 million values.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    thr = decision_threshold(activation, y)
    z_star = _z_at(activation, thr)
    if z_star is None:  # ŷ is on one side of the threshold for every z
        z_star = -np.inf if activation.fn(np.array(0.0)) >= thr else np.inf
    truth = (y >= thr)[:, None]
    n_rows = history.w.shape[0]
    acc = np.empty(n_rows)
    step = max(1, 2_000_000 // max(1, X.shape[0]))
    with np.errstate(all="ignore"):
        for k in range(0, n_rows, step):
            z = X @ history.w[k:k + step].T + history.b[k:k + step]
            acc[k:k + step] = np.mean((z >= z_star) == truth, axis=0)
    return acc


def xor_evidence(X, y, history: History, activation: Activation = SIGMOID) -> dict:
    """Numbers showing whether one neuron separated the data (for XOR it cannot).

    ``best_accuracy`` is the highest fraction of samples classified right at any epoch
    (thresholded predictions; at most 0.75 for XOR), ``best_epoch`` the first epoch it was
    reached, ``final_accuracy``, ``correct_best`` and ``m`` the counts, and ``initial_loss``,
    ``min_loss`` and ``final_loss`` from the history (for XOR the loss stays near log 2 =
    0.693 with cross-entropy: the neuron can do no better than ŷ = 0.5 everywhere).
    """
    acc = accuracy_history(X, y, history, activation)
    best = int(np.argmax(acc))
    m = int(np.asarray(y).size)
    losses = np.asarray(history.loss, dtype=np.float64)
    finite = losses[np.isfinite(losses)]
    return dict(
        best_accuracy=float(acc[best]), best_epoch=best, correct_best=int(round(acc[best] * m)),
        final_accuracy=float(acc[-1]), m=m, initial_loss=float(losses[0]),
        min_loss=float(finite.min()) if finite.size else float("nan"),
        final_loss=float(losses[-1]),
    )
